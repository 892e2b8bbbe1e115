package dev.crosstalk.harness.stress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The tests in a JCStress jar, read from its {@code META-INF/TestList} (one line per test,
 * {@code JCTEST} then length-prefixed fields, the first being the test's class name), and selected
 * as JCStress's {@code -t} selects them ({@link java.util.regex.Matcher#find()}). Read here, without
 * JCStress on the class path, so that the harness knows beforehand which tests must report.
 */
public final class JarTestList {

    private JarTestList() {
    }

    /** Every test of {@code jar} whose class name {@code regex} finds, sorted by name. */
    public static List<String> tests(Path jar, String regex) throws IOException {
        Pattern p = Pattern.compile(regex);
        TreeSet<String> names = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry e = zip.getEntry("META-INF/TestList");
            if (e == null) {
                throw new IOException(jar + " has no META-INF/TestList: it holds no JCStress tests"
                        + " (was the annotation processor run? see toolchain.md)");
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(zip.getInputStream(e), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String name = firstField(line);
                    if (name != null && p.matcher(name).find()) {
                        names.add(name);
                    }
                }
            }
        }
        return new ArrayList<>(names);
    }

    static String firstField(String line) {
        if (!line.startsWith("JCTEST")) {
            return null;
        }
        int i = "JCTEST".length();
        int s = line.indexOf('S', i);
        if (s < 0) {
            return null;
        }
        try {
            int len = Integer.parseInt(line.substring(i, s));
            return line.substring(s + 1, s + 1 + len);
        } catch (NumberFormatException | IndexOutOfBoundsException ex) {
            return null;
        }
    }
}
