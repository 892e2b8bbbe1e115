package dev.crosstalk.harness.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * The fields of a server message the driver reads: its {@code type} and, where present, {@code run_id},
 * {@code user_id} and {@code thread_id} (every other field is skipped unread).
 */
record ServerMessage(String type, String runId, String userId, String threadId) {

    /** Parses one text frame; null if it is not a JSON object with a string {@code type} (a protocol error). */
    static ServerMessage parse(JsonFactory json, byte[] bytes, int off, int len) {
        String type = null;
        String runId = null;
        String userId = null;
        String threadId = null;
        try (JsonParser p = json.createParser(bytes, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_STRING) {
                    switch (name) {
                        case "type" -> type = p.getText();
                        case "run_id" -> runId = p.getText();
                        case "user_id" -> userId = p.getText();
                        case "thread_id" -> threadId = p.getText();
                        default -> { }
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return type == null ? null : new ServerMessage(type, runId, userId, threadId);
    }
}
