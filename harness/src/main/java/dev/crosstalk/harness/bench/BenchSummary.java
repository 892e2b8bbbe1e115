package dev.crosstalk.harness.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code bench/summary.json}, schema 1, exactly as {@code docs/formats.md} defines it. */
public final class BenchSummary {

    public static final int SCHEMA = 1;
    public static final String FILE_NAME = "summary.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchSummary() {
    }

    /** The summary document for {@code rows} measured under {@code profile}. */
    public static Map<String, Object> document(String profile, List<BenchRow> rows) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("instrument", "bench");
        doc.put("profile", profile);
        List<Map<String, Object>> out = new ArrayList<>();
        for (BenchRow r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("benchmark", r.benchmark());
            m.put("manager", r.manager());
            m.put("params", r.params());
            m.put("threads", r.threads());
            m.put("mode", r.mode());
            m.put("score", r.score());
            m.put("error", r.error());
            m.put("unit", r.unit());
            m.put("alloc_bytes_per_op", r.allocBytesPerOp());
            out.add(m);
        }
        doc.put("rows", out);
        return doc;
    }

    /** The summary as JSON text. */
    public static String toJson(String profile, List<BenchRow> rows) {
        try {
            return MAPPER.writeValueAsString(document(profile, rows)) + System.lineSeparator();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the bench summary", e);
        }
    }

    /** Writes {@code summary.json} into {@code dir} atomically (a temporary file, then a rename); returns its path. */
    public static Path write(Path dir, String profile, List<BenchRow> rows) throws IOException {
        Path target = dir.resolve(FILE_NAME);
        writeAtomically(target, toJson(profile, rows));
        return target;
    }

    static void writeAtomically(Path target, String text) throws IOException {
        // Not Files.createTempFile: it would make the file readable by its owner only.
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
