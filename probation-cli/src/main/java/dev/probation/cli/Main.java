package dev.probation.cli;

import dev.probation.scenario.FormatException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

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
        commandLine.setUsageHelpAutoWidth(true); // the terminal's width, 80 columns elsewhere
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            Throwable cause = exception;
            if (cause instanceof FormatException || cause instanceof UsageException || cause instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + cause.getMessage());
                return ExitCodes.USAGE;
            }
            if (cause.getCause() instanceof java.net.BindException) { // a server's port is taken
                cmd.getErr().println("error: " + cause.getMessage() + "; stop what holds it or choose another --port");
                return ExitCodes.ERROR;
            }
            cmd.getErr().println("error: " + message(cause));
            if (System.getenv("PROBATION_DEBUG") != null) {
                cause.printStackTrace(cmd.getErr());
            }
            return ExitCodes.ERROR;
        });
        commandLine.setParameterExceptionHandler((exception, params) -> {
            CommandLine cmd = exception.getCommandLine();
            ParameterException reported = unmatchedFirst(exception);
            cmd.getErr().println("error: " + reported.getMessage());
            Suggestions.print(reported, cmd.getErr());
            cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        return commandLine.execute(args);
    }

    /**
     * A mistyped option is the likelier mistake than the missing required ones picocli reports first
     * ({@code audit --halp}), so report it, with its suggestions, instead.
     */
    private static ParameterException unmatchedFirst(ParameterException exception) {
        CommandLine cmd = exception.getCommandLine();
        if (!(exception instanceof UnmatchedArgumentException) && !cmd.getUnmatchedArguments().isEmpty()) {
            return new UnmatchedArgumentException(cmd, cmd.getUnmatchedArguments());
        }
        return exception;
    }

    static String message(Throwable throwable) {
        String message = throwable.getMessage();
        if (message == null || message.isBlank()) {
            return throwable.getClass().getSimpleName();
        }
        return message;
    }
}
