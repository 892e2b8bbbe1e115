package dev.crosstalk.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstalk.harness.CliRun;
import dev.crosstalk.harness.PluginJarFixture;
import dev.crosstalk.harness.plugin.Plugins;
import dev.crosstalk.harness.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManagersCommandTest {

    @Test
    void listsEveryBuiltInProviderWithItsKind() throws Exception {
        CliRun run = CliRun.of("managers", "--json");
        assertThat(run.exitCode()).isZero();
        JsonNode rows = new ObjectMapper().readTree(run.out());
        assertThat(rows).isNotEmpty();
        for (JsonNode row : rows) {
            assertThat(row.get("kind").asText()).isIn("correct", "defect");
            assertThat(row.get("description").asText()).isNotBlank();
            assertThat(row.get("failure_class").isNull()).isEqualTo(row.get("kind").asText().equals("correct"));
        }
        assertThat(names(rows)).contains("ssot", "registry", "factory");
    }

    @Test
    void aPluginJarBuiltOutsideTheReactorIsListed(@TempDir Path tmp) throws Exception {
        Path jar = PluginJarFixture.build(tmp);

        CliRun run = CliRun.of("managers", "--json", "--plugin", jar.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(names(new ObjectMapper().readTree(run.out()))).contains("example.locked-map", "ssot");
        CliRun table = CliRun.of("managers", "--plugin", jar.toString());
        assertThat(table.out()).containsPattern("(?m)^example\\.locked-map +correct ");
    }

    @Test
    void pluginsComeFromTheEnvironmentToo(@TempDir Path tmp) throws Exception {
        Path jar = PluginJarFixture.build(tmp);
        Plugins plugins = Plugins.resolve(List.of(), "" + File.pathSeparator + jar + File.pathSeparator);
        assertThat(plugins.jars()).containsExactly(jar.toAbsolutePath().normalize());
        assertThat(plugins.classpath()).isEqualTo(jar.toAbsolutePath().normalize().toString());
        assertThat(plugins.providers().names()).contains("example.locked-map");
    }

    @Test
    void aMissingOrCorruptPluginIsBadInput(@TempDir Path tmp) throws Exception {
        CliRun missing = CliRun.of("managers", "--plugin", tmp.resolve("nope.jar").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.jar").contains("--plugin").contains("does not exist");

        Path corrupt = Files.writeString(tmp.resolve("corrupt.jar"), "not a zip");
        assertThatThrownBy(() -> Plugins.resolve(List.of(), corrupt.toString()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("corrupt.jar").hasMessageContaining(Plugins.ENV);
    }

    @Test
    void anUnknownFlagIsAUsageError() {
        CliRun run = CliRun.of("managers", "--bogus");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--bogus'").contains("Usage: crosstalk managers");
    }

    @Test
    void helpListsTheCommands() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Commands:").contains("managers");
        assertThat(CliRun.of().exitCode()).as("no command is a usage error").isEqualTo(2);
    }

    private static List<String> names(JsonNode rows) {
        return java.util.stream.StreamSupport.stream(rows.spliterator(), false)
                .map(r -> r.get("name").asText()).toList();
    }
}
