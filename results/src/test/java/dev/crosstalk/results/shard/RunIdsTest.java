package dev.crosstalk.results.shard;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Run ids that name their owner: any shard of the job reads the owner back, and nothing else is attributed — not
 * another job's id, not a garbled one — so that a leak is never blamed on a user who did not start the run.
 */
class RunIdsTest {

    private final RunIds ids = RunIds.forSecret("the job's shared secret");

    @Test
    void anyShardOfTheJobReadsTheOwnerBack() {
        RunIds otherShard = RunIds.forSecret("the job's shared secret");
        Random r = new Random(7);
        for (int i = 0; i < 1000; i++) {
            int owner = i == 0 ? Integer.MAX_VALUE : r.nextInt(1 << (i % 31));
            String id = ids.mint(r.nextLong(), owner);
            assertThat(id).startsWith("r").hasSizeLessThanOrEqualTo(1 + 16 + 1 + 8 + 1 + 8);
            assertThat(otherShard.owner(id)).hasValue(owner);
        }
    }

    @Test
    void anIdOfAnotherJobOrGarbledIsNotAttributed() {
        String id = ids.mint(0x1234_5678_9abc_def0L, 42);
        assertThat(RunIds.forSecret("another job").owner(id)).isEmpty();
        // the owner swapped for another user's: the tag no longer checks
        String swapped = id.replace("-2a-", "-2b-");
        assertThat(swapped).isNotEqualTo(id);
        assertThat(ids.owner(swapped)).isEmpty();
        // truncated, upper-cased, a plain random id as the driver used to mint, nothing
        assertThat(ids.owner(id.substring(0, id.length() - 1))).isEmpty();
        assertThat(ids.owner(id.toUpperCase())).isEmpty();
        assertThat(ids.owner("r9f3c2a1b4d5e6f70")).isEmpty();
        assertThat(ids.owner(null)).isEmpty();
        assertThat(ids.owner("")).isEmpty();
    }
}
