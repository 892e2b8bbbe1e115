package dev.crosstalk.results.io;

/**
 * XML escaping for the text and attribute values crosstalk writes (JUnit XML, SVG, HTML). One rule
 * for every writer: {@code & < >} are escaped everywhere and quotes in attributes, and control characters XML 1.0 cannot
 * carry at all (a stack trace or a probe's output may hold them) become {@code ?}, so a CI server's
 * parser never rejects the whole file over one byte.
 */
public final class Xml {

    private Xml() {
    }

    /** Escapes {@code s} for element content; null becomes the empty string. Newlines are kept. */
    public static String text(String s) {
        return escape(s, false);
    }

    /** Escapes {@code s} for a double- or single-quoted attribute value; newlines become {@code &#10;}. */
    public static String attr(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean attribute) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append(attribute ? "&quot;" : "\"");
                case '\'' -> b.append(attribute ? "&apos;" : "'");
                case '\n' -> b.append(attribute ? "&#10;" : "\n");
                case '\r' -> b.append(attribute ? "&#13;" : "\r");
                case '\t' -> b.append(attribute ? "&#9;" : "\t");
                default -> b.append(c < 0x20 ? '?' : c);
            }
        }
        return b.toString();
    }
}
