package dev.crosstalk.results.shard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.ArchiveWriter;
import dev.crosstalk.results.archive.BenchSummary;
import dev.crosstalk.results.archive.Environment;
import dev.crosstalk.results.archive.ExploreResults;
import dev.crosstalk.results.archive.Json;
import dev.crosstalk.results.archive.LoadFiles;
import dev.crosstalk.results.archive.Manifest;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;
import dev.crosstalk.results.archive.RunInfo;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.StressResults;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The archives of the shards of one job ({@code run --profile P --shard I/N}, one per runner) made into one archive,
 * as if one machine had run the job. {@code compare}, {@code trend}, {@code report} and {@code validate} read it like
 * any other; its manifest lists the shards ({@link Manifest#shards()}).
 *
 * <p>What is refused, because the result would not be the job's: an archive that is no shard's, shards of jobs of
 * different sizes or profiles, a shard given twice, a <b>missing shard</b> (its matrix rows would silently be absent:
 * a smaller matrix, not the job's), and shards of <b>different commits</b> (one archive vouches for one build).
 *
 * <p>How each part is joined. A run slices its work round-robin (shard I takes positions I, I + N, …: {@link Shard}),
 * so interleaving the shards' rows restores the unsharded order:
 * <ul>
 *   <li>the <b>matrices</b> ({@code stress/sensitivity.json}, {@code explore/matrix.json}, {@code load/matrix.json}):
 *       rows interleaved, {@code holds} judged again over the joined rows; a shard that ran the part but has no
 *       matrix while another has one fails the merged part (no smaller matrix is written);</li>
 *   <li>{@code stress/results.json}, {@code explore/results.json}: managers, tests and rows joined;</li>
 *   <li>{@code bench/jmh.json} and {@code bench/summary.json}: rows joined (the shards measured different managers),
 *       ordered by benchmark then shard;</li>
 *   <li>the load ({@code summary.json}, {@code latency.hlog}, {@code leaks.jsonl}, {@code per-user.csv}): taken as
 *       it is when one shard ran it (a run's load is not split: a storm's latencies depend on its size), merged by
 *       {@link LoadMerge} (histograms added, counts summed) when several did;</li>
 *   <li>every other file (logs, JCStress's HTML reports, junit.xml) kept under its own name when one shard has it,
 *       else under {@code <part>/shard-I/…} for each shard.</li>
 * </ul>
 * A part's status is the worst of its shards' (failed, then partial, then complete); a part run on some shards and
 * not others is partial. The merged run is interrupted if any shard's was.
 *
 * <p>Not thread-safe; one merge per call.
 */
public final class ArchiveMerge {

    /** The merged archive and what the merge has to say (one line each). */
    public record Result(Path archive, Manifest manifest, List<String> notes) {
    }

    private static final Set<String> JOINED = Set.of(Archive.STRESS_RESULTS, Archive.STRESS_SENSITIVITY,
            Archive.EXPLORE_RESULTS, Archive.EXPLORE_MATRIX, Archive.BENCH_JMH, Archive.BENCH_SUMMARY,
            Archive.LOAD_MATRIX, Archive.LOAD_SUMMARY, Archive.LOAD_LATENCY, Archive.LOAD_LEAKS, Archive.LOAD_PER_USER);

    private ArchiveMerge() {
    }

    /**
     * Merges the shard archives {@code files} (any order) into a new archive in {@code outDir}.
     *
     * @throws IllegalArgumentException when the shards are not one job's, whole (the message says why)
     * @throws dev.crosstalk.results.archive.ArchiveException when an archive cannot be read
     */
    public static Result merge(List<Path> files, Path outDir) throws IOException {
        List<Archive> read = new ArrayList<>();
        for (Path f : files) {
            read.add(Archive.open(f));
        }
        return mergeArchives(read, outDir);
    }

    /** As {@link #merge(List, Path)}, over archives already opened. */
    public static Result mergeArchives(List<Archive> read, Path outDir) throws IOException {
        List<Archive> shards = ordered(read);
        Manifest first = shards.get(0).manifest();
        List<String> notes = new ArrayList<>();
        Instant started = shards.stream().map(a -> a.manifest().startedAt()).min(Comparator.naturalOrder()).orElseThrow();
        Instant ended = shards.stream().map(a -> instant(a.manifest().ended())).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(started);
        // the job's environment is shard 0's; every shard's own is in the manifest's shards
        Environment env = new Environment(first.jvm(), first.os(),
                shards.stream().mapToInt(a -> a.manifest().cpus()).min().orElse(first.cpus()), first.memory());
        RunInfo run = new RunInfo(first.profile(), first.git(), started, null, env, first.crosstalkVersion());
        try (ArchiveWriter w = ArchiveWriter.begin(outDir, run, Clock.fixed(ended, ZoneOffset.UTC))) {
            w.shards(shards.stream().map(ArchiveMerge::info).toList());
            for (Part p : Part.values()) {
                mergePart(w, p, shards, notes);
            }
            List<String> interrupted = shards.stream().filter(a -> !"complete".equals(a.manifest().status()))
                    .map(a -> "shard " + a.manifest().shard() + " " + a.manifest().status()
                            + (a.manifest().message() == null ? "" : " (" + a.manifest().message() + ")")).toList();
            Path out = interrupted.isEmpty() ? w.finish() : w.abort(String.join("; ", interrupted));
            return new Result(out, Archive.open(out).manifest(), notes);
        }
    }

    /** The shards in index order, after checking that they are every shard of one job of one commit. */
    static List<Archive> ordered(List<Archive> in) {
        if (in.isEmpty()) {
            throw new IllegalArgumentException("no shard archives");
        }
        Integer count = null;
        Map<Integer, Archive> byIndex = new TreeMap<>();
        for (Archive a : in) {
            String spec = a.manifest().shard();
            if (spec == null) {
                throw new IllegalArgumentException(a.name() + " is not a shard's archive (its manifest names no"
                        + " shard: it was not run with --shard I/N)");
            }
            Shard s = Shard.parse(spec, Map.of());
            if (count != null && count != s.count()) {
                throw new IllegalArgumentException(a.name() + " is shard " + s + " of a job of " + s.count()
                        + " shards; the others are of " + count);
            }
            count = s.count();
            Archive twice = byIndex.put(s.index(), a);
            if (twice != null) {
                throw new IllegalArgumentException("shard " + s + " given twice: " + twice.name() + " and " + a.name());
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i + "/" + count);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing shard" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + ": without it the matrices would be smaller, not the job's");
        }
        List<Archive> shards = new ArrayList<>(byIndex.values());
        Set<String> profiles = new LinkedHashSet<>();
        Map<String, List<String>> commits = new LinkedHashMap<>();
        for (Archive a : shards) {
            profiles.add(a.manifest().profile());
            Manifest.Git g = a.manifest().git();
            String commit = (g == null || g.commit() == null ? "no commit" : g.commit())
                    + (g != null && g.dirty() ? " (dirty)" : "");
            commits.computeIfAbsent(commit, c -> new ArrayList<>()).add(a.manifest().shard());
        }
        if (profiles.size() > 1) {
            throw new IllegalArgumentException("shards of different profiles " + profiles);
        }
        if (commits.size() > 1) {
            throw new IllegalArgumentException("shards of different commits " + commits
                    + ": one archive vouches for one build");
        }
        return shards;
    }

    private static Manifest.ShardInfo info(Archive a) {
        Manifest m = a.manifest();
        return new Manifest.ShardInfo(m.shard(), m.runId(), a.name(), m.started(), m.ended(), m.status(), m.git(),
                m.jvm(), m.os(), m.cpus(), m.memory());
    }

    // ------------------------------------------------------------------ one part

    private static void mergePart(ArchiveWriter w, Part p, List<Archive> shards, List<String> notes) throws IOException {
        List<PartStatus> statuses = shards.stream().map(a -> a.status(p)).toList();
        if (statuses.stream().allMatch(s -> s == PartStatus.NOT_RUN)) {
            return;                                                   // left as not-run by the writer
        }
        List<String> why = new ArrayList<>();
        for (Archive a : shards) {
            Manifest.PartInfo info = a.manifest().parts() == null ? null : a.manifest().parts().get(p.dir());
            if (a.status(p) == PartStatus.NOT_RUN) {
                why.add("shard " + a.manifest().shard() + " did not run it");
            } else if (info != null && info.message() != null && a.status(p) != PartStatus.COMPLETE) {
                why.add("shard " + a.manifest().shard() + ": " + info.message());
            }
        }
        PartStatus status = statuses.contains(PartStatus.FAILED) ? PartStatus.FAILED
                : statuses.contains(PartStatus.PARTIAL) || statuses.contains(PartStatus.NOT_RUN) ? PartStatus.PARTIAL
                : PartStatus.COMPLETE;
        // the configuration: shard 0's, which names its slice; each shard's is in its own archive
        JsonNode config = shards.get(0).manifest().config(p);
        w.startPart(p, config);
        String failure = switch (p) {
            case STRESS -> stress(w, shards);
            case EXPLORE -> explore(w, shards);
            case BENCH -> bench(w, shards);
            case LOAD -> load(w, shards, notes);
        };
        if (failure != null) {
            status = PartStatus.FAILED;
            why.add(failure);
        }
        copyOthers(w, p, shards);
        Instant started = shards.stream().map(a -> partTime(a, p, true)).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        Instant ended = shards.stream().map(a -> partTime(a, p, false)).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        List<String> findings = shards.stream().filter(a -> a.status(p) == PartStatus.COMPLETE)
                .map(a -> a.manifest().parts().get(p.dir()).message()).filter(Objects::nonNull)
                .filter(m -> !m.startsWith(EMPTY_SLICE) && !m.startsWith(ON_SHARD_0)).distinct().toList();
        String message = !why.isEmpty() ? String.join("; ", why)
                : findings.size() == 1 ? findings.get(0) : findings.isEmpty() ? null : String.join("; ", findings);
        w.markPart(p, status, message, started, ended);
    }

    private static String stress(ArchiveWriter w, List<Archive> shards) throws IOException {
        List<StressResults> results = present(shards, Archive::stress);
        if (!results.isEmpty()) {
            StressResults f = results.get(0);
            List<StressResults.ManagerSummary> managers = interleave(results, StressResults::managers,
                    StressResults.ManagerSummary::manager);
            List<StressResults.Test> tests = new ArrayList<>();
            for (StressResults.ManagerSummary m : managers) {
                results.forEach(r -> r.tests().stream().filter(t -> m.manager().equals(t.manager())).forEach(tests::add));
            }
            StressResults joined = new StressResults(f.schema(), f.instrument(), f.jcstressVersion(), f.mode(),
                    min(results.stream().map(StressResults::started).toList()),
                    max(results.stream().map(StressResults::ended).toList()), f.platform(), f.options(), managers, tests);
            w.addBytes(Part.STRESS, StressResults.FILE, joined.toJson().getBytes(StandardCharsets.UTF_8));
        }
        return matrix(w, Part.STRESS, Sensitivity.FILE, shards, Archive::sensitivity);
    }

    private static String explore(ArchiveWriter w, List<Archive> shards) throws IOException {
        List<ExploreResults> results = present(shards, Archive::explore);
        if (!results.isEmpty()) {
            ExploreResults f = results.get(0);
            List<ExploreResults.Row> rows = interleave(results, ExploreResults::results, ExploreResults.Row::manager);
            ExploreResults joined = new ExploreResults(f.schema(), f.instrument(), f.engine(), f.seed(), f.budget(),
                    f.timeSeconds(), min(results.stream().map(ExploreResults::started).toList()),
                    max(results.stream().map(ExploreResults::ended).toList()), rows);
            w.addBytes(Part.EXPLORE, ExploreResults.FILE, joined.toJson().getBytes(StandardCharsets.UTF_8));
        }
        return matrix(w, Part.EXPLORE, "matrix.json", shards, Archive::exploreMatrix);
    }

    private static String bench(ArchiveWriter w, List<Archive> shards) throws IOException {
        // jmh.json as JSON, so that every field JMH wrote survives the merge
        List<JsonNode> rows = new ArrayList<>();
        boolean any = false;
        for (Archive a : shards) {
            byte[] b = a.bytes(Archive.BENCH_JMH).orElse(null);
            if (b == null) {
                continue;
            }
            any = true;
            JsonNode arr = Json.mapper().readTree(b);
            arr.forEach(rows::add);
        }
        if (any) {
            // stable: per benchmark, shard 0's rows, then shard 1's … — the unsharded order of the managers
            rows.sort(Comparator.comparing(r -> r.path("benchmark").asText()));
            ArrayNode out = Json.mapper().createArrayNode();
            rows.forEach(out::add);
            w.addBytes(Part.BENCH, "jmh.json", Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(out));
        }
        List<BenchSummary> summaries = present(shards, Archive::benchSummary);
        if (!summaries.isEmpty()) {
            List<BenchSummary.Row> all = new ArrayList<>();
            summaries.forEach(s -> all.addAll(s.rows()));
            all.sort(Comparator.comparing(BenchSummary.Row::benchmark));
            BenchSummary joined = new BenchSummary(summaries.get(0).schema(), summaries.get(0).instrument(),
                    summaries.get(0).profile(), all);
            w.addBytes(Part.BENCH, BenchSummary.FILE, joined.toJson().getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    private static String load(ArchiveWriter w, List<Archive> shards, List<String> notes) throws IOException {
        List<Archive> ran = shards.stream().filter(a -> a.loadSummary().isPresent()).toList();
        if (ran.size() == 1) {
            Archive a = ran.get(0);
            for (String e : List.of(Archive.LOAD_SUMMARY, Archive.LOAD_LATENCY, Archive.LOAD_LEAKS, Archive.LOAD_PER_USER)) {
                byte[] b = a.bytes(e).orElse(null);
                if (b != null) {
                    w.addBytes(Part.LOAD, e.substring(Part.LOAD.dir().length() + 1), b);
                }
            }
            notes.add("load: shard " + a.manifest().shard() + " ran the load; taken as it is");
        } else if (ran.size() > 1) {
            List<LoadMerge.Part> parts = new ArrayList<>();
            for (Archive a : ran) {
                parts.add(new LoadMerge.Part(a.name(), a.loadSummary().orElseThrow(),
                        a.bytes(Archive.LOAD_LATENCY).orElse(null), a.leaks(), a.perUser()));
            }
            LoadMerge.Merged m = LoadMerge.merge(parts);
            Path tmp = Files.createTempDirectory("crosstalk-merge-load");
            try {
                LoadFiles.write(tmp, m.summary(), m.leaks(), m.perUser(), m.latency());
                for (String f : List.of(LoadFiles.SUMMARY, LoadFiles.LATENCY, LoadFiles.LEAKS, LoadFiles.PER_USER)) {
                    Path file = tmp.resolve(f);
                    if (Files.exists(file)) {
                        w.addFile(Part.LOAD, f, file);
                    }
                }
            } finally {
                try (var s = Files.walk(tmp)) {
                    s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
            notes.add("load: " + ran.size() + " shards' loads merged (histograms added, counts summed)");
        }
        return matrix(w, Part.LOAD, "matrix.json", shards, Archive::loadMatrix);
    }

    /**
     * Joins one matrix: rows interleaved in the shards' round-robin order, {@code holds} judged again. A shard that
     * ran the part without writing the matrix, while another wrote one, makes the part fail (returns why).
     */
    private static String matrix(ArchiveWriter w, Part p, String file, List<Archive> shards,
                                 Function<Archive, Optional<Sensitivity>> of) throws IOException {
        List<Sensitivity> ms = present(shards, of);
        if (ms.isEmpty()) {
            return null;
        }
        List<String> without = shards.stream().filter(a -> of.apply(a).isEmpty())
                .filter(a -> a.status(p) != PartStatus.NOT_RUN && !sliceEmpty(a, p))
                .map(a -> a.manifest().shard()).toList();
        if (!without.isEmpty()) {
            return p.dir() + "/" + file + " missing from shard" + (without.size() == 1 ? " " : "s ")
                    + String.join(", ", without) + ": no matrix is written rather than a smaller one";
        }
        Sensitivity f = ms.get(0);
        List<String> probes = new ArrayList<>();
        ms.forEach(m -> m.probes().stream().filter(x -> !probes.contains(x)).forEach(probes::add));
        List<Sensitivity.Row> rows = interleave(ms, Sensitivity::rows, Sensitivity.Row::manager);
        Sensitivity joined = Sensitivity.of(f.arch(), f.mode(), probes, rows, f.widenMicros());
        w.addBytes(p, file, joined.toJson().getBytes(StandardCharsets.UTF_8));
        return null;
    }

    /** Whether a shard's part had nothing in its slice (it records so: {@link #EMPTY_SLICE}). */
    private static boolean sliceEmpty(Archive a, Part p) {
        Manifest.PartInfo info = a.manifest().parts() == null ? null : a.manifest().parts().get(p.dir());
        return info != null && info.message() != null
                && (info.message().startsWith(EMPTY_SLICE) || info.message().startsWith(ON_SHARD_0));
    }

    /** How a shard marks a part whose slice is empty (more shards than rows). */
    public static final String EMPTY_SLICE = "nothing in this shard's slice";

    /** How a shard other than 0 marks a part that is not split (shard 0 runs it whole). */
    public static final String ON_SHARD_0 = "run whole by shard 0";

    /**
     * The rows of every shard in the unsharded order: the shards' groups of rows (consecutive rows of one manager)
     * taken round-robin — shard 0's first group, shard 1's first, …, shard 0's second — as {@link Shard#slice} dealt
     * the managers.
     */
    static <S, R> List<R> interleave(List<S> shards, Function<S, List<R>> rowsOf, Function<R, String> managerOf) {
        List<List<List<R>>> groups = new ArrayList<>();
        for (S s : shards) {
            List<List<R>> g = new ArrayList<>();
            String current = null;
            for (R r : rowsOf.apply(s)) {
                String m = managerOf.apply(r);
                if (g.isEmpty() || !Objects.equals(m, current)) {
                    g.add(new ArrayList<>());
                    current = m;
                }
                g.get(g.size() - 1).add(r);
            }
            groups.add(g);
        }
        List<R> out = new ArrayList<>();
        int most = groups.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < most; i++) {
            for (List<List<R>> g : groups) {
                if (i < g.size()) {
                    out.addAll(g.get(i));
                }
            }
        }
        return out;
    }

    /** Every other file of a part: its own name when one shard has it, else under {@code <part>/shard-I/}. */
    private static void copyOthers(ArchiveWriter w, Part p, List<Archive> shards) throws IOException {
        String prefix = p.dir() + "/";
        Map<String, Integer> holders = new LinkedHashMap<>();
        for (Archive a : shards) {
            for (String e : a.entries()) {
                if (e.startsWith(prefix) && !JOINED.contains(e)) {
                    holders.merge(e, 1, Integer::sum);
                }
            }
        }
        for (int i = 0; i < shards.size(); i++) {
            Archive a = shards.get(i);
            try (ZipFile zip = new ZipFile(a.file().toFile())) {
                Enumeration<? extends ZipEntry> en = zip.entries();
                while (en.hasMoreElements()) {
                    ZipEntry e = en.nextElement();
                    String name = e.getName();
                    if (e.isDirectory() || !holders.containsKey(name)) {
                        continue;
                    }
                    String rel = name.substring(prefix.length());
                    if (holders.getOrDefault(name, 1) > 1) {
                        rel = "shard-" + i + "/" + rel;
                    }
                    try (InputStream in = zip.getInputStream(e)) {
                        w.addBytes(p, rel, in.readAllBytes());
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ small helpers

    private static <T> List<T> present(List<Archive> shards, Function<Archive, Optional<T>> of) {
        return shards.stream().map(of).flatMap(Optional::stream).toList();
    }

    private static Instant partTime(Archive a, Part p, boolean start) {
        Manifest.PartInfo info = a.manifest().parts() == null ? null : a.manifest().parts().get(p.dir());
        return info == null ? null : instant(start ? info.started() : info.ended());
    }

    private static Instant instant(String iso) {
        try {
            return iso == null ? null : Instant.parse(iso);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String min(List<String> isos) {
        return isos.stream().filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
    }

    private static String max(List<String> isos) {
        return isos.stream().filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }
}
