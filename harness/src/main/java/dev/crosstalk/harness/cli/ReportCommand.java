package dev.crosstalk.harness.cli;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code crosstalk report ARCHIVE… -o FILE.html}: one self-contained page with charts. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write one self-contained HTML page (inline SVG, nothing fetched at view time): latency percentile"
                + " curves, JMH bars with error bars, the stress sensitivity matrix, the top leaking user pairs and,"
                + " with several archives, trend lines with change points.", "A folder stands for every *.zip in it."})
public final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "ARCHIVE", description = "Archives (or folders of archives).")
    List<Path> archives;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.html", description = "The page to write.")
    Path output;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<Archive> opened = ArchiveArgs.openAll(archives);
        String html = HtmlReport.render(opened, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        ArchiveArgs.writeAtomically(output, html);
        if (quiet) {
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("crosstalk report: wrote " + output + " (" + opened.size() + " archives, " + html.length() / 1024 + " KiB)");
        err.flush();
        return 0;
    }
}
