package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.ExitCodes;
import dev.crosstalk.harness.UsageException;
import dev.crosstalk.harness.plugin.PluginOptions;
import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.ArchiveException;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;
import dev.crosstalk.results.archive.Sensitivity;
import dev.crosstalk.results.compare.Comparer;
import dev.crosstalk.results.compare.Comparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code crosstalk validate}: the pre-release gate. Runs the prerelease profile (or reads
 * {@code --archive}) and passes only if every part completed, every correct path is clean, every
 * observable defect is caught, the load found nothing, and nothing regressed against
 * {@code --baseline}. Writes JUnit XML, one testcase per check, so CI systems show the gate.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "The pre-release gate: run the prerelease profile (or read --archive) and check it.")
public final class ValidateCommand implements Callable<Integer> {

    @Mixin
    PluginOptions pluginOptions;

    @Option(names = "--archive", paramLabel = "ARCHIVE", description = "Check this archive instead of running.")
    Path archivePath;

    @Option(names = "--baseline", paramLabel = "ARCHIVE", description = "Fail on a regression against this archive.")
    Path baseline;

    @Option(names = "--manager", defaultValue = "ssot", paramLabel = "NAME",
            description = "The manager loaded when running the profile. Default: ${DEFAULT-VALUE}.")
    String manager;

    @Option(names = "--alpha", defaultValue = "0.05", description = "Significance level. Default: ${DEFAULT-VALUE}.")
    double alpha;

    @Option(names = "--threshold", defaultValue = "5%", paramLabel = "PCT",
            description = "Smallest regression that counts, as in compare (default: ${DEFAULT-VALUE}).")
    String threshold;

    @Option(names = "--junit", paramLabel = "FILE", defaultValue = "validate-junit.xml",
            description = "Where the JUnit XML goes. Default: ${DEFAULT-VALUE}.")
    Path junit;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One check of the gate. */
    record Check(String name, boolean passed, String message) {
    }

    @Override
    public Integer call() throws Exception {
        // bad options fail before a prerelease run of an hour, not after it
        double thresholdPercent = ArchiveArgs.percent(threshold);
        if (!(alpha > 0 && alpha < 1)) {
            throw new UsageException("--alpha " + alpha + " must be between 0 and 1");
        }
        if (baseline != null) {
            open(baseline);
        }
        Path target = archivePath;
        if (target == null) {
            RunCommand run = new RunCommand();
            run.pluginOptions = pluginOptions;
            run.profileName = "prerelease";
            run.manager = manager;
            run.spec = spec;
            int code = run.call();
            if (run.lastArchive == null) {
                return code == ExitCodes.CLEAN ? ExitCodes.ERROR : code;
            }
            target = run.lastArchive;
        }
        Archive candidate = open(target);
        List<Check> checks = new ArrayList<>();
        for (Part part : Part.values()) {
            PartStatus status = candidate.status(part);
            checks.add(new Check("part " + part.name().toLowerCase(Locale.ROOT) + " complete",
                    status == PartStatus.COMPLETE, "status " + status));
        }
        Sensitivity matrix = candidate.sensitivity().orElse(null);
        if (matrix == null) {
            checks.add(new Check("sensitivity matrix present", false,
                    "the archive has no stress/sensitivity.json: its stress part did not run every manager"));
        } else {
            for (Sensitivity.Row row : matrix.rows()) {
                boolean correct = "correct".equals(row.kind());
                String verdict = row.verdict() == null ? "" : row.verdict();
                boolean ok = correct ? verdict.equals("clean")
                        : verdict.equals("caught") || verdict.startsWith("not observed");
                checks.add(new Check((correct ? "correct path clean: " : "defect caught: ") + row.manager(), ok,
                        "verdict: " + verdict));
            }
        }
        candidate.loadSummary().ifPresentOrElse(load -> {
            long found = load.finding("leaks") + load.finding("losses") + load.finding("order_violations")
                    + load.finding("duplicates");
            checks.add(new Check("load: no leak, loss, order violation or duplicate", found == 0,
                    "leaks " + load.finding("leaks") + ", losses " + load.finding("losses") + ", order "
                            + load.finding("order_violations") + ", duplicates " + load.finding("duplicates")));
        }, () -> checks.add(new Check("load summary present", false, "the archive has no load/summary.json")));
        if (baseline != null) {
            Comparison c = new Comparer(alpha, thresholdPercent).compare(open(baseline), candidate);
            // every finding, one per line: the JUnit failure text is where a CI user reads why the gate failed
            checks.add(new Check("no regression against " + baseline.getFileName(), c.exitCode() == 0,
                    c.findings().size() + " finding(s)" + c.findings().stream()
                            .map(f -> "\n  - " + f.kind() + ": " + f.message()).collect(java.util.stream.Collectors.joining())));
        }
        writeJunit(candidate.name(), checks);

        PrintWriter out = spec.commandLine().getOut();
        long failed = checks.stream().filter(c -> !c.passed()).count();
        for (Check c : checks) {
            out.printf("%-6s %s (%s)%n", c.passed() ? "PASS" : "FAIL", c.name(), c.message());
        }
        out.printf("%nvalidate %s: %s (%d of %d checks failed); JUnit XML: %s%n", candidate.name(),
                failed == 0 ? "PASSED" : "FAILED", failed, checks.size(), junit.toAbsolutePath());
        return failed == 0 ? ExitCodes.CLEAN : ExitCodes.FINDING;
    }

    private static Archive open(Path file) {
        try {
            return Archive.open(file);
        } catch (ArchiveException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    private void writeJunit(String suite, List<Check> checks) throws java.io.IOException {
        long failures = checks.stream().filter(c -> !c.passed()).count();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuite name=\"crosstalk.validate.").append(xml(suite)).append("\" tests=\"")
                .append(checks.size()).append("\" failures=\"").append(failures).append("\">\n");
        for (Check c : checks) {
            x.append("  <testcase classname=\"crosstalk.validate\" name=\"").append(xml(c.name())).append('"');
            if (c.passed()) {
                x.append("/>\n");
            } else {
                x.append(">\n    <failure message=\"").append(xml(c.message())).append("\"/>\n  </testcase>\n");
            }
        }
        x.append("</testsuite>\n");
        Path abs = junit.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), ".validate-", ".xml.tmp");
        Files.writeString(tmp, x, StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
