package dev.crosstalk.results.shard;

import dev.crosstalk.results.archive.Json;
import dev.crosstalk.results.archive.LatencyLog;
import dev.crosstalk.results.archive.LeakRecord;
import dev.crosstalk.results.archive.LoadSummary;
import dev.crosstalk.results.archive.PerUserRow;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Shards' load parts merged as if one driver had run them: counts add up, the latency percentiles are those of the
 * summed histograms (not an average of the shards' percentiles), nothing overlapping or of another load is let in.
 */
class LoadMergeTest {

    private static final long T0 = 1_796_000_000_000L;

    @Test
    void theMergedPercentilesAreThoseOfTheSummedHistogramsNotAnAverage() {
        // shard a: runs of 1–1,000 µs; shard b, on a slower runner: 5–50 ms. The merged p99 falls in b's range.
        Histogram aRun = histogram("run", T0, 1_000, 1_000_000, 1_000);
        Histogram bRun = histogram("run", T0 + 500, 5_000_000, 50_000_000, 300);
        LoadMerge.Merged m = LoadMerge.merge(List.of(
                part("a", List.of(aRun, histogram("connect", T0, 100_000, 200_000, 10)), 1_000, users("a", 3)),
                part("b", List.of(bRun), 300, users("b", 2))));

        Histogram sum = new Histogram(3);
        sum.setAutoResize(true);
        sum.add(aRun);
        sum.add(bRun);
        LoadSummary.Latency run = m.summary().latency().get("run");
        assertThat(run).isEqualTo(LoadSummary.Latency.of(sum));
        assertThat(run.count()).isEqualTo(1_300);
        double meanOfP99s = (LoadSummary.Latency.of(aRun).p99Us() + LoadSummary.Latency.of(bRun).p99Us()) / 2;
        assertThat(run.p99Us()).isNotEqualTo(meanOfP99s);
        assertThat(m.summary().latency().get("connect").count()).isEqualTo(10);

        // the merged log holds every shard's interval and reads back to the same sums
        LatencyLog back = LatencyLog.parse(m.latencyLog());
        assertThat(back.intervals()).isEqualTo(3);
        assertThat(back.histograms().get("run")).isEqualTo(sum);
        assertThat(back.percentileMicros("run", 99)).isEqualTo(sum.getValueAtPercentile(99) / 1000.0);
    }

    @Test
    void countsFindingsLeaksAndUsersAddUp() {
        LoadMerge.Part a = part("a", List.of(histogram("run", T0, 1_000, 2_000, 50)), 50, users("a", 3));
        LoadMerge.Part b = part("b", List.of(histogram("run", T0, 1_000, 2_000, 70)), 70, users("b", 2));
        a = withLeaks(a, Map.of("leaks", 7L, "losses", 1L), List.of(new LoadSummary.LeakPair("b-0", "a-1", 5),
                new LoadSummary.LeakPair("a-0", "a-2", 2)), List.of(leak("a-1", "b-0"), leak("a-2", "a-0")), 2);
        b = withLeaks(b, Map.of("leaks", 9L, "losses", 0L), List.of(new LoadSummary.LeakPair("a-2", "b-1", 9)),
                List.of(leak("b-1", "a-2")), 1);
        List<PerUserRow> bRows = new java.util.ArrayList<>(b.perUser());
        bRows.add(new PerUserRow("a-2", 0, 0, 9, 0));
        b = new LoadMerge.Part(b.name(), b.summary(), b.latencyLog(), b.leaks(), bRows);
        LoadMerge.Merged m = LoadMerge.merge(List.of(a, b));
        LoadSummary s = m.summary();

        assertThat(s.runs()).isEqualTo(new LoadSummary.Runs(120, 120, 120));
        assertThat(s.events()).isEqualTo(600);
        assertThat(s.users()).isEqualTo(5);
        assertThat(s.sessions()).isEqualTo(10);
        assertThat(s.finding("leaks")).isEqualTo(16);
        assertThat(s.finding("losses")).isEqualTo(1);
        assertThat(s.durationSeconds()).isEqualTo(12.0);
        assertThat(s.runsPerSecond()).isEqualTo(10.0);
        // ranked again across shards: b's pair first; a leak whose owner ran on the other shard keeps its owner
        assertThat(s.topLeakPairs()).containsExactly(new LoadSummary.LeakPair("a-2", "b-1", 9),
                new LoadSummary.LeakPair("b-0", "a-1", 5), new LoadSummary.LeakPair("a-0", "a-2", 2));
        assertThat(m.leaks()).hasSize(3);
        assertThat(m.perUser()).extracting(PerUserRow::user).containsExactly("a-0", "a-1", "a-2", "b-0", "b-1");
        // a's user a-2 caused 9 leaks on b: b's row for it (no runs) is added to a's
        assertThat(m.perUser()).filteredOn(r -> r.user().equals("a-2")).singleElement()
                .isEqualTo(new PerUserRow("a-2", 10, 0, 9, 0));
        assertThat(s.details().exitCode()).isEqualTo(1);
        assertThat(s.details().connects()).isEqualTo(10);
        assertThat(s.details().leakPairs()).isEqualTo(3);
        assertThat(s.details().sessionsPerUser()).isEqualTo(2);
        assertThat(s.details().labels()).containsEntry("merged_from", "a,b");
    }

    @Test
    void shardsThatOverlapOrComeFromAnotherLoadAreRefused() {
        LoadMerge.Part a = part("a", List.of(), 10, users("a", 2));
        assertThatThrownBy(() -> LoadMerge.merge(List.of(a, part("b", List.of(), 10, users("a", 1)))))
                .hasMessageContaining("user a-0 ran on shards a and b");
        LoadMerge.Part churn = new LoadMerge.Part("c", withScenario(a.summary(), "churn"), null, null, List.of());
        assertThatThrownBy(() -> LoadMerge.merge(List.of(a, churn)))
                .hasMessageContaining("shards a and c differ in scenario (steady and churn)");
        assertThatThrownBy(() -> LoadMerge.merge(List.of())).hasMessageContaining("no shard");
    }

    // --- synthetic shards, written with the archive's own writers ---

    private static Histogram histogram(String tag, long start, long fromNs, long toNs, int n) {
        Histogram h = new Histogram(3);
        h.setAutoResize(true);
        for (int i = 0; i < n; i++) {
            h.recordValue(fromNs + (toNs - fromNs) * i / Math.max(1, n - 1));
        }
        h.setTag(tag);
        h.setStartTimeStamp(start);
        h.setEndTimeStamp(start + 1_000);
        return h;
    }

    private static List<PerUserRow> users(String prefix, int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> new PerUserRow(prefix + "-" + i, 10, 0, 0, 0))
                .toList();
    }

    private static LeakRecord leak(String receiver, String owner) {
        return new LeakRecord(receiver, owner, "agent_started", "r0-0-0", "2026-12-06T00:00:00Z");
    }

    private static LoadMerge.Part part(String name, List<Histogram> latency, long runs, List<PerUserRow> users) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LatencyLog.Intervals.of(T0, latency).writeTo(log);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("exit_code", 0);
        d.put("sessions_per_user", 2);
        d.put("connects", (long) users.size() * 2);
        d.put("leak_pairs", 0);
        d.put("started", "2026-12-06T00:00:0" + (name.equals("a") ? "1" : "0") + "Z");
        LoadSummary.Details details = Json.mapper().convertValue(d, LoadSummary.Details.class);
        double secs = name.equals("a") ? 12.0 : 7.0;
        LoadSummary s = new LoadSummary(1, "load", "steady", "ssot", "embedded", users.size(), users.size() * 2, secs,
                new LoadSummary.Runs(runs, runs, runs), runs * 5, name.equals("a") ? 4.0 : 6.0, runs * 5 / secs,
                Map.of("leaks", 0L, "losses", 0L), List.of(), Map.of("connect_failed", 0L),
                Map.of("connect", LoadSummary.Latency.EMPTY, "run", LoadSummary.Latency.EMPTY), details);
        return new LoadMerge.Part(name, s, log.toByteArray(), List.of(), users);
    }

    private static LoadMerge.Part withLeaks(LoadMerge.Part p, Map<String, Long> findings,
                                            List<LoadSummary.LeakPair> pairs, List<LeakRecord> leaks, int leakPairs) {
        LoadSummary s = p.summary();
        Map<String, Object> d = Json.mapper().convertValue(s.details(), new com.fasterxml.jackson.core.type.TypeReference<
                LinkedHashMap<String, Object>>() {
        });
        d.put("leak_pairs", leakPairs);
        d.put("exit_code", findings.get("leaks") > 0 ? 1 : 0);
        LoadSummary t = new LoadSummary(s.schema(), s.instrument(), s.scenario(), s.manager(), s.target(), s.users(),
                s.sessions(), s.durationSeconds(), s.runs(), s.events(), s.runsPerSecond(), s.eventsPerSecond(),
                findings, pairs, s.errors(), s.latency(), Json.mapper().convertValue(d, LoadSummary.Details.class));
        return new LoadMerge.Part(p.name(), t, p.latencyLog(), leaks, p.perUser());
    }

    private static LoadSummary withScenario(LoadSummary s, String scenario) {
        return new LoadSummary(s.schema(), s.instrument(), scenario, s.manager(), s.target(), s.users(), s.sessions(),
                s.durationSeconds(), s.runs(), s.events(), s.runsPerSecond(), s.eventsPerSecond(), s.findings(),
                s.topLeakPairs(), s.errors(), s.latency(), s.details());
    }
}
