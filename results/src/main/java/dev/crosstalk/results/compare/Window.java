package dev.crosstalk.results.compare;

import dev.crosstalk.results.archive.Archive;
import dev.crosstalk.results.archive.Part;
import dev.crosstalk.results.archive.PartStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The baseline window of {@code compare --baseline-window}: of the archives given, the last {@code size} that can
 * stand for the candidate's normal — same profile (a smoke night and a nightly share names, not meaning), a
 * complete run with a complete bench part, started before the candidate, and not the candidate itself.
 */
public final class Window {

    /** The archives chosen, oldest first, and why each other archive was skipped. */
    public record Selection(List<Archive> archives, List<String> skipped) {
    }

    private Window() {
    }

    public static Selection select(List<Archive> given, Archive candidate, int size) {
        List<Archive> sorted = new ArrayList<>(given);
        sorted.sort(Comparator.comparing((Archive a) -> a.manifest().startedAt()).thenComparing(Archive::name));
        List<Archive> eligible = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        String profile = candidate.manifest().profile();
        for (Archive a : sorted) {
            String why = null;
            if (a.name().equals(candidate.name()) || Objects.equals(a.manifest().runId(), candidate.manifest().runId())) {
                why = "the candidate itself";
            } else if (!Objects.equals(a.manifest().profile(), profile)) {
                why = "profile " + a.manifest().profile() + ", not " + profile;
            } else if (!"complete".equals(a.manifest().status())) {
                why = "run " + a.manifest().status();
            } else if (a.status(Part.BENCH) != PartStatus.COMPLETE) {
                why = "bench part " + a.status(Part.BENCH).label();
            } else if (!a.manifest().startedAt().isBefore(candidate.manifest().startedAt())) {
                why = "started after the candidate";
            }
            if (why == null) {
                eligible.add(a);
            } else {
                skipped.add(a.name() + " (" + why + ")");
            }
        }
        int from = Math.max(0, eligible.size() - size);
        if (from > 0) {
            skipped.add(from + " older archive(s), beyond the last " + size);
        }
        return new Selection(List.copyOf(eligible.subList(from, eligible.size())), skipped);
    }
}
