package peers.golden;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.*;
import io.gatling.javaapi.http.*;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Golden-path WebSocket load: per virtual user, for each of sessionsPerUser sessions:
 * connect to ws://HOST:PORT/ws with "Authorization: Bearer JWT" (HS256, sub=user id),
 * await connection_established (user_id must equal our sub), then runsPerSession times:
 * send start_agent with a fresh run_id and await, strictly in order, agent_started,
 * agent_thinking, tool_executing, tool_completed, agent_completed -- each frame must carry
 * our run_id, thread_id and user_id (any foreign / out-of-order frame fails the check,
 * which is how per-user isolation is verified). Then close.
 *
 * System properties (all optional): port=8765 host=127.0.0.1 (loopback only) users=200
 * sessionsPerUser=1 runsPerSession=5 secret=dev-secret rampSeconds=10 (0 = all at once)
 * usersPerSec (if set: constantUsersPerSec for durationSeconds, instead of users/rampSeconds)
 * durationSeconds=30 awaitSeconds=10 maxDurationSeconds=300 tokenTtlSeconds=3600
 * maxFailedRequests=0 (assertion; build fails above it)
 * matchByRunId=false (true: each check only considers frames whose run_id is ours -- Gatling's
 *   "matching", i.e. await specific messages and skip unrelated ones -- instead of strict order)
 */
public class GoldenPathSimulation extends Simulation {

  private static final String[] EVENTS = {
    "agent_started", "agent_thinking", "tool_executing", "tool_completed", "agent_completed"
  };

  private static String prop(String key, String def) {
    String v = System.getProperty(key);
    return v == null || v.isBlank() ? def : v.trim();
  }

  private static int intProp(String key, int def) {
    return Integer.parseInt(prop(key, Integer.toString(def)));
  }

  private final String host = prop("host", "127.0.0.1");
  private final int port = intProp("port", 8765);
  private final int users = intProp("users", 200);
  private final int sessionsPerUser = intProp("sessionsPerUser", 1);
  private final int runsPerSession = intProp("runsPerSession", 5);
  private final String secret = prop("secret", "dev-secret");
  private final int rampSeconds = intProp("rampSeconds", 10);
  private final String usersPerSec = prop("usersPerSec", null);
  private final int durationSeconds = intProp("durationSeconds", 30);
  private final int awaitSeconds = intProp("awaitSeconds", 10);
  private final int maxDurationSeconds = intProp("maxDurationSeconds", 300);
  private final long tokenTtlSeconds = intProp("tokenTtlSeconds", 3600);
  private final long maxFailedRequests = intProp("maxFailedRequests", 0);
  private static final boolean MATCH_BY_RUN_ID =
      Boolean.parseBoolean(System.getProperty("matchByRunId", "false"));
  /** Distinguishes user ids of this simulation run from those of earlier runs. */
  private final String runTag =
      Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);

  {
    try {
      if (!InetAddress.getByName(host).isLoopbackAddress()) {
        throw new IllegalArgumentException("host must be a loopback address, got " + host);
      }
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  // ---- JWT (HS256) minting, no extra dependency ----
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final ThreadLocal<Mac> MAC = new ThreadLocal<>();

  static String jwt(String secret, String sub, long ttlSeconds) {
    try {
      Mac mac = MAC.get();
      if (mac == null) {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        MAC.set(mac);
      }
      long now = Instant.now().getEpochSecond();
      String header = B64.encodeToString(
          "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
      String payload = B64.encodeToString(
          ("{\"sub\":\"" + sub + "\",\"iat\":" + now + ",\"exp\":" + (now + ttlSeconds) + "}")
              .getBytes(StandardCharsets.UTF_8));
      String signingInput = header + "." + payload;
      String sig = B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
      return signingInput + "." + sig;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- checks ----
  private static WsFrameCheck.Text event(String type) {
    WsFrameCheck.Text check = ws.checkTextMessage(type);
    if (MATCH_BY_RUN_ID) {
      check = check.matching(jsonPath("$.run_id").is(s -> s.getString("runId")));
    }
    return check
        .check(
            jsonPath("$.type").is(type),
            jsonPath("$.run_id").is(s -> s.getString("runId")),
            jsonPath("$.thread_id").is(s -> s.getString("threadId")),
            jsonPath("$.user_id").is(s -> s.getString("userId")));
  }

  private final WsFrameCheck.Text[] runChecks = {
    event(EVENTS[0]), event(EVENTS[1]), event(EVENTS[2]), event(EVENTS[3]), event(EVENTS[4])
  };

  private final HttpProtocolBuilder protocol =
      http.wsBaseUrl("ws://" + host + ":" + port)
          .disableWarmUp() // the default warm-up would call an external URL
          .userAgentHeader("gatling-golden-path");

  private final ChainBuilder initUser =
      exec(session -> {
        String userId = "gatling-" + runTag + "-" + session.userId();
        return session.set("userId", userId).set("token", jwt(secret, userId, tokenTtlSeconds));
      });

  private final ChainBuilder connect =
      exec(session -> session.set("threadId",
              "t-" + session.getString("userId") + "-" + session.getInt("sessionIndex")))
          .exec(ws("connect").connect("/ws")
              .header("Authorization", "Bearer #{token}")
              .await(awaitSeconds).on(
                  ws.checkTextMessage("connection_established").check(
                      jsonPath("$.type").is("connection_established"),
                      jsonPath("$.user_id").is(s -> s.getString("userId")),
                      jsonPath("$.connection_id").exists(),
                      // The server gives each session its thread (crosstalk serve refuses a thread it did not give).
                      jsonPath("$.thread_id").saveAs("threadId"))));

  private final ChainBuilder run =
      exec(session -> session.set("runId", UUID.randomUUID().toString()))
          .exec(ws("start_agent")
              .sendText("{\"type\":\"start_agent\",\"payload\":{\"user_request\":\"hi\","
                  + "\"thread_id\":\"#{threadId}\",\"run_id\":\"#{runId}\"}}")
              .await(awaitSeconds).on(runChecks));

  private final ScenarioBuilder scn =
      scenario("golden-path")
          .exec(initUser)
          .repeat(sessionsPerUser, "sessionIndex").on(
              exec(connect),
              exitHereIfFailed(),
              repeat(runsPerSession, "runIndex").on(exec(run), exitHereIfFailed()),
              exec(ws("close").close()));

  private PopulationBuilder population() {
    if (usersPerSec != null) {
      return scn.injectOpen(constantUsersPerSec(Double.parseDouble(usersPerSec))
          .during(Duration.ofSeconds(durationSeconds)));
    }
    if (rampSeconds > 0) {
      return scn.injectOpen(rampUsers(users).during(Duration.ofSeconds(rampSeconds)));
    }
    return scn.injectOpen(atOnceUsers(users));
  }

  {
    System.out.printf(
        "golden-path: ws://%s:%d/ws users=%d sessionsPerUser=%d runsPerSession=%d rampSeconds=%d"
            + " usersPerSec=%s awaitSeconds=%d runTag=%s%n",
        host, port, users, sessionsPerUser, runsPerSession, rampSeconds, usersPerSec,
        awaitSeconds, runTag);
    setUp(population())
        .protocols(protocol)
        .maxDuration(Duration.ofSeconds(maxDurationSeconds))
        .assertions(global().failedRequests().count().lte(maxFailedRequests));
  }
}
