package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.CliRun;
import dev.crosstalk.harness.ExitCodes;
import dev.crosstalk.harness.PluginJarFixture;
import dev.crosstalk.harness.plugin.Plugins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --manager} and {@code --plugin}: one resolution, one error, in every command that takes them.
 * (The help texts are also byte-identical to before the mixin; checked by hand with {@code COMMAND --help}.)
 */
class ManagerOptionTest {

    @TempDir
    Path dir;

    /**
     * An unknown manager is bad input before any work starts: no instrument runs (stress, bench and run would
     * take minutes, validate an hour, serve would not return), and the message names the manager and the choice.
     */
    @ParameterizedTest
    @ValueSource(strings = {"stress", "explore", "bench", "serve", "load", "run", "validate"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anUnknownManagerExitsTwoNamingItBeforeAnyWork(String command) {
        Path out = dir.resolve(command);
        CliRun run = switch (command) {
            case "serve" -> CliRun.of(command, "--manager", "no-such-manager");
            case "validate" -> CliRun.of(command, "--manager", "no-such-manager", "--junit", out.toString());
            default -> CliRun.of(command, "--manager", "no-such-manager", "--out", out.toString());
        };

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("no manager provider named \"no-such-manager\"")
                .contains("available: ").contains("ssot");
        assertThat(out).doesNotExist();
    }

    @Test
    void benchNamesEveryUnknownManagerOfItsList() {
        CliRun run = CliRun.of("bench", "--manager", "ssot,nope", "--manager", "nada", "--out",
                dir.resolve("bench").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("no manager providers named \"nope\", \"nada\"; available: ");
    }

    @Test
    void everyCommandStillDescribesManagerAndPluginInItsHelp() {
        for (String command : List.of("stress", "explore", "bench", "serve", "load", "run", "validate")) {
            CliRun help = CliRun.of(command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).as(command).contains("--manager=NAME").contains("--plugin=JAR")
                    .contains("A jar with more manager providers");
        }
        assertThat(CliRun.of("run", "--help").out()).contains("The manager stressed and explored (unless the profile");
        assertThat(CliRun.of("validate", "--help").out()).contains("The manager loaded when running the profile.");
        assertThat(CliRun.of("load", "--help").out()).contains("Manager for the embedded server (default: ssot).");
        assertThat(CliRun.of("serve", "--help").out()).contains("The manager provider (see 'crosstalk managers').");
    }

    @Test
    void serveStillRequiresAManager() {
        CliRun run = CliRun.of("serve");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("Missing required option: '--manager=NAME'");
    }

    @Test
    void pluginsBuildOneClassLoaderAndDiscoverTheirProvidersOnce() throws Exception {
        Plugins plugins = Plugins.resolve(List.of(PluginJarFixture.build(dir)), null);

        assertThat(plugins.classLoader()).isSameAs(plugins.classLoader());
        assertThat(plugins.providers()).isSameAs(plugins.providers());
        assertThat(plugins.provider("ssot")).isSameAs(plugins.providers().byName("ssot"));
        assertThat(plugins.select(List.of("ssot", "registry", "ssot"))).extracting(p -> p.name())
                .containsExactly("ssot", "registry");
    }
}
