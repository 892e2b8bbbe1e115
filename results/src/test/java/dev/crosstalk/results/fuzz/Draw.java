package dev.crosstalk.results.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The fuzz suites' generators: values drawn from a {@link SplittableRandom} (one per try, see {@link SeededTries}).
 * Numbers land on their bounds and on the classic edge values now and then (about one draw in eight), as a
 * property-testing library's would: most bugs sit at 0, -1, the maximum or the limit.
 */
public final class Draw {

    /** One option of {@link #weighted}: drawn {@code weight} times in the sum of all weights. */
    public record Weighted<T>(int weight, Function<SplittableRandom, ? extends T> draw) {
    }

    private Draw() {
    }

    public static <T> Weighted<T> weight(int weight, Function<SplittableRandom, ? extends T> draw) {
        return new Weighted<>(weight, draw);
    }

    /** One of {@code options}, each chosen in proportion to its weight, then drawn. */
    @SafeVarargs
    public static <T> T weighted(SplittableRandom r, Weighted<? extends T>... options) {
        int total = 0;
        for (Weighted<? extends T> o : options) {
            total += o.weight();
        }
        int at = r.nextInt(total);
        for (Weighted<? extends T> o : options) {
            at -= o.weight();
            if (at < 0) {
                return o.draw().apply(r);
            }
        }
        throw new AssertionError("unreachable");
    }

    /** One of {@code draws}, equally likely, then drawn. */
    @SafeVarargs
    public static <T> T oneOf(SplittableRandom r, Function<SplittableRandom, ? extends T>... draws) {
        return draws[r.nextInt(draws.length)].apply(r);
    }

    @SafeVarargs
    public static <T> T of(SplittableRandom r, T... values) {
        return values[r.nextInt(values.length)];
    }

    public static <T> T of(SplittableRandom r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    /** True once in {@code n} draws. */
    public static boolean oneIn(SplittableRandom r, int n) {
        return r.nextInt(n) == 0;
    }

    /** {@code min..max} inclusive; a bound one draw in eight. */
    public static int between(SplittableRandom r, int min, int max) {
        return (int) between(r, (long) min, max);
    }

    /** {@code min..max} inclusive; a bound one draw in eight. */
    public static long between(SplittableRandom r, long min, long max) {
        if (oneIn(r, 8)) {
            return r.nextBoolean() ? min : max;
        }
        if (max < Long.MAX_VALUE) {
            return r.nextLong(min, max + 1);
        }
        return min > Long.MIN_VALUE ? r.nextLong(min - 1, max) + 1 : r.nextLong();
    }

    /** {@code 0..1} inclusive; a bound one draw in eight. */
    public static double unit(SplittableRandom r) {
        if (oneIn(r, 8)) {
            return r.nextBoolean() ? 0.0 : 1.0;
        }
        return r.nextDouble();
    }

    /** Any int; 0, ±1 or an extreme one draw in eight. */
    public static int anyInt(SplittableRandom r) {
        return oneIn(r, 8) ? of(r, 0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE) : r.nextInt();
    }

    /** Any long; 0, ±1 or an extreme one draw in eight. */
    public static long anyLong(SplittableRandom r) {
        return oneIn(r, 8) ? of(r, 0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE) : r.nextLong();
    }

    /** {@code min..max} elements, each from {@code element}. */
    public static <T> List<T> list(SplittableRandom r, int min, int max, Function<SplittableRandom, T> element) {
        int n = between(r, min, max);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(element.apply(r));
        }
        return out;
    }

    /** {@code min..max} random bytes. */
    public static byte[] bytes(SplittableRandom r, int min, int max) {
        byte[] b = new byte[between(r, min, max)];
        r.nextBytes(b);
        return b;
    }

    /**
     * Up to {@code maxLength} chars of any kind: ASCII, JSON's own syntax and escapes, control chars, any BMP
     * char, and supplementary code points (a surrogate pair, two chars); empty one draw in eight.
     */
    public static String string(SplittableRandom r, int maxLength) {
        int n = between(r, 0, maxLength);
        StringBuilder s = new StringBuilder(n);
        while (s.length() < n) {
            int kind = r.nextInt(10);
            if (kind < 4) {
                s.append((char) r.nextInt(0x20, 0x7f));
            } else if (kind < 6) {
                s.append(of(r, '{', '}', '[', ']', '"', '\\', ':', ',', '\u0000', '\n', '\t', '\u001f', '\u007f'));
            } else if (kind < 9) {
                char c = (char) r.nextInt(0x80, 0x1_0000);
                s.append(Character.isSurrogate(c) ? '\ufffd' : c);
            } else if (s.length() + 2 <= n) {
                s.appendCodePoint(r.nextInt(0x1_0000, Character.MAX_CODE_POINT + 1));
            }
        }
        return s.toString();
    }
}
