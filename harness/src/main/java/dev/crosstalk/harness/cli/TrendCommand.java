package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.UsageException;
import dev.crosstalk.results.archive.Archive;
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
                + " e-divisive means and a permutation test (seeded: the same archives give the same answer).",
                "A folder stands for every *.zip in it."})
public final class TrendCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "ARCHIVE", description = "Archives (or folders of archives).")
    List<Path> archives;

    @Option(names = "--metric", paramLabel = "REGEX",
            description = "Only metrics whose name matches (find), e.g. 'bench:.*coldCreate' or 'load:run p99'.")
    String metric;

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
        Trend.Result r = new Trend().analyse(opened, p);
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
