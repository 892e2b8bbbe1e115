package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.UsageException;
import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.ArchiveException;
import dev.crosstalk.results.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Opening archives named on the command line; any problem is bad input (exit 2) naming the file. */
final class ArchiveArgs {

    private ArchiveArgs() {
    }

    static Archive open(Path file) {
        try {
            return Archive.open(file);
        } catch (ArchiveException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** Files, or folders standing for every {@code *.zip} in them (not hidden temporaries). */
    static List<Archive> openAll(List<Path> args) {
        List<Archive> out = new ArrayList<>();
        for (Path p : args) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> zips = s.filter(f -> f.getFileName().toString().endsWith(".zip")
                            && !f.getFileName().toString().startsWith(".")).sorted().toList();
                    if (zips.isEmpty()) {
                        throw new UsageException(p + ": no *.zip archives in this folder");
                    }
                    zips.forEach(z -> out.add(open(z)));
                } catch (IOException e) {
                    throw new UsageException(p + ": cannot list the folder (" + e.getMessage() + ")", e);
                }
            } else {
                out.add(open(p));
            }
        }
        return out;
    }

    /** {@code 5%}, {@code 5} or {@code 0.5%} → 5.0 (percent). */
    static double percent(String s) {
        return percent(s, "--threshold");
    }

    static double percent(String s, String option) {
        String t = s.trim();
        if (t.endsWith("%")) {
            t = t.substring(0, t.length() - 1).trim();
        }
        try {
            double v = Double.parseDouble(t);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " '" + s + "' is not a percentage like 5%");
        }
    }

    /** Writes a report file for the user, atomically; a failure is bad input naming the file. */
    static void writeAtomically(Path target, String content) {
        try {
            AtomicFiles.writeString(target, content);
        } catch (IOException e) {
            throw new UsageException(target + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
