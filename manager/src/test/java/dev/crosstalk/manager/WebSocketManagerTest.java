package dev.crosstalk.manager;

import dev.crosstalk.manager.ssot.WebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contracts of the single-source-of-truth manager every correct path hands out. */
class WebSocketManagerTest {

    private final UserExecutionContext alice = UserExecutionContext.of("alice", "thread-a", "run-a");

    private static AgentEvent event(UserExecutionContext c, String type, int seq) {
        return AgentEvent.of(c, type, "agent", 0L, Map.of("seq", seq));
    }

    @Test
    void aConnectionOfAnotherUserIsRefusedAndCounted() {
        WebSocketManager m = new WebSocketManager(alice);
        Connection bobs = Connection.of("c-bob", "bob", new RecordingSink());

        assertThatThrownBy(() -> m.addConnection(bobs))
                .isInstanceOf(IsolationViolationException.class)
                .hasMessageContaining("bob").hasMessageContaining("alice");
        assertThat(m.stats().violations()).isEqualTo(1);
        assertThat(m.stats().connections()).isZero();
    }

    @Test
    void sendingToAnotherUserIsRefused() {
        WebSocketManager m = new WebSocketManager(alice);
        RecordingSink sink = new RecordingSink();
        m.addConnection(Connection.of("c1", "alice", sink));
        UserExecutionContext bob = UserExecutionContext.of("bob", "thread-b", "run-b");

        assertThatThrownBy(() -> m.sendToUser("bob", event(bob, AgentEvent.AGENT_STARTED, 0)))
                .isInstanceOf(IsolationViolationException.class);
        // Addressed to alice but carrying bob's user_id: refused too.
        assertThatThrownBy(() -> m.sendToUser("alice", event(bob, AgentEvent.AGENT_STARTED, 0)))
                .isInstanceOf(IsolationViolationException.class);
        assertThat(sink.events()).isEmpty();
        assertThat(m.stats().violations()).isEqualTo(2);
    }

    @Test
    void everyOpenConnectionOfTheUserReceivesTheEvent() {
        WebSocketManager m = new WebSocketManager(alice);
        RecordingSink tab1 = new RecordingSink();
        RecordingSink tab2 = new RecordingSink();
        RecordingSink closedTab = new RecordingSink();
        closedTab.close();
        m.addConnection(Connection.of("t1", "alice", tab1));
        m.addConnection(Connection.of("t2", "alice", tab2));
        m.addConnection(Connection.of("t3", "alice", closedTab));

        AgentEvent sent = m.emitCriticalEvent(AgentEvent.AGENT_STARTED, Map.of("k", "v"));

        assertThat(sent.userId()).isEqualTo("alice");
        assertThat(sent.runId()).isEqualTo("run-a");
        assertThat(sent.threadId()).isEqualTo("thread-a");
        assertThat(tab1.events()).containsExactly(sent);
        assertThat(tab2.events()).containsExactly(sent);
        assertThat(m.stats().sent()).isEqualTo(2);
        assertThat(m.stats().queued()).isZero();
    }

    @Test
    void theRecoveryQueueDrainsInOrderIntoTheNextConnection() {
        WebSocketManager m = new WebSocketManager(alice);
        List<AgentEvent> run = AgentEvent.GOLDEN_PATH.stream().map(t -> event(alice, t, 0)).toList();
        run.forEach(e -> m.sendToUser("alice", e));
        assertThat(m.stats().queued()).isEqualTo(5);
        assertThat(m.stats().pending()).isEqualTo(5);

        RecordingSink sink = new RecordingSink();
        m.addConnection(Connection.of("c1", "alice", sink));

        assertThat(sink.events()).containsExactlyElementsOf(run);
        assertThat(m.stats().pending()).isZero();
        // Drained once: a second connection does not get them again.
        RecordingSink second = new RecordingSink();
        m.addConnection(Connection.of("c2", "alice", second));
        assertThat(second.events()).isEmpty();
    }

    @Test
    void theRecoveryQueueIsBoundedAndCountsWhatItDrops() {
        WebSocketManager m = new WebSocketManager(alice, BackendOptions.defaults().withRecoveryQueueCapacity(3));
        for (int i = 0; i < 5; i++) {
            m.sendToUser("alice", event(alice, AgentEvent.AGENT_THINKING, i));
        }
        assertThat(m.stats().dropped()).isEqualTo(2);
        assertThat(m.stats().pending()).isEqualTo(3);

        RecordingSink sink = new RecordingSink();
        m.addConnection(Connection.of("c1", "alice", sink));
        // The oldest two were dropped; the newest three arrive in order.
        assertThat(sink.events()).extracting(e -> e.payload().get("seq")).containsExactly(2, 3, 4);
    }

    @Test
    void theDefaultRecoveryQueueHoldsAThousandEvents() {
        WebSocketManager m = new WebSocketManager(alice);
        for (int i = 0; i < 1001; i++) {
            m.sendToUser("alice", event(alice, AgentEvent.AGENT_THINKING, i));
        }
        assertThat(m.stats().pending()).isEqualTo(1000);
        assertThat(m.stats().dropped()).isEqualTo(1);
    }

    @Test
    void aRemovedConnectionNoLongerReceives() {
        WebSocketManager m = new WebSocketManager(alice);
        RecordingSink sink = new RecordingSink();
        m.addConnection(Connection.of("c1", "alice", sink));
        m.removeConnection("c1");
        m.removeConnection("never-registered");

        m.sendToUser("alice", event(alice, AgentEvent.AGENT_STARTED, 0));

        assertThat(sink.events()).isEmpty();
        assertThat(m.stats().pending()).isEqualTo(1);
        assertThat(m.isConnectionActive()).isFalse();
    }

    @Test
    void threadAddressedSendsReachOnlyConnectionsFollowingThatThread() {
        WebSocketManager m = new WebSocketManager(alice);
        RecordingSink onA = new RecordingSink();
        RecordingSink onB = new RecordingSink();
        RecordingSink onAll = new RecordingSink();
        m.addConnection(new Connection("a", "alice", "thread-a", java.time.Instant.now(), onA));
        m.addConnection(new Connection("b", "alice", "thread-b", java.time.Instant.now(), onB));
        m.addConnection(new Connection("all", "alice", null, java.time.Instant.now(), onAll));

        AgentEvent e = event(alice, AgentEvent.AGENT_STARTED, 0);
        m.sendToThread("thread-a", e);

        assertThat(onA.events()).containsExactly(e);
        assertThat(onB.events()).isEmpty();
        assertThat(onAll.events()).containsExactly(e);
    }

    @Test
    void afterCloseSendsFailFast() {
        WebSocketManager m = new WebSocketManager(alice);
        m.addConnection(Connection.of("c1", "alice", new RecordingSink()));
        m.close();

        assertThat(m.isClosed()).isTrue();
        assertThat(m.isConnectionActive()).isFalse();
        assertThatThrownBy(() -> m.sendToUser("alice", event(alice, AgentEvent.AGENT_STARTED, 0)))
                .isInstanceOf(ManagerClosedException.class).hasMessageContaining("alice");
        assertThatThrownBy(() -> m.emitCriticalEvent(AgentEvent.AGENT_STARTED, Map.of()))
                .isInstanceOf(ManagerClosedException.class);
        assertThatThrownBy(() -> m.sendToThread("thread-a", event(alice, AgentEvent.AGENT_STARTED, 0)))
                .isInstanceOf(ManagerClosedException.class);
        assertThatThrownBy(() -> m.addConnection(Connection.of("c2", "alice", new RecordingSink())))
                .isInstanceOf(ManagerClosedException.class);
    }

    @Test
    void aSinkThatClosesDuringDeliveryCountsAsNotOpen() {
        WebSocketManager m = new WebSocketManager(alice);
        EventSink vanishing = new EventSink() {
            @Override
            public void send(AgentEvent event) {
                throw new SinkClosedException("peer went away");
            }

            @Override
            public boolean isOpen() {
                return true;
            }
        };
        m.addConnection(Connection.of("c1", "alice", vanishing));

        m.sendToUser("alice", event(alice, AgentEvent.AGENT_STARTED, 0));

        // Not delivered anywhere, so kept for the next connection rather than lost.
        assertThat(m.stats().pending()).isEqualTo(1);
    }
}
