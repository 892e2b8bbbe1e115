package dev.crosstalk.harness.load;

import dev.crosstalk.harness.process.ChildJvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded server in a child JVM ({@code crosstalk serve} on an ephemeral port), for loads
 * that need more sockets than one process may open: driver and server each hold one descriptor
 * per session. The child exits when its stdin closes, so it never outlives the driver; if it does
 * not exit on its own, {@link ChildJvm}'s stop policy ends it. Owned by the driver thread.
 */
final class ChildServer implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("crosstalk serve: (ws://\\S+)");
    /** How long the child gets to exit on its own once its stdin is closed. */
    private static final Duration EXIT_ON_EOF = Duration.ofSeconds(5);

    private final ChildJvm jvm;
    private final URI uri;

    private ChildServer(ChildJvm jvm, URI uri) {
        this.jvm = jvm;
        this.uri = uri;
    }

    URI uri() {
        return uri;
    }

    /** Starts the child and waits (up to 60 s) for the address it announces. */
    static ChildServer start(LoadConfig c, String secret) throws IOException {
        List<String> args = new ArrayList<>(List.of("-XX:+UseParallelGC", "-cp",
                System.getProperty("java.class.path"), "dev.crosstalk.harness.Main", "serve",
                "--manager", c.manager(), "--port", "0",
                "--think-ms", c.thinkMinMs() + "-" + c.thinkMaxMs(), "--exit-on-stdin-eof"));
        if (c.preferNio()) {
            args.add("--nio");
        }
        for (Path p : c.plugins()) {
            args.add("--plugin");
            args.add(p.toString());
        }
        Map<String, String> env = new HashMap<>();
        env.put("CROSSTALK_JWT_SECRET", secret);
        env.put("CROSSTALK_PLUGINS", null); // the plugins are passed above, not inherited
        ChildJvm jvm = ChildJvm.start(ChildJvm.command(args), null, env, "ct-child-server");
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Thread drain = new Thread(() -> drain(jvm, ready), "ct-child-server-out");
        drain.setDaemon(true);
        drain.start();
        try {
            return new ChildServer(jvm, ready.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            jvm.close();
            throw new IOException("the server child did not start: " + (e.getCause() != null ? e.getCause().getMessage()
                    : e.toString()), e);
        }
    }

    /** Reads the child's output until it closes: the ready line completes {@code ready}, the rest is dropped. */
    private static void drain(ChildJvm jvm, CompletableFuture<URI> ready) {
        StringBuilder early = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.output(), StandardCharsets.UTF_8))) {
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
    }

    /** Closes the child's stdin (it exits on its own), waits a little, then stops whatever is left. */
    @Override
    public void close() {
        try {
            jvm.process().getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            jvm.waitFor(EXIT_ON_EOF);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jvm.close();
    }
}
