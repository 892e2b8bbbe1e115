package dev.crosstalk.results.shard;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The slice of a job a shard runs: parsed as I/N or from a Kubernetes Indexed Job, and a partition. */
class ShardTest {

    @Test
    void theShardsOfAJobPartitionEveryListExactlyOnce() {
        List<Integer> all = IntStream.range(0, 23).boxed().toList();
        for (int n = 1; n <= 6; n++) {
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Shard s = new Shard(i, n);
                List<Integer> mine = s.slice(all);
                assertThat(mine).hasSize(s.sizeOf(all.size())).allMatch(x -> s.owns(x));
                seen.addAll(mine);
            }
            assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
        }
        assertThat(new Shard(3, 4).slice(List.of("a", "b"))).isEmpty();
        assertThat(new Shard(3, 4).sizeOf(2)).isZero();
    }

    @Test
    void parsesIndexOverCountAndTheIndexedJobsVariable() {
        assertThat(Shard.parse("2/4", Map.of())).isEqualTo(new Shard(2, 4));
        assertThat(Shard.parse(" 0/1 ", Map.of())).isEqualTo(Shard.WHOLE);
        assertThat(Shard.parse("job/4", Map.of(Shard.K8S_INDEX, "3"))).isEqualTo(new Shard(3, 4));
        assertThat(new Shard(1, 4)).hasToString("1/4");
    }

    @Test
    void refusesWhatIsNotAShardAndSaysWhy() {
        assertThatThrownBy(() -> Shard.parse("4/4", Map.of())).hasMessageContaining("from 0 to 3");
        assertThatThrownBy(() -> Shard.parse("1/0", Map.of())).hasMessageContaining("at least 1 shard");
        assertThatThrownBy(() -> Shard.parse("x/4", Map.of())).hasMessageContaining("whole numbers");
        assertThatThrownBy(() -> Shard.parse("4", Map.of())).hasMessageContaining("expected I/N");
        assertThatThrownBy(() -> Shard.parse("job/4", Map.of())).hasMessageContaining("JOB_COMPLETION_INDEX");
        assertThatThrownBy(() -> Shard.parse("job/4", Map.of(Shard.K8S_INDEX, "7"))).hasMessageContaining("from 0 to 3");
    }
}
