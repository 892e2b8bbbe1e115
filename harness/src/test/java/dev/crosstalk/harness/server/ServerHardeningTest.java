package dev.crosstalk.harness.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstalk.manager.ssot.SsotProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 14, the server half: what one hostile client can no longer do to the server or to other users. */
class ServerHardeningTest {

    private static final String SECRET = "hardening-test-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Jwt jwt = new Jwt(SECRET);
    private final List<GoldenPathServer> servers = new ArrayList<>();
    private final List<RawWsClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RawWsClient c : clients) {
            c.close();
        }
        servers.forEach(GoldenPathServer::close);
    }

    private GoldenPathServer server(ServerLimits limits, int thinkMs) throws InterruptedException {
        GoldenPathServer s = GoldenPathServer.start(ServerConfig.defaults(new SsotProvider(), SECRET)
                .withThreads(1, 2, 1).withThink(thinkMs, thinkMs).withLimits(limits));
        servers.add(s);
        return s;
    }

    private RawWsClient client(GoldenPathServer s, String user, String thread, int receiveBuffer) throws IOException {
        RawWsClient c = new RawWsClient(s.port(), jwt.sign(user, Duration.ofMinutes(5)), thread, receiveBuffer);
        clients.add(c);
        assertThat(c.status).isEqualTo(101);
        return c;
    }

    /** The HTTP status of {@code user}'s upgrade (the connection is closed again). */
    private int upgradeStatus(GoldenPathServer s, String user) throws IOException {
        try (RawWsClient c = new RawWsClient(s.port(), jwt.sign(user, Duration.ofMinutes(5)), null, 0)) {
            return c.status;
        }
    }

    /** {@code frame} {@code times} over, to send in one write. */
    private static byte[] repeated(byte[] frame, int times) {
        byte[] batch = new byte[frame.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
        }
        return batch;
    }

    private static JsonNode json(RawWsClient.Frame f) throws IOException {
        assertThat(f).as("a frame from the server").isNotNull();
        assertThat(f.opcode()).as("a text frame, got " + f.opcode()).isEqualTo(RawWsClient.TEXT);
        return JSON.readTree(f.text());
    }

    /** The session's confirmed thread. */
    private static String established(RawWsClient c) throws IOException {
        JsonNode hello = json(c.next());
        assertThat(hello.path("type").asText()).isEqualTo("connection_established");
        return hello.path("thread_id").asText();
    }

    private static String startAgent(String thread, String run) {
        return "{\"type\":\"start_agent\",\"payload\":{\"user_request\":\"hi\",\"thread_id\":\"" + thread
                + "\",\"run_id\":\"" + run + "\"}}";
    }

    // ---- 1. unbounded memory from one client ------------------------------------------------

    /**
     * A client that floods pings or 1-byte invalid JSON and reads nothing: its replies (pongs, error replies)
     * pile up in the server until it is closed with 1008. Before the fix they were written past every bound and
     * the server kept reading: no close ever came (10 GB in 55 s in the issue).
     */
    @ParameterizedTest
    @ValueSource(strings = {"ping", "invalid-json"})
    void aFloodThatReadsNothingIsClosed(String kind) throws Exception {
        // The frame-rate bound would close it first: lifted here, to test the bound on unread replies alone.
        GoldenPathServer s = server(ServerLimits.defaults().withMaxFramesPerSecond(Integer.MAX_VALUE), 1);
        RawWsClient c = client(s, "flooder", null, 4096);
        await().atMost(Duration.ofSeconds(5)).until(() -> s.stats().sessionsOpened.sum() == 1);
        byte[] one = kind.equals("ping")
                ? RawWsClient.frame(RawWsClient.PING, "p".repeat(125).getBytes(StandardCharsets.US_ASCII), true, true)
                : RawWsClient.text("x");
        byte[] batch = repeated(one, 256);
        // Bounded: at most 256 MB of requests; the server closes long before (its replies fill a few MB of
        // socket buffers, then 256 wait in the server).
        try {
            for (int i = 0; i < 1_000_000 / 256 * (kind.equals("ping") ? 1 : 8) && s.stats().floodersClosed.sum() == 0; i++) {
                c.send(batch);
            }
        } catch (IOException closedByTheServer) {
            // The server closed the flooder while it was writing: the point.
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> s.stats().floodersClosed.sum() == 1);
        assertThat(s.stats().unexpectedErrors.sum()).isZero();
    }

    /**
     * A flood that reads every reply is still a flood: more than maxFramesPerSecond frames in a second closes
     * it with 1008 (it would otherwise keep an event loop from its other sessions).
     */
    @Test
    void aFloodThatReadsItsRepliesIsClosedByTheFrameRate() throws Exception {
        GoldenPathServer s = server(ServerLimits.defaults().withMaxFramesPerSecond(5_000), 1);
        RawWsClient c = client(s, "fast", null, 0);
        established(c);
        byte[] batch = repeated(RawWsClient.frame(RawWsClient.PING, new byte[] {1}, true, true), 2_000);
        c.send(batch);
        c.flush();
        assertThat(c.awaitClose()).isEqualTo(1008);
        assertThat(s.stats().floodersClosed.sum()).isEqualTo(1);
    }

    /**
     * A user closed as a flooder is refused new sessions (429, Retry-After) for the flood penalty, so its reconnects
     * cost the server a token check, not a session set-up; other users are not affected, and after the penalty
     * the user is back.
     */
    @Test
    void aFloodersUserIsRefusedNewSessionsForThePenaltyAndNobodyElseIs() throws Exception {
        GoldenPathServer s = server(ServerLimits.defaults().withMaxFramesPerSecond(5_000)
                .withFloodPenalty(Duration.ofSeconds(2)), 1);
        RawWsClient c = client(s, "fast", null, 0);
        established(c);
        byte[] batch = repeated(RawWsClient.frame(RawWsClient.PING, new byte[] {1}, true, true), 2_000);
        c.send(batch);
        c.flush();
        assertThat(c.awaitClose()).isEqualTo(1008);

        assertThat(upgradeStatus(s, "fast")).isEqualTo(429);
        assertThat(s.stats().floodPenaltyRefused.sum()).isEqualTo(1);
        established(client(s, "bystander", null, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> upgradeStatus(s, "fast") == 101);
    }

    /** A normal client that reads its replies is never near the bounds: 500 pings, each pong read. */
    @Test
    void aClientThatReadsItsRepliesIsNotAFlooder() throws Exception {
        GoldenPathServer s = server(ServerLimits.defaults(), 1);
        RawWsClient c = client(s, "reader", null, 0);
        established(c);
        for (int i = 0; i < 500; i++) {
            c.send(RawWsClient.frame(RawWsClient.PING, ("p" + i).getBytes(StandardCharsets.US_ASCII), true, true));
            RawWsClient.Frame f = c.read();
            assertThat(f).isNotNull();
            assertThat(f.opcode()).isEqualTo(RawWsClient.PONG);
            assertThat(f.text()).isEqualTo("p" + i);
        }
        assertThat(s.stats().floodersClosed.sum()).isZero();
    }

    /** Per-session bound on runs in flight: past it, start_agent gets too_many_runs, nothing else changes. */
    @Test
    void runsInFlightAreBoundedPerSession() throws Exception {
        GoldenPathServer s = server(ServerLimits.defaults().withSessionBounds(256, 2, 64), 2_000);
        RawWsClient c = client(s, "busy", null, 0);
        String thread = established(c);
        c.send(RawWsClient.text(startAgent(thread, "r1")));
        c.send(RawWsClient.text(startAgent(thread, "r2")));
        c.send(RawWsClient.text(startAgent(thread, "r3")));
        c.flush();
        Set<String> seen = new HashSet<>();
        JsonNode refusal = null;
        while (refusal == null) {
            JsonNode m = json(c.next());
            if (m.path("type").asText().equals("error")) {
                refusal = m;
            } else {
                seen.add(m.path("run_id").asText());
            }
        }
        assertThat(refusal.path("code").asText()).isEqualTo("too_many_runs");
        assertThat(refusal.path("run_id").asText()).isEqualTo("r3");
        assertThat(s.stats().runsStarted.sum()).isEqualTo(2);
    }

    // ---- 2. handshake and idle timeouts -----------------------------------------------------

    /** A TCP connection that never upgrades is closed after the handshake timeout (before: held forever). */
    @Test
    void aConnectionThatNeverUpgradesIsClosed() throws Exception {
        GoldenPathServer s = server(ServerLimits.defaults().withTimeouts(Duration.ofMillis(300), Duration.ofMinutes(5)), 1);
        try (Socket idle = new Socket("127.0.0.1", s.port())) {
            idle.setSoTimeout(10_000);
            assertThat(idle.getInputStream().read()).as("the server closed it").isEqualTo(-1);
        }
        assertThat(s.stats().handshakeTimeouts.sum()).isEqualTo(1);
    }

    /** An upgraded session with no traffic either way is closed with 1001 after the idle timeout. */
    @Test
    void anIdleSessionIsClosedWith1001() throws Exception {
        GoldenPathServer s = server(ServerLimits.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofMillis(400)), 1);
        RawWsClient c = client(s, "sleepy", null, 0);
        established(c);
        assertThat(c.awaitClose()).isEqualTo(1001);
        assertThat(s.stats().idleClosed.sum()).isEqualTo(1);
    }

    // ---- 3. thread squatting ------------------------------------------------------------------

    /** Server-assigned thread ids are 128 random bits, not th-c1, th-c2, ... */
    @Test
    void assignedThreadIdsAreNotPredictable() throws Exception {
        GoldenPathServer s = server(ServerLimits.defaults(), 1);
        Set<String> threads = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            String t = established(client(s, "user" + i, null, 0));
            assertThat(t).matches("th-[A-Za-z0-9_-]{22}");
            threads.add(t);
        }
        assertThat(threads).hasSize(3);
    }

    /**
     * Claiming a thread one has not been given is refused: mallory cannot start a run on a thread id nobody
     * holds yet (a thread alice will connect with later), so alice's later session gets its thread and runs on it.
     */
    @Test
    void claimingAThreadOneWasNotGivenIsRefused() throws Exception {
        GoldenPathServer s = server(ServerLimits.defaults(), 1);
        RawWsClient mallory = client(s, "mallory", null, 0);
        established(mallory);
        mallory.send(RawWsClient.text(startAgent("alices-next-thread", "squat")));
        JsonNode refusal = json(mallory.next());
        assertThat(refusal.path("type").asText()).isEqualTo("error");
        assertThat(refusal.path("code").asText()).isEqualTo("forbidden");
        assertThat(refusal.path("run_id").asText()).isEqualTo("squat");
        assertThat(s.stats().runsStarted.sum()).isZero();

        RawWsClient alice = client(s, "alice", "alices-next-thread", 0);
        assertThat(established(alice)).isEqualTo("alices-next-thread");
        alice.send(RawWsClient.text(startAgent("alices-next-thread", "mine")));
        for (int i = 0; i < 5; i++) {
            JsonNode e = json(alice.next());
            assertThat(e.path("run_id").asText()).isEqualTo("mine");
            assertThat(e.path("user_id").asText()).isEqualTo("alice");
        }
    }

    /** A session may run on a thread its own user holds through another session (tabs sharing a thread). */
    @Test
    void aThreadOfTheSameUsersOtherSessionIsAllowed() throws Exception {
        GoldenPathServer s = server(ServerLimits.defaults(), 1);
        String first = established(client(s, "tabs", null, 0));
        RawWsClient second = client(s, "tabs", null, 0);
        established(second);
        second.send(RawWsClient.text(startAgent(first, "on-the-first-tabs-thread")));
        JsonNode e = json(second.next());
        assertThat(e.path("type").asText()).isEqualTo("agent_started");
        assertThat(e.path("thread_id").asText()).isEqualTo(first);
    }

    /** A 60 KB thread_id is refused (the upgrade URL caps it at 200 characters; so does start_agent now). */
    @Test
    void aHugeThreadIdIsRefused() throws Exception {
        GoldenPathServer s = server(ServerLimits.defaults(), 1);
        RawWsClient c = client(s, "huge", null, 0);
        established(c);
        c.send(RawWsClient.text(startAgent("t".repeat(60_000), "big")));
        JsonNode refusal = json(c.next());
        assertThat(refusal.path("code").asText()).isEqualTo("invalid_request");
        assertThat(refusal.path("message").asText()).contains("at most 200");
        assertThat(s.stats().runsStarted.sum()).isZero();
    }

    /** Per-session bound on claims: a session may hold at most N threads (its own and its user's). */
    @Test
    void threadsPerSessionAreBounded() throws Exception {
        GoldenPathServer s = server(ServerLimits.defaults().withSessionBounds(256, 1000, 2), 1);
        RawWsClient a = client(s, "many", null, 0);
        String own = established(a);
        String second = established(client(s, "many", null, 0));
        String third = established(client(s, "many", null, 0));
        a.send(RawWsClient.text(startAgent(second, "ok")));
        assertThat(json(a.next()).path("type").asText()).isEqualTo("agent_started");
        a.send(RawWsClient.text(startAgent(third, "over")));
        JsonNode m;
        do {
            m = json(a.next());
        } while (!m.path("type").asText().equals("error"));
        assertThat(m.path("code").asText()).isEqualTo("too_many_threads");
        assertThat(m.path("run_id").asText()).isEqualTo("over");
        assertThat(own).isNotEqualTo(second);
    }

    // ---- 4. a placeholder sub ---------------------------------------------------------------

    /** A token naming a placeholder user: HTTP 401 at the upgrade (it was 1011, "server error", after it). */
    @Test
    void aPlaceholderSubIsRefusedWith401() throws Exception {
        GoldenPathServer s = server(ServerLimits.defaults(), 1);
        for (String user : new String[] {"undefined", "mock_user", "temp_42"}) {
            try (RawWsClient c = new RawWsClient(s.port(), jwt.sign(user, Duration.ofMinutes(5)), null, 0)) {
                assertThat(c.status).as(user).isEqualTo(401);
            }
        }
        assertThat(s.stats().sessionsOpened.sum()).isZero();
        assertThat(s.stats().setupFailures.sum()).isZero();
    }
}
