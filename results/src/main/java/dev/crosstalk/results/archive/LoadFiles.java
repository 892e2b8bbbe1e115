package dev.crosstalk.results.archive;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crosstalk.results.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The load part's four files and how each record becomes a line of them: the one writer of
 * {@code summary.json} ({@link LoadSummary}), {@code leaks.jsonl} ({@link LeakRecord}), {@code per-user.csv}
 * ({@link PerUserRow}) and {@code latency.hlog} ({@link LatencyLog.Intervals}). The load driver writes its
 * output with it, and the tests write their synthetic archives with it, so what {@link Archive} reads is
 * what the driver writes. Stateless.
 */
public final class LoadFiles {

    public static final String SUMMARY = "summary.json";
    public static final String LATENCY = "latency.hlog";
    public static final String LEAKS = "leaks.jsonl";
    public static final String PER_USER = "per-user.csv";

    /** The header of {@code per-user.csv}; the archive finds its columns by these names. */
    public static final String PER_USER_HEADER = "user,runs,leaks_received,leaks_caused,losses";

    /** One JSON object per line: the archive's mapper (snake_case keys) without indentation. */
    private static final ObjectWriter LINE = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);

    private LoadFiles() {
    }

    /**
     * Writes the four files into {@code dir}, each atomically, the summary last (a reader that sees it sees
     * the others complete). {@code latency} null writes an empty log (the load never got to measure).
     */
    public static void write(Path dir, LoadSummary summary, List<LeakRecord> leaks, List<PerUserRow> perUser,
                             LatencyLog.Intervals latency) throws IOException {
        AtomicFiles.write(dir.resolve(LATENCY), out -> {
            if (latency != null) {
                latency.writeTo(out);
            }
        });
        AtomicFiles.writeText(dir.resolve(LEAKS), w -> {
            for (LeakRecord r : leaks) {
                w.write(leakLine(r));
                w.write('\n');
            }
        });
        AtomicFiles.writeText(dir.resolve(PER_USER), w -> {
            w.write(PER_USER_HEADER + "\n");
            for (PerUserRow r : perUser) {
                w.write(perUserLine(r));
                w.write('\n');
            }
        });
        AtomicFiles.writeString(dir.resolve(SUMMARY), summaryJson(summary));
    }

    /** {@code summary.json}'s text: indented, ending with a newline. */
    public static String summaryJson(LoadSummary summary) {
        try {
            return Json.mapper().writeValueAsString(summary) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of {@code leaks.jsonl}, without its newline. */
    public static String leakLine(LeakRecord r) {
        try {
            return LINE.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row of {@code per-user.csv}, without its newline; a user id with a comma or quote is quoted. */
    public static String perUserLine(PerUserRow r) {
        return csv(r.user()) + "," + r.runs() + "," + r.leaksReceived() + "," + r.leaksCaused() + "," + r.losses();
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /**
     * The fields of one {@code per-user.csv} line, as {@link #perUserLine} wrote them: a field in double
     * quotes may hold commas, and {@code ""} inside it is one quote (RFC 4180). The reader's half of the
     * writer above, kept beside it so the two cannot drift apart.
     *
     * @throws IllegalArgumentException for a quoted field that is not closed
     */
    public static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"' && f.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a quoted field is not closed");
        }
        fields.add(f.toString());
        return fields;
    }

    /**
     * {@code leaks.jsonl} read back, blank lines skipped.
     *
     * @throws IllegalArgumentException "line N is not a leak record (why)", with the parser's exception as its cause
     */
    public static List<LeakRecord> readLeaks(byte[] file) {
        List<LeakRecord> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(readLeakLine(line));
            } catch (JacksonException e) {
                throw new IllegalArgumentException("line " + lineNo + " is not a leak record (" + Archive.shortMessage(e) + ")",
                        e);
            }
        }
        return List.copyOf(out);
    }

    /**
     * {@code per-user.csv} read back: its columns found by the header's names (a missing count column reads 0),
     * blank lines skipped; empty for an empty file.
     *
     * @throws IllegalArgumentException "has no 'user' column (header: …)" or "line N is malformed (why)"
     */
    public static List<PerUserRow> readPerUser(byte[] file) {
        List<String> lines = new String(file, StandardCharsets.UTF_8).lines().toList();
        if (lines.isEmpty()) {
            return List.of();
        }
        String header = lines.get(0);
        List<String> cols = csvFields(header.trim());
        int iUser = cols.indexOf("user");
        int iRuns = cols.indexOf("runs");
        int iRecv = cols.indexOf("leaks_received");
        int iCaused = cols.indexOf("leaks_caused");
        int iLoss = cols.indexOf("losses");
        if (iUser < 0) {
            throw new IllegalArgumentException("has no 'user' column (header: " + header + ")");
        }
        List<PerUserRow> out = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            try {
                String[] f = csvFields(line).toArray(String[]::new);
                out.add(new PerUserRow(f[iUser], num(f, iRuns), num(f, iRecv), num(f, iCaused), num(f, iLoss)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (n + 1) + " is malformed (" + e.getMessage() + ")", e);
            }
        }
        return List.copyOf(out);
    }

    private static long num(String[] f, int i) {
        return i < 0 || i >= f.length || f[i].isBlank() ? 0 : Long.parseLong(f[i].trim());
    }

    /** One line of {@code leaks.jsonl} read back. */
    public static LeakRecord readLeakLine(String line) throws JsonProcessingException {
        return Json.mapper().readValue(line, LeakRecord.class);
    }
}
