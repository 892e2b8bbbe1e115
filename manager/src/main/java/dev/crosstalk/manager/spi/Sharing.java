package dev.crosstalk.manager.spi;

/**
 * How a creation path shares managers between callers: what "the manager of a user" means for
 * it. Probes read this to know which identity to expect, e.g. two threads obtaining a manager
 * for the same context must get the same instance under {@link #PER_USER} and
 * {@link #PER_ISOLATION_KEY}, and may get two under {@link #PER_CALL}.
 */
public enum Sharing {
    /** Every obtain creates a new manager the caller owns (direct instantiation, {@code ssot}). */
    PER_CALL,
    /** One manager per user id ({@code registry}). */
    PER_USER,
    /** One manager per isolation key {@code userId:threadId} ({@code factory}). */
    PER_ISOLATION_KEY,
    /** One manager for every user (only the {@code shared-singleton-manager} defect). */
    GLOBAL
}
