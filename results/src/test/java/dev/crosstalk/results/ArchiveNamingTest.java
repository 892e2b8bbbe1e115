package dev.crosstalk.results;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.ArchiveWriter;
import dev.crosstalk.results.archive.RunInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A finished archive takes a name no file has: it never replaces one (two runs finishing in the same second). */
class ArchiveNamingTest {

    private static final Instant SAME_SECOND = Instant.parse("2026-11-21T02:03:04Z");

    @TempDir
    Path dir;

    @Test
    void aNameInUseIsNeverReplacedEvenWhenACheckWouldSayItIsFree() throws Exception {
        // a dangling link: Files.exists says no file is there, rename(2) would replace it
        Path taken = Files.createSymbolicLink(dir.resolve("20261121-020304-smoke-nogit.zip"), dir.resolve("elsewhere"));
        ArchiveWriter w = ArchiveWriter.begin(dir, RunInfo.of("smoke", null).withStarted(SAME_SECOND));
        Path finished = w.finish();
        assertThat(finished.getFileName().toString()).isEqualTo("20261121-020304-smoke-nogit-1.zip");
        assertThat(Files.isSymbolicLink(taken)).isTrue();
        assertThat(Archive.open(finished).manifest().status()).isEqualTo("complete");
    }

    @Test
    void runsFinishingTogetherEachKeepTheirArchive() throws Exception {
        int runs = 8;
        for (int round = 0; round < 5; round++) {
            Path folder = Files.createDirectories(dir.resolve("round-" + round));
            List<ArchiveWriter> writers = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                writers.add(ArchiveWriter.begin(folder, RunInfo.of("smoke", null).withStarted(SAME_SECOND)));
            }
            CyclicBarrier together = new CyclicBarrier(runs);
            ExecutorService pool = Executors.newFixedThreadPool(runs);
            try {
                List<Future<Path>> done = new ArrayList<>();
                for (ArchiveWriter w : writers) {
                    done.add(pool.submit(() -> {
                        together.await();
                        return w.finish();
                    }));
                }
                Set<Path> names = new HashSet<>();
                for (Future<Path> f : done) {
                    names.add(f.get());
                }
                assertThat(names).hasSize(runs);
            } finally {
                pool.shutdownNow();
            }
            try (Stream<Path> s = Files.list(folder)) {
                List<Path> files = s.toList();
                assertThat(files).hasSize(runs).allMatch(f -> f.getFileName().toString().endsWith(".zip")
                        && !f.getFileName().toString().startsWith("."));
                files.forEach(f -> assertThat(Archive.open(f).manifest().status()).isEqualTo("complete"));
            }
        }
    }
}
