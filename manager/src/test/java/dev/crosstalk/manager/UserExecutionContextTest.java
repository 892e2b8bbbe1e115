package dev.crosstalk.manager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserExecutionContextTest {

    @Test
    void validIdsMakeAContext() {
        UserExecutionContext c = new UserExecutionContext("alice", "thread-1", "run-1", "req-1", "ws-1");
        assertThat(c.isolationKey()).isEqualTo("alice:thread-1");
        assertThat(c.websocketClient()).contains("ws-1");
    }

    @Test
    void requestIdIsGeneratedWhenAbsent() {
        UserExecutionContext a = UserExecutionContext.of("alice", "thread-1", "run-1");
        UserExecutionContext b = UserExecutionContext.of("alice", "thread-1", "run-1");
        assertThat(a.requestId()).startsWith("req_").isNotEqualTo(b.requestId());
        assertThat(a.websocketClientId()).isNull();
    }

    @Test
    void eachRequiredFieldIsNamedWhenMissing() {
        assertThatThrownBy(() -> new UserExecutionContext(null, "t", "r", "q"))
                .isInstanceOf(UserExecutionContext.InvalidContextException.class)
                .hasMessageContaining("userId")
                .extracting(e -> ((UserExecutionContext.InvalidContextException) e).field()).isEqualTo("userId");
        assertThatThrownBy(() -> new UserExecutionContext("u", " ", "r", "q")).hasMessageContaining("threadId");
        assertThatThrownBy(() -> new UserExecutionContext("u", "t", "", "q")).hasMessageContaining("runId");
        assertThatThrownBy(() -> new UserExecutionContext("u", "t", "r", null)).hasMessageContaining("requestId");
        assertThatThrownBy(() -> new UserExecutionContext("u", "t", "r", "q", "  "))
                .hasMessageContaining("websocketClientId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"test", "default", "none", "null", "mock", "undefined", "DEFAULT", "Test"})
    void placeholderValuesAreRejected(String placeholder) {
        assertThatThrownBy(() -> new UserExecutionContext(placeholder, "t", "r", "q"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("userId").hasMessageContaining("placeholder");
    }

    @ParameterizedTest
    @ValueSource(strings = {"placeholder_1", "temp_user", "mock_abc", "TEMP_x"})
    void placeholderPrefixesAreRejected(String id) {
        assertThatThrownBy(() -> new UserExecutionContext("u", id, "r", "q"))
                .hasMessageContaining("threadId").hasMessageContaining("placeholder prefix");
    }

    @Test
    void idsThatMerelyContainAPlaceholderWordAreAccepted() {
        assertThat(new UserExecutionContext("testuser", "nonempty", "mockingbird", "defaulted").userId())
                .isEqualTo("testuser");
    }
}
