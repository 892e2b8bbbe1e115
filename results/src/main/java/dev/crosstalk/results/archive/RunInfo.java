package dev.crosstalk.results.archive;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What a run says about itself when it begins an archive. The environment (JVM, OS, CPUs, memory)
 * is captured by {@link Environment#capture()} unless given.
 *
 * @param profile     profile name (part of the file name)
 * @param git         commit + dirty flag ({@link GitInfo#detect(java.nio.file.Path)})
 * @param started     when the run began (also the time stamp in the file name)
 * @param runId       unique run id
 * @param environment JVM, OS, CPUs, memory
 * @param crosstalkVersion the harness version, or {@code null}
 */
public record RunInfo(String profile, Manifest.Git git, Instant started, String runId,
                      Environment environment, String crosstalkVersion) {

    public RunInfo {
        Objects.requireNonNull(profile, "profile");
        if (!profile.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("profile '" + profile + "' must be letters, digits, '.', '_' or '-'");
        }
        git = git == null ? new Manifest.Git(null, false) : git;
        started = started == null ? Instant.now() : started;
        runId = runId == null ? UUID.randomUUID().toString() : runId;
        environment = environment == null ? Environment.capture() : environment;
    }

    /** A run of {@code profile} starting now, at {@code git}, in this JVM. */
    public static RunInfo of(String profile, Manifest.Git git) {
        return new RunInfo(profile, git, null, null, null, null);
    }

    public RunInfo withStarted(Instant when) {
        return new RunInfo(profile, git, when, runId, environment, crosstalkVersion);
    }
}
