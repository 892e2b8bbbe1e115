package dev.crosstalk.manager;

/**
 * One user tried to act through another user's manager: register a connection of another user,
 * or send to another user. Always a bug in the caller; managers count these.
 */
public final class IsolationViolationException extends RuntimeException {
    public IsolationViolationException(String message) {
        super(message);
    }
}
