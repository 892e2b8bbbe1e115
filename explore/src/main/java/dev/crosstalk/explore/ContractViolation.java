package dev.crosstalk.explore;

/**
 * One interleaving broke the isolation contract; the message says what broke, in words ("event 2 of
 * run r1 of user u1 reached u2's tab u2-tab-1"). An {@link AssertionError} so that the exploring
 * engine reports the interleaving that led to it.
 */
final class ContractViolation extends AssertionError {
    ContractViolation(String what) {
        super(what);
    }
}
