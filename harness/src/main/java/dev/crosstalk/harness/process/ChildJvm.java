package dev.crosstalk.harness.process;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A child JVM crosstalk starts and must never leave behind: JCStress and its forks, JMH and its
 * forks, the embedded server for large loads. One policy for all of them:
 * <ul>
 *   <li>stdout and stderr are merged (one ordered log);</li>
 *   <li>a shutdown hook stops the child and everything it started when the CLI is stopped
 *       (Ctrl-C, SIGTERM), and is removed when the child ends on its own;</li>
 *   <li>a child dies with this JVM even when no hook can run ({@code kill -9}): {@link #command} starts it with
 *       the {@link ParentWatchdog} agent;</li>
 *   <li>{@link #stop()} asks first (SIGTERM to the whole tree, so JMH and JCStress forks get to
 *       exit), waits {@link #GRACE}, and only then kills what is left.</li>
 * </ul>
 * The thread that starts the child owns it; {@link #stop()} may be called from any thread (the hook).
 */
public final class ChildJvm implements AutoCloseable {

    /** How long a stopped child and its forks get to exit on SIGTERM before they are killed. */
    public static final Duration GRACE = Duration.ofSeconds(5);

    private final Process process;
    private final Thread hook;

    private ChildJvm(Process process, String name) {
        this.process = process;
        this.hook = new Thread(this::stop, name + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The {@code java} executable of the running JVM, so a child runs on the same JDK. */
    public static String java() {
        return ProcessHandle.current().info().command()
                .filter(c -> c.endsWith("java") || c.endsWith("java.exe"))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * A command line: this JDK's {@code java} with the {@link ParentWatchdog} agent watching this process, then
     * {@code args}. The agent ends the child (and its forks) if this JVM dies without stopping it ({@code kill -9}).
     */
    public static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>(args.size() + 2);
        cmd.add(java());
        cmd.add(watchdogAgent());
        cmd.addAll(args);
        return cmd;
    }

    /**
     * The JVM option that starts the {@link ParentWatchdog} agent watching this process: for a command line built
     * with another {@code java} than {@link #java()} (every child JVM must carry it).
     */
    public static String watchdogAgent() {
        return "-javaagent:" + WatchdogJar.path() + "=" + ProcessHandle.current().pid();
    }

    /**
     * Starts {@code cmd} in {@code dir} (null: the current directory), with {@code env} applied to the
     * inherited environment (a null value removes the variable). {@code name} names the stop hook's
     * thread, for thread dumps.
     */
    public static ChildJvm start(List<String> cmd, Path dir, Map<String, String> env, String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        return new ChildJvm(pb.start(), Objects.requireNonNull(name, "name"));
    }

    public Process process() {
        return process;
    }

    /** The child's merged stdout and stderr. */
    public InputStream output() {
        return process.getInputStream();
    }

    /**
     * Copies the child's output, line by line, into {@code log} (after {@code header}, if not null) and
     * to {@code lines}, until the child closes it; then waits for the child and returns its exit code.
     * If reading fails, the child is stopped before the exception propagates.
     */
    public int pump(Path log, String header, Consumer<String> lines) throws IOException, InterruptedException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(output(), StandardCharsets.UTF_8));
             BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            if (header != null) {
                out.write(header);
                out.newLine();
            }
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                lines.accept(line);
            }
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
        return process.waitFor();
    }

    /** Waits up to {@code timeout} for the child to exit on its own. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the child and its descendants: SIGTERM to all, up to {@link #GRACE} to exit, then SIGKILL.
     * Idempotent; safe from any thread.
     */
    public void stop() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception timedOut) {
                // killed below
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Stops the child if it is still running and removes the stop hook. */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook runs (or ran) anyway
        }
    }
}
