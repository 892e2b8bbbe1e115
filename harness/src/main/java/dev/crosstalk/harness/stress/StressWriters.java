package dev.crosstalk.harness.stress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crosstalk.harness.stress.StressResults.Configuration;
import dev.crosstalk.harness.stress.StressResults.Outcome;
import dev.crosstalk.harness.stress.StressResults.TestRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes {@code results.json}, {@code junit.xml} and {@code sensitivity.json} (docs/formats.md), atomically. */
public final class StressWriters {

    public static final int SCHEMA = 1;
    public static final String JCSTRESS_VERSION = "0.16";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StressWriters() {
    }

    /** The platform block: arch, cpus, jvm. */
    public static Map<String, Object> platform() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("arch", System.getProperty("os.arch"));
        p.put("cpus", Runtime.getRuntime().availableProcessors());
        p.put("jvm", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version"));
        return p;
    }

    public static void writeResults(Path file, StressConfig config, Instant started, Instant ended,
                                    List<ManagerRun> runs) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("instrument", "stress");
        root.put("jcstress_version", JCSTRESS_VERSION);
        root.put("mode", config.mode().label());
        root.put("started", started.toString());
        root.put("ended", ended.toString());
        root.put("platform", platform());
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("tests", config.effectiveTests());
        options.put("split_compilation", config.effectiveSplitCompilation());
        options.put("widen_micros", config.widenMicros());
        options.put("jcstress_args", config.jcstressArgs());
        options.put("plugins", config.plugins().jars().stream().map(Path::toString).toList());
        root.put("options", options);
        List<Map<String, Object>> managers = new ArrayList<>();
        for (ManagerRun r : runs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("manager", r.manager());
            m.put("kind", r.kind());
            m.put("failure_class", r.failureClass());
            m.put("status", r.hasErrors() ? "error" : r.hasFailures() ? "failed" : "passed");
            m.put("exit_code", r.exitCode());
            m.put("elapsed_seconds", r.elapsed().toMillis() / 1000.0);
            m.put("jcstress_exit", r.jcstressExit());
            m.put("problems", r.problems());
            m.put("report", r.reportDir() == null ? null : r.reportDir().toString());
            managers.add(m);
        }
        root.put("managers", managers);
        List<Map<String, Object>> tests = new ArrayList<>();
        for (ManagerRun r : runs) {
            for (TestRecord t : r.tests()) {
                tests.add(test(t));
            }
        }
        root.put("tests", tests);
        writeAtomically(file, JSON.writeValueAsString(root) + "\n");
    }

    private static Map<String, Object> test(TestRecord t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test", t.test());
        m.put("probe", t.probe());
        m.put("manager", t.manager());
        m.put("status", t.status().label());
        m.put("message", t.message());
        m.put("not_applicable", t.notApplicable());
        m.put("description", t.description());
        m.put("samples", t.samples());
        List<Map<String, Object>> configs = new ArrayList<>();
        for (Configuration c : t.configurations()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("jvm_args", c.jvmArgs());
            List<Map<String, Object>> outcomes = new ArrayList<>();
            for (Outcome o : c.outcomes()) {
                Map<String, Object> om = new LinkedHashMap<>();
                om.put("id", o.id());
                om.put("expectation", o.expectation());
                om.put("count", o.count());
                om.put("description", o.description());
                outcomes.add(om);
            }
            cm.put("outcomes", outcomes);
            configs.add(cm);
        }
        m.put("configurations", configs);
        return m;
    }

    public static void writeSensitivity(Path file, Sensitivity s) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("arch", s.arch());
        root.put("mode", s.mode());
        root.put("probes", s.probes());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Sensitivity.Row r : s.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("manager", r.manager());
            m.put("kind", r.kind());
            m.put("failure_class", r.failureClass());
            m.put("cells", r.cells());
            m.put("not_applicable", r.notApplicable());
            m.put("verdict", r.verdict());
            rows.add(m);
        }
        root.put("rows", rows);
        root.put("holds", s.holds() && !s.hasErrors());
        writeAtomically(file, JSON.writeValueAsString(root) + "\n");
    }

    /**
     * JUnit XML as CI servers read it: one {@code <testsuite>} per manager, one {@code <testcase>}
     * per probe × manager. A forbidden outcome is a {@code <failure>} naming the outcome and its count;
     * a crashed fork, a test error and a test JCStress skipped are {@code <error>}s (never a pass or
     * a skip, so CI turns red); a run-level problem is an {@code <error>} of a testcase named "jcstress".
     */
    public static void writeJunit(Path file, List<ManagerRun> runs, Instant started) throws IOException {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        long tests = 0;
        long failures = 0;
        long errors = 0;
        double time = 0;
        StringBuilder suites = new StringBuilder();
        for (ManagerRun r : runs) {
            long f = r.count(TestStatus.FAILED);
            long e = r.count(TestStatus.ERROR) + r.count(TestStatus.SKIPPED) + (r.problems().isEmpty() ? 0 : 1);
            long n = r.tests().size() + (r.problems().isEmpty() ? 0 : 1);
            double secs = r.elapsed().toMillis() / 1000.0;
            tests += n;
            failures += f;
            errors += e;
            time += secs;
            suites.append(String.format(Locale.ROOT,
                    "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"0\" time=\"%.3f\" timestamp=\"%s\">%n",
                    attr("crosstalk.stress." + r.manager()), n, f, e, secs, attr(started.toString())));
            suites.append("    <properties>\n");
            suites.append("      <property name=\"manager\" value=\"").append(attr(r.manager())).append("\"/>\n");
            suites.append("      <property name=\"kind\" value=\"").append(attr(r.kind())).append("\"/>\n");
            if (r.failureClass() != null) {
                suites.append("      <property name=\"failure_class\" value=\"").append(attr(r.failureClass())).append("\"/>\n");
            }
            suites.append("    </properties>\n");
            if (!r.problems().isEmpty()) {
                suites.append("    <testcase classname=\"crosstalk.stress.").append(attr(r.manager()))
                        .append("\" name=\"jcstress\">\n");
                suites.append("      <error type=\"RUN\" message=\"").append(attr(String.join("; ", r.problems())))
                        .append("\"/>\n    </testcase>\n");
            }
            for (TestRecord t : r.tests()) {
                suites.append("    <testcase classname=\"").append(attr(t.test())).append("\" name=\"")
                        .append(attr(t.probe() + "[" + t.manager() + "]")).append("\">\n");
                switch (t.status()) {
                    case FAILED -> suites.append("      <failure type=\"FORBIDDEN\" message=\"").append(attr(t.message()))
                            .append("\">").append(text(details(t))).append("</failure>\n");
                    case ERROR -> suites.append("      <error type=\"ERROR\" message=\"").append(attr(t.message()))
                            .append("\">").append(text(details(t))).append("</error>\n");
                    case SKIPPED -> suites.append("      <error type=\"SKIPPED\" message=\"").append(attr(t.message()))
                            .append("\"/>\n");
                    case PASSED -> suites.append("      <system-out>").append(text(t.message())).append("</system-out>\n");
                }
                suites.append("    </testcase>\n");
            }
            suites.append("  </testsuite>\n");
        }
        x.append(String.format(Locale.ROOT,
                "<testsuites name=\"crosstalk stress\" tests=\"%d\" failures=\"%d\" errors=\"%d\" time=\"%.3f\">%n",
                tests, failures, errors, time));
        x.append(suites).append("</testsuites>\n");
        writeAtomically(file, x.toString());
    }

    private static String details(TestRecord t) {
        StringBuilder b = new StringBuilder(t.description()).append('\n');
        for (Configuration c : t.configurations()) {
            b.append(c.jvmArgs()).append('\n');
            for (Outcome o : c.outcomes()) {
                if (o.count() > 0 || o.isForbidden()) {
                    b.append(String.format("  %-30s %10d  %-22s %s%n", o.id(), o.count(), o.expectation(), o.description()));
                }
            }
        }
        return b.toString();
    }

    static String attr(String s) {
        return text(s).replace("\"", "&quot;").replace("\n", "&#10;");
    }

    static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        b.append('?');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Writes {@code content} to a temporary sibling, then renames it over {@code file}. */
    public static void writeAtomically(Path file, String content) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
