package dev.crosstalk.harness.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crosstalk.manager.ssot.SsotProvider;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.awaitility.core.ConditionFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Property-based fuzzing of the server's frame handling (issue 14): a session sends 1 to 6 random frames
 * (random and malformed text, binary, huge, fragmented, unmasked, reserved opcodes, oversized control frames,
 * valid-looking JSON with wrong types, unknown types, hostile ids naming another user, its thread or its runs),
 * then a JSON ping. For every try:
 * <ul>
 *   <li>the server answers with JSON (an error, a pong, its own events) or closes with a proper code
 *       (1002, 1007, 1008, 1009, or the echo of the client's own close), never 1011;</li>
 *   <li>no exception reaches the pipeline other than I/O and protocol errors ({@code unexpected_errors} = 0);</li>
 *   <li>nothing of another user arrives: no event whose user, thread or run is not the fuzzer's own;</li>
 *   <li>bounds hold: once the fuzzer's connection is gone its thread claims are released, and the victim
 *       still completes a run afterwards.</li>
 * </ul>
 * Tries: {@code jqwik.tries.default}, set from the Maven property {@code fuzz.tries} (150 in {@code verify};
 * {@code -Dfuzz.tries=5000} for a longer run). Seeds are random per run; jqwik prints the seed of a failure.
 */
class FrameFuzzTest {

    private static final String SECRET = "fuzz-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Jwt JWT = new Jwt(SECRET);
    private static final Set<Integer> PROPER_CLOSE = Set.of(1002, 1007, 1008, 1009);

    /** Every thread the server gave a fuzzer session (test thread only). */
    private static final Set<String> FUZZER_THREADS = new HashSet<>();
    private static GoldenPathServer server;
    private static RawWsClient victim;
    private static String victimThread;

    @BeforeContainer
    static void start() throws Exception {
        server = GoldenPathServer.start(ServerConfig.defaults(new SsotProvider(), SECRET).withThreads(1, 2, 1)
                .withThink(0, 0));
        victim = new RawWsClient(server.port(), JWT.sign("victim", Duration.ofHours(1)), null, 0);
        victimThread = JSON.readTree(victim.next().text()).path("thread_id").asText();
    }

    @AfterContainer
    static void stop() throws IOException {
        victim.close();
        server.close();
    }

    /** Stands for the session's own thread in generated JSON (known only once connected). */
    private static final String OWN = "<own-thread>";

    /**
     * One frame to send, and whether it is the client's close (then any echoed close code is proper). A JSON
     * action is framed when sent, with {@link #OWN} replaced by the session's thread.
     */
    record Action(String label, byte[] bytes, boolean isClose, String json) {
        Action(String label, byte[] bytes, boolean isClose) {
            this(label, bytes, isClose, null);
        }

        byte[] frame(String ownThread) {
            return json == null ? bytes : RawWsClient.text(json.replace(OWN, ownThread));
        }

        @Override
        public String toString() {
            return label + (bytes == null ? "" : " (" + bytes.length + " bytes)");
        }
    }

    @Property
    void theServerAnswersOrClosesProperlyAndLeaksNothing(@ForAll("sessions") List<Action> actions) throws Exception {
        long unexpectedBefore = server.stats().unexpectedErrors.sum();
        int threadsBefore = server.threadsHeld();
        boolean sentClose = actions.stream().anyMatch(Action::isClose);
        try (RawWsClient c = new RawWsClient(server.port(), JWT.sign("fuzzer", Duration.ofHours(1)), null, 0)) {
            JsonNode hello = JSON.readTree(c.next().text());
            String ownThread = hello.path("thread_id").asText();
            assertThat(ownThread).isNotEqualTo(victimThread);
            FUZZER_THREADS.add(ownThread);
            boolean open = true;
            try {
                for (Action a : actions) {
                    c.send(a.frame(ownThread));
                }
                open = sentinel(c, "s1", ownThread, sentClose, actions);
                // Runs emit on the agent pool: once every run ended, a second pong follows all their events on
                // this connection (they were handed to its event loop before that ping was sent).
                if (open) {
                    soon().until(() -> server.stats().runsStarted.sum()
                            == server.stats().runsCompleted.sum() + server.stats().runsFailed.sum());
                    sentinel(c, "s2", ownThread, sentClose, actions);
                }
            } catch (IOException closedByTheServer) {
                // the server closed while the rest was being written: what it sent before is checked
                while (check(c.read(), ownThread, sentClose, actions, "")) {
                    // read to the end
                }
            }
        }
        assertThat(server.stats().unexpectedErrors.sum()).as("exceptions in the pipeline").isEqualTo(unexpectedBefore);
        soon().until(() -> server.threadsHeld() <= threadsBefore);
    }

    /** Polls every 2 ms from the start (awaitility's default first poll is after 100 ms, too slow per try). */
    private static ConditionFactory soon() {
        return await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
    }

    /** Sends a ping with {@code payload} and checks every frame up to its pong; false if the server closed first. */
    private static boolean sentinel(RawWsClient c, String payload, String ownThread, boolean sentClose,
                                    List<Action> actions) throws IOException {
        c.send(RawWsClient.frame(RawWsClient.PING, payload.getBytes(StandardCharsets.US_ASCII), true, true));
        c.flush();
        RawWsClient.Frame f;
        do {
            f = c.read();
            if (f == null || !check(f, ownThread, sentClose, actions, payload)) {
                return false;
            }
        } while (!(f.opcode() == RawWsClient.PONG && f.text().equals(payload)));
        return true;
    }

    /**
     * Checks one frame from the server: JSON (an error with a code, a pong, or an event of the fuzzer's own
     * user on its own thread) or a proper close. False when the connection ended (null or a close frame).
     */
    private static boolean check(RawWsClient.Frame f, String ownThread, boolean sentClose, List<Action> actions,
                                 String awaitedPong) throws IOException {
        if (f == null) {
            return false;
        }
        if (f.opcode() == RawWsClient.CLOSE) {
            int code = f.closeCode();
            assertThat(sentClose || PROPER_CLOSE.contains(code)).as("close code " + code + " for " + actions).isTrue();
            return false;
        }
        if (f.opcode() == RawWsClient.PONG) {
            return true;
        }
        assertThat(f.opcode()).as("frame opcode for " + actions).isEqualTo(RawWsClient.TEXT);
        JsonNode m = JSON.readTree(f.text());
        String type = m.path("type").asText();
        if (type.equals("error")) {
            assertThat(m.path("code").asText()).isNotBlank();
        } else if (!type.equals("pong")) {
            // An event: only of this user, only on a thread the server gave one of its sessions (a closed session's
            // runs still emit, to the user's next connection: ssot hands their manager over).
            assertThat(m.path("user_id").asText()).as(type + " for " + actions).isEqualTo("fuzzer");
            assertThat(m.path("run_id").asText()).as(type + " for " + actions).isNotEqualTo("victim-run");
            assertThat(FUZZER_THREADS).as(type + " for " + actions).contains(m.path("thread_id").asText());
        }
        return true;
    }

    /** After all the fuzzing, the victim's session still works and never received anything of the fuzzer. */
    @Property(tries = 1)
    void theVictimIsUnaffected() throws Exception {
        victim.send(RawWsClient.text("{\"type\":\"start_agent\",\"payload\":{\"thread_id\":\"" + victimThread
                + "\",\"run_id\":\"victim-run\"}}"));
        victim.flush();
        Set<String> types = new HashSet<>();
        while (types.size() < 5) {
            RawWsClient.Frame f = victim.next();
            assertThat(f).isNotNull();
            JsonNode m = JSON.readTree(f.text());
            assertThat(m.path("user_id").asText()).isEqualTo("victim");
            assertThat(m.path("run_id").asText()).isEqualTo("victim-run");
            types.add(m.path("type").asText());
        }
    }

    // ---- generators -------------------------------------------------------------------------

    @Provide
    Arbitrary<List<Action>> sessions() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, hostileJson()),
                Tuple.of(3, randomText()),
                Tuple.of(2, binary()),
                Tuple.of(2, malformedFrames()),
                Tuple.of(1, huge()),
                Tuple.of(1, clientClose())).list().ofMinSize(1).ofMaxSize(6);
    }

    private static Arbitrary<Action> randomText() {
        return Arbitraries.strings().ofMaxLength(300).map(s -> new Action("text", RawWsClient.text(s), false));
    }

    private static Arbitrary<Action> binary() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
                .map(b -> new Action("binary", RawWsClient.frame(RawWsClient.BINARY, b, true, true), false));
    }

    /** Frames the RFC forbids: unmasked, reserved opcodes, RSV bits, control frames over 125 bytes or fragmented, invalid UTF-8, a lone continuation. */
    private static Arbitrary<Action> malformedFrames() {
        byte[] invalidUtf8 = {(byte) 0xc3, (byte) 0x28, (byte) 0xff};
        return Arbitraries.of(
                new Action("unmasked text", RawWsClient.frame(RawWsClient.TEXT, "{}".getBytes(StandardCharsets.UTF_8), true, false), false),
                new Action("reserved opcode 3", RawWsClient.frame(0x3, new byte[] {1}, true, true), false),
                new Action("reserved opcode 0xB", RawWsClient.frame(0xB, new byte[0], true, true), false),
                new Action("RSV1 set", rsv(RawWsClient.text("{}")), false),
                new Action("ping of 200 bytes", RawWsClient.frame(RawWsClient.PING, new byte[200], true, true), false),
                new Action("fragmented ping", RawWsClient.frame(RawWsClient.PING, new byte[] {1}, false, true), false),
                new Action("invalid UTF-8 text", RawWsClient.frame(RawWsClient.TEXT, invalidUtf8, true, true), false),
                new Action("lone continuation", RawWsClient.frame(0x0, new byte[] {'x'}, true, true), false),
                new Action("unfinished text then text", concat(RawWsClient.frame(RawWsClient.TEXT, "{\"ty".getBytes(StandardCharsets.UTF_8), false, true),
                        RawWsClient.text("{}")), false),
                new Action("fragmented JSON ping", concat(RawWsClient.frame(RawWsClient.TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8), false, true),
                        RawWsClient.frame(0x0, "\"ping\"}".getBytes(StandardCharsets.UTF_8), true, true)), false),
                new Action("ping", RawWsClient.frame(RawWsClient.PING, new byte[] {7}, true, true), false),
                new Action("pong", RawWsClient.frame(RawWsClient.PONG, new byte[0], true, true), false));
    }

    private static Arbitrary<Action> huge() {
        return Arbitraries.integers().between(ServerHandler.MAX_MESSAGE - 16, 3 * ServerHandler.MAX_MESSAGE)
                .map(n -> new Action("text of " + n, RawWsClient.text("{\"type\":\"" + "h".repeat(n) + "\"}"), false));
    }

    private static Arbitrary<Action> clientClose() {
        return Arbitraries.integers().between(0, 5000).map(code -> new Action("close " + code,
                RawWsClient.frame(RawWsClient.CLOSE, new byte[] {(byte) (code >> 8), (byte) (code & 0xff)}, true, true), true));
    }

    /** JSON objects that look like requests: random types, wrong value types, hostile ids. */
    private static Arbitrary<Action> hostileJson() {
        Arbitrary<JsonNode> anyValue = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(JsonNodeFactory.instance::textNode),
                Arbitraries.integers().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.of(JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.booleanNode(true),
                        JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode()),
                Arbitraries.integers().between(190, 60_000).map(n -> JsonNodeFactory.instance.textNode("t".repeat(n))));
        // Weighted towards start_agent with the victim's thread, the own thread and the victim's run id: the
        // requests a squatter or a leak needs; a field is left out now and then, user_id half the time.
        Arbitrary<JsonNode> id = Arbitraries.frequencyOf(
                Tuple.of(3, anyValue),
                Tuple.of(3, Arbitraries.just(JsonNodeFactory.instance.textNode(OWN))),
                Tuple.of(2, Arbitraries.just(0).map(x -> JsonNodeFactory.instance.textNode(victimThread))),
                Tuple.of(2, Arbitraries.of("victim", "fuzzer", "victim-run", "undefined", "mock_x", "", " ", "th-c1",
                        "null").map(JsonNodeFactory.instance::textNode)));
        Arbitrary<JsonNode> type = Arbitraries.frequencyOf(
                Tuple.of(7, Arbitraries.just(JsonNodeFactory.instance.textNode("start_agent"))),
                Tuple.of(1, Arbitraries.of("ping", "pong", "START_AGENT", "error", "agent_started",
                        "connection_established").map(JsonNodeFactory.instance::textNode)),
                Tuple.of(2, anyValue));
        Arbitrary<Boolean> rarely = Arbitraries.frequency(Tuple.of(7, false), Tuple.of(1, true));
        Arbitrary<Boolean> half = Arbitraries.of(false, true);
        Arbitrary<boolean[]> omit = Combinators.combine(rarely, rarely, half, rarely)
                .as((a, b, c, d) -> new boolean[] {a, b, c, d});
        return Combinators.combine(type, id, id, id, omit).as((t, thread, run, user, leave) -> {
            ObjectNode payload = JsonNodeFactory.instance.objectNode();
            if (!leave[0]) {
                payload.set("thread_id", thread);
            }
            if (!leave[1]) {
                payload.set("run_id", run);
            }
            if (!leave[2]) {
                payload.set("user_id", user);
            }
            ObjectNode msg = JsonNodeFactory.instance.objectNode();
            msg.set("type", t);
            msg.set("payload", leave[3] ? run : payload);
            String text = msg.toString();
            return new Action("json " + (text.length() > 120 ? text.substring(0, 120) + "…" : text),
                    null, false, text);
        });
    }

    private static byte[] rsv(byte[] frame) {
        frame[0] |= 0x40;
        return frame;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
