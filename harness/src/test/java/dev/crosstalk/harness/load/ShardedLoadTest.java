package dev.crosstalk.harness.load;

import dev.crosstalk.harness.cli.CrosstalkCommand;
import dev.crosstalk.harness.server.GoldenPathServer;
import dev.crosstalk.harness.server.ServerConfig;
import dev.crosstalk.harness.testing.TestProviders;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.ssot.SsotProvider;
import dev.crosstalk.results.archive.Json;
import dev.crosstalk.results.archive.LatencyLog;
import dev.crosstalk.results.archive.LeakRecord;
import dev.crosstalk.results.archive.LoadFiles;
import dev.crosstalk.results.archive.LoadSummary;
import dev.crosstalk.results.archive.PerUserRow;
import dev.crosstalk.results.shard.Shard;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One load split over two drivers ({@code --shard 0/2}, {@code 1/2}) against one server, then merged: each shard runs
 * its own users; a leak of the other shard's run is attributed to its owner by the run id alone (the masked leak
 * rewrites the event's user_id to the receiver's, so nothing else names the owner); the merge adds up to the shards.
 */
class ShardedLoadTest {

    private static final String SECRET = "one job's shared secret";
    private static final int USERS = 6;

    @TempDir
    Path dir;

    private LoadConfig.Builder shard(GoldenPathServer server, int i, Path out) {
        return LoadConfig.builder().target(server.uri()).jwtSecret(SECRET).users(USERS).sessionsPerUser(1)
                .eventLoops(2).runTimeout(Duration.ofSeconds(3)).deadline(Duration.ofSeconds(60)).quiet(true)
                .linger(Duration.ofMillis(300)).shard(new Shard(i, 2)).out(out);
    }

    @Test
    void aLeakOfAnotherShardsRunIsAttributedToItsOwnerAndTheMergeAddsUp() throws Exception {
        ManagerProvider leaky = new TestProviders.MaskedLeak();
        try (GoldenPathServer server = GoldenPathServer.start(ServerConfig.defaults(leaky, SECRET))) {
            // Shard 0 keeps its sessions up (runs for 3 s); shard 1 starts once they are all open, so every event of
            // shard 1's runs is broadcast to shard 0's sessions, and shard 0's to shard 1's.
            CompletableFuture<LoadResult> first = CompletableFuture.supplyAsync(() -> LoadTests.run(
                    shard(server, 0, dir.resolve("s0")).duration(Duration.ofSeconds(3)).runsPerSession(0).build(), null));
            await().atMost(Duration.ofSeconds(20)).until(() -> server.stats().sessionsOpened.sum() >= USERS / 2);
            LoadResult second = LoadTests.run(shard(server, 1, dir.resolve("s1")).runsPerSession(3).build(), null);
            LoadResult zero = first.get();

            Set<String> shard0 = Set.of("user-00001", "user-00003", "user-00005");
            Set<String> shard1 = Set.of("user-00002", "user-00004", "user-00006");
            assertThat(users(zero)).isEqualTo(shard0);
            assertThat(users(second)).isEqualTo(shard1);
            for (LoadResult r : List.of(zero, second)) {
                assertThat(r.leakCount()).isPositive();
                assertThat(r.loadSummary().details().leaksUnknownOwner()).as("every leak attributed").isZero();
                assertThat(r.loadSummary().details().labels()).containsEntry("shard",
                        r == zero ? "0/2" : "1/2").containsEntry("job_users", "6");
            }
            // shard 1's receivers name shard 0's users as owners, and the other way round
            assertThat(owners(second)).containsAnyElementsOf(shard0);
            assertThat(owners(zero)).containsAnyElementsOf(shard1);
            assertThat(owners(zero)).doesNotContain("unknown");

            Path merged = dir.resolve("merged");
            int code = merge(dir.resolve("s0").toString(), dir.resolve("s1").toString(), "-o", merged.toString());
            assertThat(code).isEqualTo(1);
            LoadSummary m = Json.mapper().readValue(Files.readAllBytes(merged.resolve(LoadFiles.SUMMARY)),
                    LoadSummary.class);
            LoadSummary a = zero.loadSummary();
            LoadSummary b = second.loadSummary();
            assertThat(m.users()).isEqualTo(USERS);
            assertThat(m.runs().completed()).isEqualTo(a.runs().completed() + b.runs().completed());
            assertThat(m.events()).isEqualTo(a.events() + b.events());
            assertThat(m.finding("leaks")).isEqualTo(a.finding("leaks") + b.finding("leaks"));
            assertThat(m.finding("losses")).isEqualTo(a.finding("losses") + b.finding("losses"));
            // every user's row once, with the leaks it caused on either shard
            List<PerUserRow> rows = LoadFiles.readPerUser(Files.readAllBytes(merged.resolve(LoadFiles.PER_USER)));
            assertThat(rows).extracting(PerUserRow::user).doesNotHaveDuplicates().hasSize(USERS);
            assertThat(rows.stream().mapToLong(PerUserRow::leaksCaused).sum()).isEqualTo(m.finding("leaks"));
            // the merged p99 is the p99 of the two shards' histograms added
            Histogram sum = new Histogram(3);
            sum.setAutoResize(true);
            for (String s : List.of("s0", "s1")) {
                sum.add(LatencyLog.parse(Files.readAllBytes(dir.resolve(s).resolve(LoadFiles.LATENCY))).histograms()
                        .get("run"));
            }
            assertThat(m.latency().get("run")).isEqualTo(LoadSummary.Latency.of(sum));
        }
    }

    @Test
    void overACorrectPathTheShardsAreCleanAndTheirUsersDisjoint() throws Exception {
        try (GoldenPathServer server = GoldenPathServer.start(ServerConfig.defaults(new SsotProvider(), SECRET))) {
            LoadResult a = LoadTests.run(shard(server, 0, dir.resolve("c0")).runsPerSession(3).build(), null);
            LoadResult b = LoadTests.run(shard(server, 1, dir.resolve("c1")).runsPerSession(3).build(), null);
            for (LoadResult r : List.of(a, b)) {
                assertThat(r.exitCode()).as(String.valueOf(r.problem())).isZero();
                assertThat(r.runs("completed")).isEqualTo(9);
            }
            assertThat(merge(dir.resolve("c0").toString(), dir.resolve("c1").toString(), "-o",
                    dir.resolve("cm").toString())).isZero();
            // the same shard twice overlaps: refused as bad input
            assertThat(merge(dir.resolve("c0").toString(), dir.resolve("c0").toString(), "-o",
                    dir.resolve("bad").toString())).isEqualTo(2);
        }
    }

    private static Set<String> users(LoadResult r) throws Exception {
        return LoadFiles.readPerUser(Files.readAllBytes(r.out().resolve(LoadFiles.PER_USER))).stream()
                .filter(row -> row.runs() > 0).map(PerUserRow::user).collect(Collectors.toSet());
    }

    private static Set<String> owners(LoadResult r) {
        return r.leaks().stream().map(LeakRecord::owningUser).collect(Collectors.toSet());
    }

    private static int merge(String... args) {
        CommandLine cl = CrosstalkCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(new StringWriter()));
        String[] all = new String[args.length + 1];
        all[0] = "merge";
        System.arraycopy(args, 0, all, 1, args.length);
        return cl.execute(all);
    }
}
