package dev.crosstalk.results.archive;

import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;

/**
 * {@code load/latency.hlog}: HdrHistogram's standard interval log, one tag per metric ({@code connect},
 * {@code first_event}, {@code run}; values in nanoseconds). {@link Intervals} is what the load driver writes;
 * {@link #parse} reads it back, each tag's intervals added up into one histogram.
 */
public final class LatencyLog {

    /**
     * The intervals of one load, in the order they were recorded, each tagged with its metric and stamped
     * with its start and end (epoch ms); {@code startMillis} is when the load began (the log's base time).
     * Each interval is kept compressed (HdrHistogram's own encoding: a few hundred bytes, where the histogram
     * itself holds ~200 KB of counts), so that a soak of hours keeps its whole log without its heap growing by
     * hundreds of MB; {@link #writeTo} decodes one at a time.
     */
    public record Intervals(long startMillis, List<Interval> intervals) {

        public Intervals {
            intervals = List.copyOf(intervals);
        }

        /** The intervals of {@code histograms} (each with its tag and time stamps set). */
        public static Intervals of(long startMillis, List<Histogram> histograms) {
            return new Intervals(startMillis, histograms.stream().map(Interval::of).toList());
        }

        /** Writes the log: a comment saying what the values are, format version, base and start time, legend, intervals. */
        public void writeTo(OutputStream out) {
            PrintStream ps = new PrintStream(out, false, StandardCharsets.UTF_8);
            HistogramLogWriter w = new HistogramLogWriter(ps);
            w.outputComment("crosstalk load: latencies in nanoseconds from each operation's intended start;"
                    + " tags: connect, first_event, run");
            w.outputLogFormatVersion();
            w.setBaseTime(startMillis);
            w.outputBaseTime(startMillis);
            w.outputStartTime(startMillis);
            w.outputLegend();
            for (Interval i : intervals) {
                w.outputIntervalHistogram(i.histogram());
            }
            ps.flush();
        }
    }

    /** One interval of one metric, compressed. */
    public record Interval(String tag, long startMillis, long endMillis, byte[] compressed) {

        public static Interval of(Histogram h) {
            ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
            int n = h.encodeIntoCompressedByteBuffer(buf);
            return new Interval(h.getTag(), h.getStartTimeStamp(), h.getEndTimeStamp(), Arrays.copyOf(buf.array(), n));
        }

        /** The histogram again, with its tag and time stamps. */
        public Histogram histogram() {
            try {
                Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), 0);
                h.setTag(tag);
                h.setStartTimeStamp(startMillis);
                h.setEndTimeStamp(endMillis);
                return h;
            } catch (DataFormatException e) {
                throw new IllegalStateException("an interval this process encoded does not decode", e);
            }
        }
    }

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

    /**
     * The log's intervals one by one, each with its tag and absolute time stamps, and the log's start time: what
     * {@link Intervals#writeTo} writes, read back. Merging shards' logs is concatenating these (every interval
     * kept, so the merged log adds up exactly to the sum of the shards' histograms).
     */
    public static Intervals readIntervals(byte[] log) {
        List<Interval> out = new java.util.ArrayList<>();
        HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(log));
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            Histogram hist;
            if (h instanceof Histogram x) {
                hist = x;
            } else {
                hist = new Histogram(3);
                hist.setAutoResize(true);
                var it = ((DoubleHistogram) h).recordedValues().iterator();
                while (it.hasNext()) {
                    var v = it.next();
                    hist.recordValueWithCount(Math.round(v.getValueIteratedTo()), v.getCountAtValueIteratedTo());
                }
                hist.setTag(h.getTag());
                hist.setStartTimeStamp(h.getStartTimeStamp());
                hist.setEndTimeStamp(h.getEndTimeStamp());
            }
            out.add(Interval.of(hist));
        }
        long start = (long) (reader.getStartTimeSec() * 1000.0);
        if (start <= 0) {
            start = out.stream().mapToLong(Interval::startMillis).min().orElse(0);
        }
        return new Intervals(start, out);
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
