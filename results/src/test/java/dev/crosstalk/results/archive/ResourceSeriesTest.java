package dev.crosstalk.results.archive;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak's flatness rule: a steady series with noise and spikes is flat, a persistent rise is not. */
class ResourceSeriesTest {

    private static final long MIB = 1 << 20;

    private static List<Long> series(int n, IntToLongFunction f) {
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
        ResourceSeries.Trend t = ResourceSeries.judge(heap, 12, ResourceSeries.HEAP_RELATIVE, ResourceSeries.HEAP_ABSOLUTE);
        assertThat(t.flat()).as(t.toString()).isTrue();
        assertThat(t.samplesJudged()).isEqualTo(48);
    }

    @Test
    void aPersistentRiseIsNotFlat() {
        // +1 MiB per sample over 60 samples: the last third's median 32 MiB over the first's (limit: +10% +8 MiB)
        List<Long> heap = series(60, i -> 100 * MIB + i * MIB);
        ResourceSeries.Trend t = ResourceSeries.judge(heap, 12, ResourceSeries.HEAP_RELATIVE, ResourceSeries.HEAP_ABSOLUTE);
        assertThat(t.flat()).as(t.toString()).isFalse();
        assertThat(t.note()).startsWith("rose: the last third's median ");
        List<Long> fds = series(60, i -> 200 + i * 2L);
        assertThat(ResourceSeries.judge(fds, 12, ResourceSeries.DESCRIPTORS_RELATIVE, ResourceSeries.DESCRIPTORS_ABSOLUTE)
                .flat()).isFalse();
        assertThat(ResourceSeries.judge(series(60, i -> 200 + i % 3), 12, ResourceSeries.DESCRIPTORS_RELATIVE,
                ResourceSeries.DESCRIPTORS_ABSOLUTE).flat()).isTrue();
    }

    @Test
    void theWarmUpIsTheFirstFifthOrEverySampleBeforeTheDriversStateIsFull() {
        List<ResourceSeries.Sample> samples = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            // the driver's run memory fills for 90 s (rising), then holds
            long heap = i * 5 < 90 ? 10 * MIB + i * 5 * MIB : 100 * MIB;
            samples.add(new ResourceSeries.Sample(i * 5.0, heap, 100, 10L));
        }
        assertThat(ResourceSeries.of("t", 5, 90, samples).heap().flat()).isTrue();
        assertThat(ResourceSeries.of("t", 5, 90, samples).heap().samplesJudged()).isEqualTo(23);
        assertThat(ResourceSeries.of("t", 5, 0, samples).heap().flat()).as("a fifth is not enough here").isFalse();
    }

    @Test
    void tooFewSamplesAreNotJudgedAndDoNotFail() {
        ResourceSeries r = ResourceSeries.of("test", 10, 0, List.of(
                new ResourceSeries.Sample(10, 100 * MIB, 50, 20L), new ResourceSeries.Sample(20, 900 * MIB, 500, 20L)));
        assertThat(r.heap().flat()).isNull();
        assertThat(r.heap().note()).startsWith("not judged: 1 samples after the warm-up");
        assertThat(r.flat()).isTrue();
    }
}
