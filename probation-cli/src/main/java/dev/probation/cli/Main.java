package dev.probation.cli;

import dev.probation.scenario.FormatException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code probation} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with the given streams and returns its exit code (used in-process by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new ProbationCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            Throwable cause = exception;
            if (cause instanceof FormatException || cause instanceof UsageException || cause instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + cause.getMessage());
                return ExitCodes.USAGE;
            }
            cmd.getErr().println("error: " + message(cause));
            if (System.getenv("PROBATION_DEBUG") != null) {
                cause.printStackTrace(cmd.getErr());
            }
            return ExitCodes.ERROR;
        });
        commandLine.setParameterExceptionHandler((exception, params) -> {
            CommandLine cmd = exception.getCommandLine();
            cmd.getErr().println("error: " + exception.getMessage());
            cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        return commandLine.execute(args);
    }

    static String message(Throwable throwable) {
        String message = throwable.getMessage();
        if (message == null || message.isBlank()) {
            return throwable.getClass().getSimpleName();
        }
        return message;
    }
}
