package dev.probation.cli;

import dev.probation.run.Version;
import picocli.CommandLine.Command;

@Command(name = "probation",
        mixinStandardHelpOptions = true,
        versionProvider = ProbationCommand.VersionProvider.class,
        description = {"Catches AI models that fake alignment: they behave well when they believe they are watched, "
            + "and differently when they believe nobody is looking.", ""},
        subcommands = {
            AuditCommand.class, ScoreCommand.class, ScanCodeCommand.class, ScanTriggersCommand.class, InspectReasoningCommand.class, LieDetectorCommand.class, GatewayCommand.class, ServeCommand.class, DemoCommand.class, OrganismsCommand.class, UnmaskCommand.class, IntoxicateCommand.class, ProbeCommand.class, SimulateCommand.class, PlanCommand.class, ListCommand.class,
            picocli.CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 no significant gap, 3 significant gap found, 1 runtime error, 2 usage error."})
final class ProbationCommand implements java.util.concurrent.Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Without a command there is nothing to do: show the usage and report a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"probation " + Version.current(), "Java " + Runtime.version()};
        }
    }
}
