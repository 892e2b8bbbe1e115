package dev.crosstalk.harness.load;

import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.List;

/**
 * The first-use burst's latch for one user: each of the user's tabs opens its TCP connection and then
 * waits here; when the last tab has arrived, every tab's WebSocket upgrade request is released at once,
 * each on its own event loop. So the upgrades of a user's tabs reach the server as close together as the
 * driver can make them, while the user has no manager yet: the contract situation "a user's first
 * connections arrive at the same instant" (a browser restoring its tabs, a reconnect storm after a
 * deploy). Nothing here knows what the server does with them.
 *
 * <p>Threads: tabs arrive on their own loops; the list is guarded by this object's monitor, and the
 * release runs on the loop of the tab that arrived last (the others' upgrades are handed to their loops
 * first, its own is sent last, so the first ones are not behind it).
 */
final class FirstUseGate {

    private record Held(EventLoop loop, Runnable upgrade) {
    }

    private final int tabs;
    /** Guarded by this. */
    private final List<Held> held = new ArrayList<>();
    /** Guarded by this: tabs that arrived (with or without an upgrade to send). */
    private int arrived;

    FirstUseGate(int tabs) {
        if (tabs < 1) {
            throw new IllegalArgumentException("a gate needs at least one tab, got " + tabs);
        }
        this.tabs = tabs;
    }

    /**
     * A tab is connected and holds its upgrade ({@code upgrade} is run on {@code loop}); or, with a null
     * {@code upgrade}, a tab whose connect failed and will not send one (the others are not kept waiting).
     */
    void arrive(EventLoop loop, Runnable upgrade) {
        List<Held> release;
        synchronized (this) {
            arrived++;
            if (upgrade != null) {
                held.add(new Held(loop, upgrade));
            }
            if (arrived < tabs) {
                return;
            }
            release = List.copyOf(held);
            held.clear();
        }
        Held own = null;
        for (Held h : release) {
            if (h.loop().inEventLoop() && own == null) {
                own = h;
            } else {
                h.loop().execute(h.upgrade());
            }
        }
        if (own != null) {
            own.upgrade().run();
        }
    }
}
