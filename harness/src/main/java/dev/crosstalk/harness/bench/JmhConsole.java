package dev.crosstalk.harness.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Condenses JMH's console, one line at a time, into progress: one line when a benchmark
 * configuration starts ({@code [ 25%, ETA 00:01:10] CreationBenchmark.coldCreate manager=ssot, 1 thread})
 * and one with its result; failures (JMH's {@code <failure>} block with its stack trace) and
 * JMH's own errors go to the error stream in full, and are counted. Not thread-safe: one reader.
 */
public final class JmhConsole {

    private static final Pattern BENCHMARK = Pattern.compile("^# Benchmark: (\\S+)");
    private static final Pattern PARAMETERS = Pattern.compile("^# Parameters: \\((.*)\\)");
    private static final Pattern THREADS = Pattern.compile("^# Threads: (\\d+) thread");
    private static final Pattern PROGRESS = Pattern.compile("^# Run progress: ([\\d.]+)% complete, ETA (\\S+)");
    private static final Pattern FORK = Pattern.compile("^# Fork: (\\d+) of (\\d+)");
    private static final Pattern RESULT = Pattern.compile("^Result \"(\\S+)\":");

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean quiet;

    private String benchmark = "?";
    private String parameters = "";
    private String threads = "1";
    private String progress = "";
    private boolean expectScore;
    private boolean inFailure;
    private final List<String> failures = new ArrayList<>();

    /**
     * @param out   where progress goes
     * @param err   where failures and JMH's errors go (even when quiet)
     * @param quiet true to print no progress
     */
    public JmhConsole(PrintWriter out, PrintWriter err, boolean quiet) {
        this.out = out;
        this.err = err;
        this.quiet = quiet;
    }

    /** Takes one line of JMH's console (stdout and stderr merged). */
    public void accept(String line) {
        Matcher m;
        if (inFailure) {
            if (line.startsWith("# ") || line.startsWith("Result ") || line.startsWith("Benchmark ")) {
                inFailure = false;
            } else {
                if (!line.isBlank()) {
                    err.println("  " + line);
                    err.flush();
                }
                return;
            }
        }
        // JMH prints it at the start of a line or after "Iteration   1: " / "# Warmup Iteration   1: ",
        // and still exits 0 when a benchmark failed: this is the only sign of it.
        if (line.contains("<failure>")) {
            inFailure = true;
            String what = shortName(benchmark) + describe();
            failures.add(what);
            err.println("crosstalk bench: FAILED " + what + ":");
            err.flush();
        } else if ((m = BENCHMARK.matcher(line)).find()) {
            benchmark = m.group(1);
            parameters = "";
        } else if ((m = PARAMETERS.matcher(line)).find()) {
            parameters = m.group(1).replace(" = ", "=");
        } else if ((m = THREADS.matcher(line)).find()) {
            threads = m.group(1);
        } else if ((m = PROGRESS.matcher(line)).find()) {
            progress = String.format("[%3.0f%%, ETA %s]", Double.parseDouble(m.group(1)), m.group(2));
        } else if ((m = FORK.matcher(line)).find()) {
            if (!quiet) {
                String fork = m.group(2).equals("1") ? "" : "  fork " + m.group(1) + "/" + m.group(2);
                out.println(progress + " " + shortName(benchmark) + describe() + fork);
                out.flush();
            }
        } else if (RESULT.matcher(line).find()) {
            expectScore = true;
        } else if (expectScore) {
            expectScore = false;
            if (!quiet) {
                out.println("    = " + line.strip());
                out.flush();
            }
        } else if (isJmhError(line)) {
            err.println("jmh: " + line);
            err.flush();
        }
    }

    /** The configurations that failed, as {@code Benchmark.method manager=…, N threads}. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    private String describe() {
        String t = threads.equals("1") ? "1 thread" : threads + " threads";
        return " " + (parameters.isEmpty() ? "" : parameters + ", ") + t;
    }

    private static boolean isJmhError(String line) {
        return line.startsWith("Error") || line.startsWith("ERROR") || line.startsWith("Exception")
                || line.startsWith("No matching benchmarks") || line.startsWith("Benchmark had encountered error")
                || line.contains("Unknown profiler") || line.startsWith("<JMH had finished, but forked VM did not exit");
    }

    static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int type = method < 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return type < 0 ? benchmark : benchmark.substring(type + 1);
    }
}
