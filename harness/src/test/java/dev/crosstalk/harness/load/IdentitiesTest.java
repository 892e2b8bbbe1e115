package dev.crosstalk.harness.load;

import dev.crosstalk.manager.Connection;
import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagedSession;
import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ProviderKind;
import dev.crosstalk.manager.spi.Sharing;
import dev.crosstalk.manager.spi.SimpleManagedSession;
import dev.crosstalk.manager.ssot.WebSocketManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Adversarial ids: valid, distinct, each thread one user's; they must not trouble a correct path. */
class IdentitiesTest {

    private static final int USERS = 24;
    private static final int TABS = 3;

    @Test
    void adversarialIdsAreValidDistinctAndEachThreadHasOneUser() {
        String[] users = Identities.users(Identities.Style.ADVERSARIAL, USERS);
        assertThat(new HashSet<>(java.util.List.of(users))).hasSize(USERS);
        Map<String, String> threadOwner = new HashMap<>();
        Set<String> joined = new HashSet<>();
        boolean joinedCollision = false;
        for (int u = 0; u < USERS; u++) {
            for (int tab = 0; tab < TABS; tab++) {
                String thread = Identities.thread(Identities.Style.ADVERSARIAL, users[u], u, tab, 0);
                // Valid for the context (throws otherwise), and within the server's thread limit.
                UserExecutionContext ctx = UserExecutionContext.of(users[u], thread, "run-1");
                assertThat(thread.length()).isLessThanOrEqualTo(Identities.MAX_THREAD);
                assertThat(threadOwner.put(thread, users[u])).as(thread).isNull();
                joinedCollision |= !joined.add(ctx.isolationKey());
            }
        }
        // The families the generator promises are there.
        assertThat(joinedCollision).as("two (user, thread) pairs join to one userId:threadId").isTrue();
        assertThat(users).anySatisfy(u -> assertThat(u).hasSize(Identities.LONG_USER));
        assertThat(users).anySatisfy(u -> assertThat(u.codePoints().anyMatch(Character::isSupplementaryCodePoint)).isTrue());
        assertThat(users).anySatisfy(u -> assertThat(threadOwner).containsKey(u)); // a user id that is another's thread
        assertThat(users).anySatisfy(u -> assertThat(users).anySatisfy(v -> assertThat(v).isNotEqualTo(u).startsWith(u)));
    }

    @Test
    void tameIdsAreTheUsualOnes() {
        assertThat(Identities.users(Identities.Style.TAME, 2)).containsExactly("user-00001", "user-00002");
        assertThat(Identities.thread(Identities.Style.TAME, "user-00001", 0, 1, 255)).isEqualTo("t-user-00001-1-ff");
    }

    @Test
    void jsonEscapingKeepsEveryId() {
        assertThat(ClientSession.jsonEscaped("a\"b\\c\u0001é")).isEqualTo("a\\u0022b\\u005cc\\u0001é");
    }


    private static LoadConfig.Builder adversarial(String manager) {
        return LoadConfig.builder().manager(manager).users(USERS).sessionsPerUser(2).runsPerSession(3).ids("adversarial")
                .eventLoops(2).runTimeout(Duration.ofSeconds(3)).deadline(Duration.ofSeconds(60))
                .linger(Duration.ofMillis(200));
    }

    @ParameterizedTest
    @MethodSource("dev.crosstalk.harness.load.LoadTests#correctPaths")
    void correctPathsServeEveryAdversarialUser(ManagerProvider p) {
        for (Scenario s : new Scenario[] {Scenario.STEADY, Scenario.CHURN}) {
            LoadResult r = LoadTests.run(adversarial(p.name()).scenario(s).build(), p);
            assertThat(r.exitCode()).as(p.name() + " " + s + ": " + r.problem() + " " + r.loadSummary().findings()).isZero();
            assertThat(r.findings("refusals")).isZero();
            assertThat(r.loadSummary().details().ids()).isEqualTo("adversarial");
            assertThat(r.loadSummary().details().sessionsEstablished()).isGreaterThanOrEqualTo(USERS * 2);
            assertThat(r.runs("started")).isEqualTo(USERS * 2 * 3);
        }
    }

    @Test
    void aFactoryKeyedByTheJoinedStringRefusesAUserWhoseIdsCollide() {
        ManagerProvider joined = new JoinedKeyFactory();
        LoadResult r = LoadTests.run(adversarial(joined.name()).build(), joined);
        assertThat(r.exitCode()).isEqualTo(1);
        // 24 users = 3 groups; in each the second of the colliding pair is refused on both tabs.
        assertThat(r.loadSummary().details().sessionsRefused()).isEqualTo(3 * 2);
        assertThat(r.findings("refusals")).isEqualTo(6);
        assertThat(r.leakCount()).isZero();
    }

    /** The factory path as the reference keyed it: by the joined string userId:threadId (no limit, no eviction). */
    static final class JoinedKeyFactory implements ManagerProvider {
        @Override
        public String name() {
            return "test.joined-key-factory";
        }

        @Override
        public ProviderKind kind() {
            return ProviderKind.DEFECT;
        }

        @Override
        public String description() {
            return "test: managers keyed by userId + \":\" + threadId";
        }

        @Override
        public Optional<FailureClass> failureClass() {
            return Optional.of(FailureClass.LOSS);
        }

        @Override
        public ManagerBackend start(BackendOptions options) {
            Map<String, WebSocketManager> managers = new ConcurrentHashMap<>();
            return new ManagerBackend() {
                @Override
                public Sharing sharing() {
                    return Sharing.PER_ISOLATION_KEY;
                }

                @Override
                public Optional<Object> entryPoint() {
                    return Optional.of(managers);
                }

                @Override
                public UserWebSocketManager obtain(UserExecutionContext c) {
                    return managers.computeIfAbsent(c.isolationKey(), k -> new WebSocketManager(c, options));
                }

                @Override
                public ManagedSession open(UserExecutionContext c, Connection connection, Runnable onReady) {
                    UserWebSocketManager m = obtain(c);
                    m.addConnection(connection);
                    onReady.run();
                    return new SimpleManagedSession(c, connection, m, this::obtain);
                }

                @Override
                public int evictIdle() {
                    return 0;
                }

                @Override
                public int managerCount() {
                    return managers.size();
                }

                @Override
                public void close() {
                    managers.values().forEach(WebSocketManager::close);
                }
            };
        }
    }
}
