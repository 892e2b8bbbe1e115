package dev.crosstalk.results.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crosstalk.results.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
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

    /** One line of {@code leaks.jsonl} read back. */
    public static LeakRecord readLeakLine(String line) throws JsonProcessingException {
        return Json.mapper().readValue(line, LeakRecord.class);
    }
}
