package dev.crosstalk.harness.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstalk.harness.testing.TestProviders;
import dev.crosstalk.manager.registry.RegistryProvider;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.ssot.SsotProvider;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static dev.crosstalk.harness.load.LoadTests.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Small loads end to end, loopback only: correct paths are clean, broken ones are caught and attributed. */
class LoadEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static LoadConfig.Builder small(String manager) {
        return LoadConfig.builder().manager(manager).users(10).sessionsPerUser(2).runsPerSession(3)
                .eventLoops(2).runTimeout(Duration.ofSeconds(3)).deadline(Duration.ofSeconds(60)).quiet(true)
                .linger(Duration.ofMillis(200));
    }



    @ParameterizedTest
    @MethodSource("dev.crosstalk.harness.load.LoadTests#correctPaths")
    void correctPathsAreCleanInEveryScenario(ManagerProvider p) {
        for (Scenario s : Scenario.values()) {
            LoadResult r = run(small(p.name()).scenario(s).build(), p);
            assertThat(r.exitCode()).as(p.name() + " " + s + ": " + r.problem()).isZero();
            assertThat(r.leakCount()).isZero();
            assertThat(r.lossCount()).isZero();
            assertThat(r.findings("order_violations")).isZero();
            assertThat(r.findings("duplicates")).isZero();
            if (!s.dropsSessions()) {
                assertThat(r.runs("completed")).isEqualTo(60);
            }
        }
    }

    @Test
    void cleanRunWritesEveryOutputFile(@TempDir Path out) throws Exception {
        LoadResult r = run(small("ssot").out(out).build(), new SsotProvider());
        assertThat(r.exitCode()).isZero();
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("schema").asInt()).isEqualTo(1);
        assertThat(summary.path("instrument").asText()).isEqualTo("load");
        assertThat(summary.path("runs").path("planned").asLong()).isEqualTo(60);
        assertThat(summary.path("runs").path("completed").asLong()).isEqualTo(60);
        assertThat(summary.path("events").asLong()).isEqualTo(300);
        // the default warm-up: the runs of its first 2 s, at most a fifth of them (12), kept apart; every run counted once
        long warm = summary.path("latency").path("warmup_run").path("count").asLong();
        assertThat(warm).isBetween(1L, 12L);
        assertThat(summary.path("latency").path("run").path("count").asLong()).isEqualTo(60 - warm);
        assertThat(summary.path("latency").path("connect").path("count").asLong()).isEqualTo(20);
        assertThat(Files.readAllLines(out.resolve("per-user.csv")))
                .hasSize(11).first().isEqualTo("user,runs,leaks_received,leaks_caused,losses");
        assertThat(Files.size(out.resolve("leaks.jsonl"))).isZero();
        // latency.hlog is a standard interval log, readable by HdrHistogram, tagged per metric.
        Set<String> tags = new HashSet<>();
        long runCount = 0;
        try (HistogramLogReader reader = new HistogramLogReader(out.resolve("latency.hlog").toFile())) {
            Histogram h;
            while ((h = (Histogram) reader.nextIntervalHistogram()) != null) {
                tags.add(h.getTag());
                if ("run".equals(h.getTag()) || "warmup_run".equals(h.getTag())) {
                    runCount += h.getTotalCount();
                }
            }
        }
        assertThat(tags).contains("connect", "first_event", "run", "warmup_first_event", "warmup_run");
        assertThat(runCount).isEqualTo(60);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void broadcastLeakIsCaughtAndAttributedToUserPairs(@TempDir Path out) throws Exception {
        LoadResult r = run(small("test.broadcast-leak").out(out).build(), new TestProviders.BroadcastLeak());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.leakCount()).isPositive();
        List<String> lines = Files.readAllLines(out.resolve("leaks.jsonl"));
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            assertThat(n.path("receiving_user").asText()).startsWith("user-");
            assertThat(n.path("owning_user").asText()).startsWith("user-")
                    .isNotEqualTo(n.path("receiving_user").asText());
            assertThat(n.path("event_type").asText()).isNotBlank();
            assertThat(n.path("run_id").asText()).isNotBlank();
            assertThat(n.path("time").asText()).isNotBlank();
        }
        // Bounded: at most 10 records per pair; every leak counted.
        assertThat(lines.size()).isLessThanOrEqualTo(10 * 10 * 9);
        List<String> csv = Files.readAllLines(out.resolve("per-user.csv"));
        long received = csv.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[2])).sum();
        long caused = csv.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[3])).sum();
        assertThat(received).isEqualTo(r.leakCount());
        assertThat(caused).isEqualTo(r.leakCount());
        // summary.json: the top pairs with exact counts — at least the records kept for each, most first
        JsonNode top = JSON.readTree(out.resolve("summary.json").toFile()).path("top_leak_pairs");
        assertThat(top.size()).isBetween(1, 20);
        long previous = Long.MAX_VALUE;
        long listed = 0;
        for (JsonNode pair : top) {
            String owner = pair.path("owning_user").asText();
            String receiver = pair.path("receiving_user").asText();
            long leaks = pair.path("leaks").asLong();
            assertThat(owner).startsWith("user-").isNotEqualTo(receiver);
            assertThat(leaks).isPositive().isLessThanOrEqualTo(previous);
            long kept = lines.stream().filter(l -> l.contains("\"receiving_user\":\"" + receiver + "\"")
                    && l.contains("\"owning_user\":\"" + owner + "\"")).count();
            assertThat(leaks).isGreaterThanOrEqualTo(kept);
            previous = leaks;
            listed += leaks;
        }
        assertThat(listed).isLessThanOrEqualTo(r.leakCount());
    }

    @Test
    void aLeakWithARewrittenUserIdIsStillALeak() {
        LoadResult r = run(small("test.masked-leak").build(), new TestProviders.MaskedLeak());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.leakCount()).isPositive();
        assertThat(r.leaks()).allSatisfy(l -> assertThat(l.owningUser()).isNotEqualTo(l.receivingUser())
                .isNotEqualTo(LoadState.UNKNOWN_USER));
    }

    @Test
    void aUserIdNamingAnotherUserIsALeakEvenOnTheRightRun() {
        LoadResult r = run(small("test.relabel-user").build(), new TestProviders.RelabelUser());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.leakCount()).isEqualTo(300);
        assertThat(r.lossCount()).isZero();
    }

    @Test
    void duplicatesAreCounted() {
        LoadResult r = run(small("test.duplicate-events").build(), new TestProviders.DuplicateEvents());
        assertThat(r.exitCode()).isEqualTo(1);
        // Every event twice: 300 duplicates; the very last ones may still be in flight when the load ends.
        assertThat(r.findings("duplicates")).isBetween(280L, 300L);
        assertThat(r.leakCount()).isZero();
        assertThat(r.lossCount()).isZero();
    }

    @Test
    void orderViolationsAreCounted() {
        LoadResult r = run(small("test.reorder-events").build(), new TestProviders.ReorderEvents());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.findings("order_violations")).isEqualTo(60);
        assertThat(r.lossCount()).isZero();
        assertThat(r.leakCount()).isZero();
    }

    @Test
    void aMissingEventIsALossAtTheRunDeadline(@TempDir Path out) throws Exception {
        LoadResult r = run(small("test.drop-event").runTimeout(Duration.ofMillis(300)).out(out).build(),
                new TestProviders.DropEvent());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.lossCount()).isEqualTo(60);
        assertThat(r.runs("completed")).isZero();
        List<String> csv = Files.readAllLines(out.resolve("per-user.csv"));
        assertThat(csv.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[4])).sum()).isEqualTo(60);
    }

    /**
     * Slow is not lost: with 300 ms between events the last of a run's five cannot come before 1.2 s, past a 1 s run
     * timeout (forced by the server's think time, not hoped for); it comes well before the second timeout at 2 s, so
     * every run is late and none is lost.
     */
    @Test
    void aRunThatCompletesAfterItsTimeoutIsLateNotLost() {
        LoadResult r = run(small("ssot").users(4).runsPerSession(2).think(300, 300)
                .runTimeout(Duration.ofSeconds(1)).build(), new SsotProvider());
        assertThat(r.exitCode()).as(r.problem()).isZero();
        assertThat(r.lossCount()).isZero();
        assertThat(r.runs("completed")).isEqualTo(16);
        assertThat(r.loadSummary().details().lateRuns()).isEqualTo(16);
    }

    @Test
    void connectionStormOverRegisterAfterReadyLosesRuns() {
        LoadResult r = run(small("test.late-register").scenario(Scenario.CONNECTION_STORM)
                .runTimeout(Duration.ofSeconds(1)).build(), new TestProviders.LateRegister());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.lossCount()).isPositive();
        assertThat(r.leakCount()).isZero();
    }

    @Test
    void everyHandshakeRefusedIsExit2() {
        LoadConfig c = small("ssot").users(3).sessionsPerUser(1).build();
        // An external target with the wrong secret: every handshake gets 401.
        try (var server = dev.crosstalk.harness.server.GoldenPathServer.start(
                dev.crosstalk.harness.server.ServerConfig.defaults(new SsotProvider(), "right-secret"))) {
            LoadConfig wrong = small("ssot").users(3).sessionsPerUser(1).target(server.uri()).jwtSecret("wrong-secret")
                    .build();
            LoadResult r = run(wrong, null);
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.errors("handshake_refused")).isEqualTo(3);
            assertThat(r.problem()).contains("no session could be established");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(c.sessions()).isEqualTo(3);
    }

    @Test
    void anUnreachableTargetIsExit2() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LoadConfig c = small("ssot").users(2).sessionsPerUser(1).jwtSecret("s")
                .target(java.net.URI.create("ws://127.0.0.1:" + port + "/ws")).build();
        LoadResult r = run(c, null);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errors("connect_failed")).isEqualTo(2);
    }

    @Test
    void aSessionSetUpFailureEverywhereIsExit2() {
        LoadResult r = run(small("test.open-throws").users(2).sessionsPerUser(1).build(), new TestProviders.OpenThrows());
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void openModelRunsAtTheRequestedRate() {
        LoadResult r = run(small("ssot").runsPerSession(0).duration(Duration.ofSeconds(2)).rate(50).build(),
                new SsotProvider());
        assertThat(r.exitCode()).as(String.valueOf(r.problem())).isZero();
        assertThat(r.runs("planned")).isEqualTo(100);
        assertThat(r.runs("completed")).isEqualTo(100);
    }

    @Test
    void subprotocolAuthAndNioWork() {
        LoadResult r = run(small("registry").authMode("mixed").preferNio(true).build(), new RegistryProvider());
        assertThat(r.exitCode()).as(String.valueOf(r.problem())).isZero();
        assertThat(r.runs("completed")).isEqualTo(60);
        assertThat(r.summary().get("details").toString()).contains("transport=nio");
    }

    @Test
    void anExternalTargetWithATokenFileIsDriven(@TempDir Path dir) throws Exception {
        try (var server = dev.crosstalk.harness.server.GoldenPathServer.start(
                dev.crosstalk.harness.server.ServerConfig.defaults(new SsotProvider(), "external-secret"))) {
            var jwt = new dev.crosstalk.harness.server.Jwt("external-secret");
            java.util.Map<String, String> tokens = new java.util.LinkedHashMap<>();
            for (String u : List.of("ann", "ben", "cat")) {
                tokens.put(u, jwt.sign(u, Duration.ofMinutes(10)));
            }
            LoadResult r = run(small("ssot").users(3).target(server.uri()).tokens(tokens).build(), null);
            assertThat(r.exitCode()).as(String.valueOf(r.problem())).isZero();
            assertThat(r.runs("completed")).isEqualTo(18);
            assertThat(r.summary().get("target")).isEqualTo(server.uri().toString());
            assertThat(server.stats().runsCompleted.sum()).isEqualTo(18);
        }
    }

    @Test
    void aRemoteTargetNeedsAllowRemote() {
        LoadConfig c = small("ssot").jwtSecret("s").target(java.net.URI.create("ws://192.0.2.1:9/ws")).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(c, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--allow-remote");
    }
}
