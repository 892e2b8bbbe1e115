package dev.crosstalk.harness;

import dev.crosstalk.harness.cli.CrosstalkCommand;
import picocli.CommandLine;

/** The {@code crosstalk} entry point: one command line, conventional exit codes (see {@link ExitCodes}). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code, without exiting (for tests). */
    public static int run(String... args) {
        return CrosstalkCommand.commandLine().execute(args);
    }
}
