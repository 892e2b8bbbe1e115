package dev.crosstalk.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A run's scratch folder in the temporary directory ({@code crosstalk-run-*}): every part writes its files here and
 * the archive takes them all, so the folder is removed when the run ends, whether it finished, failed or was stopped
 * by Ctrl-C (then by the archive's shutdown hook, after the interrupted archive is closed). Only a {@code kill -9}
 * leaves one behind. {@link #close()} is idempotent and may run on the run's thread and the hook's at once.
 */
public final class WorkFolder implements AutoCloseable {

    private final Path path;
    private final PrintStream warnings;

    private WorkFolder(Path path, PrintStream warnings) {
        this.path = path;
        this.warnings = warnings;
    }

    /** A new {@code crosstalk-run-*} folder; a folder that cannot be removed at the end is reported to {@code warnings}. */
    public static WorkFolder create(PrintStream warnings) throws IOException {
        return new WorkFolder(Files.createTempDirectory("crosstalk-run-"), warnings);
    }

    public Path path() {
        return path;
    }

    public Path resolve(String part) {
        return path.resolve(part);
    }

    @Override
    public void close() {
        try {
            deleteTree(path);
        } catch (IOException | UncheckedIOException e) {
            warnings.println("crosstalk: could not remove the work folder " + path + " (" + e.getMessage() + ")");
        }
    }

    /** Deletes {@code dir} and everything in it; nothing if it does not exist (or another thread just removed it). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException | UncheckedIOException gone) {
            if (Files.exists(dir)) {
                throw gone instanceof NoSuchFileException n ? n : ((UncheckedIOException) gone).getCause();
            }
        }
    }
}
