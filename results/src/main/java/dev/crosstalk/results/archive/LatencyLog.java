package dev.crosstalk.results.archive;

import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.ByteArrayInputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code load/latency.hlog}: the interval histograms of each tag ({@code connect}, {@code first_event},
 * {@code run}; values in nanoseconds) added up into one histogram per tag.
 */
public final class LatencyLog {

    private final Map<String, Histogram> byTag;
    private final int intervals;

    private LatencyLog(Map<String, Histogram> byTag, int intervals) {
        this.byTag = Collections.unmodifiableMap(byTag);
        this.intervals = intervals;
    }

    /** Parses an interval log; untagged intervals go under {@code "untagged"}. */
    public static LatencyLog parse(byte[] log) {
        Map<String, Histogram> byTag = new LinkedHashMap<>();
        int n = 0;
        HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(log));
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            n++;
            String tag = h.getTag() == null ? "untagged" : h.getTag();
            Histogram acc = byTag.computeIfAbsent(tag, t -> {
                Histogram x = new Histogram(3);
                x.setAutoResize(true);
                return x;
            });
            if (h instanceof Histogram hist) {
                acc.add(hist);
            } else if (h instanceof DoubleHistogram d) {
                var it = d.recordedValues().iterator();
                while (it.hasNext()) {
                    var v = it.next();
                    acc.recordValueWithCount(Math.round(v.getValueIteratedTo()), v.getCountAtValueIteratedTo());
                }
            }
        }
        return new LatencyLog(byTag, n);
    }

    /** Tag → accumulated histogram (ns). */
    public Map<String, Histogram> histograms() {
        return byTag;
    }

    public int intervals() {
        return intervals;
    }

    /** The value at {@code percentile} (0–100) of {@code tag}, in microseconds; NaN if the tag is absent or empty. */
    public double percentileMicros(String tag, double percentile) {
        Histogram h = byTag.get(tag);
        if (h == null || h.getTotalCount() == 0) {
            return Double.NaN;
        }
        long ns = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
        return ns / 1000.0;
    }
}
