package dev.crosstalk.harness.load;

import dev.crosstalk.harness.testing.TestProviders;
import dev.crosstalk.manager.ssot.SsotProvider;
import dev.crosstalk.results.archive.LoadSummary;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up phase: its runs are checked like every other and their latencies kept apart, so the measured percentiles
 * leave out the driver's own JIT warm-up and a defect that shows only at the start is still caught.
 */
class WarmupTest {

    private static LoadConfig.Builder small() {
        return LoadConfig.builder().manager("ssot").users(10).sessionsPerUser(2).runsPerSession(10).eventLoops(2)
                .runTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(60)).quiet(true)
                .linger(Duration.ofMillis(200));
    }

    @Test
    void theFirstRunsUpToTheTimeAndTheShareAreWarmUpAndNoneAfter() {
        // 200 planned runs, a 20 % cap: the first 40 runs sent within the time are warm-up, then none
        LoadContext ctx = new LoadContext(small().warmup(Duration.ofHours(1), 0.2).build(), new LoadState(new String[]{"u"}, 10, 10));
        long t = 1_000;
        int warm = 0;
        for (int i = 0; i < 200; i++) {
            warm += ctx.warmupRun(t + i) ? 1 : 0;
        }
        assertThat(warm).isEqualTo(40);
        assertThat(ctx.firstRunNanos()).isEqualTo(1_000);

        // the time ends it first: only the runs sent within 1 ms of the first
        LoadContext timed = new LoadContext(small().warmup(Duration.ofMillis(1), 0.5).build(), new LoadState(new String[]{"u"}, 10, 10));
        assertThat(timed.warmupRun(5_000_000)).isTrue();
        assertThat(timed.warmupRun(5_999_999)).isTrue();
        assertThat(timed.warmupRun(6_000_000)).isFalse();

        // none at all
        LoadContext off = new LoadContext(small().warmup(Duration.ZERO, 0).build(), new LoadState(new String[]{"u"}, 10, 10));
        assertThat(off.warmupRun(1)).isFalse();
    }

    @Test
    void warmUpLatenciesAreKeptApartAndEveryRunIsCountedOnce() {
        LoadResult r = LoadTests.run(small().warmup(Duration.ofHours(1), 0.25).build(), new SsotProvider());

        assertThat(r.exitCode()).as(String.valueOf(r.problem())).isZero();
        LoadSummary s = r.loadSummary();
        long measured = s.latency().get("run").count();
        long warm = s.latency().get("warmup_run").count();
        assertThat(warm).isEqualTo(50);                       // a quarter of 200
        assertThat(measured + warm).isEqualTo(s.runs().completed()).isEqualTo(200);
        assertThat(s.latency().get("warmup_first_event").count()).isEqualTo(50);
        // the run phase is counted from the first run, not from the end of a ramp-up (there is none here)
        assertThat(s.details().runPhaseSeconds()).isPositive();
    }

    @Test
    void aDefectThatLeaksOnlyDuringTheFirstSecondIsStillCaught() {
        LoadResult r = LoadTests.run(small().manager("test.early-leak").build(), new TestProviders.EarlyLeak());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.leakCount()).isPositive();
        assertThat(r.loadSummary().latency().get("warmup_run").count()).isPositive();
    }
}
