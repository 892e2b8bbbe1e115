package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.UsageException;
import dev.crosstalk.harness.plugin.PluginOptions;
import dev.crosstalk.harness.plugin.Plugins;
import dev.crosstalk.manager.spi.ManagerProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ListResourceBundle;

/**
 * {@code --manager NAME} and {@code --plugin JAR} (with {@code $CROSSTALK_PLUGINS}), mixed into every
 * command that runs one manager: {@link #provider()} resolves the name against the built-in and
 * plugin providers, or fails as bad input (exit 2) naming the unknown manager and the available ones.
 * Commands that take {@code --all} or a list resolve through the same {@link #plugins()}.
 *
 * <p>Two shapes, because {@code serve} has no default manager: {@link DefaultSsot} and {@link Required}.
 * What {@code --manager} means differs per command, so its help text comes from {@link Help}, keyed by
 * the command. Filled in by picocli on the main thread before the command runs; read by that thread.
 */
@Command(resourceBundle = "dev.crosstalk.harness.cli.ManagerOption$Help")
public abstract sealed class ManagerOption permits ManagerOption.DefaultSsot, ManagerOption.Required {

    @Mixin
    PluginOptions pluginOptions;

    private Plugins plugins;

    /** The name given (or defaulted). */
    public abstract String name();

    /** The plugins from {@code --plugin} and the environment, resolved once for the whole command. */
    public Plugins plugins() {
        if (plugins == null) {
            plugins = pluginOptions.resolve();
        }
        return plugins;
    }

    /**
     * The provider {@code --manager} names.
     *
     * @throws UsageException naming the manager and the available ones, if unknown
     */
    public ManagerProvider provider() {
        return plugins().provider(name());
    }

    /** {@code --manager NAME}, {@code ssot} unless given: run, validate, load. */
    public static final class DefaultSsot extends ManagerOption {
        @Option(names = "--manager", defaultValue = "ssot", paramLabel = "NAME", descriptionKey = "manager")
        String name;

        @Override
        public String name() {
            return name;
        }
    }

    /** {@code --manager NAME}, which must be given: serve. */
    public static final class Required extends ManagerOption {
        @Option(names = "--manager", required = true, paramLabel = "NAME",
                description = "The manager provider (see 'crosstalk managers').")
        String name;

        @Override
        public String name() {
            return name;
        }
    }

    /** What {@code --manager} means to each command that takes it with a default (picocli looks these up by command). */
    public static final class Help extends ListResourceBundle {
        @Override
        protected Object[][] getContents() {
            return new Object[][]{
                    {"manager", "The manager provider (see 'crosstalk managers')."},
                    {"crosstalk.run.manager", "The manager stressed and explored (unless the profile runs all), benchmarked next to"
                            + " ssot, registry and factory, and loaded. Default: ${DEFAULT-VALUE}."},
                    {"crosstalk.validate.manager", "The manager loaded when running the profile. Default: ${DEFAULT-VALUE}."},
                    {"crosstalk.load.manager", "Manager for the embedded server (default: ${DEFAULT-VALUE})."},
            };
        }
    }
}
