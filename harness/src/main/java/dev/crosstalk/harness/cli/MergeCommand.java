package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.UsageException;
import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.Json;
import dev.crosstalk.results.archive.LoadFiles;
import dev.crosstalk.results.archive.LoadSummary;
import dev.crosstalk.results.archive.Manifest;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;
import dev.crosstalk.results.shard.ArchiveMerge;
import dev.crosstalk.results.shard.LoadMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code crosstalk merge SHARD… -o DIR}: the archives of the shards of one job ({@code run --shard I/N}) made into
 * the job's archive ({@link ArchiveMerge}), or the load parts of the shards of one load ({@code load --shard I/N})
 * made into one load folder, as if one driver had run them (the rules: {@link LoadMerge}).
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge the archives of the shards of one run ('crosstalk run --profile P --shard I/N', one per"
                + " runner) into the run's archive, as if one machine had run it: the stress, explore and load"
                + " matrices joined row by row in the unsharded order, benchmarks and results joined, the manifest"
                + " listing every shard's machine and times. Refused (exit 2): a missing shard, a shard given twice,"
                + " shards of different commits or profiles. The archive goes into -o DIR under its usual name.",
                "Or merge the load parts of the shards of one job ('crosstalk load --shard I/N' against one"
                + " --target) into one load folder, as if one driver had run them all: runs, events, findings and"
                + " errors summed, latency histograms added exactly (every interval of every shard kept; the"
                + " percentiles are those of the sum, never an average of percentiles), leak records and per-user"
                + " rows joined (a leak of another shard's run keeps its owner), the leaking pairs ranked again.",
                "Refused (exit 2): shards of different scenarios, managers or targets, and shards whose users"
                        + " overlap. A SHARD is a load --out folder (summary.json, latency.hlog, leaks.jsonl,"
                        + " per-user.csv) or an archive with a load part.",
                "Exit 0 when the merged load found nothing, 1 when it did (a leak, a loss, …), 2 on bad input."})
public final class MergeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "SHARD",
            description = "The shards' archives (run --shard), or their load folders or archives (load --shard).")
    List<Path> shards;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR",
            description = "The folder the merged archive goes to, or the merged load's four files (created; load"
                    + " files in it are replaced).")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<LoadMerge.Part> parts = new ArrayList<>();
        if (shards.stream().allMatch(Files::isRegularFile)) {
            // each archive is read once: a run shard's archive names its shard in its manifest
            List<Archive> archives = shards.stream().map(ArchiveArgs::open).toList();
            if (archives.stream().allMatch(a -> a.manifest().shard() != null)) {
                return mergeArchives(archives);
            }
            archives.forEach(a -> parts.add(loadPart(a)));
        } else {
            for (Path p : shards) {
                parts.add(read(p));
            }
        }
        LoadMerge.Merged m;
        try {
            m = LoadMerge.merge(parts);
        } catch (IllegalArgumentException e) {
            throw new UsageException("cannot merge: " + e.getMessage(), e);
        }
        try {
            Files.createDirectories(out);
            LoadFiles.write(out, m.summary(), m.leaks(), m.perUser(), m.latency());
        } catch (IOException e) {
            throw new UsageException("cannot write " + out + ": " + e.getMessage(), e);
        }
        LoadSummary s = m.summary();
        long findings = s.findings().values().stream().mapToLong(Long::longValue).sum();
        PrintWriter o = spec.commandLine().getOut();
        o.printf("merged %d shards: %d users, %d sessions; runs %d planned, %d started, %d completed; %d events%n",
                parts.size(), s.users(), s.sessions(), s.runs().planned(), s.runs().started(), s.runs().completed(),
                s.events());
        o.printf("findings: %s%n", s.findings());
        LoadSummary.Latency run = s.latency().get("run");
        if (run != null && run.count() > 0) {
            o.printf("run latency (from the summed histograms): p50 %.1f µs, p99 %.1f µs, max %.1f µs over %d runs%n",
                    run.p50Us(), run.p99Us(), run.maxUs(), run.count());
        }
        o.printf("wrote %s/{%s,%s,%s,%s}%n", out, LoadFiles.SUMMARY, LoadFiles.LATENCY, LoadFiles.LEAKS,
                LoadFiles.PER_USER);
        o.flush();
        int worst = s.details() == null ? 0 : s.details().exitCode();
        return findings > 0 ? Math.max(1, worst) : worst;
    }

    /** Whole shard archives into the run's archive; its exit code is the worst of its parts', as {@code run}'s. */
    private int mergeArchives(List<Archive> archives) {
        ArchiveMerge.Result r;
        try {
            r = ArchiveMerge.mergeArchives(archives, out);
        } catch (IllegalArgumentException e) {
            throw new UsageException("cannot merge: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UsageException("cannot write the merged archive into " + out + ": " + e.getMessage(), e);
        }
        Manifest m = r.manifest();
        PrintWriter o = spec.commandLine().getOut();
        o.printf("merged %d shards of %s (%s): %s%n", m.shards().size(), m.profile(), m.git().shortSha(),
                m.shards().stream().map(s -> s.shard() + " " + s.archive()).toList());
        int worst = 0;
        for (Part p : Part.values()) {
            PartStatus st = m.partStatus(p);
            Manifest.PartInfo info = m.parts().get(p.dir());
            o.printf("  %-8s %s%s%n", p.dir(), st.label(), info == null || info.message() == null ? ""
                    : " (" + info.message() + ")");
            if (st == PartStatus.FAILED || st == PartStatus.PARTIAL) {
                worst = 2;
            } else if (st == PartStatus.COMPLETE && info != null && info.message() != null
                    && info.message().contains("findings")) {
                worst = Math.max(worst, 1);
            }
        }
        r.notes().forEach(n -> o.println("  note: " + n));
        o.println("archive: " + r.archive());
        o.flush();
        return "complete".equals(m.status()) ? worst : 2;
    }

    /** One shard's load part, from its --out folder or its archive; bad input names the file. */
    private static LoadMerge.Part read(Path p) {
        if (!Files.isDirectory(p)) {
            return loadPart(ArchiveArgs.open(p));
        }
        Path summary = p.resolve(LoadFiles.SUMMARY);
        try {
            LoadSummary s = Json.mapper().readValue(Files.readAllBytes(summary), LoadSummary.class);
            return new LoadMerge.Part(p.toString(), s, optional(p.resolve(LoadFiles.LATENCY)),
                    LoadFiles.readLeaks(orEmpty(p.resolve(LoadFiles.LEAKS))),
                    LoadFiles.readPerUser(orEmpty(p.resolve(LoadFiles.PER_USER))));
        } catch (NoSuchFileException e) {
            throw new UsageException(p + ": not a load folder (no " + LoadFiles.SUMMARY + ") nor an archive", e);
        } catch (IOException e) {
            throw new UsageException(summary + ": cannot be read as a load summary (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new UsageException(p + ": " + e.getMessage(), e);
        }
    }

    /** An archive's load part; one without is bad input that names the archive. */
    private static LoadMerge.Part loadPart(Archive a) {
        LoadSummary s = a.loadSummary().orElseThrow(() -> new UsageException(a.file() + ": the archive has no load part"));
        return new LoadMerge.Part(a.name(), s, a.bytes(Archive.LOAD_LATENCY).orElse(null), a.leaks(), a.perUser());
    }

    private static byte[] optional(Path f) throws IOException {
        return Files.exists(f) ? Files.readAllBytes(f) : null;
    }

    private static byte[] orEmpty(Path f) throws IOException {
        return Files.exists(f) ? Files.readAllBytes(f) : new byte[0];
    }
}
