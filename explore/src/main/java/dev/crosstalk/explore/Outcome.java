package dev.crosstalk.explore;

import dev.crosstalk.results.archive.ExploreResults;

import java.util.List;

/**
 * What exploring one scenario over one provider found.
 *
 * @param outcome       {@code clean}, {@code violation}, {@code error} or {@code not-applicable}
 * @param interleavings interleavings explored, up to and including the failing one
 * @param failure       what broke, in words (null when clean)
 * @param trace         the failing interleaving, one step per line: {@code [thread] step}
 * @param replay        the token that replays it (null unless a violation)
 */
record Outcome(String outcome, long interleavings, double seconds, String failure, List<String> trace, String replay) {
    /** The first trace line of a violation whose interleaving Lincheck found but could not render. */
    static final String TRACE_MISSING = "[lincheck] the failing interleaving could not be rendered: ";

    Outcome {
        trace = trace == null ? List.of() : List.copyOf(trace);
    }

    /** An error that is Lincheck's "has hung": an interleaving ran past its wall-time limit. */
    boolean hung() {
        return ExploreResults.ERROR.equals(outcome) && failure != null && failure.contains("has hung");
    }

    /** A violation whose trace is only the check: Lincheck's renderer failed (the replay token still holds). */
    boolean traceMissing() {
        return !trace.isEmpty() && trace.get(0).startsWith(TRACE_MISSING);
    }
}
