package dev.crosstalk.results.archive;

import java.util.Locale;

/**
 * The parts of a run, one per instrument; each is a folder of the archive. {@link #EXPLORE} came last: archives
 * written before it have no explore part (their manifest does not list it, see {@link Manifest#lists}).
 */
public enum Part {
    STRESS, EXPLORE, BENCH, LOAD;

    /** The folder (and manifest key) of this part: {@code stress}, {@code explore}, {@code bench}, {@code load}. */
    public String dir() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Part of(String dir) {
        for (Part p : values()) {
            if (p.dir().equals(dir)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown part '" + dir + "' (stress, explore, bench, load)");
    }
}
