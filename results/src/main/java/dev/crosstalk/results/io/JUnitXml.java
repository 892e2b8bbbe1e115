package dev.crosstalk.results.io;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JUnit XML as CI servers (Jenkins, GitHub Actions reporters, GitLab) read it: the one writer behind
 * {@code stress/junit.xml}, {@code compare --junit} and {@code validate}'s gate report. Build
 * {@link Suite}s of {@link Case}s, then {@link #suite(Suite)} for a file with one
 * {@code <testsuite>} or {@link #suites(String, List)} for a {@code <testsuites>} of several.
 * The counts in the attributes are computed from the cases, so they cannot disagree with them.
 * Immutable values; the static methods are pure.
 */
public final class JUnitXml {

    private JUnitXml() {
    }

    /** How a test case ended. A failure is an assertion that did not hold; an error, a test that could not run. */
    public enum Kind { PASSED, FAILURE, ERROR }

    /**
     * One {@code <testcase>}.
     *
     * @param type      the failure's or error's {@code type} attribute (may be null)
     * @param message   its {@code message} attribute (may be null)
     * @param details   its body text, e.g. the outcome table (may be null: an empty element)
     * @param systemOut a {@code <system-out>} text (may be null)
     */
    public record Case(String classname, String name, Kind kind, String type, String message, String details,
                       String systemOut) {

        public static Case passed(String classname, String name) {
            return new Case(classname, name, Kind.PASSED, null, null, null, null);
        }

        public static Case failure(String classname, String name, String message) {
            return new Case(classname, name, Kind.FAILURE, null, message, null, null);
        }

        public Case withType(String t) {
            return new Case(classname, name, kind, t, message, details, systemOut);
        }

        public Case withDetails(String d) {
            return new Case(classname, name, kind, type, message, d, systemOut);
        }

        public Case withSystemOut(String out) {
            return new Case(classname, name, kind, type, message, details, out);
        }
    }

    /**
     * One {@code <testsuite>}.
     *
     * @param properties written as {@code <property name value>} in iteration order (use a
     *                   {@code LinkedHashMap}); one name may repeat through {@code multiProperties}
     * @param seconds    the {@code time} attribute, or null
     * @param timestamp  the {@code timestamp} attribute (ISO-8601), or null
     */
    public record Suite(String name, Map<String, String> properties, List<Map.Entry<String, String>> multiProperties,
                        List<Case> cases, Double seconds, String timestamp) {

        public Suite {
            properties = properties == null ? Map.of() : properties;
            multiProperties = multiProperties == null ? List.of() : List.copyOf(multiProperties);
            cases = List.copyOf(cases);
        }

        public static Suite of(String name, List<Case> cases) {
            return new Suite(name, null, null, cases, null, null);
        }

        public long count(Kind kind) {
            return cases.stream().filter(c -> c.kind() == kind).count();
        }
    }

    /** A file holding one {@code <testsuite>}. */
    public static String suite(Suite suite) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        appendSuite(x, suite, "");
        return x.toString();
    }

    /** A file holding {@code <testsuites name=…>} around several suites, with their totals. */
    public static String suites(String name, List<Suite> suites) {
        long tests = suites.stream().mapToLong(s -> s.cases().size()).sum();
        long failures = suites.stream().mapToLong(s -> s.count(Kind.FAILURE)).sum();
        long errors = suites.stream().mapToLong(s -> s.count(Kind.ERROR)).sum();
        double time = suites.stream().mapToDouble(s -> s.seconds() == null ? 0 : s.seconds()).sum();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append(String.format(Locale.ROOT, "<testsuites name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" time=\"%.3f\">%n",
                Xml.attr(name), tests, failures, errors, time));
        for (Suite s : suites) {
            appendSuite(x, s, "  ");
        }
        return x.append("</testsuites>\n").toString();
    }

    private static void appendSuite(StringBuilder x, Suite s, String indent) {
        x.append(indent).append(String.format(Locale.ROOT, "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"0\"",
                Xml.attr(s.name()), s.cases().size(), s.count(Kind.FAILURE), s.count(Kind.ERROR)));
        if (s.seconds() != null) {
            x.append(String.format(Locale.ROOT, " time=\"%.3f\"", s.seconds()));
        }
        if (s.timestamp() != null) {
            x.append(" timestamp=\"").append(Xml.attr(s.timestamp())).append('"');
        }
        x.append(">\n");
        if (!s.properties().isEmpty() || !s.multiProperties().isEmpty()) {
            x.append(indent).append("  <properties>\n");
            s.properties().forEach((k, v) -> property(x, indent, k, v));
            s.multiProperties().forEach(e -> property(x, indent, e.getKey(), e.getValue()));
            x.append(indent).append("  </properties>\n");
        }
        for (Case c : s.cases()) {
            appendCase(x, c, indent + "  ");
        }
        x.append(indent).append("</testsuite>\n");
    }

    private static void property(StringBuilder x, String indent, String name, String value) {
        x.append(indent).append("    <property name=\"").append(Xml.attr(name)).append("\" value=\"")
                .append(Xml.attr(value)).append("\"/>\n");
    }

    private static void appendCase(StringBuilder x, Case c, String indent) {
        x.append(indent).append("<testcase classname=\"").append(Xml.attr(c.classname())).append("\" name=\"")
                .append(Xml.attr(c.name())).append('"');
        if (c.kind() == Kind.PASSED && c.systemOut() == null) {
            x.append("/>\n");
            return;
        }
        x.append(">\n");
        if (c.kind() != Kind.PASSED) {
            x.append(indent).append("  <").append(c.kind() == Kind.FAILURE ? "failure" : "error");
            if (c.type() != null) {
                x.append(" type=\"").append(Xml.attr(c.type())).append('"');
            }
            if (c.message() != null) {
                x.append(" message=\"").append(Xml.attr(c.message())).append('"');
            }
            if (c.details() == null) {
                x.append("/>\n");
            } else {
                x.append('>').append(Xml.text(c.details())).append("</").append(c.kind() == Kind.FAILURE ? "failure" : "error")
                        .append(">\n");
            }
        }
        if (c.systemOut() != null) {
            x.append(indent).append("  <system-out>").append(Xml.text(c.systemOut())).append("</system-out>\n");
        }
        x.append(indent).append("</testcase>\n");
    }
}
