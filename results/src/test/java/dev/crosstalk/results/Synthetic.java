package dev.crosstalk.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crosstalk.results.archive.ArchiveWriter;
import dev.crosstalk.results.archive.BenchSummary;
import dev.crosstalk.results.archive.Environment;
import dev.crosstalk.results.archive.ExploreResults;
import dev.crosstalk.results.archive.LatencyLog;
import dev.crosstalk.results.archive.LeakRecord;
import dev.crosstalk.results.archive.LoadFiles;
import dev.crosstalk.results.archive.LoadSummary;
import dev.crosstalk.results.archive.Manifest;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;
import dev.crosstalk.results.archive.PerUserRow;
import dev.crosstalk.results.archive.RunInfo;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.StressResults;
import dev.crosstalk.results.archive.TestStatus;
import dev.crosstalk.results.archive.Verdict;
import dev.crosstalk.results.io.AtomicFiles;
import dev.crosstalk.results.io.JUnitXml;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Builds realistic archives (following docs/formats.md) with the real {@link ArchiveWriter}, each part file
 * written by its real writer and so read back by {@link dev.crosstalk.results.archive.Archive} as a round trip:
 * JCStress results and sensitivity ({@link StressResults}, {@link Sensitivity}), JMH JSON with rawData and
 * ·gc.alloc.rate.norm (JMH's own format, from small records), the bench summary ({@link BenchSummary}), a load
 * summary, a real HdrHistogram interval log, leak records and a per-user CSV.
 */
public final class Synthetic {

    private static final ObjectMapper M = new ObjectMapper();

    public static final List<String> MANAGERS = List.of("ssot", "registry", "factory");
    /** benchmark → per manager base ns/op (same order as MANAGERS). */
    static final Map<String, double[]> BENCH = new LinkedHashMap<>();
    static final double[] ALLOC = {312, 420, 560};

    static {
        BENCH.put("dev.crosstalk.bench.CreationBenchmark.coldCreate", new double[]{120, 180, 260});
        BENCH.put("dev.crosstalk.bench.CreationBenchmark.warmLookup", new double[]{15, 40, 55});
        BENCH.put("dev.crosstalk.bench.DeliveryBenchmark.sendToUser", new double[]{800, 820, 900});
    }

    /** What to vary between synthetic runs. */
    public static final class Spec {
        public String profile = "nightly";
        public Instant started = Instant.parse("2026-11-20T01:00:00Z");
        public String sha = "0123456789abcdef0123456789abcdef01234567";
        public long seed = 42;
        /** Five forks of three iterations: the nightly profile's shape, where the fork is the sample. */
        public int forks = 5;
        public int iterations = 3;
        /** The relative spread (standard deviation of the log) of one fork's level around the benchmark's. */
        public double forkSpread = 0.01;
        /** When set, each fork lands at random in a slow mode this much slower (1.4 = 40%), as JIT states do. */
        public double slowModeFactor = 1.0;
        /** When &gt; 0, one more benchmark ({@code hotUser_Nthreads}) runs with this many threads. */
        public int extraThreads = 0;
        /** The seeded defect's name in stress/results.json (its recorded kind is {@code defect} whatever the name). */
        public String defectName = "defect.racy-factory-singleton";
        /** The name of the first correct path in stress/results.json (the one {@link #forbidden} breaks). */
        public String correctName = "ssot";
        /** The kind recorded for the correct path {@code registry} (a mislabelled archive: {@code defect}). */
        public String registryKind = "correct";
        /** When set, the sensitivity matrix holds only the three correct paths. */
        public boolean sensitivityWithoutDefects = false;
        /** When set (nightly and prerelease run {@code load --all}), the load part holds {@link #loadMatrix}'s matrix. */
        public boolean loadMatrix = true;
        /** When set, the load matrix has a defect no scenario caught (it does not hold). */
        public boolean loadMatrixMisses = false;
        /** When set, the stress probe over {@code factory} errored. */
        public boolean probeError = false;
        /** Multiplies that benchmark's values (only it). */
        public double extraFactor = 1.0;
        /** Multiplies every JMH rawData value (1.3 = 30% slower). */
        public double benchFactor = 1.0;
        /** Relative noise (standard deviation) of the JMH samples. */
        public double noise = 0.02;
        public double latencyFactor = 1.0;
        public int leaks = 0;
        public int losses = 0;
        /** Whether the correct path ssot shows a FORBIDDEN outcome. */
        public boolean forbidden = false;
        public int cpus = 2;
        /** Whether the seeded defect also shows a second forbidden outcome ({@code THREE_FACTORIES}). */
        public boolean defectShowsAnotherForbidden = false;
        /** When set, the run is aborted after the stress part (bench begun, load never started). */
        public boolean interrupted = false;
        /** Whether the correct path ssot breaks the contract in an explore scenario. */
        public boolean exploreCorrectViolation = false;
        /** Whether the seeded defect defect.check-then-act-registry escapes explore (every scenario clean). */
        public boolean exploreMissesDefect = false;
        /** An archive as written before the explore instrument: no explore part, its manifest does not list one. */
        public boolean legacy = false;

        public Spec with(java.util.function.Consumer<Spec> change) {
            change.accept(this);
            return this;
        }
    }

    private Synthetic() {
    }

    /**
     * Writes demo archives for trying the CLI by hand: {@code DIR/a} (a nightly), {@code DIR/b} (the same with
     * JMH 30% slower, latency 1.5×, 20 leaks), {@code DIR/history} (10 nightlies, a 30% step at the 7th).
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/demo-archives");
        System.out.println(write(Files.createDirectories(dir.resolve("a")), new Spec()));
        System.out.println(write(Files.createDirectories(dir.resolve("b")), new Spec().with(s -> {
            s.benchFactor = 1.3;
            s.seed = 7;
            s.latencyFactor = 1.5;
            s.leaks = 20;
            s.started = Instant.parse("2026-11-21T01:00:00Z");
            s.sha = "89abcdef0123456789abcdef0123456789abcdef";
        })));
        Path hist = Files.createDirectories(dir.resolve("history"));
        for (int i = 0; i < 10; i++) {
            int night = i;
            System.out.println(write(hist, new Spec().with(s -> {
                s.started = Instant.parse("2026-11-01T01:00:00Z").plusSeconds(86400L * night);
                s.seed = 100 + night;
                s.benchFactor = night >= 6 ? 1.3 : 1.0;
                s.latencyFactor = 1.0 + 0.03 * Math.sin(night);
                s.sha = String.format("%07x", 0xabc000 + night) + "0".repeat(33);
            })));
        }
    }

    public static Path write(Path dir, Spec s) throws IOException {
        Environment env = Environment.capture();
        env = new Environment(new Manifest.Jvm("Eclipse Adoptium", "17.0.15+6", "OpenJDK 64-Bit Server VM",
                List.of("-Xmx2g")), new Manifest.Os("Linux", "6.1.0", "amd64"), s.cpus,
                new Manifest.Memory(24L << 30, 2L << 30));
        RunInfo run = new RunInfo(s.profile, new Manifest.Git(s.sha, false), s.started, "run-" + s.seed, env, "0.1.0");
        Path work = Files.createTempDirectory("synthetic-run");
        Clock clock = Clock.fixed(s.started.plusSeconds(600), ZoneOffset.UTC);
        ArchiveWriter w = ArchiveWriter.begin(dir, run, clock);
        Random rnd = new Random(s.seed);

        Path stress = Files.createDirectories(work.resolve("stress"));
        w.startPart(Part.STRESS, Map.of("mode", "sanity", "split_compilation", false, "managers", "all"));
        StressResults results = stressResults(s);
        results.write(stress.resolve(StressResults.FILE));
        sensitivity(s).write(stress.resolve(Sensitivity.FILE));
        AtomicFiles.writeString(stress.resolve("junit.xml"), junit(results));
        Files.createDirectories(stress.resolve("report"));
        Files.writeString(stress.resolve("report/index.html"), "<html><body>JCStress report</body></html>\n");
        w.addPart(Part.STRESS, stress);
        w.markPart(Part.STRESS, PartStatus.COMPLETE, null);

        if (!s.legacy) {
            Path explore = Files.createDirectories(work.resolve("explore"));
            w.startPart(Part.EXPLORE, Map.of("managers", "all", "budget", 1000));
            ExploreResults found = exploreResults(s);
            found.write(explore.resolve(ExploreResults.FILE));
            exploreMatrix(found).write(explore.resolve("matrix.json"));
            w.addPart(Part.EXPLORE, explore);
            w.markPart(Part.EXPLORE, PartStatus.COMPLETE, null);
        }

        Path bench = Files.createDirectories(work.resolve("bench"));
        w.startPart(Part.BENCH, Map.of("forks", s.forks, "warmup_iterations", 1, "iterations", s.iterations,
                "warmup_time", "1s", "measurement_time", "1s", "profilers", List.of("gc")));
        if (s.interrupted) {
            AtomicFiles.writeString(bench.resolve("jmh.json"), jmh(s, rnd));
            w.addPart(Part.BENCH, bench);
            Path p = w.abort("interrupted (signal): test");
            deleteTree(work);
            return p;
        }
        AtomicFiles.writeString(bench.resolve("jmh.json"), jmh(s, rnd));
        benchSummary(s).write(bench.resolve(BenchSummary.FILE));
        w.addPart(Part.BENCH, bench);
        w.markPart(Part.BENCH, PartStatus.COMPLETE, null);

        Path load = Files.createDirectories(work.resolve("load"));
        w.startPart(Part.LOAD, Map.of("scenario", "steady", "users", 200, "sessions", 400, "runs", 2000,
                "target", "embedded", "manager", "ssot"));
        // through the load driver's own writer: the archive reads what the driver writes
        LoadFiles.write(load, loadSummary(s), leaks(s), perUser(s), hlog(s, rnd));
        if (s.loadMatrix) {
            loadMatrix(s.loadMatrixMisses).write(load.resolve("matrix.json"));
        }
        w.addPart(Part.LOAD, load);
        w.markPart(Part.LOAD, PartStatus.COMPLETE, null);
        Path p = w.finish();
        deleteTree(work);
        return s.legacy ? withoutExploreInManifest(p) : p;
    }

    /**
     * Rewrites a finished archive's manifest as crosstalk wrote it before the explore instrument: no {@code explore}
     * key in {@code parts} or {@code config} (the writer of today lists every part it knows, run or not).
     */
    static Path withoutExploreInManifest(Path archive) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        ObjectNode manifest = (ObjectNode) M.readTree(entries.get(Manifest.FILE));
        ((ObjectNode) manifest.get("parts")).remove(Part.EXPLORE.dir());
        if (manifest.get("config") instanceof ObjectNode config) {
            config.remove(Part.EXPLORE.dir());
        }
        entries.put(Manifest.FILE, M.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return archive;
    }

    /** The load matrix's columns of the synthetic runs. */
    static final List<String> LOAD_COLUMNS = List.of("steady/tame", "churn/tame", "first-use/tame");

    /**
     * A load sensitivity matrix as {@code load --all} builds it (mode {@code load}, unaided): the correct paths clean,
     * a defect caught only by first-use, one caught by churn; with {@code misses}, one more never caught (so the
     * matrix does not hold).
     */
    static Sensitivity loadMatrix(boolean misses) {
        List<String[]> table = new ArrayList<>(List.of(
                new String[]{"ssot", "correct", null, "clean", "clean", "clean"},
                new String[]{"registry", "correct", null, "clean", "clean", "clean"},
                new String[]{"defect.check-then-act-registry", "defect", "loss", "clean", "clean", "caught"},
                new String[]{"defect.register-after-ready", "defect", "loss", "clean", "caught", "clean"}));
        if (misses) {
            table.add(new String[]{"defect.unsynchronized-connections", "defect", "loss", "clean", "clean", "clean"});
        }
        List<Sensitivity.Row> rows = new ArrayList<>();
        for (String[] r : table) {
            Map<String, String> cells = new LinkedHashMap<>();
            List<String> caught = new ArrayList<>();
            for (int i = 0; i < LOAD_COLUMNS.size(); i++) {
                cells.put(LOAD_COLUMNS.get(i), r[3 + i]);
                if (r[3 + i].equals(Verdict.CAUGHT)) {
                    caught.add(LOAD_COLUMNS.get(i));
                }
            }
            rows.add(new Sensitivity.Row(r[0], r[1], r[2], cells, List.of(),
                    Verdict.of("correct".equals(r[1]), r[2], caught, List.of(), "amd64")));
        }
        return Sensitivity.of("amd64", "load", LOAD_COLUMNS, rows, 0L);
    }

    /** The explore scenarios of the synthetic runs, in the engine's order. */
    static final List<String> SCENARIOS = List.of("same-user-obtain", "different-users-emit", "reconnect-vs-emit");

    /**
     * {@code explore/results.json}: three correct paths clean in every scenario; two seeded defects each caught by
     * one scenario, with a trace and a replay token; the jmm defect clean (sequential consistency cannot show it).
     */
    static ExploreResults exploreResults(Spec s) {
        String[][] managers = {
                {"ssot", "correct", null, s.exploreCorrectViolation ? "different-users-emit" : null},
                {"registry", "correct", null, null},
                {"factory", "correct", null, null},
                {"defect.check-then-act-registry", "defect", "duplicate-manager", s.exploreMissesDefect ? null : "same-user-obtain"},
                {"defect.shared-recovery-queue", "defect", "leak", "reconnect-vs-emit"},
                {"defect.unsafe-publication", "defect", "jmm", null},
        };
        List<ExploreResults.Row> rows = new ArrayList<>();
        for (String[] m : managers) {
            for (String scenario : SCENARIOS) {
                boolean violation = scenario.equals(m[3]);
                rows.add(violation
                        ? new ExploreResults.Row(m[0], m[1], m[2], scenario, ExploreResults.VIOLATION, 17, 0.4,
                        "an event of user-a reached a connection of user-b",
                        List.of("T1 obtain(user-a)", "T2 obtain(user-a)", "T1 emit(run-1, event-1)", "T2 deliver to user-b"),
                        "v1:" + m[0] + ":" + scenario + ":17")
                        : new ExploreResults.Row(m[0], m[1], m[2], scenario, ExploreResults.CLEAN, 1000, 2.5, null,
                        List.of(), null));
            }
        }
        return new ExploreResults(ExploreResults.SCHEMA, ExploreResults.INSTRUMENT, "synthetic 1.0", 42L, 1000, null,
                s.started.plusSeconds(210).toString(), s.started.plusSeconds(260).toString(), rows);
    }

    /** {@code explore/matrix.json} of {@code found}: the rule is results' {@link Verdict#ofExplore}. */
    static Sensitivity exploreMatrix(ExploreResults found) {
        Map<String, List<ExploreResults.Row>> byManager = new LinkedHashMap<>();
        found.results().forEach(r -> byManager.computeIfAbsent(r.manager(), m -> new ArrayList<>()).add(r));
        List<Sensitivity.Row> rows = new ArrayList<>();
        byManager.forEach((manager, list) -> {
            Map<String, String> cells = new LinkedHashMap<>();
            list.forEach(r -> cells.put(r.scenario(), ExploreResults.VIOLATION.equals(r.outcome()) ? Verdict.CAUGHT : Verdict.CLEAN));
            List<String> caught = list.stream().filter(r -> ExploreResults.VIOLATION.equals(r.outcome()))
                    .map(ExploreResults.Row::scenario).toList();
            ExploreResults.Row first = list.get(0);
            rows.add(new Sensitivity.Row(manager, first.kind(), first.failureClass(), cells, List.of(),
                    Verdict.ofExplore("correct".equals(first.kind()), first.failureClass(), caught, List.of())));
        });
        return Sensitivity.of("amd64", "budget 1000, seed 42", SCENARIOS, rows);
    }

    /** One entry of JMH's own {@code -rf json} output, as JMH 1.37 writes it (camelCase, its field order). */
    record JmhRun(String jmhVersion, String benchmark, String mode, int threads, int forks, String jvm,
                  List<String> jvmArgs, int warmupIterations, int measurementIterations, Map<String, String> params,
                  JmhMetric primaryMetric, Map<String, JmhMetric> secondaryMetrics) {
    }

    /** A JMH metric: the score, its 99.9% error and interval, percentiles, and every iteration of every fork. */
    record JmhMetric(double score, double scoreError, List<Double> scoreConfidence, Map<String, Double> scorePercentiles,
                     String scoreUnit, List<List<Double>> rawData) {

        static JmhMetric of(double score, double error, String unit, List<List<Double>> rawData) {
            Map<String, Double> percentiles = new LinkedHashMap<>();
            percentiles.put("0.0", score * 0.95);
            percentiles.put("50.0", score);
            percentiles.put("100.0", score * 1.05);
            return new JmhMetric(score, error, List.of(score - error, score + error), percentiles, unit, rawData);
        }
    }

    /** JMH's JSON for every benchmark × manager: rawData with per-fork bias and noise, and ·gc.alloc.rate.norm. */
    static String jmh(Spec s, Random rnd) throws IOException {
        List<JmhRun> runs = new ArrayList<>();
        for (var e : BENCH.entrySet()) {
            for (int m = 0; m < MANAGERS.size(); m++) {
                double base = e.getValue()[m] * s.benchFactor;
                List<List<Double>> raw = new ArrayList<>();
                double sum = 0;
                int n = 0;
                for (int f = 0; f < s.forks; f++) {
                    List<Double> fork = new ArrayList<>();
                    double forkBias = Math.exp(s.forkSpread * rnd.nextGaussian())
                            * (rnd.nextBoolean() ? s.slowModeFactor : 1.0);
                    for (int i = 0; i < s.iterations; i++) {
                        double v = base * forkBias * (1 + s.noise * rnd.nextGaussian());
                        fork.add(v);
                        sum += v;
                        n++;
                    }
                    raw.add(fork);
                }
                double mean = sum / n;
                List<List<Double>> allocRaw = new ArrayList<>();
                for (int f = 0; f < s.forks; f++) {
                    List<Double> fork = new ArrayList<>();
                    for (int i = 0; i < s.iterations; i++) {
                        fork.add(ALLOC[m] + (i % 2 == 0 ? 0.001 : 0.002));
                    }
                    allocRaw.add(fork);
                }
                Map<String, String> params = new LinkedHashMap<>();
                params.put("manager", MANAGERS.get(m));
                params.put("connections", "1");
                runs.add(new JmhRun("1.37", e.getKey(), "avgt", 1, s.forks, "/usr/lib/jvm/java-17-openjdk-amd64/bin/java",
                        List.of("-Xmx1g"), 1, s.iterations, params, JmhMetric.of(mean, mean * s.noise * 2, "ns/op", raw),
                        Map.of("·gc.alloc.rate.norm", JmhMetric.of(ALLOC[m], 0.01, "B/op", allocRaw))));
            }
        }
        if (s.extraThreads > 0) {
            List<List<Double>> raw = new ArrayList<>();
            for (int f = 0; f < s.forks; f++) {
                List<Double> fork = new ArrayList<>();
                for (int i = 0; i < s.iterations; i++) {
                    fork.add(900 * s.extraFactor * (1 + s.noise * rnd.nextGaussian()));
                }
                raw.add(fork);
            }
            runs.add(new JmhRun("1.37", "dev.crosstalk.bench.CreationBenchmark.hotUser_" + s.extraThreads + "threads",
                    "avgt", s.extraThreads, s.forks, "/usr/lib/jvm/java-17-openjdk-amd64/bin/java", List.of("-Xmx1g"), 1,
                    s.iterations, Map.of("manager", "ssot"), JmhMetric.of(900 * s.extraFactor, 10, "ns/op", raw), Map.of()));
        }
        return M.writerWithDefaultPrettyPrinter().writeValueAsString(runs);
    }

    /** {@code bench/summary.json}: JMH's scores per benchmark × manager. */
    static BenchSummary benchSummary(Spec s) {
        List<BenchSummary.Row> rows = new ArrayList<>();
        for (var e : BENCH.entrySet()) {
            for (int m = 0; m < MANAGERS.size(); m++) {
                Map<String, String> params = new LinkedHashMap<>();
                params.put("manager", MANAGERS.get(m));
                params.put("connections", "1");
                rows.add(new BenchSummary.Row(e.getKey(), MANAGERS.get(m), params, 1, "avgt",
                        e.getValue()[m] * s.benchFactor, e.getValue()[m] * 0.04, "ns/op", ALLOC[m]));
            }
        }
        return BenchSummary.of(s.profile, rows);
    }

    /** {@code stress/results.json}: factory-singleton against three correct paths and a seeded defect, one more probe. */
    static StressResults stressResults(Spec s) {
        String fs = "dev.crosstalk.stress.FactorySingletonProbe";
        List<StressResults.Test> tests = new ArrayList<>();
        List<StressResults.ManagerSummary> managers = new ArrayList<>();
        for (String mgr : List.of(s.correctName, "registry", "factory", s.defectName)) {
            boolean defect = mgr.equals(s.defectName);
            boolean forb = defect || (s.forbidden && mgr.equals(s.correctName));
            List<StressResults.Configuration> cfgs = new ArrayList<>();
            for (String args : List.of("-XX:-TieredCompilation", "-XX:TieredStopAtLevel=1")) {
                List<StressResults.Outcome> outs = new ArrayList<>();
                outs.add(new StressResults.Outcome("ONE_FACTORY", "ACCEPTABLE", 1_234_567, "both threads saw the same factory"));
                outs.add(new StressResults.Outcome("TWO_FACTORIES", "FORBIDDEN", forb ? 6 : 0, "two factories were created"));
                if (defect && s.defectShowsAnotherForbidden) {
                    outs.add(new StressResults.Outcome("THREE_FACTORIES", "FORBIDDEN", 2, "three factories were created"));
                }
                cfgs.add(new StressResults.Configuration(List.of(args), outs));
            }
            boolean error = s.probeError && mgr.equals("factory");
            tests.add(new StressResults.Test(fs, "factory-singleton", mgr, "factory-singleton: one factory per backend",
                    error ? TestStatus.ERROR : forb ? TestStatus.FAILED : TestStatus.PASSED,
                    error ? "a fork crashed" : forb ? "FORBIDDEN outcome 'TWO_FACTORIES' seen 12 times" : null, false, cfgs));
            managers.add(new StressResults.ManagerSummary(mgr,
                    defect ? "defect" : mgr.equals("registry") ? s.registryKind : "correct",
                    defect ? "duplicate-manager" : null, forb ? "failed" : "passed", forb ? 1 : 0, 50.0, forb ? 1 : 0,
                    List.of(), "report/" + mgr));
        }
        tests.add(new StressResults.Test("dev.crosstalk.stress.RegistryGetOrCreateProbe", "registry-get-or-create",
                "registry", "registry-get-or-create: one manager per key", TestStatus.PASSED, null, false,
                List.of(new StressResults.Configuration(List.of(), List.of(new StressResults.Outcome("SAME_MANAGER",
                        "ACCEPTABLE", 99_000, "both actors got the one manager"))))));
        return new StressResults(StressResults.SCHEMA, StressResults.INSTRUMENT, StressResults.JCSTRESS_VERSION, "sanity",
                s.started.toString(), s.started.plusSeconds(200).toString(),
                new StressResults.Platform("amd64", s.cpus, "17.0.15"),
                new StressResults.Options(".*", false, 50, List.of(), List.of()), managers, tests);
    }

    /** {@code stress/junit.xml}: a case per test of {@code results}, failures for forbidden outcomes. */
    static String junit(StressResults results) {
        List<JUnitXml.Case> cases = new ArrayList<>();
        for (StressResults.Test t : results.tests()) {
            String name = t.probe() + "[" + t.manager() + "]";
            cases.add(t.status() == TestStatus.FAILED ? JUnitXml.Case.failure(t.test(), name, t.message()).withType("FORBIDDEN")
                    : JUnitXml.Case.passed(t.test(), name));
        }
        return JUnitXml.suite(JUnitXml.Suite.of("stress", cases));
    }

    /** {@code stress/sensitivity.json}: three correct paths clean, four defects caught, the jmm one not observed. */
    static Sensitivity sensitivity(Spec s) {
        List<String> probes = List.of("factory-singleton", "registry-get-or-create", "isolation-interleaving",
                "recovery-queue", "publication");
        String[][] table = {
                {"ssot", "correct", null, "clean", "clean", "clean", "clean", "clean", "clean"},
                {"registry", "correct", null, "clean", "clean", "clean", "clean", "clean", "clean"},
                {"factory", "correct", null, "clean", "clean", "clean", "clean", "clean", "clean"},
                {"defect.racy-factory-singleton", "defect", "duplicate-manager", "caught", "clean", "clean", "clean", "clean", "caught"},
                {"defect.check-then-act-registry", "defect", "duplicate-manager", "clean", "caught", "clean", "clean", "clean", "caught"},
                {"defect.shared-singleton-manager", "defect", "leak", "clean", "clean", "caught", "clean", "clean", "caught"},
                {"defect.shared-recovery-queue", "defect", "leak", "clean", "clean", "clean", "caught", "clean", "caught"},
                {"defect.unsafe-publication", "defect", "jmm", "clean", "clean", "clean", "clean", "clean", "not observed on amd64"},
        };
        List<Sensitivity.Row> rows = new ArrayList<>();
        for (String[] r : table) {
            if (s.sensitivityWithoutDefects && r[1].equals("defect")) {
                continue;
            }
            Map<String, String> cells = new LinkedHashMap<>();
            for (int i = 0; i < probes.size(); i++) {
                cells.put(probes.get(i), r[3 + i]);
            }
            rows.add(new Sensitivity.Row(r[0], r[1], r[2], cells, List.of(), r[8]));
        }
        return Sensitivity.of("amd64", "sanity", probes, rows);
    }

    static LoadSummary loadSummary(Spec s) {
        double f = s.latencyFactor;
        Map<String, Long> findings = new LinkedHashMap<>();
        findings.put("leaks", (long) s.leaks);
        findings.put("losses", (long) s.losses);
        findings.put("order_violations", 0L);
        findings.put("duplicates", 0L);
        Map<String, Long> errors = new LinkedHashMap<>();
        errors.put("connect_failed", 0L);
        errors.put("handshake_refused", 0L);
        errors.put("server_errors", 0L);
        Map<String, LoadSummary.Latency> lat = new LinkedHashMap<>();
        lat.put("connect", new LoadSummary.Latency(400, 300 * f, 450 * f, 900 * f,
                2000 * f, 3000 * f));
        lat.put("first_event", new LoadSummary.Latency(2000, 80 * f, 120 * f, 260 * f,
                600 * f, 900 * f));
        lat.put("run", new LoadSummary.Latency(2000, 2000 * f, 2600 * f, 4000 * f,
                7000 * f, 9000 * f));
        // exact counts, beyond what leaks.jsonl keeps
        List<LoadSummary.LeakPair> top = s.leaks == 0 ? List.of()
                : List.of(new LoadSummary.LeakPair("user-00007", "user-00003",
                40L * s.leaks));
        return new LoadSummary(1, "load", "steady", "ssot", "embedded", 200, 400, 12.3,
                new LoadSummary.Runs(2000, 2000, 2000 - s.losses), 10000,
                160.1 / f, 800.5 / f, findings, top, errors, lat, null);
    }

    /** A real HdrHistogram interval log: 6 intervals of 2 s, one histogram per tag, values in ns (log-normal). */
    static LatencyLog.Intervals hlog(Spec s, Random rnd) {
        long start = s.started.toEpochMilli();
        Map<String, double[]> tags = new LinkedHashMap<>();       // median µs, sigma, samples per interval
        tags.put("connect", new double[]{300, 0.5, 70});
        tags.put("first_event", new double[]{80, 0.6, 340});
        tags.put("run", new double[]{2000, 0.4, 340});
        List<Histogram> intervals = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            for (var e : tags.entrySet()) {
                Histogram h = new Histogram(3_600_000_000_000L, 3);
                h.setTag(e.getKey());
                h.setStartTimeStamp(start + i * 2000L);
                h.setEndTimeStamp(start + (i + 1) * 2000L);
                for (int k = 0; k < (int) e.getValue()[2]; k++) {
                    double us = e.getValue()[0] * s.latencyFactor * Math.exp(e.getValue()[1] * rnd.nextGaussian());
                    h.recordValue(Math.max(1, Math.round(us * 1000)));
                }
                intervals.add(h);
            }
        }
        return LatencyLog.Intervals.of(start, intervals);
    }

    static List<LeakRecord> leaks(Spec s) {
        List<LeakRecord> out = new ArrayList<>();
        for (int i = 0; i < s.leaks; i++) {
            out.add(new LeakRecord(
                    String.format("user-%03d", i % 7 < 4 ? 3 : i % 5), String.format("user-%03d", i % 3 == 0 ? 12 : 10 + i % 2),
                    "tool_executing", "run-" + i, s.started.plusMillis(i * 13L).toString()));
        }
        return out;
    }

    static List<PerUserRow> perUser(Spec s) {
        List<PerUserRow> out = new ArrayList<>();
        for (int u = 0; u < 20; u++) {
            out.add(new PerUserRow(String.format("user-%03d", u), 10,
                    u < 5 && s.leaks > 0 ? s.leaks / 5 : 0, u >= 10 && u < 14 && s.leaks > 0 ? s.leaks / 4 : 0,
                    u == 0 ? s.losses : 0));
        }
        return out;
    }

    static void deleteTree(Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
