package dev.crosstalk.harness.load;

import dev.crosstalk.manager.spi.ManagerProvider;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.crosstalk.harness.load.LoadTests.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first-use burst: a user's tabs hold their upgrades until all of them are connected, then send them together;
 * over the correct paths the burst is clean. (Whether a seeded first-use race is caught is a matter of timing,
 * measured in docs/load.md, not asserted here: an assertion on a race the test cannot force would be sleep-and-hope.)
 */
class FirstUseTest {

    private final List<EventLoop> loops = List.of(new DefaultEventLoop(), new DefaultEventLoop(), new DefaultEventLoop());

    @AfterEach
    void stopLoops() {
        loops.forEach(l -> l.shutdownGracefully(0, 1, TimeUnit.SECONDS));
    }

    /** Arrives at {@code gate} on {@code loop} (as a tab does, from its own loop) and waits until that is done. */
    private static void arriveOn(EventLoop loop, FirstUseGate gate, Runnable upgrade) throws Exception {
        loop.submit(() -> gate.arrive(loop, upgrade)).get(5, TimeUnit.SECONDS);
    }

    @Test
    void noUpgradeLeavesBeforeTheLastTabArrivesThenAllLeaveEachOnItsOwnLoop() throws Exception {
        FirstUseGate gate = new FirstUseGate(3);
        List<String> sent = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(3);
        for (int t = 0; t < 2; t++) {
            EventLoop loop = loops.get(t);
            int tab = t;
            arriveOn(loop, gate, () -> {
                sent.add("tab" + tab + (loop.inEventLoop() ? " on its loop" : " elsewhere"));
                all.countDown();
            });
        }
        assertThat(sent).isEmpty();

        EventLoop last = loops.get(2);
        arriveOn(last, gate, () -> {
            sent.add("tab2" + (last.inEventLoop() ? " on its loop" : " elsewhere"));
            all.countDown();
        });

        assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(sent).containsExactlyInAnyOrder("tab0 on its loop", "tab1 on its loop", "tab2 on its loop");
    }

    @Test
    void aTabWhoseConnectFailedDoesNotHoldTheOthersBack() throws Exception {
        FirstUseGate gate = new FirstUseGate(2);
        CountDownLatch sent = new CountDownLatch(1);
        arriveOn(loops.get(0), gate, sent::countDown);
        assertThat(sent.getCount()).isEqualTo(1);

        arriveOn(loops.get(1), gate, null); // the other tab's connect failed: it sends nothing

        assertThat(sent.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("dev.crosstalk.harness.load.LoadTests#correctPaths")
    void correctPathsAreCleanWhenAUsersTabsArriveTogether(ManagerProvider p) {
        LoadResult r = run(LoadConfig.builder().manager(p.name()).scenario(Scenario.FIRST_USE).users(20)
                .sessionsPerUser(4).runsPerSession(1).rampUp(Duration.ofMillis(400)).eventLoops(2)
                .runTimeout(Duration.ofSeconds(10)).deadline(Duration.ofSeconds(60)).linger(Duration.ofMillis(200))
                .build(), p);

        assertThat(r.exitCode()).as(p.name() + ": " + r.problem() + " " + r.loadSummary().findings()).isZero();
        assertThat(r.loadSummary().scenario()).isEqualTo("first-use");
        assertThat(r.loadSummary().runs().completed()).isEqualTo(80);
        assertThat(r.findings("refusals")).isZero();
    }
}
