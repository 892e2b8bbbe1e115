package dev.crosstalk.harness;

/** The exit codes every crosstalk command uses. */
public final class ExitCodes {

    /** Clean: nothing was found. */
    public static final int CLEAN = 0;
    /** A finding: a forbidden outcome, a leak, a loss, a regression. */
    public static final int FINDING = 1;
    /** Bad input, or a run that could not complete; the message says what and where. */
    public static final int ERROR = 2;

    private ExitCodes() {
    }
}
