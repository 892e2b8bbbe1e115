package dev.crosstalk.stress.export;

import org.openjdk.jcstress.infra.TestInfo;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.TestGrading;
import org.openjdk.jcstress.infra.runners.TestConfig;
import org.openjdk.jcstress.infra.runners.TestList;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Exports a JCStress 0.16 result file ({@code jcstress-results-*.bin.gz}) to JSON, reading it with
 * JCStress's own {@link DiskReadCollector} and grading each result with JCStress's own
 * {@link TestGrading} (which needs the tests' metadata from this jar's {@code META-INF/TestList}:
 * that is why the export runs here, in a JVM with {@code jcstress.jar} on the class path, and not in
 * the harness).
 *
 * <p>Usage: {@code java -cp jcstress.jar dev.crosstalk.stress.export.ExportResults RESULT_FILE OUT_JSON [TEST_REGEX]}.
 * The output is raw and per fork: one entry per {@link TestResult} (status, JVM arguments, messages,
 * graded outcomes), plus {@code expected_tests}, every test of the jar the regex selects, so the
 * reader can tell a test that never ran (skipped) from one that passed. Exit codes: 0 written,
 * 2 bad arguments, 3 the result file is missing or unreadable.
 */
public final class ExportResults {

    /** The schema of the raw export; the harness checks it. */
    public static final int SCHEMA = 1;

    private ExportResults() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: ExportResults RESULT_FILE OUT_JSON [TEST_REGEX]");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String regex = args.length == 3 ? args[2] : ".*";
        try {
            List<TestResult> results = read(in);
            write(results, expectedTests(regex), out);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            System.err.println("cannot export " + in + ": " + e);
            System.exit(3);
        }
    }

    /** Every result in {@code file}, in file order. */
    public static List<TestResult> read(Path file) throws IOException, ClassNotFoundException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no JCStress result file at " + file);
        }
        List<TestResult> results = new ArrayList<>();
        DiskReadCollector reader = new DiskReadCollector(file.toString(), results::add);
        try {
            reader.dump();
        } finally {
            reader.close();
        }
        return results;
    }

    /** The tests of this jar whose name {@code regex} finds, as JCStress's {@code -t} selects them. */
    public static Collection<String> expectedTests(String regex) {
        Pattern p = Pattern.compile(regex);
        TreeSet<String> names = new TreeSet<>();
        for (String t : TestList.tests()) {
            if (p.matcher(t).find()) {
                names.add(t);
            }
        }
        return names;
    }

    /** Writes the export atomically (temporary name, then rename). */
    public static void write(List<TestResult> results, Collection<String> expected, Path out) throws IOException {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("{\n  \"schema\": ").append(SCHEMA).append(",\n  \"expected_tests\": [");
        appendStrings(sb, expected);
        sb.append("],\n  \"results\": [");
        boolean first = true;
        for (TestResult r : results) {
            sb.append(first ? "\n    " : ",\n    ");
            first = false;
            appendResult(sb, r);
        }
        sb.append("\n  ]\n}\n");
        // The one atomic write outside results' AtomicFiles: this runs in the JCStress JVM, whose class path is
        // jcstress.jar alone (the stress module depends on the manager only, so that the jar stays JCStress's).
        Path abs = out.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(sb.toString());
        }
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void appendResult(StringBuilder sb, TestResult r) {
        TestConfig c = r.getConfig();
        sb.append("{\"test\": ").append(str(r.getName()));
        TestInfo info = r.getName() == null ? null : TestList.getInfo(r.getName());
        sb.append(", \"description\": ").append(str(info == null ? null : info.description()));
        sb.append(", \"status\": ").append(str(r.status().name()));
        sb.append(", \"jvm_args\": [");
        appendStrings(sb, c == null || c.jvmArgs == null ? List.of() : c.jvmArgs);
        sb.append("], \"fork_id\": ").append(c == null ? -1 : c.forkId);
        sb.append(", \"compile_mode\": ").append(c == null ? -1 : c.compileMode);
        sb.append(", \"total_count\": ").append(r.getTotalCount());
        sb.append(", \"messages\": [");
        appendStrings(sb, r.getMessages());
        sb.append("], \"vm_out\": [");
        appendStrings(sb, r.getVmOut());
        sb.append("], \"vm_err\": [");
        appendStrings(sb, r.getVmErr());
        sb.append("], \"outcomes\": [");
        if (info != null) {
            TestGrading g = r.grading();
            boolean first = true;
            for (GradingResult gr : g.gradingResults.values()) {
                sb.append(first ? "" : ", ");
                first = false;
                sb.append("{\"id\": ").append(str(gr.id))
                        .append(", \"expectation\": ").append(str(gr.expect == null ? null : gr.expect.name()))
                        .append(", \"count\": ").append(gr.count)
                        .append(", \"description\": ").append(str(gr.description)).append('}');
            }
        }
        sb.append("]}");
    }

    private static void appendStrings(StringBuilder sb, Collection<String> values) {
        boolean first = true;
        for (String v : values) {
            sb.append(first ? "" : ", ").append(str(v));
            first = false;
        }
    }

    /** A JSON string literal, or {@code null}. */
    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
