package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.UsageException;
import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.compare.Comparer;
import dev.crosstalk.results.compare.Comparison;
import dev.crosstalk.results.compare.Format;
import dev.crosstalk.results.compare.Window;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code crosstalk compare BASE CANDIDATE} or {@code compare --baseline-window DIR CANDIDATE}: regression comparison. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare a candidate archive with a base archive, or with a window of past archives pooled"
                + " (--baseline-window): JMH with the JVM fork as the sample (the median of each fork's iterations),"
                + " the ratio candidate/base by Hodges-Lehmann with its rank-based interval, a Mann-Whitney U test over"
                + " forks, and Benjamini-Hochberg false-discovery control across all benchmarks of the comparison;"
                + " B/op, JCStress outcomes that appear or disappear, load latency percentiles and throughput.",
                "A benchmark is a regression when its BH-adjusted p (q) is below --alpha and its ratio is worse by more"
                        + " than --min-effect (and, with a window, by more than the window's own night-to-night noise)."
                        + " Benchmarks whose forks are multi-modal, or with more threads than processors, are reported"
                        + " and not judged.",
                "Exit 0 clean; 1 a finding (a regression, a new forbidden outcome over a correct path, any leak or loss"
                        + " in the candidate, lost sensitivity); 2 bad input, or a comparison that could not judge"
                        + " everything (a candidate part missing, partial or failed, an interrupted run, an errored"
                        + " probe) and found nothing."})
public final class CompareCommand implements Callable<Integer> {

    enum OutputFormat { text, markdown, json, junit }

    @Parameters(arity = "1..2", paramLabel = "ARCHIVE",
            description = "BASE CANDIDATE, or only CANDIDATE with --baseline-window.")
    List<Path> archives;

    @Option(names = "--baseline-window", paramLabel = "DIR|ARCHIVE", split = ",",
            description = "Pool the last --window complete archives of the candidate's profile, started before it,"
                    + " as the baseline (a folder stands for its *.zip; repeat or separate with commas).")
    List<Path> window;

    @Option(names = "--window", defaultValue = "5", paramLabel = "N",
            description = "How many archives --baseline-window pools (default: ${DEFAULT-VALUE}).")
    int windowSize;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text, markdown, json or junit (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--alpha", defaultValue = "0.05", paramLabel = "P",
            description = "False-discovery rate across the benchmarks (Benjamini-Hochberg), and 1 - the confidence"
                    + " of each ratio's interval (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = {"--min-effect", "--threshold"}, defaultValue = "5%", paramLabel = "PCT",
            description = "A significant change no larger than this is not a regression (default: ${DEFAULT-VALUE}).")
    String minEffect;

    @Option(names = "--gate-oversubscribed",
            description = "Also judge benchmarks with more threads than the machine had processors.")
    boolean gateOversubscribed;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Option(names = "--json", description = "The same as --format json.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "With -o: print nothing on stderr (the exit code tells).")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!(alpha > 0 && alpha < 1)) {
            throw new UsageException("--alpha " + alpha + " must be between 0 and 1");
        }
        double pct = ArchiveArgs.percent(minEffect, "--min-effect");
        Comparison cmp;
        Comparer comparer = new Comparer(alpha, pct, gateOversubscribed);
        if (window == null) {
            if (archives.size() != 2) {
                throw new UsageException("compare needs BASE and CANDIDATE (or CANDIDATE with --baseline-window)");
            }
            cmp = comparer.compare(ArchiveArgs.open(archives.get(0)), ArchiveArgs.open(archives.get(1)));
        } else {
            if (archives.size() != 1) {
                throw new UsageException("with --baseline-window, name only the CANDIDATE archive (got "
                        + archives.size() + ")");
            }
            if (windowSize < 1) {
                throw new UsageException("--window " + windowSize + " must be 1 or more");
            }
            Archive candidate = ArchiveArgs.open(archives.get(0));
            Window.Selection sel = Window.select(ArchiveArgs.openAll(window), candidate, windowSize);
            if (sel.archives().isEmpty()) {
                throw new UsageException("--baseline-window: no complete " + candidate.manifest().profile()
                        + " archive started before " + candidate.name() + " (" + String.join("; ", sel.skipped()) + ")");
            }
            cmp = comparer.compare(sel.archives(), candidate);
            if (!sel.skipped().isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                sel.skipped().forEach(s -> err.println("crosstalk compare: baseline window: skipped " + s));
                err.flush();
            }
        }
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
            err.println("crosstalk compare: " + cmp.findings().size() + " finding(s)"
                    + (cmp.cannotJudge().isEmpty() ? "" : ", " + cmp.cannotJudge().size() + " thing(s) not judged")
                    + "; wrote " + output);
            err.flush();
        } else {
            PrintWriter o = spec.commandLine().getOut();
            o.print(out);
            o.flush();
        }
        return cmp.exitCode();
    }
}
