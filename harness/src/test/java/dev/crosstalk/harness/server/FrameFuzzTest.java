package dev.crosstalk.harness.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crosstalk.manager.ssot.SsotProvider;
import dev.crosstalk.results.fuzz.Draw;
import dev.crosstalk.results.fuzz.SeededTries;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static dev.crosstalk.results.fuzz.Draw.between;
import static dev.crosstalk.results.fuzz.Draw.oneIn;
import static dev.crosstalk.results.fuzz.Draw.oneOf;
import static dev.crosstalk.results.fuzz.Draw.weight;
import static dev.crosstalk.results.fuzz.Draw.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fuzzing of the server's frame handling (issue 14): a session sends 1 to 6 random frames
 * (random and malformed text, binary, huge, fragmented, unmasked, reserved opcodes, oversized control frames,
 * valid-looking JSON with wrong types, unknown types, hostile ids naming another user, its thread or its runs),
 * then a JSON ping. For every try:
 * <ul>
 *   <li>the server answers with JSON (an error, a pong, its own events) or closes with a proper code
 *       (1002, 1007, 1008, 1009, or the echo of the client's own close), never 1011;</li>
 *   <li>no exception reaches the pipeline other than I/O and protocol errors ({@code unexpected_errors} = 0);</li>
 *   <li>nothing of another user arrives: no event whose user, thread or run is not the fuzzer's own (a run is
 *       its own when one of its sessions named it, even "victim-run");</li>
 *   <li>bounds hold: once the fuzzer's connection is gone its thread claims are released, and the victim
 *       still completes a run afterwards.</li>
 * </ul>
 * Tries: seeded, see {@link SeededTries}: {@code -Dfuzz.tries=N} (150 in {@code verify}), {@code -Dfuzz.seed=S}
 * (a fixed default; {@code random} for a new one), {@code -Dfuzz.try=I} to replay one try a failure names. The tries
 * share one server (as a real one would see them), so a replayed try alone may not fail as it did after the others.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FrameFuzzTest {

    private static final String SECRET = "fuzz-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Jwt JWT = new Jwt(SECRET);
    private static final Set<Integer> PROPER_CLOSE = Set.of(1002, 1007, 1008, 1009);

    /** Every thread the server gave a fuzzer session (test thread only). */
    private static final Set<String> FUZZER_THREADS = new HashSet<>();
    /**
     * Every run id a fuzzer session named, as the server reads it (test thread only). The fuzzer may name its own
     * run "victim-run": an event of that run on its own thread is its own, not a leak.
     */
    private static final Set<String> FUZZER_RUNS = new HashSet<>();
    private static GoldenPathServer server;
    private static RawWsClient victim;
    private static String victimThread;

    @BeforeAll
    static void start() throws Exception {
        server = GoldenPathServer.start(ServerConfig.defaults(new SsotProvider(), SECRET).withThreads(1, 2, 1)
                .withThink(0, 0));
        victim = new RawWsClient(server.port(), JWT.sign("victim", Duration.ofHours(1)), null, 0);
        victimThread = JSON.readTree(victim.next().text()).path("thread_id").asText();
    }

    @AfterAll
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

    @Test
    @Order(1)
    void theServerAnswersOrClosesProperlyAndLeaksNothing() {
        SeededTries.run("FrameFuzzTest", 150, FrameFuzzTest::session, FrameFuzzTest::fuzz);
    }

    /** One try: a fuzzer session sends {@code actions}, then the sentinel pings; its answers are checked. */
    private static void fuzz(List<Action> actions) throws Exception {
        long unexpectedBefore = server.stats().unexpectedErrors.sum();
        int threadsBefore = server.threadsHeld();
        boolean sentClose = actions.stream().anyMatch(Action::isClose);
        try (RawWsClient c = new RawWsClient(server.port(), JWT.sign("fuzzer", Duration.ofHours(1)), null, 0)) {
            JsonNode hello = JSON.readTree(c.next().text());
            String ownThread = hello.path("thread_id").asText();
            assertThat(ownThread).isNotEqualTo(victimThread);
            FUZZER_THREADS.add(ownThread);
            for (Action a : actions) {
                if (a.json() != null) {
                    String run = JSON.readTree(a.json().replace(OWN, ownThread)).path("payload").path("run_id")
                            .asText(null);
                    if (run != null) {
                        FUZZER_RUNS.add(run);
                    }
                }
            }
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
            assertThat(FUZZER_RUNS).as(type + " for " + actions).contains(m.path("run_id").asText());
            assertThat(FUZZER_THREADS).as(type + " for " + actions).contains(m.path("thread_id").asText());
        }
        return true;
    }

    /** After all the fuzzing, the victim's session still works and never received anything of the fuzzer. */
    @Test
    @Order(2)
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

    // ---- generators: one session's actions from the try's random ------------------------------

    static List<Action> session(SplittableRandom r) {
        return Draw.list(r, 1, 6, x -> weighted(x,
                weight(6, FrameFuzzTest::hostileJson),
                weight(3, FrameFuzzTest::randomText),
                weight(2, FrameFuzzTest::binary),
                weight(2, y -> Draw.of(y, MALFORMED)),
                weight(1, FrameFuzzTest::huge),
                weight(1, FrameFuzzTest::clientClose)));
    }

    private static Action randomText(SplittableRandom r) {
        return new Action("text", RawWsClient.text(Draw.string(r, 300)), false);
    }

    private static Action binary(SplittableRandom r) {
        return new Action("binary", RawWsClient.frame(RawWsClient.BINARY, Draw.bytes(r, 0, 300), true, true), false);
    }

    private static final byte[] INVALID_UTF8 = {(byte) 0xc3, (byte) 0x28, (byte) 0xff};

    /** Frames the RFC forbids: unmasked, reserved opcodes, RSV bits, control frames over 125 bytes or fragmented, invalid UTF-8, a lone continuation. */
    private static final List<Action> MALFORMED = List.of(
            new Action("unmasked text", RawWsClient.frame(RawWsClient.TEXT, "{}".getBytes(StandardCharsets.UTF_8), true, false), false),
            new Action("reserved opcode 3", RawWsClient.frame(0x3, new byte[] {1}, true, true), false),
            new Action("reserved opcode 0xB", RawWsClient.frame(0xB, new byte[0], true, true), false),
            new Action("RSV1 set", rsv(RawWsClient.text("{}")), false),
            new Action("ping of 200 bytes", RawWsClient.frame(RawWsClient.PING, new byte[200], true, true), false),
            new Action("fragmented ping", RawWsClient.frame(RawWsClient.PING, new byte[] {1}, false, true), false),
            new Action("invalid UTF-8 text", RawWsClient.frame(RawWsClient.TEXT, INVALID_UTF8, true, true), false),
            new Action("lone continuation", RawWsClient.frame(0x0, new byte[] {'x'}, true, true), false),
            new Action("unfinished text then text", concat(RawWsClient.frame(RawWsClient.TEXT, "{\"ty".getBytes(StandardCharsets.UTF_8), false, true),
                    RawWsClient.text("{}")), false),
            new Action("fragmented JSON ping", concat(RawWsClient.frame(RawWsClient.TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8), false, true),
                    RawWsClient.frame(0x0, "\"ping\"}".getBytes(StandardCharsets.UTF_8), true, true)), false),
            new Action("ping", RawWsClient.frame(RawWsClient.PING, new byte[] {7}, true, true), false),
            new Action("pong", RawWsClient.frame(RawWsClient.PONG, new byte[0], true, true), false));

    private static Action huge(SplittableRandom r) {
        int n = between(r, ServerHandler.MAX_MESSAGE - 16, 3 * ServerHandler.MAX_MESSAGE);
        return new Action("text of " + n, RawWsClient.text("{\"type\":\"" + "h".repeat(n) + "\"}"), false);
    }

    private static Action clientClose(SplittableRandom r) {
        int code = between(r, 0, 5000);
        return new Action("close " + code,
                RawWsClient.frame(RawWsClient.CLOSE, new byte[] {(byte) (code >> 8), (byte) (code & 0xff)}, true, true), true);
    }

    private static JsonNode anyValue(SplittableRandom r) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return oneOf(r,
                x -> f.textNode(Draw.string(x, 40)),
                x -> f.numberNode(Draw.anyInt(x)),
                x -> Draw.of(x, f.nullNode(), f.booleanNode(true), f.arrayNode(), f.objectNode()),
                x -> f.textNode("t".repeat(between(x, 190, 60_000))));
    }

    /**
     * An id: weighted towards the own thread, the victim's thread and the victim's run id, the values a squatter
     * or a leak needs.
     */
    private static JsonNode id(SplittableRandom r) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return weighted(r,
                weight(3, FrameFuzzTest::anyValue),
                weight(3, x -> f.textNode(OWN)),
                weight(2, x -> f.textNode(victimThread)),
                weight(2, x -> f.textNode(Draw.of(x, "victim", "fuzzer", "victim-run", "undefined", "mock_x", "", " ",
                        "th-c1", "null"))));
    }

    private static JsonNode type(SplittableRandom r) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return weighted(r,
                weight(7, x -> f.textNode("start_agent")),
                weight(1, x -> f.textNode(Draw.of(x, "ping", "pong", "START_AGENT", "error", "agent_started",
                        "connection_established"))),
                weight(2, FrameFuzzTest::anyValue));
    }

    /**
     * A JSON object that looks like a request: mostly start_agent, random types, wrong value types, hostile ids;
     * a field is left out now and then (one in eight), user_id half the time, and the payload is now and then
     * not an object.
     */
    private static Action hostileJson(SplittableRandom r) {
        JsonNode t = type(r);
        JsonNode thread = id(r);
        JsonNode run = id(r);
        JsonNode user = id(r);
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        if (!oneIn(r, 8)) {
            payload.set("thread_id", thread);
        }
        if (!oneIn(r, 8)) {
            payload.set("run_id", run);
        }
        if (r.nextBoolean()) {
            payload.set("user_id", user);
        }
        ObjectNode msg = JsonNodeFactory.instance.objectNode();
        msg.set("type", t);
        msg.set("payload", oneIn(r, 8) ? run : payload);
        String text = msg.toString();
        return new Action("json " + (text.length() > 120 ? text.substring(0, 120) + "…" : text), null, false, text);
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
