package dev.crosstalk.harness.server;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, item 2: the accept loop survives the descriptor limit. {@code crosstalk serve} runs in a child JVM
 * whose descriptor limit is 256; the test opens 600 idle TCP connections to it (far past the limit, so
 * accepts fail with EMFILE), closes them all, and then a new client must complete the upgrade. Before the
 * fix, logging the EMFILE warning failed inside JUL (the time-zone rules could not be loaded without a
 * descriptor) and the Error killed the accept thread: the new client timed out for good.
 */
@EnabledOnOs(OS.LINUX)
class AcceptAtDescriptorLimitTest {

    private static final Pattern READY = Pattern.compile("crosstalk serve: (ws://\\S+)");

    @Test
    void acceptsAgainAfterDescriptorsAreFreed() throws Exception {
        String secret = "emfile-test-secret";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "ulimit -n 256 && exec \"$0\" \"$@\"", java,
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), "dev.crosstalk.harness.Main", "serve",
                "--manager", "ssot", "--port", "0", "--jwt-secret", secret, "--exit-on-stdin-eof")
                .redirectErrorStream(true);
        Process child = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<URI> ready = new CompletableFuture<>();
            StringBuilder log = new StringBuilder();
            Thread drain = new Thread(() -> {
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        synchronized (log) {
                            log.append(line).append('\n');
                        }
                        Matcher m = READY.matcher(line);
                        if (m.find()) {
                            ready.complete(URI.create(m.group(1)));
                        }
                    }
                } catch (IOException ignored) {
                    // the child went away
                }
                ready.completeExceptionally(new IllegalStateException("the server exited"));
            }, "emfile-test-drain");
            drain.setDaemon(true);
            drain.start();
            int port = ready.get(60, TimeUnit.SECONDS).getPort();

            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 600; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                    idle.add(s);
                }
                // Wait (bounded) until the server has used up its descriptors: from then on its accepts fail with
                // EMFILE, the situation under test. `sh -c exec` made the child's pid the server JVM's.
                Path fds = Path.of("/proc", String.valueOf(child.pid()), "fd");
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                        .until(() -> openDescriptors(fds) >= 250);
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
            String token = new Jwt(secret).sign("after-emfile", Duration.ofMinutes(5));
            try {
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .untilAsserted(() -> {
                        try (RawWsClient c = new RawWsClient(port, token, null, 0)) {
                            assertThat(c.status).isEqualTo(101);
                            assertThat(c.next().text()).contains("connection_established");
                        }
                    });
            } catch (ConditionTimeoutException e) {
                synchronized (log) {
                    throw new AssertionError("no upgrade after the descriptors were freed; the server said:\n" + log, e);
                }
            }
            synchronized (log) {
                assertThat(log.toString()).doesNotContain("Exception in thread");
            }
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    private static long openDescriptors(Path fds) throws IOException {
        try (Stream<Path> s = Files.list(fds)) {
            return s.count();
        }
    }
}
