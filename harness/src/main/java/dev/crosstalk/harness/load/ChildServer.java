package dev.crosstalk.harness.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded server in a child JVM ({@code crosstalk serve} on an ephemeral port), for loads
 * that need more sockets than one process may open: driver and server each hold one descriptor
 * per session. The child exits when its stdin closes, so it never outlives the driver, and it is
 * destroyed if it does not.
 */
final class ChildServer implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("crosstalk serve: (ws://\\S+)");

    private final Process process;
    private final URI uri;

    private ChildServer(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    URI uri() {
        return uri;
    }

    static ChildServer start(LoadConfig c, String secret, List<Path> plugins) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseParallelGC", "-cp",
                System.getProperty("java.class.path"), "dev.crosstalk.harness.Main", "serve",
                "--manager", c.manager(), "--port", "0",
                "--think-ms", c.thinkMinMs() + "-" + c.thinkMaxMs(), "--exit-on-stdin-eof"));
        if (c.preferNio()) {
            cmd.add("--nio");
        }
        for (Path p : plugins) {
            cmd.add("--plugin");
            cmd.add(p.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("CROSSTALK_JWT_SECRET", secret);
        pb.environment().remove("CROSSTALK_PLUGINS");
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<URI> ready = new CompletableFuture<>();
        StringBuilder early = new StringBuilder();
        Thread drain = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (!ready.isDone()) {
                        Matcher m = READY.matcher(line);
                        if (m.find()) {
                            ready.complete(URI.create(m.group(1)));
                        } else if (early.length() < 4000) {
                            early.append(line).append('\n');
                        }
                    }
                }
            } catch (IOException ignored) {
                // the child went away
            }
            ready.completeExceptionally(new IOException("the server child exited: " + early));
        }, "ct-child-server-out");
        drain.setDaemon(true);
        drain.start();
        try {
            return new ChildServer(p, ready.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("the server child did not start: " + (e.getCause() != null ? e.getCause().getMessage()
                    : e.toString()), e);
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
