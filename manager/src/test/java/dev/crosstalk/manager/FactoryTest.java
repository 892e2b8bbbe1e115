package dev.crosstalk.manager;

import dev.crosstalk.manager.factory.FactoryProvider;
import dev.crosstalk.manager.factory.WebSocketManagerFactory;
import dev.crosstalk.manager.ssot.WebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.ManagerBackend;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FactoryTest {

    private final MutableClock clock = new MutableClock();
    private final BackendOptions options = BackendOptions.defaults().withClock(clock)
            .withMaxManagersPerUser(3).withIdleEvictionAfter(Duration.ofSeconds(60));

    private static UserExecutionContext ctx(String user, String thread, String run) {
        return UserExecutionContext.of(user, thread, run);
    }

    @Test
    void anExistingIsolationKeyReturnsTheExistingManager() {
        WebSocketManagerFactory factory = new WebSocketManagerFactory(options);
        WebSocketManager first = factory.createManager(ctx("alice", "t1", "r1"));

        assertThat(factory.createManager(ctx("alice", "t1", "r2"))).as("same user and thread, another run")
                .isSameAs(first);
        assertThat(factory.createManager(ctx("alice", "t2", "r1"))).as("another thread").isNotSameAs(first);
        assertThat(factory.createManager(ctx("bob", "t1", "r1"))).as("another user").isNotSameAs(first);
        assertThat(factory.stats().managers()).isEqualTo(3);
        assertThat(factory.stats().reused()).isEqualTo(1);
    }

    @Test
    void atTheLimitIdleManagersWithoutConnectionsAreEvictedFirst() {
        WebSocketManagerFactory factory = new WebSocketManagerFactory(options);
        WebSocketManager idle = factory.createManager(ctx("alice", "t1", "r"));
        WebSocketManager connected = factory.createManager(ctx("alice", "t2", "r"));
        connected.addConnection(Connection.of("c", "alice", new RecordingSink()));
        WebSocketManager queued = factory.createManager(ctx("alice", "t3", "r"));
        queued.emitCriticalEvent(AgentEvent.AGENT_STARTED, Map.of()); // no connection: kept in its queue

        clock.advance(Duration.ofSeconds(61));
        WebSocketManager fourth = factory.createManager(ctx("alice", "t4", "r"));

        assertThat(idle.isClosed()).as("the idle one was evicted and closed").isTrue();
        assertThat(connected.isClosed()).as("a manager with a connection is never evicted").isFalse();
        assertThat(queued.isClosed()).as("a manager holding undelivered events is never evicted").isFalse();
        assertThat(fourth.isClosed()).isFalse();
        assertThat(factory.managerCount("alice")).isEqualTo(3);
        assertThat(factory.stats().evicted()).isEqualTo(1);
    }

    @Test
    void atTheLimitWithNothingEvictableItFailsClearly() {
        WebSocketManagerFactory factory = new WebSocketManagerFactory(options);
        for (int t = 1; t <= 3; t++) {
            factory.createManager(ctx("alice", "t" + t, "r"));
        }
        clock.advance(Duration.ofSeconds(30)); // idle, but not for long enough

        assertThatThrownBy(() -> factory.createManager(ctx("alice", "t4", "r")))
                .isInstanceOf(TooManyManagersException.class)
                .hasMessageContaining("too many managers for user alice")
                .hasMessageContaining("3 of at most 3");
        // Other users are not affected by alice's limit.
        assertThat(factory.createManager(ctx("bob", "t1", "r"))).isNotNull();
        assertThat(factory.stats().refused()).isEqualTo(1);
    }

    @Test
    void theDefaultLimitIsTwentyPerUser() {
        WebSocketManagerFactory factory = new WebSocketManagerFactory(BackendOptions.defaults().withClock(clock));
        for (int t = 0; t < 20; t++) {
            factory.createManager(ctx("alice", "t" + t, "r"));
        }
        assertThatThrownBy(() -> factory.createManager(ctx("alice", "t20", "r")))
                .isInstanceOf(TooManyManagersException.class);
    }

    @Test
    void anEvictedManagerFailsLoudlyInsteadOfDroppingEvents() {
        WebSocketManagerFactory factory = new WebSocketManagerFactory(options);
        WebSocketManager held = factory.createManager(ctx("alice", "t1", "r"));
        clock.advance(Duration.ofSeconds(61));

        assertThat(factory.evictIdle()).isEqualTo(1);

        assertThatThrownBy(() -> held.emitCriticalEvent(AgentEvent.AGENT_STARTED, Map.of()))
                .isInstanceOf(ManagerClosedException.class);
        assertThat(factory.createManager(ctx("alice", "t1", "r"))).as("a fresh one replaces it").isNotSameAs(held);
    }

    @Test
    void idsThatJoinToTheSameStringStillGetTheirOwnManagers() {
        WebSocketManagerFactory factory = new WebSocketManagerFactory(options);
        // "u:x" + "t" and "u" + "x:t" both join to "u:x:t" with ':'; each user must get a manager of its own.
        WebSocketManager first = factory.createManager(ctx("u", "x:t", "r1"));
        WebSocketManager second = factory.createManager(ctx("u:x", "t", "r2"));

        assertThat(second).isNotSameAs(first);
        assertThat(first.context().userId()).isEqualTo("u");
        assertThat(second.context().userId()).isEqualTo("u:x");
        second.addConnection(new Connection("c-ux", "u:x", null, Instant.now(), new RecordingSink()));
        assertThat(factory.stats().managers()).isEqualTo(2);
    }

    @Test
    void cleanupClosesAndForgetsTheManager() {
        WebSocketManagerFactory factory = new WebSocketManagerFactory(options);
        WebSocketManager m = factory.createManager(ctx("alice", "t1", "r"));

        assertThat(factory.cleanupManager(new WebSocketManagerFactory.IsolationKey("alice", "t1"))).isTrue();
        assertThat(factory.cleanupManager(new WebSocketManagerFactory.IsolationKey("alice", "t1"))).isFalse();
        assertThat(m.isClosed()).isTrue();
        assertThat(factory.managerCount("alice")).isZero();
    }

    @Test
    void theFactoryIsOneLazySingletonThatWarnsOnce() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        ManagerBackend backend = new FactoryProvider().start(options.withWarnings(warnings::add));
        assertThat(warnings).as("nothing logged before first use").isEmpty();

        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Object>> got = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                got.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return backend.entryPoint().orElseThrow();
                }));
            }
            Object first = got.get(0).get(10, TimeUnit.SECONDS);
            for (Future<Object> f : got) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        backend.obtain(ctx("alice", "t1", "r"));
        assertThat(warnings).containsExactly(FactoryProvider.DEPRECATION_WARNING);
    }

    @Test
    void aManagerClosedByItsCallerIsReplacedAndNoLongerCounted() {
        WebSocketManagerFactory factory = new WebSocketManagerFactory(options);
        for (int i = 0; i < 5; i++) {
            factory.createManager(ctx("alice", "t1", "r")).close();
        }
        WebSocketManager live = factory.createManager(ctx("alice", "t1", "r"));
        assertThat(live.isClosed()).isFalse();
        assertThat(factory.managerCount("alice")).as("closed managers do not eat the limit").isEqualTo(1);
    }

    @Test
    void handingOutAnExistingManagerIsActivitySoEvictionSparesIt() {
        WebSocketManagerFactory factory = new WebSocketManagerFactory(options);
        WebSocketManager m = factory.createManager(ctx("alice", "t1", "r"));
        clock.advance(Duration.ofSeconds(61));
        assertThat(factory.createManager(ctx("alice", "t1", "r2"))).isSameAs(m);

        assertThat(factory.evictIdle()).as("just handed out: not idle").isZero();
        m.addConnection(Connection.of("c", "alice", new RecordingSink()));
        assertThat(m.isClosed()).isFalse();
    }
}
