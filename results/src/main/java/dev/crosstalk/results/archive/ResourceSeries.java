package dev.crosstalk.results.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * {@code load/resources.json}: what a soak held over time, sampled at a fixed interval (the used heap right after a
 * full GC: what is live, not what awaits collection; the open file descriptors: sockets, files), and whether each
 * stayed flat. A leak of the server's or the driver's (a session or a run never released, a socket never closed)
 * shows as a series that keeps rising while the load itself is steady.
 *
 * <p>Flat ({@link #judge}): the warm-up is dropped: the first fifth of the samples (JIT, pools filling, the first
 * sessions coming up), or all samples before {@code warmUpSeconds} if that is more (the load driver's own bounded
 * state, runs remembered for a while after they end, takes that long to reach its size); of the rest, the median of the last third must not exceed the median of the first third by
 * more than a relative and an absolute tolerance. Medians, so that one sample taken mid-reconnect-burst does not
 * decide; thirds, so that a leak must persist over a third of the soak to count. Fewer than {@link #MIN_JUDGED}
 * samples after the warm-up are not judged ({@code flat} null, a note says why).
 *
 * @param scope     which process(es) the series cover (an in-process server shares the driver's JVM)
 * @param heap      the heap series' judgement (bytes)
 * @param descriptors the open descriptors' judgement
 */
public record ResourceSeries(int schema, String scope, double intervalSeconds, double warmUpSeconds,
                             List<Sample> samples, Trend heap, Trend descriptors) {

    public static final String FILE = "resources.json";
    public static final int MIN_JUDGED = 6;
    /** Heap: the last third's median may exceed the first's by 10% plus 8 MiB (GC and pool noise at this size). */
    public static final double HEAP_RELATIVE = 0.10;
    public static final long HEAP_ABSOLUTE = 8L << 20;
    /** Descriptors: by 10% plus 32 (a burst of reconnects in flight at the sampling instant). */
    public static final double DESCRIPTORS_RELATIVE = 0.10;
    public static final long DESCRIPTORS_ABSOLUTE = 32;

    /** One sample: seconds since the load began, heap used after a GC, open descriptors, sessions up (or null). */
    public record Sample(double seconds, long heapBytes, long descriptors, Long sessionsUp) {
    }

    /** A series judged: the medians compared, the limit the last may reach, flat or not (null: not judged). */
    public record Trend(int samplesJudged, long firstThirdMedian, long lastThirdMedian, long limit, Boolean flat,
                        String note) {
    }

    /** The series of {@code samples}, each judged by the tolerances above after the warm-up. */
    public static ResourceSeries of(String scope, double intervalSeconds, double warmUpSeconds, List<Sample> samples) {
        int warmUp = Math.max(Math.max(1, samples.size() / 5),
                (int) samples.stream().filter(x -> x.seconds() < warmUpSeconds).count());
        return new ResourceSeries(1, scope, intervalSeconds, warmUpSeconds, List.copyOf(samples),
                judge(values(samples, Sample::heapBytes), warmUp, HEAP_RELATIVE, HEAP_ABSOLUTE),
                judge(values(samples, Sample::descriptors), warmUp, DESCRIPTORS_RELATIVE, DESCRIPTORS_ABSOLUTE));
    }

    /** False when a series was judged and rose; true when every judged series is flat or none could be judged. */
    public boolean flat() {
        return (heap == null || !Boolean.FALSE.equals(heap.flat()))
                && (descriptors == null || !Boolean.FALSE.equals(descriptors.flat()));
    }

    /** The flatness rule (see the class comment), the first {@code warmUp} values dropped. */
    public static Trend judge(List<Long> values, int warmUp, double relative, long absolute) {
        List<Long> judged = values.size() > warmUp ? values.subList(warmUp, values.size()) : List.of();
        if (judged.size() < MIN_JUDGED) {
            return new Trend(judged.size(), 0, 0, 0, null, "not judged: " + judged.size() + " samples after the warm-up,"
                    + " at least " + MIN_JUDGED + " needed (a longer soak or a shorter interval)");
        }
        int third = judged.size() / 3;
        long first = median(judged.subList(0, third));
        long last = median(judged.subList(judged.size() - third, judged.size()));
        long limit = (long) Math.ceil(first * (1 + relative)) + absolute;
        boolean flat = last <= limit;
        return new Trend(judged.size(), first, last, limit, flat, flat ? null
                : "rose: the last third's median " + last + " is over " + limit + " (the first third's " + first
                        + " + " + Math.round(relative * 100) + "% + " + absolute + ")");
    }

    private static List<Long> values(List<Sample> samples, ToLongFunction<Sample> f) {
        List<Long> out = new ArrayList<>(samples.size());
        samples.forEach(s -> out.add(f.applyAsLong(s)));
        return out;
    }

    private static long median(List<Long> v) {
        List<Long> sorted = new ArrayList<>(v);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
