package dev.crosstalk.results.archive;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Merging the results of engines run side by side gives the result one engine would have written. */
class ExploreResultsTest {

    private static ExploreResults.Row row(String manager, String scenario) {
        return new ExploreResults.Row(manager, "correct", null, scenario, ExploreResults.CLEAN, 10, 1.0, null,
                List.of(), null);
    }

    private static ExploreResults part(long seed, String started, String ended, ExploreResults.Row... rows) {
        return new ExploreResults(ExploreResults.SCHEMA, ExploreResults.INSTRUMENT, "lincheck 3.7", seed, 50, null,
                started, ended, List.of(rows));
    }

    @Test
    void rowsFollowTheManagersOrderAndTheSpanCoversEveryPart() {
        ExploreResults a = part(7, "2026-12-01T01:00:05Z", "2026-12-01T01:09:00Z", row("ssot", "s1"), row("ssot", "s2"),
                row("factory", "s1"));
        ExploreResults b = part(7, "2026-12-01T01:00:01Z", "2026-12-01T01:08:00Z", row("registry", "s1"),
                row("registry", "s2"));

        ExploreResults merged = ExploreResults.merge(List.of(a, b), List.of("factory", "registry", "ssot"));

        assertThat(merged.results()).extracting(r -> r.manager() + "/" + r.scenario())
                .containsExactly("factory/s1", "registry/s1", "registry/s2", "ssot/s1", "ssot/s2");
        assertThat(merged.started()).isEqualTo("2026-12-01T01:00:01Z");
        assertThat(merged.ended()).isEqualTo("2026-12-01T01:09:00Z");
        assertThat(merged.seed()).isEqualTo(7);
        assertThat(merged.budget()).isEqualTo(50);
    }

    @Test
    void partsOfDifferentRunsOrOverlappingManagersAreRefused() {
        ExploreResults a = part(7, "2026-12-01T01:00:00Z", "2026-12-01T01:01:00Z", row("ssot", "s1"));
        assertThatThrownBy(() -> ExploreResults.merge(List.of(a, part(8, "2026-12-01T01:00:00Z",
                "2026-12-01T01:01:00Z", row("registry", "s1"))), List.of("ssot", "registry")))
                .hasMessageContaining("seed 7 vs 8");
        assertThatThrownBy(() -> ExploreResults.merge(List.of(a, a), List.of("ssot")))
                .hasMessageContaining("manager ssot is in two");
    }
}
