package dev.crosstalk.results.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crosstalk.results.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The JSON mappers of the archive: {@code snake_case} keys, unknown keys ignored. {@link #mapper()} leaves
 * nulls out (the manifest, compare's JSON); the part files an instrument writes ({@code results.json},
 * {@code sensitivity.json}, {@code summary.json}) keep them, so every key docs/formats.md lists is
 * always there: they go through {@link #partText} and {@link #writePart}.
 */
public final class Json {

    private static final ObjectMapper MAPPER = builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private static final ObjectMapper PART = builder()
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private Json() {
    }

    private static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A part file's text: indented, null values written as {@code null}, one trailing newline. */
    public static String partText(Object part) {
        try {
            return PART.writeValueAsString(part) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise " + part.getClass().getSimpleName(), e);
        }
    }

    /** Writes a part file atomically ({@link AtomicFiles}); returns {@code file}. */
    public static Path writePart(Path file, Object part) throws IOException {
        return AtomicFiles.writeString(file, partText(part));
    }
}
