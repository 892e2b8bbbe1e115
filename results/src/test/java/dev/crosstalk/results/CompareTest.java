package dev.crosstalk.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.Json;
import dev.crosstalk.results.compare.Comparer;
import dev.crosstalk.results.compare.Comparison;
import dev.crosstalk.results.compare.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CompareTest {

    @TempDir
    Path dir;

    private final Comparer comparer = new Comparer(0.05, 5);

    private Archive archive(String sub, java.util.function.Consumer<Synthetic.Spec> change) throws IOException {
        return Archive.open(Synthetic.write(Files.createDirectories(dir.resolve(sub)), new Synthetic.Spec().with(change)));
    }

    @Test
    void archiveAgainstItselfIsClean() throws IOException {
        Archive a = archive("a", s -> { });
        Comparison c = comparer.compare(a, a);
        assertThat(c.exitCode()).isZero();
        assertThat(c.findings()).isEmpty();
        assertThat(c.environment()).isEmpty();
        assertThat(c.bench()).hasSize(9).allSatisfy(r -> {
            assertThat(r.significant()).isFalse();
            assertThat(r.verdict()).isEqualTo("~");
            assertThat(r.deltaPercent()).isEqualTo(0.0);
            assertThat(r.p()).isEqualTo(1.0);
        });
        assertThat(c.geomeans()).singleElement().satisfies(g -> assertThat(g.deltaPercent()).isEqualTo(0.0));
        assertThat(c.load()).isNotEmpty().allSatisfy(r -> assertThat(r.deltaPercent()).isEqualTo(0.0));
        assertThat(Format.text(c)).contains("geomean").contains("~ ×1.000 [").contains("(p=1.000 q=1.000 forks 5+5)")
                .contains("no findings (exit 0)");
    }

    @Test
    void thirtyPercentSlowerIsARegression() throws IOException {
        Archive a = archive("a", s -> { });
        Archive b = archive("b", s -> { s.benchFactor = 1.3; s.seed = 7; });
        Comparison c = comparer.compare(a, b);
        assertThat(c.exitCode()).isEqualTo(1);
        assertThat(c.bench()).hasSize(9).allSatisfy(r -> {
            assertThat(r.verdict()).isEqualTo("regression");
            assertThat(r.p()).isLessThan(0.05);
            assertThat(r.exact()).isTrue();
            assertThat(r.deltaPercent()).isBetween(20.0, 40.0);
            assertThat(r.ratioLow()).isLessThanOrEqualTo(1.3);
            assertThat(r.ratioHigh()).isGreaterThanOrEqualTo(1.3);
            assertThat(r.q()).isLessThan(0.05);
        });
        assertThat(c.findings()).hasSize(9).allSatisfy(f -> assertThat(f.kind()).isEqualTo("regression"));
        assertThat(c.geomeans().get(0).deltaPercent()).isBetween(25.0, 35.0);
        // B/op did not change
        assertThat(c.bench()).allSatisfy(r -> assertThat(r.allocDeltaPercent()).isCloseTo(0.0,
                org.assertj.core.api.Assertions.within(0.01)));
        String text = Format.text(c);
        assertThat(text).contains("REGRESSION").contains("findings: 9 (exit 1)");
        // the other way round it is an improvement, not a finding
        Comparison back = comparer.compare(b, a);
        assertThat(back.exitCode()).isZero();
        assertThat(back.bench()).allSatisfy(r -> assertThat(r.verdict()).isEqualTo("improvement"));
    }

    @Test
    void smallChangeBelowTheThresholdIsNotARegression() throws IOException {
        Archive a = archive("a", s -> { s.noise = 0.002; s.forkSpread = 0.002; });
        Archive b = archive("b", s -> { s.benchFactor = 1.03; s.noise = 0.002; s.forkSpread = 0.002; s.seed = 9; });
        Comparison c = comparer.compare(a, b);
        assertThat(c.bench()).allSatisfy(r -> assertThat(r.verdict()).isEqualTo("below threshold"));
        assertThat(c.exitCode()).isZero();
        assertThat(new Comparer(0.05, 1).compare(a, b).exitCode()).isEqualTo(1);
    }

    @Test
    void environmentDifferencesComeFirst() throws IOException {
        Archive a = archive("a", s -> { });
        Archive b = archive("b", s -> { s.cpus = 8; s.profile = "smoke"; s.started = Instant.parse("2026-11-21T01:00:00Z"); });
        Comparison c = comparer.compare(a, b);
        assertThat(c.environment()).contains("profile: nightly → smoke", "CPUs: 2 → 8");
        String text = Format.text(c);
        assertThat(text).startsWith("WARNING: the environments differ");
        assertThat(Format.markdown(c)).startsWith("> **Warning: the environments differ**");
    }

    @Test
    void leaksLossesAndNewForbiddenOutcomesAreAlwaysFindings() throws IOException {
        Archive a = archive("a", s -> { });
        Archive b = archive("b", s -> { s.leaks = 20; s.losses = 3; s.forbidden = true; });
        Comparison c = comparer.compare(a, b);
        assertThat(c.exitCode()).isEqualTo(1);
        assertThat(c.findings()).extracting(Comparison.Finding::kind).contains("leak", "loss", "forbidden");
        assertThat(c.stress()).anySatisfy(r -> {
            assertThat(r.manager()).isEqualTo("ssot");
            assertThat(r.newForbidden()).containsExactly("TWO_FACTORIES");
            assertThat(r.appeared()).containsExactly("TWO_FACTORIES");
        });
        // the seeded defect's forbidden outcome is in both: listed, not new, not a finding
        assertThat(c.stress()).anySatisfy(r -> {
            assertThat(r.manager()).isEqualTo("defect.racy-factory-singleton");
            assertThat(r.forbiddenInCandidate()).containsKey("TWO_FACTORIES");
            assertThat(r.newForbidden()).isEmpty();
        });
        // a leak in the candidate is a finding even when the base leaked too
        assertThat(comparer.compare(b, b).findings()).extracting(Comparison.Finding::kind).contains("leak", "loss")
                .doesNotContain("forbidden");
        // and the disappearance is reported the other way round
        assertThat(comparer.compare(b, a).stress()).anySatisfy(r -> assertThat(r.disappeared()).containsExactly("TWO_FACTORIES"));
    }

    /**
     * Found on two real nightly archives of the same code: a seeded defect showed an outcome combination
     * it had not shown the night before, and compare failed the night. A defect is meant to fail; which
     * forbidden outcomes it shows is listed, and only a defect that stops being caught is a finding.
     */
    @Test
    void aSeededDefectsNewForbiddenOutcomeIsListedNotAFinding() throws IOException {
        Archive a = archive("a", s -> { });
        Archive b = archive("b", s -> s.defectShowsAnotherForbidden = true);

        Comparison c = comparer.compare(a, b);

        assertThat(c.stress()).anySatisfy(r -> {
            assertThat(r.manager()).isEqualTo("defect.racy-factory-singleton");
            assertThat(r.newForbidden()).containsExactly("THREE_FACTORIES");
        });
        assertThat(c.findings()).extracting(Comparison.Finding::kind).doesNotContain("forbidden");
        assertThat(c.exitCode()).isZero();
    }

    @Test
    void loadPercentilesComeFromTheHistogramLog() throws IOException {
        Archive a = archive("a", s -> { });
        Archive b = archive("b", s -> { s.latencyFactor = 2.0; s.seed = 43; });
        Comparison c = comparer.compare(a, b);
        assertThat(c.load()).filteredOn(r -> r.metric().equals("run") && r.stat().equals("p50")).singleElement()
                .satisfies(r -> {
                    assertThat(r.source()).isEqualTo("latency.hlog");
                    assertThat(r.deltaPercent()).isBetween(80.0, 120.0);
                    assertThat(r.beyondThreshold()).isTrue();
                });
        assertThat(c.load()).filteredOn(r -> r.metric().equals("throughput")).hasSize(2)
                .allSatisfy(r -> assertThat(r.deltaPercent()).isCloseTo(-50.0, org.assertj.core.api.Assertions.within(0.01)));
    }

    @Test
    void fewSamplesCannotBeSignificantAndSaySo() throws IOException {
        Archive a = archive("a", s -> { s.forks = 2; s.iterations = 5; });
        Archive b = archive("b", s -> { s.forks = 2; s.iterations = 5; s.benchFactor = 1.5; });
        Comparison c = comparer.compare(a, b);
        assertThat(c.exitCode()).isZero();
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("with 2 + 2 forks the smallest possible p is 0.333"));
        assertThat(comparer.compare(archive("c", s -> { }), b).notes())
                .contains("bench configuration differs: forks 5 → 2, iterations 3 → 5");
        // one fork is no sample of forks, however many iterations it has
        Archive one = archive("d", s -> { s.forks = 1; s.iterations = 10; s.benchFactor = 1.5; });
        Comparison single = comparer.compare(archive("e", s -> { s.forks = 1; s.iterations = 10; }), one);
        assertThat(single.bench()).allSatisfy(r -> assertThat(r.verdict()).isEqualTo("too few forks"));
        assertThat(single.notes()).anySatisfy(n -> assertThat(n).contains("fewer than 2 forks"));
        assertThat(single.exitCode()).isZero();
    }

    @Test
    void anInterruptedCandidateIsComparedForWhatItHasButIsNotAPass() throws IOException {
        Archive a = archive("a", s -> { });
        Archive b = archive("b", s -> s.interrupted = true);
        Comparison c = comparer.compare(a, b);
        assertThat(c.cannotJudge()).contains("the candidate run is interrupted (interrupted (signal): test)",
                "the candidate's load part is not-run");
        assertThat(c.cannotJudge()).anySatisfy(w -> assertThat(w).startsWith("the candidate's bench part is partial"));
        assertThat(c.bench()).hasSize(9);
        assertThat(c.load()).allSatisfy(r -> assertThat(r.candidate()).isNull());
        assertThat(c.findings()).isEmpty();
        assertThat(c.exitCode()).isEqualTo(2);
        assertThat(Format.text(c)).contains("could not judge: 3 (not a pass)")
                .contains("no findings, but the comparison is incomplete (exit 2)");
        // the other way round the candidate is complete: the base's gap is a note, not a reason to fail
        Comparison back = comparer.compare(b, a);
        assertThat(back.cannotJudge()).isEmpty();
        assertThat(back.notes()).contains("load part: base not-run, candidate complete");
    }

    @Test
    void jsonAndJunitFormats() throws Exception {
        Archive a = archive("a", s -> { });
        Archive b = archive("b", s -> { s.benchFactor = 1.3; s.seed = 7; s.leaks = 5; });
        Comparison c = comparer.compare(a, b);
        JsonNode json = Json.mapper().readTree(Format.json(c));
        assertThat(json.get("exit_code").asInt()).isEqualTo(1);
        assertThat(json.get("bench")).hasSize(9);
        assertThat(json.get("bench").get(0).get("verdict").asText()).isEqualTo("regression");
        assertThat(json.get("findings").size()).isEqualTo(10);
        String xml = Format.junit(c);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        var suite = doc.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(Integer.parseInt(suite.getAttribute("failures"))).isGreaterThanOrEqualTo(10);
        assertThat(Format.markdown(c)).contains("| benchmark |").contains("**regression**");
    }

    /**
     * What a defect is comes from the kind each provider recorded, never from its name: a private defect plugin named
     * without {@code defect.} shows a new forbidden outcome → listed, not a finding; a correct path whose name starts
     * with {@code defect.} would be judged as correct. Here the seeded defect is renamed {@code acme.racy-factory}.
     */
    @Test
    void aDefectIsWhatItsRecordedKindSaysNotWhatItsNameSays() throws IOException {
        Archive a = archive("a", s -> s.defectName = "acme.racy-factory");
        Archive b = archive("b", s -> { s.defectName = "acme.racy-factory"; s.defectShowsAnotherForbidden = true; });
        Comparison c = comparer.compare(a, b);
        assertThat(c.stress()).anySatisfy(r -> {
            assertThat(r.manager()).isEqualTo("acme.racy-factory");
            assertThat(r.newForbidden()).containsExactly("THREE_FACTORIES");
        });
        assertThat(c.findings()).isEmpty();
        // a correct path named like a defect: its new forbidden outcome is a finding
        Archive x = archive("x", s -> s.correctName = "defect.looks-like-one");
        Archive y = archive("y", s -> { s.correctName = "defect.looks-like-one"; s.forbidden = true; });
        assertThat(comparer.compare(x, y).findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("forbidden");
            assertThat(f.subject()).contains("defect.looks-like-one");
        });
    }

    @Test
    void anErroredProbeIsNotAPass() throws IOException {
        Archive a = archive("a", s -> { });
        Comparison c = comparer.compare(a, archive("b", s -> s.probeError = true));
        assertThat(c.findings()).isEmpty();
        assertThat(c.cannotJudge()).containsExactly("stress probe factory-singleton over factory error: a fork crashed");
        assertThat(c.exitCode()).isEqualTo(2);
    }
}
