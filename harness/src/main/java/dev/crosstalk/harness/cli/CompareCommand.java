package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.UsageException;
import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.compare.Comparer;
import dev.crosstalk.results.compare.Comparison;
import dev.crosstalk.results.compare.Format;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code crosstalk compare BASE CANDIDATE}: benchstat-style regression comparison of two archives. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two result archives: JMH medians with a Mann-Whitney U test and a geomean,"
                + " B/op, JCStress outcomes that appear or disappear, load latency percentiles and throughput.",
                "Environment differences are printed first. Exit 1 on a significant regression beyond the threshold,"
                        + " a new forbidden outcome, or any leak or loss in the candidate."})
public final class CompareCommand implements Callable<Integer> {

    enum OutputFormat { text, markdown, json, junit }

    @Parameters(index = "0", paramLabel = "BASE", description = "The archive to compare against (e.g. last night's).")
    Path base;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "The archive under test.")
    Path candidate;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text, markdown, json or junit (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--alpha", defaultValue = "0.05", paramLabel = "P",
            description = "Significance level of the Mann-Whitney U test (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--threshold", defaultValue = "5%", paramLabel = "PCT",
            description = "A significant change smaller than this is not a regression (default: ${DEFAULT-VALUE}).")
    String threshold;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Option(names = "--json", description = "The same as --format json.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "With -o: print nothing on stderr (the exit code tells).")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!(alpha > 0 && alpha < 1)) {
            throw new UsageException("--alpha " + alpha + " must be between 0 and 1");
        }
        double pct = ArchiveArgs.percent(threshold);
        Archive b = ArchiveArgs.open(base);
        Archive c = ArchiveArgs.open(candidate);
        Comparison cmp = new Comparer(alpha, pct).compare(b, c);
        OutputFormat f = json ? OutputFormat.json : format;
        String out = switch (f) {
            case text -> Format.text(cmp);
            case markdown -> Format.markdown(cmp);
            case json -> Format.json(cmp);
            case junit -> Format.junit(cmp);
        };
        if (output != null) {
            ArchiveArgs.writeAtomically(output, out);
            if (quiet) {
                return cmp.exitCode();
            }
            PrintWriter err = spec.commandLine().getErr();
            if (!cmp.environment().isEmpty()) {
                err.println("crosstalk compare: WARNING: the environments differ: " + String.join("; ", cmp.environment()));
            }
            err.println("crosstalk compare: " + cmp.findings().size() + " finding(s); wrote " + output);
            err.flush();
        } else {
            PrintWriter o = spec.commandLine().getOut();
            o.print(out);
            o.flush();
        }
        return cmp.exitCode();
    }
}
