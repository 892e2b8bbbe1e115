package dev.crosstalk.results.shard;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.crosstalk.results.archive.Json;
import dev.crosstalk.results.archive.LatencyLog;
import dev.crosstalk.results.archive.LeakRecord;
import dev.crosstalk.results.archive.LoadSummary;
import dev.crosstalk.results.archive.PerUserRow;
import org.HdrHistogram.Histogram;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The load parts of several shards made into one, as if one driver had run them all: counts summed, latency
 * histograms added exactly (every interval of every shard's {@code latency.hlog} kept, and the percentiles read
 * from their sum — never percentiles averaged), leak records and per-user rows joined, the leaking pairs joined
 * and ranked again. Pure: it takes the parts' contents and returns the merged ones; reading and writing archives
 * is the caller's.
 *
 * <p>What the shards must share, or the merge is refused ({@link IllegalArgumentException}, naming the shards):
 * the scenario, the manager and the target (one job against one server), and disjoint users (a user's sessions
 * stay on one shard; a user with runs on two shards means overlapping slices). A row of a user without runs is
 * another shard's user that caused leaks here, and is added to its row.
 *
 * <p>How the rest is joined: runs, events, findings, errors and every count of {@code details} are summed;
 * the duration is the longest shard's, and the rates are summed (the shards drive the target side by side, so
 * their rates add up); the exit code is the worst shard's; {@code process_cpu_us_per_event} is weighted by the
 * shards' events; a setting of {@code details} that differs between shards is dropped (null) rather than
 * reported as one shard's; {@code problem} and {@code first_error} are the first shard's that has one, prefixed
 * with its name; {@code started} is the earliest shard's. The leaking pairs are exact: a pair's receiving user is on one shard, so no pair is split.
 */
public final class LoadMerge {

    /** The leaking pairs a summary lists (the driver's own limit). */
    public static final int TOP_LEAK_PAIRS = 20;

    /** Details counts that add up across shards. */
    private static final Set<String> SUMMED = Set.of("runs_not_started", "runs_unfinished", "runs_refused",
            "runs_abandoned_by_churn", "agent_errors", "late_events", "sibling_events", "leaks_unknown_owner",
            "leak_pairs", "leak_records_kept", "protocol_errors", "server_closed", "connects", "reconnects",
            "sessions_established", "recovered_runs", "sessions_refused", "loud_refusals", "runs_forgone",
            "recoveries_forgone", "late_runs", "process_cpu_seconds_run_phase", "run_phase_runs_per_second",
            "run_phase_events_per_second");

    /** Details values of which the merged part keeps the largest. */
    private static final Set<String> LARGEST = Set.of("exit_code", "run_phase_seconds");

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private LoadMerge() {
    }

    /** One shard's load part: its name (for messages and the merged labels) and the contents of its four files. */
    public record Part(String name, LoadSummary summary, byte[] latencyLog, List<LeakRecord> leaks,
                       List<PerUserRow> perUser) {

        public Part {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(summary, "summary of " + name);
            latencyLog = latencyLog == null ? new byte[0] : latencyLog.clone();
            leaks = leaks == null ? List.of() : List.copyOf(leaks);
            perUser = perUser == null ? List.of() : List.copyOf(perUser);
        }

        @Override
        public byte[] latencyLog() {
            return latencyLog.clone();
        }
    }

    /** The merged part: what the four files of one load hold, and the summed histograms (ns) by tag. */
    public record Merged(LoadSummary summary, LatencyLog.Intervals latency, List<LeakRecord> leaks,
                         List<PerUserRow> perUser, Map<String, Histogram> histograms) {

        /** {@code latency.hlog}'s bytes. */
        public byte[] latencyLog() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            latency.writeTo(out);
            return out.toByteArray();
        }
    }

    /** Merges {@code parts} (at least one), in the order given. */
    public static Merged merge(List<Part> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge: no shard given");
        }
        Part first = parts.get(0);
        for (Part p : parts) {
            same(first, p, "scenario", LoadSummary::scenario);
            same(first, p, "manager", LoadSummary::manager);
            same(first, p, "target", LoadSummary::target);
        }
        List<PerUserRow> perUser = joinedUsers(parts);

        // Latency: every interval of every shard, in time order; the percentiles come from their sum.
        List<LatencyLog.Interval> intervals = new ArrayList<>();
        long start = Long.MAX_VALUE;
        for (Part p : parts) {
            if (p.latencyLog.length == 0) {
                continue;
            }
            LatencyLog.Intervals in = LatencyLog.readIntervals(p.latencyLog);
            intervals.addAll(in.intervals());
            if (!in.intervals().isEmpty()) {
                start = Math.min(start, in.startMillis());
            }
        }
        intervals.sort(Comparator.comparingLong(LatencyLog.Interval::startMillis));
        LatencyLog.Intervals log = new LatencyLog.Intervals(start == Long.MAX_VALUE ? 0 : start, intervals);
        Map<String, Histogram> sums = new LinkedHashMap<>();
        for (LatencyLog.Interval i : intervals) {
            sums.computeIfAbsent(i.tag() == null ? "untagged" : i.tag(), t -> {
                Histogram h = new Histogram(3);
                h.setAutoResize(true);
                return h;
            }).add(i.histogram());
        }
        Map<String, LoadSummary.Latency> latency = new LinkedHashMap<>();
        for (String metric : first.summary().latency().keySet()) {
            latency.put(metric, LoadSummary.Latency.of(sums.get(metric)));
        }
        sums.keySet().forEach(t -> latency.putIfAbsent(t, LoadSummary.Latency.of(sums.get(t))));

        LoadSummary s0 = first.summary();
        long planned = 0;
        long started = 0;
        long completed = 0;
        long events = 0;
        int users = 0;
        int sessions = 0;
        double duration = 0;
        double runsPerSecond = 0;
        double eventsPerSecond = 0;
        Map<String, Long> findings = new LinkedHashMap<>();
        Map<String, Long> errors = new LinkedHashMap<>();
        Map<List<String>, Long> pairs = new HashMap<>();
        List<LeakRecord> leaks = new ArrayList<>();
        for (Part p : parts) {
            LoadSummary s = p.summary();
            planned += s.runs() == null ? 0 : s.runs().planned();
            started += s.runs() == null ? 0 : s.runs().started();
            completed += s.runs() == null ? 0 : s.runs().completed();
            events += s.events();
            users += s.users();
            sessions += s.sessions();
            duration = Math.max(duration, s.durationSeconds());
            runsPerSecond += s.runsPerSecond();
            eventsPerSecond += s.eventsPerSecond();
            s.findings().forEach((k, v) -> findings.merge(k, v, Long::sum));
            s.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
            for (LoadSummary.LeakPair lp : s.topLeakPairs()) {
                pairs.merge(List.of(lp.owningUser(), lp.receivingUser()), lp.leaks(), Long::sum);
            }
            leaks.addAll(p.leaks());
        }
        List<LoadSummary.LeakPair> top = pairs.entrySet().stream()
                .sorted(Map.Entry.<List<String>, Long>comparingByValue().reversed()
                        .thenComparing(e -> e.getKey().get(0)).thenComparing(e -> e.getKey().get(1)))
                .limit(TOP_LEAK_PAIRS)
                .map(e -> new LoadSummary.LeakPair(e.getKey().get(0), e.getKey().get(1), e.getValue()))
                .toList();
        LoadSummary merged = new LoadSummary(s0.schema(), s0.instrument(), s0.scenario(), s0.manager(), s0.target(),
                users, sessions, duration, new LoadSummary.Runs(planned, started, completed), events,
                Math.round(runsPerSecond * 10) / 10.0, Math.round(eventsPerSecond * 10) / 10.0, findings, top, errors,
                latency, details(parts));
        return new Merged(merged, log, leaks, perUser, sums);
    }

    private static <T> void same(Part a, Part b, String what, java.util.function.Function<LoadSummary, T> f) {
        if (!Objects.equals(f.apply(a.summary()), f.apply(b.summary()))) {
            throw new IllegalArgumentException("shards " + a.name() + " and " + b.name() + " differ in " + what + " ("
                    + f.apply(a.summary()) + " and " + f.apply(b.summary()) + "): they are not shards of one load");
        }
    }

    /**
     * The per-user rows joined. A user's runs are on one shard only: a user with runs on two shards means the
     * shards' slices overlap, and is refused. A row without runs is a user of another shard that caused leaks on
     * this one (a shard counts the leaks its receivers got, whoever the owner) and is added to that user's row.
     */
    private static List<PerUserRow> joinedUsers(List<Part> parts) {
        Map<String, String> shardOf = new HashMap<>();
        Map<String, PerUserRow> rows = new LinkedHashMap<>();
        for (Part p : parts) {
            for (PerUserRow r : p.perUser()) {
                if (r.runs() > 0) {
                    String other = shardOf.putIfAbsent(r.user(), p.name());
                    if (other != null) {
                        throw new IllegalArgumentException("user " + r.user() + " ran on shards " + other + " and "
                                + p.name() + ": the shards' users overlap (were they sliced with one --shard I/N each?)");
                    }
                }
                rows.merge(r.user(), r, (a, b) -> new PerUserRow(a.user(), a.runs() + b.runs(),
                        a.leaksReceived() + b.leaksReceived(), a.leaksCaused() + b.leaksCaused(),
                        a.losses() + b.losses()));
            }
        }
        return new ArrayList<>(rows.values());
    }

    /** The merged details by the rules above; null when no shard has details. */
    private static LoadSummary.Details details(List<Part> parts) {
        List<Map<String, Object>> maps = new ArrayList<>();
        List<Long> events = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Part p : parts) {
            if (p.summary().details() != null) {
                maps.add(Json.mapper().convertValue(p.summary().details(), MAP));
                events.add(p.summary().events());
                names.add(p.name());
            }
        }
        if (maps.isEmpty()) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        maps.forEach(m -> m.keySet().forEach(k -> {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }));
        for (String k : keys) {
            List<Object> values = maps.stream().map(m -> m.get(k)).toList();
            out.put(k, switch (k) {
                case "problem", "first_error" -> firstNamed(values, names);
                case "started" -> values.stream().filter(Objects::nonNull).map(String::valueOf).sorted().findFirst()
                        .orElse(null);
                case "process_cpu_us_per_event" -> weighted(values, events);
                case "server" -> summedMaps(values);
                case "labels" -> joinedLabels(values);
                default -> SUMMED.contains(k) ? sum(values) : LARGEST.contains(k) ? largest(values) : agreed(values);
            });
        }
        Map<String, String> labels = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        Map<String, String> joined = (Map<String, String>) out.get("labels");
        if (joined != null) {
            labels.putAll(joined);
        }
        labels.put("merged_from", String.join(",", parts.stream().map(Part::name).toList()));
        out.put("labels", labels);
        return Json.mapper().convertValue(out, LoadSummary.Details.class);
    }

    private static Object firstNamed(List<Object> values, List<String> names) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null) {
                return names.get(i) + ": " + values.get(i);
            }
        }
        return null;
    }

    private static Object weighted(List<Object> values, List<Long> events) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) instanceof Number v) {
                sum += v.doubleValue() * events.get(i);
                n += events.get(i);
            } else {
                return null;
            }
        }
        return n == 0 ? null : Math.round(sum / n * 100) / 100.0;
    }

    private static Object sum(List<Object> values) {
        boolean integral = true;
        double d = 0;
        long l = 0;
        boolean any = false;
        for (Object v : values) {
            if (v instanceof Number n) {
                any = true;
                if (n instanceof Double || n instanceof Float) {
                    integral = false;
                }
                d += n.doubleValue();
                l += n.longValue();
            }
        }
        if (!any) {
            return null;
        }
        return integral ? (Object) l : (Object) (Math.round(d * 1000) / 1000.0);
    }

    private static Object largest(List<Object> values) {
        Object best = null;
        for (Object v : values) {
            if (v instanceof Number n && (best == null || n.doubleValue() > ((Number) best).doubleValue())) {
                best = n;
            }
        }
        return best;
    }

    private static Object agreed(List<Object> values) {
        Object v0 = values.get(0);
        for (Object v : values) {
            if (!Objects.equals(v0, v)) {
                return null;
            }
        }
        return v0;
    }

    private static Object summedMaps(List<Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object v : values) {
            if (v instanceof Map<?, ?> m) {
                m.forEach((k, x) -> {
                    if (x instanceof Number n) {
                        out.merge(String.valueOf(k), n.longValue(), (a, b) -> ((Number) a).longValue() + (Long) b);
                    }
                });
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static Object joinedLabels(List<Object> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Object v : values) {
            if (v instanceof Map<?, ?> m) {
                m.forEach((k, x) -> out.merge(String.valueOf(k), String.valueOf(x),
                        (a, b) -> a.equals(b) ? a : a + "," + b));
            }
        }
        return out;
    }
}
