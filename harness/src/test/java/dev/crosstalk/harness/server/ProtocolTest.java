package dev.crosstalk.harness.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstalk.harness.testing.TestProviders;
import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.ssot.SsotProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The embedded server speaks wire-protocol.md: handshake, 401, error replies, 1011. */
class ProtocolTest {

    private static final String SECRET = "protocol-test-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<GoldenPathServer> servers = new ArrayList<>();
    private final Jwt jwt = new Jwt(SECRET);

    @AfterEach
    void stop() {
        servers.forEach(GoldenPathServer::close);
    }

    private GoldenPathServer server(ManagerProvider p) throws InterruptedException {
        GoldenPathServer s = GoldenPathServer.start(ServerConfig.defaults(p, SECRET).withThreads(1, 2, 1));
        servers.add(s);
        return s;
    }

    /** A client that queues every text message and the close status. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        JsonNode next() throws InterruptedException {
            JsonNode n = messages.poll(5, TimeUnit.SECONDS);
            assertThat(n).as("a message within 5 s").isNotNull();
            return n;
        }

        void send(String text) {
            ws.sendText(text, true).join();
        }
    }

    private Client connect(GoldenPathServer s, String token, boolean subprotocol) {
        Client c = new Client();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (token != null) {
            if (subprotocol) {
                b.subprotocols("jwt." + token);
            } else {
                b.header("Authorization", "Bearer " + token);
            }
        }
        c.ws = b.buildAsync(s.uri(), c).orTimeout(10, TimeUnit.SECONDS).join();
        return c;
    }

    private static String startAgent(String thread, String run) {
        return "{\"type\":\"start_agent\",\"payload\":{\"user_request\":\"hi\",\"thread_id\":\"" + thread
                + "\",\"run_id\":\"" + run + "\"}}";
    }

    @Test
    void bearerHandshakeThenGoldenPathInOrder() throws Exception {
        GoldenPathServer s = server(new SsotProvider());
        Client c = connect(s, jwt.sign("alice", Duration.ofMinutes(5)), false);
        JsonNode hello = c.next();
        assertThat(hello.path("type").asText()).isEqualTo("connection_established");
        assertThat(hello.path("user_id").asText()).isEqualTo("alice");
        assertThat(hello.path("connection_id").asText()).isNotBlank();
        assertThat(hello.path("golden_path_events")).hasSize(5);
        String thread = hello.path("thread_id").asText();
        c.send(startAgent(thread, "run-1"));
        List<String> types = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JsonNode e = c.next();
            assertThat(e.path("run_id").asText()).isEqualTo("run-1");
            assertThat(e.path("thread_id").asText()).isEqualTo(thread);
            assertThat(e.path("user_id").asText()).isEqualTo("alice");
            assertThat(e.has("timestamp")).isTrue();
            types.add(e.path("type").asText());
        }
        assertThat(types).isEqualTo(AgentEvent.GOLDEN_PATH);
    }

    @Test
    void subprotocolTokenIsAcceptedAndEchoed() throws Exception {
        GoldenPathServer s = server(new SsotProvider());
        String token = jwt.sign("bob", Duration.ofMinutes(5));
        Client c = connect(s, token, true);
        assertThat(c.ws.getSubprotocol()).isEqualTo("jwt." + token);
        assertThat(c.next().path("user_id").asText()).isEqualTo("bob");
    }

    @Test
    void missingBadOrExpiredTokenGets401AndNoSession() throws Exception {
        GoldenPathServer s = server(new SsotProvider());
        String expired = jwt.signExpiring("carol", Instant.now().minusSeconds(60));
        String forged = new Jwt("another-secret").sign("carol", Duration.ofMinutes(5));
        for (String token : new String[] {null, "not-a-jwt", forged, expired}) {
            assertThatThrownBy(() -> connect(s, token, false))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                            .isEqualTo(401));
        }
        assertThatThrownBy(() -> connect(s, forged, true)).cause().isInstanceOf(WebSocketHandshakeException.class);
        assertThat(s.stats().authRejected.sum()).isEqualTo(5);
        assertThat(s.stats().sessionsOpened.sum()).isZero();
    }

    @Test
    void badRequestsGetErrorRepliesAndTheSessionStaysOpen() throws Exception {
        GoldenPathServer s = server(new SsotProvider());
        Client c = connect(s, jwt.sign("dave", Duration.ofMinutes(5)), false);
        String thread = c.next().path("thread_id").asText();
        c.send("{not json");
        assertThat(c.next().path("code").asText()).isEqualTo("invalid_json");
        c.send("{\"type\":\"dance\"}");
        assertThat(c.next().path("code").asText()).isEqualTo("unknown_type");
        c.send("{\"type\":\"start_agent\",\"user_id\":\"erin\",\"payload\":{\"thread_id\":\"" + thread
                + "\",\"run_id\":\"r-x\"}}");
        JsonNode err = c.next();
        assertThat(err.path("type").asText()).isEqualTo("error");
        assertThat(err.path("code").asText()).isEqualTo("forbidden");
        c.send("{\"type\":\"start_agent\",\"payload\":{\"thread_id\":\"" + thread + "\",\"run_id\":\"mock\"}}");
        assertThat(c.next().path("code").asText()).isEqualTo("invalid_request");
        // Still open: a valid run goes through.
        c.send(startAgent(thread, "run-after-errors"));
        assertThat(c.next().path("type").asText()).isEqualTo("agent_started");
        assertThat(c.closed).isNotDone();
    }

    @Test
    void aRunOnAnotherUsersThreadGetsAnErrorAndNobodysEvents() throws Exception {
        GoldenPathServer s = server(new SsotProvider());
        Client alice = connect(s, jwt.sign("alice", Duration.ofMinutes(5)), false);
        String aliceThread = alice.next().path("thread_id").asText();
        Client mallory = connect(s, jwt.sign("mallory", Duration.ofMinutes(5)), false);
        mallory.next();
        mallory.send(startAgent(aliceThread, "run-stolen"));
        JsonNode err = mallory.next();
        assertThat(err.path("type").asText()).isEqualTo("error");
        assertThat(err.path("code").asText()).isEqualTo("forbidden");
        assertThat(err.path("run_id").asText()).isEqualTo("run-stolen");
        // Alice's own run still works, and is the only thing she receives.
        alice.send(startAgent(aliceThread, "run-alice"));
        for (int i = 0; i < 5; i++) {
            assertThat(alice.next().path("run_id").asText()).isEqualTo("run-alice");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> s.stats().runsCompleted.sum() == 1);
        assertThat(s.stats().runsStarted.sum()).isEqualTo(1);
        assertThat(alice.messages).isEmpty();
        assertThat(mallory.messages).isEmpty();
    }

    @Test
    void aSessionThatCannotBeSetUpClosesWith1011() throws Exception {
        GoldenPathServer s = server(new TestProviders.OpenThrows());
        Client c = connect(s, jwt.sign("frank", Duration.ofMinutes(5)), false);
        assertThat(c.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1011);
        assertThat(c.messages).isEmpty();
        assertThat(s.stats().setupFailures.sum()).isEqualTo(1);
    }

    @Test
    void aPlaceholderUserIsRefusedAtTheUpgrade() throws Exception {
        GoldenPathServer s = server(new SsotProvider());
        assertThatThrownBy(() -> connect(s, jwt.sign("undefined", Duration.ofMinutes(5)), false))
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(401));
        assertThat(s.stats().sessionsOpened.sum()).isZero();
    }

    @Test
    void aSlowReaderIsClosedInsteadOfGrowingServerMemory() throws Exception {
        GoldenPathServer s = GoldenPathServer.start(ServerConfig.defaults(new SsotProvider(), SECRET)
                .withThreads(1, 2, 1).withThink(0, 0).withMaxOutboundBytes(64 * 1024));
        servers.add(s);
        // A raw client that never reads: its receive buffer fills, the server's unsent bytes grow.
        try (java.net.Socket raw = new java.net.Socket()) {
            raw.setReceiveBufferSize(4096);
            raw.connect(new java.net.InetSocketAddress("127.0.0.1", s.port()));
            String token = jwt.sign("slow", Duration.ofMinutes(5));
            String req = "GET /ws?thread_id=slow-thread HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token + "\r\n\r\n";
            raw.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            var out = raw.getOutputStream();
            await().atMost(Duration.ofSeconds(5)).until(() -> s.stats().sessionsOpened.sum() == 1);
            try {
                for (int i = 0; i < 4000; i++) {
                    byte[] payload = startAgent("slow-thread", "run-" + i + "-" + "x".repeat(180))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    out.write(RawWsClient.frame(RawWsClient.TEXT, payload, true, true));
                }
                out.flush();
            } catch (java.net.SocketException closedByTheServer) {
                // The server may close the slow reader while requests are still being written: that is the point.
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> s.stats().slowReadersClosed.sum() == 1);
        }
    }
}
