package dev.crosstalk.results.io;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Every file crosstalk writes for a user to keep goes through here: written to a temporary sibling,
 * then renamed over the target, so a reader (or a run interrupted half-way) sees the old file or the
 * new one, never half of one.
 *
 * <p>The temporary file is a sibling (same directory, so the rename stays on one file system) named
 * after the target and this process, not {@code Files.createTempFile}: that would make the file
 * readable by its owner only, and results are meant to be shared. Stateless; safe from any thread
 * as long as two threads do not write the same target.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** What writes a file's content to a stream (it must not close the stream). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** What writes a file's text (it must not close the writer). */
    @FunctionalInterface
    public interface Text {
        void writeTo(Writer out) throws IOException;
    }

    /** Writes {@code text} as UTF-8 to {@code target}, creating its directory. Returns {@code target}. */
    public static Path writeString(Path target, CharSequence text) throws IOException {
        return write(target, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes {@code bytes} to {@code target}, creating its directory. Returns {@code target}. */
    public static Path writeBytes(Path target, byte[] bytes) throws IOException {
        return write(target, out -> out.write(bytes));
    }

    /** Writes UTF-8 text through a buffered writer (for files written line by line). Returns {@code target}. */
    public static Path writeText(Path target, Text text) throws IOException {
        return write(target, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            text.writeTo(w);
            w.flush();
        });
    }

    /** Writes what {@code content} produces to {@code target}, creating its directory. Returns {@code target}. */
    public static Path write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Path tmp = temporarySibling(abs);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                content.writeTo(out);
            }
            moveIntoPlace(tmp, abs);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    /**
     * Renames a finished file over {@code target} (atomically where the file system can; a plain
     * replacing move where it cannot) and makes it readable by all, as a shared result should be.
     */
    public static void moveIntoPlace(Path finished, Path target) throws IOException {
        try {
            Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(finished, target, StandardCopyOption.REPLACE_EXISTING);
        }
        readableByAll(target);
    }

    /** The temporary name {@link #write} uses for {@code target}: hidden, and unique to this process. */
    public static Path temporarySibling(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    }

    /** {@code rw-r--r--} where the file system has POSIX permissions; nothing elsewhere. */
    public static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // not POSIX, or not ours to change: the file is still complete
        }
    }
}
