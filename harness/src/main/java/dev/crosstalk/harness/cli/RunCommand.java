package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.UsageException;
import dev.crosstalk.harness.run.RunPipeline;
import dev.crosstalk.harness.run.RunProfile;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.shard.Shard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code crosstalk run --profile smoke|nightly|prerelease}: checks its options and hands them to the
 * {@link RunPipeline} (stress, bench and load into one archive).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run every instrument with a profile's settings and write one result archive.")
public final class RunCommand implements Callable<Integer> {

    @Mixin
    ManagerOption.DefaultSsot manager;

    @Option(names = "--profile", defaultValue = "smoke", paramLabel = "smoke|nightly|prerelease",
            description = "smoke (< 5 min on 2 cores), nightly (< 60 min), prerelease (thorough). Default: ${DEFAULT-VALUE}.")
    String profileName;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the archive goes (default: results/archives).")
    Path out;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Option(names = "--parts", split = ",", paramLabel = "PART",
            description = "Run only these instruments (stress, explore, bench, load; default: all), e.g. --parts bench to"
                    + " measure the benchmarks alone. The others are recorded as not run: compare judges such an archive"
                    + " only against one that left the same parts out, and validate refuses it.")
    List<String> parts;

    @Option(names = "--shard", paramLabel = "I/N",
            description = {"Run shard I (0..N-1) of the profile split over N runners (a CI matrix, a Kubernetes"
                    + " Indexed Job): the providers of the stress, explore and load matrices and the benchmarked"
                    + " managers are dealt round-robin; the run's own stress, explore and load run whole on shard 0."
                    + " 'job/N' takes I from $JOB_COMPLETION_INDEX.",
                    "Merge the N archives with 'crosstalk merge SHARD.zip… -o DIR' into the job's archive."})
    String shard;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RunProfile profile;
        try {
            profile = RunProfile.of(profileName);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out " + out + ": not a folder (the archive goes into a folder)");
        }
        Set<Part> chosen = EnumSet.noneOf(Part.class);
        for (String p : parts == null ? List.<String>of() : parts) {
            try {
                chosen.add(Part.of(p.trim().toLowerCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--parts: " + e.getMessage());
            }
        }
        Shard slice;
        try {
            slice = shard == null ? Shard.WHOLE : Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--shard: " + e.getMessage());
        }
        RunPipeline.Settings settings = new RunPipeline.Settings(profile, manager.provider(), manager.plugins(), out, quiet,
                chosen, slice);
        return RunPipeline.run(settings, spec.commandLine().getOut(), spec.commandLine().getErr()).exitCode();
    }
}
