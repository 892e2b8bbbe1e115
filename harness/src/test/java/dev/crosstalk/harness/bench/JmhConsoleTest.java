package dev.crosstalk.harness.bench;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress condensed from JMH's console (a recorded excerpt), and failures reported in full. */
class JmhConsoleTest {

    @Test
    void oneLineWhenAConfigurationStartsAndOneWithItsResult() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        JmhConsole console = new JmhConsole(new PrintWriter(out), new PrintWriter(err), false);

        Fixtures.consoleLines().forEach(console::accept);

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).matches("\\[  0%, ETA \\d\\d:\\d\\d:\\d\\d] CreationBenchmark.coldCreate manager=ssot, 1 thread");
        assertThat(lines.get(1)).startsWith("    = 58.666 ±(99.9%) 144.266 ns/op");
        assertThat(lines.get(2)).contains("CreationBenchmark.coldCreate manager=registry, 1 thread");
        assertThat(err.toString()).isEmpty();
        assertThat(console.failures()).isEmpty();
    }

    @Test
    void aFailureAtTheStartOfALineCountsToo() {
        StringWriter err = new StringWriter();
        JmhConsole console = new JmhConsole(new PrintWriter(new StringWriter()), new PrintWriter(err), false);
        console.accept("# Benchmark: dev.crosstalk.bench.GoldenPathBenchmark.emitRun");
        console.accept("<failure>");
        console.accept("java.lang.IllegalStateException: manager \"x\" delivered 0 of 5 golden-path events");
        assertThat(console.failures()).hasSize(1);
        assertThat(err.toString()).contains("delivered 0 of 5");
    }

    @Test
    void failuresGoToTheErrorStreamWithTheirStackTraceAndAreCounted() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        JmhConsole console = new JmhConsole(new PrintWriter(out), new PrintWriter(err), true);

        for (String line : List.of(
                "# Threads: 2 threads, will synchronize iterations",
                "# Benchmark: dev.crosstalk.bench.CreationBenchmark.coldCreate_2threads",
                "# Parameters: (manager = my-plugin)",
                "# Run progress: 50.00% complete, ETA 00:00:10",
                "# Fork: 1 of 1",
                "# Warmup Iteration   1: <failure>",
                "",
                "java.lang.IllegalStateException: no manager provider named \"my-plugin\"",
                "\tat dev.crosstalk.bench.BenchSupport.provider(BenchSupport.java:30)",
                "",
                "# Run complete. Total time: 00:00:20",
                "No matching benchmarks. Miss-spelled regexp?")) {
            console.accept(line);
        }

        assertThat(out.toString()).as("quiet").isEmpty();
        assertThat(console.failures()).containsExactly("CreationBenchmark.coldCreate_2threads manager=my-plugin, 2 threads");
        assertThat(err.toString()).contains("FAILED CreationBenchmark.coldCreate_2threads manager=my-plugin",
                "no manager provider named \"my-plugin\"", "at dev.crosstalk.bench.BenchSupport.provider",
                "jmh: No matching benchmarks");
    }
}
