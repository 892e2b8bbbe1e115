package dev.crosstalk.harness.cli;

import dev.crosstalk.harness.ExitCodes;
import dev.crosstalk.harness.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * The root command. Subcommands are listed here, one line each; each lives in its own class.
 */
@Command(name = "crosstalk",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Finds race and user-isolation failures in a per-user WebSocket manager,"
                + " and measures what each way of creating the manager costs.",
        subcommands = {
                ManagersCommand.class,
                StressCommand.class,
                ExploreCommand.class,
                BenchCommand.class,
                ServeCommand.class,
                LoadCommand.class,
                RunCommand.class,
                ValidateCommand.class,
                CompareCommand.class,
                TrendCommand.class,
                ReportCommand.class,
                MergeCommand.class,
                CommandLine.HelpCommand.class,
        },
        footer = {"", "Exit codes: 0 clean, 1 a finding (forbidden outcome, leak, loss, regression),"
                + " 2 bad input or a run that could not complete.",
                "Run 'crosstalk COMMAND --help' for a command's options."})
public final class CrosstalkCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // No command given: show what there is and count it as bad input.
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** The configured command line: exit codes and error printing shared by every command. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new CrosstalkCommand());
        cl.setExitCodeExceptionMapper(t -> ExitCodes.ERROR);
        cl.setExecutionExceptionHandler(CrosstalkCommand::handleExecutionException);
        return cl;
    }

    private static int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        IOException io = ioCause(e);
        if (e instanceof UsageException) {
            err.println("crosstalk " + cl.getCommandName() + ": " + e.getMessage());
        } else if (io != null) {
            // the machine, not crosstalk: a full disk, a folder that is a file, a permission; one line, no trace
            err.println("crosstalk " + cl.getCommandName() + ": could not complete: " + describe(io));
        } else {
            err.println("crosstalk " + cl.getCommandName() + ": could not complete: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.ERROR;
    }

    /** The I/O failure behind {@code e} (itself, or a cause a few levels down), or null. */
    static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    /** {@code FILE: reason} for a file system error (the JDK's own message is the bare path for some), else the message. */
    static String describe(IOException e) {
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            String reason = fs.getReason() != null ? fs.getReason()
                    : e instanceof NoSuchFileException ? "no such file or folder"
                    : e instanceof FileAlreadyExistsException ? "already exists (as a file where a folder is needed?)"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e.getClass().getSimpleName();
            return fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile()) + ": " + reason;
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
