package dev.crosstalk.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstalk.harness.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code load} command line: bad flags exit 2, a clean small load exits 0 and writes its files. */
class LoadCommandTest {

    @Test
    void badFlagsExit2() {
        assertThat(Main.run("load", "--users", "0", "--quiet")).isEqualTo(2);
        assertThat(Main.run("load", "--scenario", "tornado", "--quiet")).isEqualTo(2);
        assertThat(Main.run("load", "--manager", "no-such-manager", "--quiet")).isEqualTo(2);
        assertThat(Main.run("load", "--runs-per-session", "2", "--duration", "5s", "--quiet")).isEqualTo(2);
        assertThat(Main.run("load", "--target", "ws://127.0.0.1:9/ws", "--quiet")).isEqualTo(2);
        assertThat(Main.run("load", "--target", "http://127.0.0.1:9/ws", "--jwt-secret", "s", "--quiet")).isEqualTo(2);
        assertThat(Main.run("load", "--think-ms", "x-y", "--quiet")).isEqualTo(2);
        // the load matrix's columns: only with --all, and only columns it has (checked before any cell runs)
        assertThat(Main.run("load", "--columns", "churn/tame", "--quiet")).isEqualTo(2);
        assertThat(Main.run("load", "--all", "--columns", "first-use/adversarial", "--quiet")).isEqualTo(2);
    }

    @Test
    void aSmallCleanLoadExits0AndWritesTheSummary(@TempDir Path out) throws Exception {
        int rc = Main.run("load", "--manager", "registry", "--users", "5", "--sessions-per-user", "2",
                "--runs-per-session", "2", "--quiet", "--out", out.toString());
        assertThat(rc).isZero();
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.path("manager").asText()).isEqualTo("registry");
        assertThat(s.path("sessions").asInt()).isEqualTo(10);
        assertThat(s.path("runs").path("completed").asInt()).isEqualTo(20);
    }

    @Test
    void aLoopbackTargetSharesTheCoresSoTheDriverTakesOneLoopPerTwoCpus() {
        assertThat(LoadCommand.defaultEventLoops(URI.create("ws://127.0.0.1:8765/ws"), 2)).isEqualTo(1);
        assertThat(LoadCommand.defaultEventLoops(URI.create("ws://127.0.0.3:8765/ws"), 8)).isEqualTo(4);
        assertThat(LoadCommand.defaultEventLoops(URI.create("ws://localhost:8765/ws"), 1)).isEqualTo(1);
        // The embedded server (no target) and a remote one keep one loop per CPU.
        assertThat(LoadCommand.defaultEventLoops(null, 2)).isEqualTo(2);
        assertThat(LoadCommand.defaultEventLoops(URI.create("ws://192.0.2.7:8765/ws"), 2)).isEqualTo(2);
    }
}
