package dev.crosstalk.harness.load;

import dev.crosstalk.manager.AgentEvent;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The checker of one session: its runs in flight and the last runs it ended, and the verdict on every
 * golden-path event it receives. One per {@link ClientSession}, owned by that session's event loop:
 * every method runs on that loop's thread, so its state is plain fields and nothing here takes a lock.
 * What it shares with the other sessions — the run → owner map and the counters in {@link LoadState},
 * the latency recorders of its loop — is concurrent (a map, adders, single-writer recorders).
 *
 * <p>For each golden-path event: a {@code run_id} this session issued is checked for duplicate (the
 * event's bit already set), order (an earlier golden-path step after a later one) and completion; a
 * {@code run_id} it did not issue is a <b>leak</b> unless the load-wide run map says another session of
 * the same user issued it (a sibling tab: allowed); a {@code user_id} naming another user is a leak
 * whatever the run id. The {@code user_id} field is never trusted to decide ownership: a rewritten
 * {@code user_id} cannot hide a leak.
 */
final class RunChecker {

    private static final byte RUN_COMPLETED = 1;
    private static final byte RUN_LOST = 2;
    private static final byte RUN_ABANDONED = 3;
    /** Runs remembered after they ended, to tell a duplicate or a late event from a leak. */
    private static final int RECENT = 32;
    private static final int ALL_STEPS = (1 << AgentEvent.GOLDEN_PATH.size()) - 1;

    /** One in-flight run. */
    private static final class Run {
        final String id;
        final long intendedNanos;
        /** A warm-up run: checked like any other, its latencies recorded apart ({@link Latency}). */
        final boolean warmup;
        int mask;
        int last = -1;
        ScheduledFuture<?> deadline;

        Run(String id, long intendedNanos, boolean warmup) {
            this.id = id;
            this.intendedNanos = intendedNanos;
            this.warmup = warmup;
        }
    }

    private final LoadContext ctx;
    private final LoadState st;
    private final EventLoop loop;
    private final int loopIdx;
    private final int userIdx;
    private final int sessionIdx;
    private final String user;
    /** Called (on the loop) whenever a run ends: completed, lost, refused or ended by agent_error. */
    private final Runnable runEnded;
    private final Map<String, Run> inFlight = new HashMap<>();
    /**
     * Runs past their run timeout whose events may still come: a loss only if they have not completed by a second
     * timeout ({@link #overdueExpired}). A late run is the machine's or the server's slowness, not an isolation
     * failure: measured, a first-use load on an overloaded 2-core machine (connect p50 13 s) counted 1,090 "losses"
     * whose 4,261 events all arrived after the timeout.
     */
    private final Map<String, Run> overdue = new HashMap<>();
    /** Runs this tab abandoned whose recovery may still be pending (pruned as they resolve). */
    private final List<TrackedRun> abandonedHere = new ArrayList<>();
    private final LinkedHashMap<String, Byte> recent = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Byte> e) {
            return size() > RECENT;
        }
    };

    RunChecker(LoadContext ctx, EventLoop loop, int loopIdx, int userIdx, int sessionIdx, Runnable runEnded) {
        this.ctx = ctx;
        this.sessionIdx = sessionIdx;
        this.st = ctx.state;
        this.loop = loop;
        this.loopIdx = loopIdx;
        this.userIdx = userIdx;
        this.user = st.users[userIdx];
        this.runEnded = runEnded;
    }

    boolean idle() {
        return inFlight.isEmpty();
    }

    int inFlight() {
        return inFlight.size();
    }

    /**
     * A run this session is about to start (before its {@code start_agent} is written): in flight until its
     * events complete it or its deadline passes.
     */
    void started(String runId, long intendedNanos) {
        Run run = new Run(runId, intendedNanos, ctx.warmupRun(System.nanoTime()));
        inFlight.put(runId, run);
        st.runOwners.put(runId, userIdx);
        if (ctx.trackRuns) {
            st.tracked.put(runId, new TrackedRun(runId, userIdx, sessionIdx, intendedNanos));
        }
        st.runsStarted.increment();
        st.userRuns.incrementAndGet(userIdx);
        run.deadline = loop.schedule(() -> deadlinePassed(run), ctx.config.runTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /**
     * The run timeout passed without the run's last event: the run is overdue, no longer in flight (the closed model
     * starts this tab's next run), and is a loss unless it completes within one more run timeout.
     */
    private void deadlinePassed(Run run) {
        if (inFlight.remove(run.id) == null) {
            return;
        }
        overdue.put(run.id, run);
        st.pendingOverdue.incrementAndGet();
        run.deadline = loop.schedule(() -> overdueExpired(run), ctx.config.runTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
        runEnded.run();
    }

    /** Twice the run timeout and still incomplete: lost. */
    private void overdueExpired(Run run) {
        if (overdue.remove(run.id) == null) {
            return;
        }
        st.pendingOverdue.decrementAndGet();
        recent.put(run.id, RUN_LOST);
        forgetLater(run.id);
        untrack(run.id);
        st.loss(userIdx);
    }

    /** An event of an overdue run: checked like any event; its last one completes the run, late. */
    private void overdueEvent(Run run, int step, boolean userMismatch, String type, String userId, long now) {
        if (userMismatch) {
            st.leak(userIdx, namedUser(userId), type, run.id);
        }
        if (step < 0) {
            overdue.remove(run.id);
            run.deadline.cancel(false);
            st.pendingOverdue.decrementAndGet();
            recent.put(run.id, RUN_COMPLETED);
            untrack(run.id);
            st.agentErrors.increment();
            return;
        }
        if (!checkStep(run, step, now)) {
            return;
        }
        if (run.mask == ALL_STEPS) {
            overdue.remove(run.id);
            run.deadline.cancel(false);
            st.pendingOverdue.decrementAndGet();
            st.lateRuns.increment();
            ended(run, now);
        }
    }

    /**
     * A run that ended stays in the load-wide owner map long enough to attribute late leaks of it, then
     * goes, so that a long load's memory stays bounded.
     */
    private void forgetLater(String runId) {
        loop.schedule(() -> st.runOwners.remove(runId), remembered(ctx.config).toNanos(), TimeUnit.NANOSECONDS);
    }

    /** How long a run that ended (or was abandoned) is remembered, for late events of it. */
    static Duration remembered(LoadConfig config) {
        return Duration.ofSeconds(60).compareTo(config.runTimeout().multipliedBy(2)) >= 0 ? Duration.ofSeconds(60)
                : config.runTimeout().multipliedBy(2);
    }

    /**
     * When the driver's memory of runs is full: a run lives up to the run timeout, then is remembered for
     * {@link #remembered}; before that the heap rises by design (a soak's warm-up, {@code ResourceSeries}). (An
     * overdue run lives up to twice the timeout; those are the exception a soak is not sized for.)
     */
    static Duration memoryFull(LoadConfig config) {
        return remembered(config).plus(config.runTimeout());
    }

    private void complete(Run run, long now) {
        inFlight.remove(run.id);
        run.deadline.cancel(false);
        ended(run, now);
        runEnded.run();
    }

    /** A run's last event arrived at {@code now} (in time or late): completed, remembered, timed. */
    private void ended(Run run, long now) {
        recent.put(run.id, RUN_COMPLETED);
        forgetLater(run.id);
        untrack(run.id);
        st.runsCompleted.increment();
        ctx.latency.record(loopIdx, Latency.run(run.warmup), now - run.intendedNanos);
    }

    /** The server refused {@code runId} with an error reply: the run ends, neither completed nor lost. */
    void refused(String runId) {
        Run r = runId == null ? null : inFlight.remove(runId);
        if (r != null) {
            r.deadline.cancel(false);
            untrack(r.id);
            if (ctx.config.scenario() == Scenario.PRESSURE) {
                st.loudRefusals.increment(); // a loud refusal, as a limit allows
            } else {
                st.runsRefused.increment();
            }
            runEnded.run();
        }
    }

    /**
     * The connection drops with these runs in flight. With recovery verified, each must still reach some
     * connection of this user (a sibling tab, or this tab once reconnected) by its deadline: recovered, or
     * a loss. Otherwise its events are only counted.
     */
    void abandonAll() {
        abandonedHere.removeIf(TrackedRun::resolved);
        for (Iterator<Run> it = inFlight.values().iterator(); it.hasNext(); ) {
            Run r = it.next();
            it.remove();
            r.deadline.cancel(false);
            recent.put(r.id, RUN_ABANDONED);
            forgetLater(r.id); // its owner is kept as long as a completed run's (a soak found it kept for ever)
            st.runsAbandoned.increment();
            TrackedRun t = st.tracked.get(r.id);
            if (t == null) {
                continue;
            }
            st.pendingRecoveries.incrementAndGet();
            abandonedHere.add(t);
            if (t.abandon(r.mask, r.last)) {
                recovered();
            } else {
                // The grace of any run (deadlinePassed, overdueExpired): twice the run timeout.
                long left = r.intendedNanos + 2 * ctx.config.runTimeout().toNanos() - System.nanoTime();
                loop.schedule(() -> {
                    if (t.expire()) {
                        st.pendingRecoveries.decrementAndGet();
                        st.loss(userIdx);
                    }
                }, Math.max(0, left), TimeUnit.NANOSECONDS);
            }
            String id = r.id; // not the whole run: the timer holds it for a minute
            loop.schedule(() -> st.tracked.remove(id), remembered(ctx.config).toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** This tab was loudly refused (pressure): the recovery of the runs it abandoned is not owed. */
    void forgoRecoveries() {
        for (TrackedRun t : abandonedHere) {
            if (t.forgo()) {
                st.recoveriesForgone.increment();
                st.pendingRecoveries.decrementAndGet();
            }
        }
        abandonedHere.clear();
    }

    /** A run ended here: no tab needs to follow it any more (nothing to do when runs are not tracked). */
    private void untrack(String runId) {
        if (ctx.trackRuns) {
            st.tracked.remove(runId);
        }
    }

    private void recovered() {
        st.recoveredRuns.increment();
        st.pendingRecoveries.decrementAndGet();
    }

    /** At the end: runs still in flight or overdue are unfinished (not losses). Returns how many. */
    int stopAll() {
        int unfinished = inFlight.size() + overdue.size();
        for (Run r : inFlight.values()) {
            r.deadline.cancel(false);
        }
        for (Run r : overdue.values()) {
            r.deadline.cancel(false);
        }
        inFlight.clear();
        st.pendingOverdue.addAndGet(-overdue.size());
        overdue.clear();
        return unfinished;
    }

    /** A golden-path event ({@code step} ≥ 0) or an {@code agent_error} ({@code step} < 0) received at {@code now}. */
    void onEvent(String type, int step, String runId, String userId, long now) {
        st.events.increment();
        if (runId == null) {
            st.protocolErrors.increment();
            return;
        }
        Run run = inFlight.get(runId);
        if (!ctx.config.checker()) {
            countOnly(run, step, now);
            return;
        }
        // user_id naming another user is a leak whatever the run id says.
        boolean userMismatch = userId != null && !userId.equals(user);
        if (run == null) {
            Run late = overdue.isEmpty() ? null : overdue.get(runId);
            if (late != null) {
                overdueEvent(late, step, userMismatch, type, userId, now);
            } else {
                notInFlight(type, runId, userId, userMismatch);
            }
            return;
        }
        if (userMismatch) {
            st.leak(userIdx, namedUser(userId), type, runId);
        }
        if (step < 0) {
            // agent_error ends the run early: not a golden-path completion, not a loss either.
            inFlight.remove(runId);
            run.deadline.cancel(false);
            recent.put(runId, RUN_COMPLETED);
            untrack(runId);
            st.agentErrors.increment();
            runEnded.run();
            return;
        }
        if (checkStep(run, step, now) && run.mask == ALL_STEPS) {
            complete(run, now);
        }
    }

    /** Duplicate and order checks of golden-path step {@code step} of {@code run}; false for a duplicate. */
    private boolean checkStep(Run run, int step, long now) {
        int bit = 1 << step;
        if ((run.mask & bit) != 0) {
            st.duplicates.increment();
            return false;
        }
        if (step < run.last) {
            st.orderViolations.increment();
        }
        if (run.mask == 0) {
            ctx.latency.record(loopIdx, Latency.firstEvent(run.warmup), now - run.intendedNanos);
        }
        run.mask |= bit;
        run.last = Math.max(run.last, step);
        return true;
    }

    /** With the checker off: only time the first event and complete on the last step. */
    private void countOnly(Run run, int step, long now) {
        if (run != null && step == AgentEvent.GOLDEN_PATH.size() - 1) {
            if (run.mask == 0) {
                ctx.latency.record(loopIdx, Latency.firstEvent(run.warmup), now - run.intendedNanos);
            }
            complete(run, now);
        } else if (run != null && run.mask == 0) {
            run.mask = 1;
            ctx.latency.record(loopIdx, Latency.firstEvent(run.warmup), now - run.intendedNanos);
        }
    }

    /** An event of a run this session has no run in flight for: ended here, a sibling tab's, or a leak. */
    private void notInFlight(String type, String runId, String userId, boolean userMismatch) {
        TrackedRun t = ctx.trackRuns ? st.tracked.get(runId) : null;
        if (t != null && t.owner == userIdx) {
            if (userMismatch) {
                st.leak(userIdx, namedUser(userId), type, runId);
            }
            tracked(t, AgentEvent.goldenPathIndex(type));
            return;
        }
        Byte past = recent.get(runId);
        if (past != null) {
            if (userMismatch) {
                st.leak(userIdx, namedUser(userId), type, runId);
            }
            switch (past) {
                case RUN_COMPLETED -> st.duplicates.increment();
                case RUN_LOST -> st.lateEvents.increment();
                default -> st.siblingEvents.increment(); // events of an abandoned run, drained on reconnect
            }
            return;
        }
        Integer owner = st.runOwners.get(runId);
        if (owner == null && !st.shard.whole()) {
            // Not a run of this driver's: on a shard, the run id may name a user of another shard.
            OptionalInt g = ctx.runIds.owner(runId);
            if (g.isPresent() && g.getAsInt() < st.allUsers.length && !st.shard.owns(g.getAsInt())) {
                st.leakFromShard(userIdx, g.getAsInt(), type, runId);
                return;
            }
        }
        if (owner == null) {
            st.leak(userIdx, userMismatch ? namedUser(userId) : -1, type, runId);
        } else if (owner != userIdx) {
            st.leak(userIdx, owner, type, runId);
        } else {
            // Another tab of the same user started it: not a leak.
            if (userMismatch) {
                st.leak(userIdx, namedUser(userId), type, runId);
            }
            st.siblingEvents.increment();
        }
    }

    /** An event of a tracked run of this user that this tab does not have in flight (a sibling's, or abandoned here). */
    private void tracked(TrackedRun t, int step) {
        st.siblingEvents.increment();
        int outcome = t.onEvent(sessionIdx, step);
        if ((outcome & TrackedRun.DUPLICATE) != 0) {
            st.duplicates.increment();
        }
        if ((outcome & TrackedRun.ORDER) != 0) {
            st.orderViolations.increment();
        }
        if ((outcome & TrackedRun.LATE) != 0) {
            st.lateEvents.increment();
        }
        if ((outcome & TrackedRun.RECOVERED) != 0) {
            recovered();
        }
        if ((outcome & TrackedRun.ENDED) != 0) {
            st.agentErrors.increment();
            st.pendingRecoveries.decrementAndGet();
        }
    }

    private int namedUser(String userId) {
        Integer i = st.userIndex.get(userId);
        return i == null ? -1 : i;
    }
}
