package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.AgentEvent;
import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.RecordingSink;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.InterleavingHook;
import dev.crosstalk.manager.spi.ManagedSession;
import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.spi.ManagerProviders;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One backend of the provider under test, with the threads a test runs on it, and the vocabulary
 * the scenarios are written in: users, tabs (connections with a recording sink), runs of the
 * golden path emitted as the embedded server does
 * ({@code session.managerForRun(run).sendToThread(run.threadId(), event)}).
 */
final class Sut implements AutoCloseable {

    static final ManagerProviders PROVIDERS = ManagerProviders.discover();
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** The context Alice's tabs open with. */
    static final UserExecutionContext ALICE = context("alice", "run-alice-open");

    final String provider;
    final ManagerBackend backend;
    final List<String> warnings = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    Sut(String provider, InterleavingHook hook) {
        this(provider, hook, Clock.fixed(T0, java.time.ZoneOffset.UTC));
    }

    Sut(String provider, InterleavingHook hook, Clock clock) {
        this.provider = provider;
        this.backend = PROVIDERS.byName(provider).start(BackendOptions.defaults()
                .withHook(hook).withClock(clock).withWarnings(warnings::add));
    }

    /** Runs {@code body} on a thread of its own. */
    <T> CompletableFuture<T> async(Callable<T> body) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return body.call();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, pool);
    }

    /** The result of {@code future}, waiting at most {@link Gate#TIMEOUT_SECONDS}; its failure rethrown. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(Gate.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("a worker did not finish within " + Gate.TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ce && ce.getCause() != null
                    ? ce.getCause() : e.getCause();
            throw new AssertionError("a worker failed: " + cause, cause);
        }
    }

    ManagedSession open(UserExecutionContext context, Tab tab) {
        return backend.open(context, tab.connection(), () -> { });
    }

    @Override
    public void close() {
        pool.shutdownNow();
        backend.close();
    }

    // ---- vocabulary -----------------------------------------------------------------------

    /** A context of {@code user} in the user's one thread, for run {@code runId}. */
    static UserExecutionContext context(String user, String runId) {
        return new UserExecutionContext(user, "thread-" + user, runId, "req-" + runId);
    }

    /** How a run's events are addressed. */
    enum Via {
        THREAD {
            @Override
            void send(UserWebSocketManager manager, AgentEvent event) {
                manager.sendToThread(event.threadId(), event);
            }
        },
        USER {
            @Override
            void send(UserWebSocketManager manager, AgentEvent event) {
                manager.sendToUser(event.userId(), event);
            }
        };

        abstract void send(UserWebSocketManager manager, AgentEvent event);
    }

    /** The golden path's 5 events of {@code run}. */
    static List<AgentEvent> events(UserExecutionContext run) {
        List<AgentEvent> events = new ArrayList<>();
        for (int i = 0; i < AgentEvent.GOLDEN_PATH.size(); i++) {
            events.add(AgentEvent.of(run, AgentEvent.GOLDEN_PATH.get(i), "agent", T0.toEpochMilli() + i,
                    Map.of("seq", i)));
        }
        return events;
    }

    /** Emits {@code run}'s 5 events as the embedded server does: the run's manager is resolved per event. */
    static void emitRun(ManagedSession session, UserExecutionContext run, Via via) {
        for (AgentEvent event : events(run)) {
            via.send(session.managerForRun(run), event);
        }
    }

    /** Emits through a manager the run holds; returns the sends that threw, without stopping. */
    static List<RuntimeException> emitCollecting(UserWebSocketManager manager, List<AgentEvent> events, Via via) {
        List<RuntimeException> failures = new ArrayList<>();
        for (AgentEvent event : events) {
            try {
                via.send(manager, event);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        return failures;
    }

    /** A browser tab: a connection of a user whose sink records what it receives. */
    record Tab(Connection connection, RecordingSink sink) {

        static Tab alice(String connectionId) {
            return of(connectionId, "alice");
        }

        static Tab of(String connectionId, String user) {
            RecordingSink sink = new RecordingSink();
            return new Tab(new Connection(connectionId, user, null, T0, sink), sink);
        }

        /** The events this tab received of {@code runId}, in arrival order. */
        List<AgentEvent> ofRun(String runId) {
            return sink.events().stream().filter(e -> e.runId().equals(runId)).toList();
        }

        /** The types this tab received of {@code runId}, in arrival order. */
        List<String> typesOf(String runId) {
            return ofRun(runId).stream().map(AgentEvent::type).toList();
        }

        /** Whether this tab received the whole golden path of {@code runId}, once each, in order. */
        boolean receivedWholeRun(String runId) {
            return typesOf(runId).equals(AgentEvent.GOLDEN_PATH);
        }
    }
}
