package dev.crosstalk.results.fuzz;

import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Runs a fuzz suite as seeded JUnit tries (the fuzz suites were jqwik properties; jqwik's author asked AI agents,
 * who build this project, not to use it). Try {@code i} draws its input from a {@link SplittableRandom} seeded by
 * the run's seed and {@code i} alone, so one try replays without the others. A failure names the suite, the seed,
 * the try and the input, and the flags that replay it.
 * <p>
 * System properties (Maven passes {@code -D} ones on to the test JVM):
 * <ul>
 *   <li>{@code fuzz.tries} — how many tries (the module's pom sets its default for {@code verify});</li>
 *   <li>{@code fuzz.seed} — a number, or {@code random} for one from the clock (printed). Default
 *       {@link #DEFAULT_SEED}: a fixed seed, so that a red {@code verify} is red again on the next run and on
 *       another machine; a nightly or longer run varies it;</li>
 *   <li>{@code fuzz.try} — run only that try of the seed (the replay of one failure).</li>
 * </ul>
 * No shrinking: the failing input is printed as drawn (a session of at most a few actions).
 */
public final class SeededTries {

    public static final long DEFAULT_SEED = 20_261_201L;

    /** What a try checks; any throwable is the try's failure. */
    @FunctionalInterface
    public interface Check<T> {
        void check(T input) throws Exception;
    }

    private SeededTries() {
    }

    /**
     * Draws and checks {@code fuzz.tries} inputs (default {@code defaultTries}), stopping at the first failure,
     * which is rethrown as an {@link AssertionError} naming the seed, the try and the input. Runs on the calling
     * (test) thread.
     */
    public static <T> void run(String suite, int defaultTries, Function<SplittableRandom, T> draw, Check<T> check) {
        long seed = seed();
        int tries = intProperty("fuzz.tries", defaultTries);
        String only = System.getProperty("fuzz.try");
        int first = only == null ? 0 : intProperty("fuzz.try", 0);
        int end = only == null ? tries : first + 1;
        System.out.printf("%s: tries %d..%d of seed %d (vary with -Dfuzz.seed=N or =random, -Dfuzz.tries=N)%n",
                suite, first, end - 1, seed);
        run(suite, seed, first, end, draw, check);
    }

    /** Tries {@code first..end-1} of {@code seed}, without reading the system properties. */
    static <T> void run(String suite, long seed, int first, int end, Function<SplittableRandom, T> draw,
                        Check<T> check) {
        for (int i = first; i < end; i++) {
            T input = draw.apply(new SplittableRandom(trySeed(seed, i)));
            try {
                check.check(input);
            } catch (Throwable t) {
                throw new AssertionError(suite + " failed at try " + i + " of seed " + seed
                        + " (replay: -Dfuzz.seed=" + seed + " -Dfuzz.try=" + i + ")\n  input: " + input
                        + "\n  failure: " + t, t);
            }
        }
    }

    /** The seed of try {@code i}: independent of the other tries' draws, so {@code fuzz.try} replays it alone. */
    static long trySeed(long seed, int i) {
        return new SplittableRandom(seed ^ (i * 0x9E37_79B9_7F4A_7C15L)).nextLong();
    }

    private static long seed() {
        String s = System.getProperty("fuzz.seed");
        if (s == null || s.isBlank()) {
            return DEFAULT_SEED;
        }
        if (s.equals("random")) {
            return System.nanoTime();
        }
        try {
            return Long.decode(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fuzz.seed: not a number or 'random': '" + s + "'");
        }
    }

    private static int intProperty(String name, int otherwise) {
        String s = System.getProperty(name);
        if (s == null || s.isBlank()) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(s.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not a count: '" + s + "'");
        }
    }
}
