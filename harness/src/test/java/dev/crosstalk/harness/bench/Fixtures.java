package dev.crosstalk.harness.bench;

import dev.crosstalk.results.archive.BenchSummary;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The recorded JMH output the bench tests read (a real smoke run, 18 configurations, on the 2-core dev machine). */
final class Fixtures {

    static final String JMH_JSON = "/bench/jmh-smoke.json";
    static final String CONSOLE = "/bench/jmh-console.txt";

    private Fixtures() {
    }

    static Path path(String resource) {
        try {
            return Path.of(Fixtures.class.getResource(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<BenchSummary.Row> rows() throws IOException {
        return JmhResults.read(path(JMH_JSON));
    }

    static List<String> consoleLines() throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream(CONSOLE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
