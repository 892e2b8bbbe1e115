package dev.crosstalk.results.archive;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak's flatness rule: a steady series with noise and spikes is flat, a persistent rise is not. */
class ResourceSeriesTest {

    private static final long MIB = 1 << 20;

    private static List<Long> series(int n, java.util.function.IntToLongFunction f) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(f.applyAsLong(i));
        }
        return out;
    }

    @Test
    void aSteadyNoisySeriesWithAWarmUpAndSpikesIsFlat() {
        Random rnd = new Random(1);
        List<Long> heap = series(60, i -> i < 8 ? 20 * MIB + i * 10 * MIB        // warm-up: rising while pools fill
                : 100 * MIB + (long) (rnd.nextGaussian() * 3 * MIB) + (i % 17 == 0 ? 60 * MIB : 0));
        ResourceSeries.Trend t = ResourceSeries.judge(heap, ResourceSeries.HEAP_RELATIVE, ResourceSeries.HEAP_ABSOLUTE);
        assertThat(t.flat()).as(t.toString()).isTrue();
        assertThat(t.samplesJudged()).isEqualTo(48);
    }

    @Test
    void aPersistentRiseIsNotFlat() {
        // +1 MiB per sample over 60 samples: the last third's median 32 MiB over the first's (limit: +10% +8 MiB)
        List<Long> heap = series(60, i -> 100 * MIB + i * MIB);
        ResourceSeries.Trend t = ResourceSeries.judge(heap, ResourceSeries.HEAP_RELATIVE, ResourceSeries.HEAP_ABSOLUTE);
        assertThat(t.flat()).as(t.toString()).isFalse();
        assertThat(t.note()).startsWith("rose: the last third's median ");
        List<Long> fds = series(60, i -> 200 + i * 2L);
        assertThat(ResourceSeries.judge(fds, ResourceSeries.DESCRIPTORS_RELATIVE, ResourceSeries.DESCRIPTORS_ABSOLUTE)
                .flat()).isFalse();
        assertThat(ResourceSeries.judge(series(60, i -> 200 + i % 3), ResourceSeries.DESCRIPTORS_RELATIVE,
                ResourceSeries.DESCRIPTORS_ABSOLUTE).flat()).isTrue();
    }

    @Test
    void tooFewSamplesAreNotJudgedAndDoNotFail() {
        ResourceSeries r = ResourceSeries.of("test", 10, List.of(
                new ResourceSeries.Sample(10, 100 * MIB, 50, 20L), new ResourceSeries.Sample(20, 900 * MIB, 500, 20L)));
        assertThat(r.heap().flat()).isNull();
        assertThat(r.heap().note()).startsWith("not judged: 1 samples after the warm-up");
        assertThat(r.flat()).isTrue();
    }
}
