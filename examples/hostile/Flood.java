import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A hostile client for `crosstalk serve` (issue 14), JDK only: one authenticated user floods pings or 1-byte
 * invalid JSON frames and never reads what the server sends back. When the server disconnects it, it
 * reconnects and floods again, until the duration is over. Prints one line per connection and a summary.
 *
 *   java examples/hostile/Flood.java ws://127.0.0.1:8765/ws SECRET ping|invalid-json SECONDS
 *
 * SECRET is the server's HS256 secret (--jwt-secret); the token names user "flooder".
 */
public final class Flood {

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !(args[2].equals("ping") || args[2].equals("invalid-json"))) {
            System.err.println("usage: java Flood.java ws://HOST:PORT/ws SECRET ping|invalid-json SECONDS");
            System.exit(2);
        }
        URI target = URI.create(args[0]);
        String token = token(args[1], "flooder", 3600);
        boolean ping = args[2].equals("ping");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
        HttpClient http = HttpClient.newHttpClient();
        long total = 0;
        int connections = 0;
        int disconnected = 0;
        while (System.nanoTime() < end) {
            CompletableFuture<String> closed = new CompletableFuture<>();
            WebSocket ws;
            try {
                ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                        .connectTimeout(Duration.ofSeconds(5)).buildAsync(target, new Listener(closed))
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.out.printf("connect failed: %s%n", e);
                Thread.sleep(200);
                continue;
            }
            connections++;
            long start = System.nanoTime();
            long sent = 0;
            String how = "still connected at the end";
            ByteBuffer payload = ByteBuffer.wrap("flood".getBytes(StandardCharsets.US_ASCII));
            while (System.nanoTime() < end) {
                CompletableFuture<WebSocket> f = ping ? ws.sendPing(payload.duplicate()) : ws.sendText("x", true);
                try {
                    // Blocks while the server does not read (its receive buffer full): wait, watching for the end.
                    while (true) {
                        try {
                            f.get(200, TimeUnit.MILLISECONDS);
                            break;
                        } catch (TimeoutException stillBlocked) {
                            if (closed.isDone() || System.nanoTime() >= end) {
                                break;
                            }
                        }
                    }
                } catch (Exception e) {
                    closed.complete("send failed: " + rootMessage(e));
                }
                if (closed.isDone()) {
                    break;
                }
                if (f.isDone()) {
                    sent++;
                }
            }
            if (closed.isDone()) {
                how = "disconnected by the server (" + closed.getNow("") + ")";
                disconnected++;
            } else {
                ws.abort();
            }
            total += sent;
            System.out.printf("connection %d: %d %s frames in %.1f s, %s%n", connections, sent, args[2],
                    (System.nanoTime() - start) / 1e9, how);
        }
        System.out.printf("summary: %d connections, %d disconnected by the server, %d frames sent%n",
                connections, disconnected, total);
    }

    /** Never reads: no demand is ever signalled, so the server's replies stay in the socket buffers. */
    private record Listener(CompletableFuture<String> closed) implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket webSocket) {
            // no request(n): read nothing
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete("close " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error: " + rootMessage(error));
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** An HS256 JWT with sub and exp, as wire-protocol.md asks. */
    private static String token(String secret, String user, long ttlSeconds) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long exp = System.currentTimeMillis() / 1000 + ttlSeconds;
        String claims = b64.encodeToString(("{\"sub\":\"" + user + "\",\"exp\":" + exp + "}")
                .getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signing = header + "." + claims;
        return signing + "." + b64.encodeToString(mac.doFinal(signing.getBytes(StandardCharsets.US_ASCII)));
    }
}
