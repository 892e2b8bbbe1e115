package dev.crosstalk.harness.plugin;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code --plugin} option, mixed into every command that selects a manager. */
public final class PluginOptions {

    @Option(names = "--plugin", paramLabel = "JAR",
            description = "A jar with more manager providers (repeatable). Also read from $"
                    + Plugins.ENV + " (a path list).")
    List<Path> plugins = new ArrayList<>();

    /** The plugins from the flags and the environment. */
    public Plugins resolve() {
        return Plugins.resolve(plugins, System.getenv(Plugins.ENV));
    }
}
