package dev.crosstalk.harness.load;

import dev.crosstalk.results.archive.LeakRecord;
import dev.crosstalk.results.archive.LoadSummary.LeakPair;
import dev.crosstalk.results.archive.PerUserRow;
import dev.crosstalk.results.shard.Shard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every session of one load shares: the users, the driver-wide run → owner map (leak
 * attribution), the counters and the bounded leak log. Everything is lock-free; the per-event path
 * touches only a {@link ConcurrentHashMap#get} and, for a finding, a few counters.
 */
final class LoadState {

    static final String UNKNOWN_USER = "unknown";

    /** This driver's users: its shard's slice of {@link #allUsers}, indexed locally (0, 1, …). */
    final String[] users;
    /** The whole job's users, the same on every shard: a run id names its owner by position in it. */
    final String[] allUsers;
    final Shard shard;
    final Map<String, Integer> userIndex;
    /** run id → owning user index, for every run this driver started. */
    final ConcurrentHashMap<String, Integer> runOwners = new ConcurrentHashMap<>();

    final AtomicLongArray userRuns;
    final AtomicLongArray userLeaksReceived;
    final AtomicLongArray userLeaksCaused;
    final AtomicLongArray userLosses;
    final LongAdder unknownOwnerLeaks = new LongAdder();

    final LongAdder runsStarted = new LongAdder();
    final LongAdder runsCompleted = new LongAdder();
    final LongAdder runsRefused = new LongAdder();
    /** Sessions the server closed with 1011 after the upgrade: it refused to set them up. */
    final LongAdder sessionsRefused = new LongAdder();
    /** Pressure: sessions and runs refused loudly (1011, an error reply), as a limit allows; not findings. */
    final LongAdder loudRefusals = new LongAdder();
    /** Pressure: sessions connected but never answered (no connection_established, no close): findings. */
    final LongAdder silentRefusals = new LongAdder();
    /** Pressure: runs the loudly refused tabs did not start. */
    final LongAdder runsForgone = new LongAdder();
    /** Pressure: abandoned runs whose tab was then loudly refused: their recovery is not owed. */
    final LongAdder recoveriesForgone = new LongAdder();
    final LongAdder runsAbandoned = new LongAdder();
    /** Runs followed at every tab of their user (scenarios that drop sessions, recovery verified); else empty. */
    final ConcurrentHashMap<String, TrackedRun> tracked = new ConcurrentHashMap<>();
    final LongAdder recoveredRuns = new LongAdder();
    /** Abandoned runs neither recovered nor lost yet: the load is not over while any is pending. */
    final AtomicLong pendingRecoveries = new AtomicLong();
    /** Runs past their run timeout that may still complete late (RunChecker's overdue runs). */
    final AtomicLong pendingOverdue = new AtomicLong();
    /** Runs completed after their run timeout (but within twice it): slow, not lost. */
    final LongAdder lateRuns = new LongAdder();
    final LongAdder agentErrors = new LongAdder();
    final LongAdder events = new LongAdder();
    final LongAdder leaks = new LongAdder();
    final LongAdder losses = new LongAdder();
    final LongAdder orderViolations = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder lateEvents = new LongAdder();
    final LongAdder siblingEvents = new LongAdder();
    final LongAdder connectFailed = new LongAdder();
    final LongAdder handshakeRefused = new LongAdder();
    final LongAdder serverErrors = new LongAdder();
    final LongAdder serverClosed = new LongAdder();
    final LongAdder protocolErrors = new LongAdder();
    final LongAdder connects = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final AtomicInteger sessionsUp = new AtomicInteger();
    final AtomicInteger sessionsEverUp = new AtomicInteger();

    private final int perPair;
    private final int max;
    private final ConcurrentHashMap<Long, AtomicInteger> pairCounts = new ConcurrentHashMap<>();
    /** Leaks caused here by users of other shards (job-wide index → count): their rows in per-user.csv have no runs. */
    private final ConcurrentHashMap<Integer, LongAdder> foreignCaused = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<LeakRecord> kept = new ConcurrentLinkedQueue<>();
    private final AtomicInteger keptCount = new AtomicInteger();

    /** An unsplit load's state: every user is this driver's. */
    LoadState(String[] users, int leakRecordsPerPair, int leakRecordsMax) {
        this(users, Shard.WHOLE, leakRecordsPerPair, leakRecordsMax);
    }

    /** The state of {@code shard}'s slice of the job's {@code allUsers}. */
    LoadState(String[] allUsers, Shard shard, int leakRecordsPerPair, int leakRecordsMax) {
        this.allUsers = allUsers;
        this.shard = shard;
        this.users = shard.slice(java.util.Arrays.asList(allUsers)).toArray(String[]::new);
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < users.length; i++) {
            idx.put(users[i], i);
        }
        this.userIndex = idx;
        this.userRuns = new AtomicLongArray(users.length);
        this.userLeaksReceived = new AtomicLongArray(users.length);
        this.userLeaksCaused = new AtomicLongArray(users.length);
        this.userLosses = new AtomicLongArray(users.length);
        this.perPair = leakRecordsPerPair;
        this.max = leakRecordsMax;
    }

    /** The job-wide index of this driver's user {@code local}. */
    int global(int local) {
        return local * shard.count() + shard.index();
    }

    /**
     * Counts a leak to {@code receiver} of {@code owner}'s event (owner: a user of this driver, -1 unknown) and keeps
     * the first records of each pair.
     */
    void leak(int receiver, int owner, String eventType, String runId) {
        if (owner >= 0) {
            userLeaksCaused.incrementAndGet(owner);
        } else {
            unknownOwnerLeaks.increment();
        }
        count(receiver, owner, eventType, runId);
    }

    /**
     * Counts a leak to {@code receiver} of an event of a run that user {@code globalOwner} of the job (a user of
     * another shard, named by the run id) started.
     */
    void leakFromShard(int receiver, int globalOwner, String eventType, String runId) {
        foreignCaused.computeIfAbsent(globalOwner, g -> new LongAdder()).increment();
        count(receiver, -2 - globalOwner, eventType, runId);
    }

    /** {@code owner}: a local user, -1 unknown, -2 - g the job's user g on another shard. */
    private void count(int receiver, int owner, String eventType, String runId) {
        leaks.increment();
        userLeaksReceived.incrementAndGet(receiver);
        long pair = ((long) receiver << 32) | (owner & 0xffffffffL);
        int n = pairCounts.computeIfAbsent(pair, p -> new AtomicInteger()).incrementAndGet();
        if (n <= perPair && keptCount.incrementAndGet() <= max) {
            kept.add(new LeakRecord(users[receiver], ownerName(owner), eventType, runId, Instant.now().toString()));
        }
    }

    private String ownerName(int owner) {
        return owner >= 0 ? users[owner] : owner == -1 ? UNKNOWN_USER : allUsers[-2 - owner];
    }

    void loss(int owner) {
        losses.increment();
        userLosses.incrementAndGet(owner);
    }

    long findings() {
        return leaks.sum() + losses.sum() + orderViolations.sum() + duplicates.sum() + refusals();
    }

    /**
     * Valid sessions and runs the server refused (set-up closed with 1011, a run answered with an error;
     * under pressure, only sessions it never answered): every id the driver uses is valid and every
     * thread it names is its user's, so a refusal denies a legitimate user service.
     */
    long refusals() {
        return sessionsRefused.sum() + runsRefused.sum() + silentRefusals.sum();
    }

    List<LeakRecord> keptLeaks() {
        return new ArrayList<>(kept);
    }

    int leakPairs() {
        return pairCounts.size();
    }

    /**
     * The {@code n} pairs with the most leaks, exact counts (leaks.jsonl keeps only the first records of each
     * pair), most first. Call after the load has stopped.
     */
    List<LeakPair> topLeakPairs(int n) {
        return pairCounts.entrySet().stream()
                .sorted(Map.Entry.<Long, AtomicInteger>comparingByValue(
                        Comparator.comparingInt(AtomicInteger::get)).reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .map(e -> {
                    int receiver = (int) (e.getKey() >>> 32);
                    int owner = (int) (long) e.getKey();
                    return new LeakPair(ownerName(owner), users[receiver], e.getValue().get());
                })
                .toList();
    }

    /**
     * One row per user, in user order; then, on a shard, one row without runs for each user of another shard that
     * caused leaks here (a merge adds it to that user's own row). Call after the load has stopped.
     */
    List<PerUserRow> perUserRows() {
        List<PerUserRow> rows = new ArrayList<>(users.length);
        for (int u = 0; u < users.length; u++) {
            rows.add(new PerUserRow(users[u], userRuns.get(u), userLeaksReceived.get(u), userLeaksCaused.get(u),
                    userLosses.get(u)));
        }
        new java.util.TreeMap<>(foreignCaused).forEach((g, n) -> rows.add(new PerUserRow(allUsers[g], 0, 0, n.sum(), 0)));
        return rows;
    }
}
