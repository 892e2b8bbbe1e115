package dev.crosstalk.harness;

/**
 * Bad input detected after parsing (a missing file, an unknown manager, a corrupt archive):
 * printed as {@code crosstalk: <message>} and exits {@link ExitCodes#ERROR}, without a stack trace.
 */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
