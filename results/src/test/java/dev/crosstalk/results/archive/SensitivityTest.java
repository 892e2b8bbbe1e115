package dev.crosstalk.results.archive;

import dev.crosstalk.results.archive.Sensitivity.Row;
import dev.crosstalk.results.archive.Sensitivity.Samples;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sensitivity.json}: what it records of how a catch was obtained, and that older files still read. */
class SensitivityTest {

    /** A file as written before the widening and the sample counts were recorded. */
    static final String BEFORE_WIDEN_AND_SAMPLES = """
            {"schema": 1, "arch": "amd64", "mode": "sanity", "probes": ["register-vs-emit"],
             "rows": [{"manager": "defect.x", "kind": "defect", "failure_class": "loss",
                       "cells": {"register-vs-emit": "caught"}, "not_applicable": [], "verdict": "caught"}],
             "holds": true}
            """;

    @Test
    void anOlderFileReadsWithTheNewFieldsNull() throws Exception {
        Sensitivity s = Json.mapper().readValue(BEFORE_WIDEN_AND_SAMPLES, Sensitivity.class);

        assertThat(s.widenMicros()).isNull();
        assertThat(s.widened()).isFalse();
        assertThat(s.rows()).singleElement().satisfies(r -> {
            assertThat(r.verdict()).isEqualTo(Verdict.CAUGHT);
            assertThat(r.samples()).isNull();
        });
        assertThat(s.holds()).isTrue();
    }

    @Test
    void theWideningAndEachCellsSampleCountsSurviveTheFile() throws Exception {
        Row row = new Row("defect.x", "defect", "loss", Map.of("register-vs-emit", Verdict.CAUGHT), List.of(),
                Verdict.CAUGHT, Map.of("register-vs-emit", new Samples(1, 32)));
        Sensitivity written = Sensitivity.of("amd64", "sanity", List.of("register-vs-emit"), List.of(row), 0L);

        String json = written.toJson();
        Sensitivity read = Json.mapper().readValue(json, Sensitivity.class);

        assertThat(json).contains("\"widen_micros\" : 0").contains("\"forbidden\" : 1").contains("\"total\" : 32");
        assertThat(read).isEqualTo(written);
        assertThat(read.widened()).as("0 µs is unaided").isFalse();
        assertThat(read.rows().get(0).samples().get("register-vs-emit")).hasToString("1/32");
    }

    @Test
    void catchesNameTheCaughtColumnsOfEveryCaughtDefectAndNothingElse() {
        Row caught = new Row("defect.a", "defect", "loss", Map.of("p1", Verdict.CLEAN, "p2", Verdict.CAUGHT,
                "p3", Verdict.CAUGHT), List.of(), Verdict.CAUGHT);
        Row missed = new Row("defect.b", "defect", "loss", Map.of("p1", Verdict.CLEAN), List.of(),
                "FAILED: no probe caught this defect");
        Row correct = new Row("ssot", "correct", null, Map.of("p1", Verdict.CLEAN), List.of(), Verdict.CLEAN);
        Sensitivity s = Sensitivity.of("amd64", "sanity", List.of("p1", "p2", "p3"), List.of(caught, missed, correct));
        assertThat(s.catches()).containsExactly(Map.entry("defect.a", List.of("p2", "p3")));
    }
}
