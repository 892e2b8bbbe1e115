package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.process.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every line of every command's {@code --help} is a format string to picocli: a bare {@code %} (as in "i % N" or
 * "0% shows") makes it print "[picocli WARN] Could not format …" above the usage, three times, and show the line
 * unformatted. picocli's tracer writes to the {@code System.err} it saw when it was made, so the help of every
 * command is printed in a child JVM ({@link #main}) and its error stream read.
 */
class HelpTextTest {

    @Test
    void everyCommandsHelpPrintsWithoutAPicocliWarning(@TempDir Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.java(), "-cp", System.getProperty("java.class.path"),
                HelpTextTest.class.getName()));
        Path errFile = dir.resolve("stderr.txt");
        // stderr to a file: read from a pipe after stdout, a long one would block the child and the test
        Process p = new ProcessBuilder(cmd).redirectError(errFile.toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(errFile);

        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err).doesNotContain("picocli WARN");
        // Every command's help was printed, load's shard option among them (the line that once warned).
        assertThat(out).contains("Usage: crosstalk load", "Usage: crosstalk trend", "i % N == I");
    }

    /** Prints the usage of the top command and of every subcommand to stdout. */
    public static void main(String[] args) {
        CommandLine top = CrosstalkCommand.commandLine();
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        top.usage(w);
        top.getSubcommands().values().forEach(sub -> sub.usage(w));
        w.flush();
        System.out.print(text);
    }
}
