package dev.crosstalk.harness.load;

import java.util.Locale;

/**
 * The user and thread ids a load uses. {@link Style#TAME}: {@code user-00001}…, one random thread per
 * tab. {@link Style#ADVERSARIAL}: ids chosen to break code that joins, prefixes, truncates or confuses
 * them, every one valid for {@code UserExecutionContext} (non-blank, no placeholder value or prefix) and
 * every thread owned by exactly one user. Users come in groups of eight, one per family:
 * <ol start="0">
 *   <li>separator, A: user {@code a<g>}, threads {@code x<g>:t<g>.<tab>};</li>
 *   <li>separator, B: user {@code a<g>:x<g>}, threads {@code t<g>.<tab>} — joined with ':' the pair's
 *       (user, thread) give the same string as family 0's ({@code a<g>:x<g>:t<g>.<tab>});</li>
 *   <li>prefix, short: user {@code pre<g>}, threads {@code pre<g>-t<tab>};</li>
 *   <li>prefix, long: user {@code pre<g>-t} (family 2's user is its prefix, its threads start with family 2's
 *       threads' prefix), threads {@code pre<g>-t<tab>x};</li>
 *   <li>unicode: a combining accent, CJK, an astral-plane emoji and a right-to-left letter, in user and thread;</li>
 *   <li>long: 255-character users and 200-character threads (the embedded server's longest thread);</li>
 *   <li>cross-role, A: user {@code cr<g>a}, threads {@code cr<g>b[.<tab>]};</li>
 *   <li>cross-role, B: user {@code cr<g>b} (family 6's first thread), threads {@code cr<g>a[.<tab>]} (family
 *       6's user).</li>
 * </ol>
 * Pure functions of (style, user index, tab): the churn reconnect of a tab reuses its thread.
 */
final class Identities {

    /** The server's longest accepted thread id (longer ones are replaced by a server-assigned one). */
    static final int MAX_THREAD = 200;
    static final int LONG_USER = 255;
    static final int FAMILIES = 8;

    /** tame or adversarial. */
    enum Style {
        TAME, ADVERSARIAL;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Style parse(String s) {
            for (Style v : values()) {
                if (v.label().equals(s.strip().toLowerCase(Locale.ROOT))) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown --ids \"" + s + "\"; expected tame or adversarial");
        }
    }

    private Identities() {
    }

    /** The ids of {@code n} users. */
    static String[] users(Style style, int n) {
        String[] users = new String[n];
        for (int u = 0; u < n; u++) {
            users[u] = style == Style.TAME ? String.format(Locale.ROOT, "user-%05d", u + 1) : adversarialUser(u);
        }
        return users;
    }

    /**
     * The thread of tab {@code tab} of user {@code u} (whose id is {@code user}); {@code random} makes tame
     * threads unique across loads on one server.
     */
    static String thread(Style style, String user, int u, int tab, long random) {
        if (style == Style.TAME) {
            return "t-" + user + "-" + tab + "-" + Long.toHexString(random);
        }
        int g = u / FAMILIES;
        return switch (u % FAMILIES) {
            case 0 -> "x" + g + ":t" + g + "." + tab;
            case 1 -> "t" + g + "." + tab;
            case 2 -> "pre" + g + "-t" + tab;
            case 3 -> "pre" + g + "-t" + tab + "x";
            case 4 -> "\u30b9\u30ec\u30c3\u30c9" + g + "-" + tab + "-e\u0301-\u05e9";
            case 5 -> pad("T" + g + "-" + tab + "-", 't', MAX_THREAD);
            case 6 -> "cr" + g + "b" + (tab == 0 ? "" : "." + tab);
            default -> "cr" + g + "a" + (tab == 0 ? "" : "." + tab);
        };
    }

    private static String adversarialUser(int u) {
        int g = u / FAMILIES;
        return switch (u % FAMILIES) {
            case 0 -> "a" + g;
            case 1 -> "a" + g + ":x" + g;
            case 2 -> "pre" + g;
            case 3 -> "pre" + g + "-t";
            case 4 -> "u\u0308" + g + "-\u540d\u524d-\ud83d\ude00-\u05e9";
            case 5 -> pad("L" + g + "-", 'l', LONG_USER);
            case 6 -> "cr" + g + "a";
            default -> "cr" + g + "b";
        };
    }

    private static String pad(String head, char c, int length) {
        return head + String.valueOf(c).repeat(Math.max(0, length - head.length()));
    }
}
