package dev.crosstalk.harness.load;

import dev.crosstalk.manager.AgentEvent;

import java.util.HashMap;
import java.util.Map;

/**
 * A run followed at every tab of its user, so that, if its session drops while it is in flight, the
 * driver can verify the manager's recovery promise: every event of the run reaches some connection of
 * its user — a sibling tab, or the dropped tab once it reconnected — once and in golden-path order, by
 * the run's deadline. Each tab is one <em>stream</em>: the dropped tab's stream is what its old
 * connection received and then what its reconnects received, concatenated; a duplicate or an earlier
 * step after a later one within a stream is a finding. The run is <em>recovered</em> when every step
 * reached some stream (a user's events go to every open connection of the user, so a step may reach
 * several tabs, once each), and <em>lost</em> if a step reached none by the deadline.
 *
 * <p>Only scenarios that drop sessions track runs (one of these per run, created before its
 * {@code start_agent} is written, so no event can precede it). Several event loops (the tabs of the
 * user) touch one run, so its methods are synchronized; the uncontended lock is taken only on this
 * path, never on the steady checker's.
 */
final class TrackedRun {

    /** What one event of a tracked run was: a set of these bits (0: nothing to count). */
    static final int DUPLICATE = 1;
    static final int ORDER = 2;
    static final int RECOVERED = 4;
    static final int LATE = 8;
    static final int ENDED = 16;

    private static final int ALL_STEPS = (1 << AgentEvent.GOLDEN_PATH.size()) - 1;

    final String runId;
    final int owner;
    final int originSession;
    final long intendedNanos;
    /** Session index → {mask of steps received, last step received}. */
    private final Map<Integer, int[]> streams = new HashMap<>(4);
    /** Steps received by any tab. */
    private int union;
    private boolean abandoned;
    private boolean recovered;
    private boolean lost;
    private boolean ended;

    TrackedRun(String runId, int owner, int originSession, long intendedNanos) {
        this.runId = runId;
        this.owner = owner;
        this.originSession = originSession;
        this.intendedNanos = intendedNanos;
    }

    /**
     * An event of this run at tab {@code session}: {@code step} ≥ 0 a golden-path step, &lt; 0 an
     * {@code agent_error} (which ends the run early: neither recovered nor lost).
     */
    synchronized int onEvent(int session, int step) {
        if (step < 0) {
            boolean resolves = abandoned && !resolved();
            ended = true;
            return resolves ? ENDED : 0;
        }
        int[] s = streams.computeIfAbsent(session, k -> new int[] {0, -1});
        int bit = 1 << step;
        if ((s[0] & bit) != 0) {
            return DUPLICATE;
        }
        int outcome = step < s[1] ? ORDER : 0;
        s[0] |= bit;
        s[1] = Math.max(s[1], step);
        if (lost) {
            return outcome | LATE;
        }
        union |= bit;
        if (abandoned && !recovered && !ended && union == ALL_STEPS) {
            recovered = true;
            outcome |= RECOVERED;
        }
        return outcome;
    }

    /**
     * The origin tab dropped with this run in flight, having received {@code mask} (last step
     * {@code last}) on its old connection. Returns true if some stream already holds the whole run.
     */
    synchronized boolean abandon(int mask, int last) {
        int[] s = streams.computeIfAbsent(originSession, k -> new int[] {0, -1});
        s[0] |= mask;
        s[1] = Math.max(s[1], last);
        union |= mask;
        abandoned = true;
        if (union == ALL_STEPS && !ended) {
            recovered = true;
            return true;
        }
        return false;
    }

    /** The deadline passed: true if the abandoned run was neither recovered nor ended by an error (a loss). */
    synchronized boolean expire() {
        if (recovered || ended) {
            return false;
        }
        lost = true;
        return true;
    }

    /** The tab that abandoned it was refused (pressure): true if it was pending, and is now resolved unowed. */
    synchronized boolean forgo() {
        if (!abandoned || resolved()) {
            return false;
        }
        ended = true;
        return true;
    }

    /** Recovered, lost or ended (at the end of the load, an abandoned run not resolved is unfinished). */
    synchronized boolean resolved() {
        return recovered || lost || ended;
    }
}
