package dev.crosstalk.harness.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstalk.manager.spi.ManagerBackend;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/** What every session handler of one server shares. */
final class ServerState {

    /** Who owns a thread, and how many live sessions of that user claimed it. */
    record Claim(String user, int refs) {
    }

    final ServerConfig config;
    final ManagerBackend backend;
    final ServerStats stats;
    final JsonFactory json;
    final ObjectMapper mapper;
    final Jwt jwt;
    final ExecutorService setupPool;
    final ScheduledExecutorService agentPool;
    /** Server-wide thread -> owner. A thread belongs to the first user who claims it while any of their sessions holds it. */
    final ConcurrentHashMap<String, Claim> owners = new ConcurrentHashMap<>();
    final AtomicLong connectionIds = new AtomicLong();
    private final SecureRandom random = new SecureRandom();
    /** PER_CALL paths: managers of closed sessions whose runs still emit, registered with the user's connections. */
    final OrphanedManagers orphans = new OrphanedManagers();

    ServerState(ServerConfig config, ManagerBackend backend, ServerStats stats, JsonFactory json, ObjectMapper mapper,
                Jwt jwt, ExecutorService setupPool, ScheduledExecutorService agentPool) {
        this.config = config;
        this.backend = backend;
        this.stats = stats;
        this.json = json;
        this.mapper = mapper;
        this.jwt = jwt;
        this.setupPool = setupPool;
        this.agentPool = agentPool;
    }

    /**
     * Claims {@code thread} for {@code user}: true if it was free or already {@code user}'s (the
     * reference count grows), false if another user owns it.
     */
    boolean claim(String thread, String user) {
        boolean[] ok = {false};
        owners.compute(thread, (t, c) -> {
            if (c == null) {
                ok[0] = true;
                return new Claim(user, 1);
            }
            if (c.user().equals(user)) {
                ok[0] = true;
                return new Claim(user, c.refs() + 1);
            }
            return c;
        });
        return ok[0];
    }

    /**
     * Adds a claim of {@code user} on {@code thread} only if {@code user} owns it already (another of its
     * sessions holds it): true then, false if it is free or another user's. A session may start runs on such
     * threads; a thread nobody gave it is refused, so that no user can squat a thread before its owner.
     */
    boolean claimOwned(String thread, String user) {
        boolean[] ok = {false};
        owners.computeIfPresent(thread, (t, c) -> {
            if (!c.user().equals(user)) {
                return c;
            }
            ok[0] = true;
            return new Claim(user, c.refs() + 1);
        });
        return ok[0];
    }

    /**
     * Users closed as flooders, and until when (System.nanoTime) they are refused new sessions. Bounded by the
     * flooding users (each had a valid token); expired entries go as they are met and in a sweep past 10,000.
     */
    private final ConcurrentHashMap<String, Long> penalised = new ConcurrentHashMap<>();

    /** {@code user} flooded: refuse its new sessions for the configured penalty (no-op when it is zero). Any thread. */
    void penalise(String user) {
        long penalty = config.limits().floodPenalty().toNanos();
        if (penalty <= 0 || user == null) {
            return;
        }
        long now = System.nanoTime();
        if (penalised.size() > 10_000) {
            penalised.values().removeIf(until -> until - now <= 0);
        }
        penalised.put(user, now + penalty);
    }

    /** Whether {@code user} is still in its flood penalty. Any thread. */
    boolean inPenalty(String user) {
        Long until = penalised.get(user);
        if (until == null) {
            return false;
        }
        if (until - System.nanoTime() > 0) {
            return true;
        }
        penalised.remove(user, until);
        return false;
    }

    /**
     * A thread id the server assigns: {@code th-} and 128 random bits (SecureRandom, base64url), so that
     * nobody can predict, and claim first, another session's thread.
     */
    String newThreadId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return "th-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The owner of {@code thread}, or null. */
    String ownerOf(String thread) {
        Claim c = owners.get(thread);
        return c == null ? null : c.user();
    }

    /** Releases one claim of {@code user} on {@code thread}. */
    void release(String thread, String user) {
        owners.computeIfPresent(thread, (t, c) -> !c.user().equals(user) ? c
                : c.refs() <= 1 ? null : new Claim(user, c.refs() - 1));
    }
}
