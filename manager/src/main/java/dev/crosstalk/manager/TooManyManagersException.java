package dev.crosstalk.manager;

/**
 * The factory path could not create a manager: the user already holds the maximum number and
 * none of them could be evicted. Mirrors the reference backend's "maximum number of WebSocket
 * managers" outage.
 */
public final class TooManyManagersException extends IllegalStateException {
    public TooManyManagersException(String message) {
        super(message);
    }
}
