package dev.crosstalk.harness.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Whether the target itself is gone, as opposed to one of its sessions. A target that dies mid-load (killed, crashed,
 * stopped) drops every connection without a WebSocket close frame and refuses new ones; its runs in flight then never
 * end, and counting them as losses would blame the manager for the server's death. So each connection the target
 * drops without a close frame, and each connect it refuses, is followed by a probe: a plain TCP connect to the
 * target. Refused or timed out, the target is lost and the load ends at once, exit 2, naming the cause; accepted,
 * the target is alive and the dropped session is judged as before (its runs end by their deadlines).
 *
 * <p>Not target loss: the driver closing a connection on purpose (churn: that connection is no longer the session's
 * own when it closes), and a server that closes a session with a close frame (a policy code, 1011): it is alive and
 * said why. Sessions report on their event loops; the probe runs on its own short-lived daemon thread, one at a
 * time; the driver thread reads {@link #lost}.
 */
final class TargetHealth {

    /** How long the probe's connect may take before the target counts as gone. */
    static final int PROBE_TIMEOUT_MILLIS = 1000;

    private final LongAdder droppedWithoutClose = new LongAdder();
    private final LongAdder connectsRefused = new LongAdder();
    /** Probes asked for; a probe running when more are asked for runs once more. */
    private final AtomicInteger probesWanted = new AtomicInteger();
    private final AtomicReference<String> lost = new AtomicReference<>();
    private final CountDownLatch lostLatch = new CountDownLatch(1);
    private final AtomicReference<String> lastProbe = new AtomicReference<>();

    /** A session's connection, up, closed by the other side without a WebSocket close frame. On a session's loop. */
    void droppedWithoutClose(URI target, InetSocketAddress remote) {
        droppedWithoutClose.increment();
        probe(target, remote);
    }

    /** A connect (a new session or a reconnect) refused after the target had accepted sessions. On a session's loop. */
    void connectRefused(URI target, InetSocketAddress remote) {
        connectsRefused.increment();
        probe(target, remote);
    }

    /** Why the target is gone, or null while it is not. */
    String lost() {
        return lost.get();
    }

    CountDownLatch lostLatch() {
        return lostLatch;
    }

    /** The latest probe's answer ({@code accepted} or why not), or null before any probe. */
    String lastProbe() {
        return lastProbe.get();
    }

    private void probe(URI target, InetSocketAddress remote) {
        if (lost.get() != null || remote == null || probesWanted.getAndIncrement() > 0) {
            return; // known, or a probe is running and will run once more
        }
        Thread t = new Thread(() -> {
            while (true) {
                String refusal = connect(remote);
                lastProbe.set(refusal == null ? "accepted" : refusal);
                if (refusal != null) {
                    declareLost(target, remote, refusal);
                    return;
                }
                if (probesWanted.compareAndSet(1, 0)) {
                    return; // no drop or refusal since this probe began
                }
                probesWanted.set(1); // more came while it ran: the target may have gone since
            }
        }, "ct-load-target-probe");
        t.setDaemon(true);
        t.start();
    }

    private void declareLost(URI target, InetSocketAddress remote, String refusal) {
        String why = "the target " + remote.getHostString() + ":" + remote.getPort() + " (" + target + ") went away"
                + " mid-load: it closed " + droppedWithoutClose.sum() + " connections without a WebSocket close"
                + (connectsRefused.sum() > 0 ? " and refused " + connectsRefused.sum() + " connects" : "")
                + ", and refuses new connections (" + refusal + "); runs in flight are unfinished, not losses";
        if (lost.compareAndSet(null, why)) {
            lostLatch.countDown();
        }
    }

    /** Null when a TCP connection to {@code remote} is accepted, else why not. */
    private static String connect(InetSocketAddress remote) {
        try (Socket s = new Socket()) {
            s.connect(remote, PROBE_TIMEOUT_MILLIS);
            return null;
        } catch (IOException e) {
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
    }
}
