package dev.crosstalk.results.archive;

import java.util.Locale;

/** The three parts of a run, one per instrument; each is a folder of the archive. */
public enum Part {
    STRESS, BENCH, LOAD;

    /** The folder (and manifest key) of this part: {@code stress}, {@code bench}, {@code load}. */
    public String dir() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Part of(String dir) {
        for (Part p : values()) {
            if (p.dir().equals(dir)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown part '" + dir + "' (stress, bench, load)");
    }
}
