package dev.crosstalk.results.archive;

/**
 * An archive that cannot be read: not a zip, truncated, no manifest, a schema newer than this
 * code reads, or a part file that does not parse. The message always names the file and the problem;
 * the CLI prints it and exits 2.
 */
public final class ArchiveException extends RuntimeException {

    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
