package dev.crosstalk.results.archive;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A result archive, read and checked. {@link #open(Path)} reads every entry through {@link EntryReader} (so a
 * corrupt entry is found at once, by its CRC-32 and its length, whatever its header declares), checks the manifest's schema and parses each part's known files; every problem is an
 * {@link ArchiveException} whose message names the file and what is wrong with it.
 */
public final class Archive {

    /**
     * The most a file crosstalk reads ({@link #KNOWN}) may hold: it is kept in memory, so a larger one is refused as
     * too large (a real run's largest, jmh.json with rawData, is a few MB).
     */
    static final long KEEP_LIMIT = 64L << 20;
    /** The most any other entry (the raw JCStress report and the like) may hold: it is checked, streamed, not kept. */
    static final long OTHER_LIMIT = 2L << 30;

    private final Path file;
    private final Manifest manifest;
    private final Set<String> entries;
    private final Map<String, byte[]> kept;
    private final StressResults stress;
    private final Sensitivity sensitivity;
    private final ExploreResults explore;
    private final Sensitivity exploreMatrix;
    private final Sensitivity loadMatrix;
    private final ResourceSeries loadResources;
    private final List<JmhBenchmark> jmh;
    private final BenchSummary benchSummary;
    private final LoadSummary loadSummary;
    private final LatencyLog latency;
    private final List<LeakRecord> leaks;
    private final List<PerUserRow> perUser;

    public static final String STRESS_RESULTS = "stress/results.json";
    public static final String STRESS_SENSITIVITY = "stress/sensitivity.json";
    public static final String EXPLORE_RESULTS = "explore/results.json";
    public static final String EXPLORE_MATRIX = "explore/matrix.json";
    public static final String BENCH_JMH = "bench/jmh.json";
    public static final String BENCH_SUMMARY = "bench/summary.json";
    public static final String LOAD_SUMMARY = "load/summary.json";
    public static final String LOAD_LATENCY = "load/latency.hlog";
    public static final String LOAD_LEAKS = "load/leaks.jsonl";
    public static final String LOAD_PER_USER = "load/per-user.csv";
    public static final String LOAD_MATRIX = "load/matrix.json";
    public static final String LOAD_RESOURCES = "load/" + ResourceSeries.FILE;

    private static final Set<String> KNOWN = Set.of(Manifest.FILE, STRESS_RESULTS, STRESS_SENSITIVITY, EXPLORE_RESULTS,
            EXPLORE_MATRIX, BENCH_JMH,
            BENCH_SUMMARY, LOAD_SUMMARY, LOAD_LATENCY, LOAD_LEAKS, LOAD_PER_USER, LOAD_MATRIX, LOAD_RESOURCES);

    private Archive(Path file) {
        this.file = file;
        Map<String, byte[]> data = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>();
        if (!Files.exists(file)) {
            throw fail("no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw fail("not a regular file");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                if (!names.add(e.getName())) {
                    // ZipFile would serve one of the two: which one a reader sees is not for the archive to decide
                    throw fail("entry " + e.getName() + " appears twice (a damaged or forged archive)");
                }
                boolean keep = KNOWN.contains(e.getName());
                try {
                    byte[] b = EntryReader.read(zip, e, keep ? KEEP_LIMIT : OTHER_LIMIT, keep);
                    if (keep) {
                        data.put(e.getName(), b);
                    }
                } catch (EntryReader.BadEntry | EntryReader.TooLarge ex) {
                    throw fail("entry " + e.getName() + " " + ex.getMessage(), ex);
                }
            }
        } catch (ZipException | IllegalArgumentException e) {
            // IllegalArgumentException: ZipFile's answer to an entry name that is not valid UTF-8
            throw fail("not a readable zip archive: truncated or corrupt (" + e.getMessage() + ")", e);
        } catch (NoSuchFileException e) {
            throw fail("no such file", e);
        } catch (IOException e) {
            throw fail("cannot be read (" + e + ")", e);
        }
        this.entries = Collections.unmodifiableSet(names);
        this.kept = data;
        byte[] m = data.get(Manifest.FILE);
        if (m == null) {
            throw fail("no manifest.json: not a crosstalk result archive, or written by a run that was killed"
                    + " before it could close the archive");
        }
        this.manifest = parseManifest(m);
        this.stress = part(STRESS_RESULTS, StressResults.class);
        this.sensitivity = part(STRESS_SENSITIVITY, Sensitivity.class);
        // archives written before the explore instrument have neither file: both stay empty
        this.explore = part(EXPLORE_RESULTS, ExploreResults.class);
        this.exploreMatrix = part(EXPLORE_MATRIX, Sensitivity.class);
        this.jmh = parseJmh();
        this.benchSummary = part(BENCH_SUMMARY, BenchSummary.class);
        this.loadSummary = part(LOAD_SUMMARY, LoadSummary.class);
        // only runs whose profile runs the load matrix (load --all) have it
        this.loadMatrix = part(LOAD_MATRIX, Sensitivity.class);
        // only soaks (the prerelease load) sample resources
        this.loadResources = part(LOAD_RESOURCES, ResourceSeries.class);
        this.latency = parseLatency();
        this.leaks = parseLeaks();
        this.perUser = parsePerUser();
    }

    /** Opens and checks an archive. */
    public static Archive open(Path file) {
        return new Archive(file);
    }

    public Path file() {
        return file;
    }

    /** The file name without {@code .zip}. */
    public String name() {
        String n = file.getFileName().toString();
        return n.endsWith(".zip") ? n.substring(0, n.length() - 4) : n;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Every file entry name. */
    public Set<String> entries() {
        return entries;
    }

    /** The bytes of an entry, read again from the file if it was not kept. */
    public Optional<byte[]> bytes(String entry) {
        if (kept.containsKey(entry)) {
            return Optional.of(kept.get(entry));
        }
        if (!entries.contains(entry)) {
            return Optional.empty();
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry(entry);
            if (e == null) {
                throw fail("entry " + entry + " is no longer in the file");
            }
            return Optional.of(EntryReader.read(zip, e, KEEP_LIMIT, true));
        } catch (IOException | EntryReader.BadEntry | EntryReader.TooLarge e) {
            throw fail("entry " + entry + " cannot be read (" + e.getMessage() + ")", e);
        }
    }

    public PartStatus status(Part part) {
        return manifest.partStatus(part);
    }

    public Optional<StressResults> stress() {
        return Optional.ofNullable(stress);
    }

    public Optional<Sensitivity> sensitivity() {
        return Optional.ofNullable(sensitivity);
    }

    /** What the explore instrument found ({@code explore/results.json}); empty in archives without an explore part. */
    public Optional<ExploreResults> explore() {
        return Optional.ofNullable(explore);
    }

    /** The explore matrix of an all-providers explore run ({@code explore/matrix.json}), judged by {@link Verdict}. */
    public Optional<Sensitivity> exploreMatrix() {
        return Optional.ofNullable(exploreMatrix);
    }

    /** JMH's results; empty when the archive has no {@code bench/jmh.json}. */
    public Optional<List<JmhBenchmark>> jmh() {
        return Optional.ofNullable(jmh);
    }

    public Optional<BenchSummary> benchSummary() {
        return Optional.ofNullable(benchSummary);
    }

    public Optional<LoadSummary> loadSummary() {
        return Optional.ofNullable(loadSummary);
    }

    /**
     * The load sensitivity matrix of a {@code load --all} run ({@code load/matrix.json}: provider × scenario, unaided),
     * judged by {@link Verdict}; empty when the profile did not run it.
     */
    public Optional<Sensitivity> loadMatrix() {
        return Optional.ofNullable(loadMatrix);
    }

    /** The heap and descriptors a soak sampled ({@code load/resources.json}); empty when the load was no soak. */
    public Optional<ResourceSeries> loadResources() {
        return Optional.ofNullable(loadResources);
    }

    public Optional<LatencyLog> latency() {
        return Optional.ofNullable(latency);
    }

    /** The attributed leak records (empty when none or no file). */
    public List<LeakRecord> leaks() {
        return leaks;
    }

    public List<PerUserRow> perUser() {
        return perUser;
    }

    @Override
    public String toString() {
        return file.toString();
    }

    // ------------------------------------------------------------------ parsing

    private ArchiveException fail(String problem) {
        return new ArchiveException(file + ": " + problem);
    }

    private ArchiveException fail(String problem, Throwable cause) {
        return new ArchiveException(file + ": " + problem, cause);
    }

    private Manifest parseManifest(byte[] bytes) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw fail("manifest.json is not valid JSON (" + shortMessage(e) + ")", e);
        }
        if (tree == null || !tree.isObject()) {
            throw fail("manifest.json is not a JSON object");
        }
        JsonNode schema = tree.get("schema");
        if (schema == null || !schema.canConvertToInt() || !schema.isIntegralNumber()) {
            throw fail("manifest.json has no integer 'schema' version");
        }
        int v = schema.intValue();
        if (v > Manifest.SCHEMA) {
            throw fail("manifest.json has schema " + v + ", newer than this crosstalk reads (" + Manifest.SCHEMA
                    + "): use a newer crosstalk to read it");
        }
        if (v < 1) {
            throw fail("manifest.json has an invalid schema " + v);
        }
        Manifest m;
        try {
            m = Json.mapper().treeToValue(tree, Manifest.class);
        } catch (IOException | IllegalArgumentException e) {
            throw fail("manifest.json does not match schema " + v + " (" + shortMessage(e) + ")", e);
        }
        // compare, trend and the baseline window order archives by these: check them here, once
        instant("started", m.started());
        instant("ended", m.ended());
        return m;
    }

    private void instant(String field, String value) {
        if (value == null) {
            return;
        }
        try {
            Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw fail("manifest.json '" + field + "' is not an ISO-8601 UTC instant like 2026-11-20T01:00:00Z: \""
                    + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + "\"", e);
        }
    }

    private JsonNode tree(String entry) {
        byte[] b = kept.get(entry);
        if (b == null) {
            return null;
        }
        try {
            JsonNode t = Json.mapper().readTree(b);
            if (t == null || t.isMissingNode()) {
                throw fail(entry + " is empty");
            }
            return t;
        } catch (IOException e) {
            throw fail(entry + " is not valid JSON (" + shortMessage(e) + ")", e);
        }
    }

    private <T> T part(String entry, Class<T> type) {
        JsonNode t = tree(entry);
        if (t == null) {
            return null;
        }
        JsonNode schema = t.get("schema");
        if (schema != null && schema.isIntegralNumber() && schema.intValue() > 1) {
            throw fail(entry + " has schema " + schema.intValue() + ", newer than this crosstalk reads (1)");
        }
        try {
            return Json.mapper().treeToValue(t, type);
        } catch (IOException | IllegalArgumentException e) {
            throw fail(entry + " does not follow docs/formats.md (" + shortMessage(e) + ")", e);
        }
    }

    private List<JmhBenchmark> parseJmh() {
        JsonNode t = tree(BENCH_JMH);
        if (t == null) {
            return null;
        }
        if (!t.isArray()) {
            throw fail(BENCH_JMH + " is not JMH's JSON (expected an array of benchmarks)");
        }
        List<JmhBenchmark> out = new ArrayList<>();
        int i = 0;
        for (JsonNode b : t) {
            JsonNode pm = b.get("primaryMetric");
            if (!b.hasNonNull("benchmark") || pm == null || !pm.isObject()) {
                throw fail(BENCH_JMH + ": entry " + i + " has no 'benchmark' or 'primaryMetric'");
            }
            Map<String, String> params = new TreeMap<>();
            JsonNode ps = b.get("params");
            if (ps != null && ps.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = ps.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    params.put(e.getKey(), e.getValue().asText());
                }
            }
            Double allocScore = null;
            List<List<Double>> allocByFork = List.of();
            JsonNode sec = b.get("secondaryMetrics");
            if (sec != null && sec.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = sec.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                        allocScore = e.getValue().path("score").isNumber() ? e.getValue().get("score").doubleValue() : null;
                        allocByFork = perFork(e.getValue().get("rawData"));
                    }
                }
            }
            out.add(new JmhBenchmark(b.get("benchmark").asText(), b.path("mode").asText("avgt"),
                    b.path("threads").asInt(1), b.path("forks").asInt(1), params,
                    pm.path("scoreUnit").asText(""), pm.path("score").asDouble(Double.NaN),
                    pm.path("scoreError").isNumber() ? pm.get("scoreError").asDouble() : Double.NaN,
                    flat(samplesByFork(pm)), flat(allocByFork), allocScore, samplesByFork(pm), allocByFork));
            i++;
        }
        return List.copyOf(out);
    }

    /**
     * {@code rawData} per fork; in sample-time mode JMH writes {@code rawDataHistogram} instead (per fork, per
     * iteration, [value, count] pairs): then each iteration's mean is one sample of its fork.
     */
    private static List<List<Double>> samplesByFork(JsonNode pm) {
        List<List<Double>> raw = perFork(pm.get("rawData"));
        JsonNode hist = pm.get("rawDataHistogram");
        if (!raw.isEmpty() || hist == null || !hist.isArray()) {
            return raw;
        }
        List<List<Double>> out = new ArrayList<>();
        for (JsonNode fork : hist) {
            List<Double> iterations = new ArrayList<>();
            for (JsonNode iteration : fork) {
                double sum = 0;
                double count = 0;
                for (JsonNode pair : iteration) {
                    if (pair.isArray() && pair.size() >= 2) {
                        sum += pair.get(0).asDouble() * pair.get(1).asDouble();
                        count += pair.get(1).asDouble();
                    }
                }
                if (count > 0) {
                    iterations.add(sum / count);
                }
            }
            out.add(List.copyOf(iterations));
        }
        return List.copyOf(out);
    }

    /** {@code rawData[fork][iteration]}; a flat array of numbers is read as one fork. */
    private static List<List<Double>> perFork(JsonNode raw) {
        List<List<Double>> out = new ArrayList<>();
        List<Double> loose = new ArrayList<>();
        if (raw != null && raw.isArray()) {
            for (JsonNode fork : raw) {
                if (fork.isArray()) {
                    List<Double> values = new ArrayList<>();
                    for (JsonNode v : fork) {
                        if (v.isNumber()) {
                            values.add(v.doubleValue());
                        }
                    }
                    out.add(List.copyOf(values));
                } else if (fork.isNumber()) {
                    loose.add(fork.doubleValue());
                }
            }
        }
        if (!loose.isEmpty()) {
            out.add(List.copyOf(loose));
        }
        return List.copyOf(out);
    }

    private static List<Double> flat(List<List<Double>> forks) {
        return forks.stream().flatMap(List::stream).toList();
    }

    private LatencyLog parseLatency() {
        byte[] b = kept.get(LOAD_LATENCY);
        if (b == null) {
            return null;
        }
        try {
            return LatencyLog.parse(b);
        } catch (RuntimeException e) {
            throw fail(LOAD_LATENCY + " is not a readable HdrHistogram interval log (" + e + ")", e);
        }
    }

    private List<LeakRecord> parseLeaks() {
        byte[] b = kept.get(LOAD_LEAKS);
        try {
            return b == null ? List.of() : LoadFiles.readLeaks(b);
        } catch (IllegalArgumentException e) {
            throw fail(LOAD_LEAKS + " " + e.getMessage(), e.getCause() != null ? e.getCause() : e);
        }
    }

    private List<PerUserRow> parsePerUser() {
        byte[] b = kept.get(LOAD_PER_USER);
        try {
            return b == null ? List.of() : LoadFiles.readPerUser(b);
        } catch (IllegalArgumentException e) {
            throw fail(LOAD_PER_USER + " " + e.getMessage(), e.getCause() != null ? e.getCause() : e);
        }
    }

    /** The first line of a parser's message, without Jackson's location suffix. */
    static String shortMessage(Exception e) {
        String m = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
