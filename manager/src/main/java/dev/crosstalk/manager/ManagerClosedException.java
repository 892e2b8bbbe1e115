package dev.crosstalk.manager;

/** A send through a manager that was closed (or evicted): fails fast and loudly, never silently. */
public final class ManagerClosedException extends IllegalStateException {
    public ManagerClosedException(String message) {
        super(message);
    }
}
