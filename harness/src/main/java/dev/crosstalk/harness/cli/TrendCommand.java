package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.UsageException;
import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.stats.EDivisive;
import dev.crosstalk.results.trend.Trend;
import dev.crosstalk.results.trend.TrendFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code crosstalk trend ARCHIVE…}: each metric's history, with change points. */
@Command(name = "trend", mixinStandardHelpOptions = true,
        description = {"The history of each metric over many archives (in start-time order), with change points found by"
                + " e-divisive means and its permutation test as published (shuffling within every segment, the maximum"
                + " over all of them; seeded: the same archives give the same answer).",
                "A folder stands for every *.zip in it."})
public final class TrendCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "ARCHIVE", description = "Archives (or folders of archives).")
    List<Path> archives;

    @Option(names = "--metric", paramLabel = "REGEX",
            description = "Only metrics whose name matches (find), e.g. 'bench:.*coldCreate' or 'load:run p99'.")
    String metric;

    @Option(names = "--alpha", defaultValue = "0.05", paramLabel = "P",
            description = "Significance level of the permutation test (default: ${DEFAULT-VALUE}). With many metrics"
                    + " expect about alpha × metrics false alarms; 0.01 is stricter.")
    double alpha;

    @Option(names = "--permutations", defaultValue = "199", paramLabel = "N",
            description = "Permutations per test (default: ${DEFAULT-VALUE}; the smallest p is 1/(N+1)).")
    int permutations;

    @Option(names = "--min-change", defaultValue = "5%", paramLabel = "PCT",
            description = "Ignore change points whose levels differ by less than this, like compare's minimum effect"
                    + " (default: ${DEFAULT-VALUE}; 0%% shows every significant one).")
    String minChange;

    @Option(names = "--json", description = "Print JSON instead of tables.")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Pattern p = null;
        if (metric != null) {
            try {
                p = Pattern.compile(metric);
            } catch (PatternSyntaxException e) {
                throw new UsageException("--metric '" + metric + "' is not a regular expression: " + e.getDescription());
            }
        }
        List<Archive> opened = ArchiveArgs.openAll(archives);
        if (!(alpha > 0 && alpha < 1)) {
            throw new UsageException("--alpha " + alpha + " must be between 0 and 1");
        }
        if (permutations < 19) {
            throw new UsageException("--permutations " + permutations + " is too few (at least 19)");
        }
        double min = ArchiveArgs.percent(minChange, "--min-change");
        Trend.Result r = new Trend(new EDivisive(alpha, permutations, 1L, 2), min).analyse(opened, p);
        if (r.series().isEmpty()) {
            throw new UsageException(metric == null ? "the archives hold no metrics"
                    : "no metric matches --metric '" + metric + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? TrendFormat.json(r) + "\n" : TrendFormat.text(r));
        out.flush();
        return 0;
    }
}
