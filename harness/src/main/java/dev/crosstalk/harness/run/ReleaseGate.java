package dev.crosstalk.harness.run;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.archive.Verdict;
import dev.crosstalk.results.compare.Comparer;
import dev.crosstalk.results.compare.Comparison;
import dev.crosstalk.results.io.JUnitXml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The pre-release gate's checks of one archive: every part completed, every correct path is clean and
 * every observable defect caught ({@link Verdict#holds}) in the stress matrix and — when the archive has one —
 * in the explore matrix, the load found nothing, and — given a baseline — nothing regressed. An archive
 * written before the explore instrument (its manifest does not list the part) is judged as before. Pure: it reads archives and returns checks; {@code validate} prints
 * and writes them.
 */
public final class ReleaseGate {

    /** The JUnit class name of every check, so CI systems group them. */
    static final String CLASSNAME = "crosstalk.validate";

    /** One check of the gate; {@code message} says what was found (the JUnit failure text). */
    public record Check(String name, boolean passed, String message) {
    }

    private final Comparer comparer;
    private final RunProfile profile;

    /** A gate judging regressions as {@code compare} does, at {@code alpha} and above {@code thresholdPercent}. */
    public ReleaseGate(double alpha, double thresholdPercent) {
        this(alpha, thresholdPercent, null);
    }

    /**
     * @param profile the profile the archive must have been run with (its name and its stress mode), or null not
     *                to check: a smoke archive passing the pre-release gate would vouch for a five-minute run
     */
    public ReleaseGate(double alpha, double thresholdPercent, RunProfile profile) {
        this.comparer = new Comparer(alpha, thresholdPercent);
        this.profile = profile;
    }

    /**
     * The checks of {@code candidate}, in the order they are reported.
     *
     * @param baseline     the archive to compare with, or null for no regression check
     * @param baselineName how the baseline is named in its check (its file name)
     */
    public List<Check> checks(Archive candidate, Archive baseline, String baselineName) {
        return checksAgainst(candidate, baseline == null ? List.of() : List.of(baseline), baselineName);
    }

    /**
     * As {@link #checks(Archive, Archive, String)} against a baseline window (compare's {@code --baseline-window}: the
     * archives' forks pooled, their night-to-night noise raising each benchmark's threshold); empty for no regression
     * check.
     */
    public List<Check> checksAgainst(Archive candidate, List<Archive> baselines, String baselineName) {
        List<Check> checks = new ArrayList<>();
        if (profile != null) {
            String got = candidate.manifest().profile();
            checks.add(new Check("profile " + profile.name(), profile.name().equals(got),
                    "the archive was run with profile " + got));
            String mode = candidate.sensitivity().map(Sensitivity::mode)
                    .orElse(candidate.stress().map(st -> st.mode()).orElse(null));
            String want = profile.stressMode().label();
            checks.add(new Check("stress mode " + want, want.equalsIgnoreCase(String.valueOf(mode)),
                    "the archive's stress ran in mode " + mode));
        }
        for (Part part : Part.values()) {
            if (!candidate.manifest().lists(part)) {
                continue;   // an archive written before this instrument existed (explore): nothing to demand of it
            }
            PartStatus status = candidate.status(part);
            checks.add(new Check("part " + part.name().toLowerCase(Locale.ROOT) + " complete",
                    status == PartStatus.COMPLETE, "status " + status));
        }
        Sensitivity matrix = candidate.sensitivity().orElse(null);
        if (matrix == null) {
            checks.add(new Check("sensitivity matrix present", false,
                    "the archive has no stress/sensitivity.json: its stress part did not run every manager"));
        } else {
            long defects = matrix.rows().stream().filter(r -> "defect".equals(r.kind())).count();
            // a matrix without a seeded defect shows only that nothing was caught, never that anything could be
            checks.add(new Check("sensitivity matrix has seeded defects", defects > 0,
                    defects + " defect row(s) of " + matrix.rows().size()
                            + (defects == 0 ? ": nothing shows the probes can catch a failure" : "")));
            for (Sensitivity.Row row : matrix.rows()) {
                String verdict = row.verdict() == null ? "" : row.verdict();
                checks.add(new Check(("correct".equals(row.kind()) ? "correct path clean: " : "defect caught: ")
                        + row.manager(), Verdict.holds(row.kind(), verdict), "verdict: " + verdict));
            }
        }
        // the explore matrix, when the archive has one, by the same rule (an uncaught JMM defect is honestly
        // "not observable under sequential consistency", which holds)
        candidate.exploreMatrix().ifPresent(explore -> matrixChecks(checks, "explore", explore));
        // the load matrix (load --all: unaided, on a real server), when the archive has one, by the same rule; a profile
        // that runs it must have it
        candidate.loadMatrix().ifPresentOrElse(load -> matrixChecks(checks, "load", load), () -> {
            if (profile != null && profile.loadAll()) {
                checks.add(new Check("load matrix present", false, "profile " + profile.name()
                        + " runs load --all, and the archive has no load/matrix.json"));
            }
        });
        candidate.loadSummary().ifPresentOrElse(load -> {
            long found = load.finding("leaks") + load.finding("losses") + load.finding("order_violations")
                    + load.finding("duplicates");
            checks.add(new Check("load: no leak, loss, order violation or duplicate", found == 0,
                    "leaks " + load.finding("leaks") + ", losses " + load.finding("losses") + ", order "
                            + load.finding("order_violations") + ", duplicates " + load.finding("duplicates")));
            if (load.findings().containsKey("resource_growth")) {
                // a soak: heap and descriptors sampled through it (load/resources.json)
                checks.add(new Check("load soak: heap and descriptors flat", load.finding("resource_growth") == 0,
                        load.finding("resource_growth") == 0 ? "flat" : "rose: see load/resources.json"));
            }
        }, () -> checks.add(new Check("load summary present", false, "the archive has no load/summary.json")));
        if (!baselines.isEmpty()) {
            Comparison c = comparer.compare(baselines, candidate);
            // every finding, one per line: the JUnit failure text is where a CI user reads why the gate failed
            checks.add(new Check("no regression against " + baselineName, c.exitCode() == 0,
                    c.findings().size() + " finding(s)" + c.findings().stream()
                            .map(f -> "\n  - " + f.kind() + ": " + f.message()).collect(Collectors.joining())
                            + c.cannotJudge().stream().map(w -> "\n  - could not judge: " + w)
                            .collect(Collectors.joining())));
        }
        return checks;
    }

    /** An instrument's matrix ({@code explore}, {@code load}): every row by {@link Verdict}'s rule, and the whole. */
    private static void matrixChecks(List<Check> checks, String instrument, Sensitivity matrix) {
        for (Sensitivity.Row row : matrix.rows()) {
            String verdict = row.verdict() == null ? "" : row.verdict();
            checks.add(new Check(instrument + ": " + ("correct".equals(row.kind()) ? "correct path clean: " : "defect caught: ")
                    + row.manager(), Verdict.holds(row.kind(), verdict), "verdict: " + verdict));
        }
        checks.add(new Check(instrument + " matrix holds", Boolean.TRUE.equals(matrix.holds()) && !matrix.hasErrors(),
                matrix.defectsCaught() + " of " + matrix.defects() + " defects caught"
                        + (matrix.hasErrors() ? "; errors: the matrix cannot vouch for every row" : "")));
    }

    /** The checks as JUnit XML: one {@code <testsuite>} named after the archive, one {@code <testcase>} per check. */
    public static String junit(String archiveName, List<Check> checks) {
        List<JUnitXml.Case> cases = checks.stream()
                .map(c -> c.passed() ? JUnitXml.Case.passed(CLASSNAME, c.name())
                        : JUnitXml.Case.failure(CLASSNAME, c.name(), c.message()))
                .toList();
        return JUnitXml.suite(JUnitXml.Suite.of(CLASSNAME + "." + archiveName, cases));
    }
}
