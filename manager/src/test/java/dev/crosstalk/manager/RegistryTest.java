package dev.crosstalk.manager;

import dev.crosstalk.manager.registry.WebSocketManagerRegistry;
import dev.crosstalk.manager.ssot.WebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryTest {

    @Test
    void oneManagerPerUserWhateverTheThreadOrRun() {
        WebSocketManagerRegistry registry = new WebSocketManagerRegistry(BackendOptions.defaults());
        WebSocketManager first = registry.getWebSocketManager(UserExecutionContext.of("alice", "t1", "r1"));
        WebSocketManager again = registry.getWebSocketManager(UserExecutionContext.of("alice", "t2", "r2"));
        WebSocketManager bobs = registry.getWebSocketManager(UserExecutionContext.of("bob", "t1", "r1"));

        assertThat(again).isSameAs(first);
        assertThat(bobs).isNotSameAs(first);
        assertThat(bobs.context().userId()).isEqualTo("bob");
        assertThat(registry.size()).isEqualTo(2);
    }

    @Test
    void threadsReleasedTogetherStillGetOneManager() throws Exception {
        // Not a proof (JCStress's same-user probe is), but a cheap regression guard: eight threads
        // released by one barrier all ask for alice's manager at once.
        WebSocketManagerRegistry registry = new WebSocketManagerRegistry(BackendOptions.defaults());
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<WebSocketManager>> got = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String run = "run-" + i;
                got.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return registry.getWebSocketManager(UserExecutionContext.of("alice", "t", run));
                }));
            }
            WebSocketManager first = got.get(0).get(10, TimeUnit.SECONDS);
            for (Future<WebSocketManager> f : got) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
            assertThat(registry.size()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void clearClosesEveryManager() {
        WebSocketManagerRegistry registry = new WebSocketManagerRegistry(BackendOptions.defaults());
        WebSocketManager m = registry.getWebSocketManager(UserExecutionContext.of("alice", "t1", "r1"));
        registry.clear();
        assertThat(m.isClosed()).isTrue();
        assertThat(registry.size()).isZero();
    }

    @Test
    void aManagerClosedByACallerIsReplaced() {
        WebSocketManagerRegistry registry = new WebSocketManagerRegistry(BackendOptions.defaults());
        WebSocketManager first = registry.getWebSocketManager(UserExecutionContext.of("alice", "t1", "r1"));
        first.close();
        WebSocketManager next = registry.getWebSocketManager(UserExecutionContext.of("alice", "t1", "r2"));
        assertThat(next).isNotSameAs(first);
        assertThat(next.isClosed()).isFalse();
        assertThat(registry.getWebSocketManager(UserExecutionContext.of("alice", "t2", "r3"))).isSameAs(next);
    }
}
