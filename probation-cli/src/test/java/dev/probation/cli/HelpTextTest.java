package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.probation.detect.DetectorProvider;
import dev.probation.detect.Detectors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The help of every command reads well at the default width of 80 columns. */
class HelpTextTest {

    private static final Pattern URL = Pattern.compile("https?://[^\\s,)]+[^\\s,).]");

    @Test
    void noUrlIsBrokenAcrossLines() {
        List<String> checked = new ArrayList<>();
        forEveryCommand(spec -> {
            String help = help(spec);
            for (String text : texts(spec)) {
                Matcher url = URL.matcher(text);
                while (url.find()) {
                    assertThat(help).as(spec.qualifiedName() + " --help shows " + url.group() + " whole").contains(url.group());
                    checked.add(url.group());
                }
            }
        });
        assertThat(checked).contains("https://openrouter.ai/api/v1", "http://localhost:11434/v1");
    }

    /**
     * picocli formats help texts with String.format: a lone % (as in "95% interval") garbles the whole text
     * and prints a warning. Checked on the texts as written: an option's description comes back from
     * picocli already formatted, so it is read from its annotation.
     */
    @Test
    void everyHelpTextIsAValidFormat() {
        forEveryCommand(spec -> {
            for (String text : textsAsWritten(spec)) {
                assertThatCode(() -> String.format(text)).as(spec.qualifiedName() + ": " + text).doesNotThrowAnyException();
            }
        });
    }

    @Test
    void theDetectorOptionListsEveryDetector() {
        CommandSpec audit = new CommandLine(new ProbationCommand()).getSubcommands().get("audit").getCommandSpec();
        String description = String.join(" ", audit.findOption("--detector").description());
        for (DetectorProvider provider : Detectors.providers()) {
            assertThat(description).as("audit --detector names " + provider.name()).containsPattern("\\b" + provider.name() + "\\b");
        }
    }

    private static String help(CommandSpec spec) {
        StringWriter out = new StringWriter();
        new CommandLine(spec).usage(new PrintWriter(out), CommandLine.Help.Ansi.OFF);
        return out.toString();
    }

    /** Every text of a command that its help shows: descriptions of the command, its options and parameters, its footer. */
    private static List<String> texts(CommandSpec spec) {
        List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
        texts.addAll(List.of(spec.usageMessage().footer()));
        for (OptionSpec option : spec.options()) {
            texts.addAll(List.of(option.description()));
        }
        spec.positionalParameters().forEach(p -> texts.addAll(List.of(p.description())));
        return texts;
    }

    private static List<String> textsAsWritten(CommandSpec spec) {
        List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
        texts.addAll(List.of(spec.usageMessage().footer()));
        for (OptionSpec option : spec.options()) {
            if (option.userObject() instanceof AnnotatedElement element && element.getAnnotation(Option.class) != null) {
                texts.addAll(List.of(element.getAnnotation(Option.class).description()));
            }
        }
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            if (parameter.userObject() instanceof AnnotatedElement element && element.getAnnotation(Parameters.class) != null) {
                texts.addAll(List.of(element.getAnnotation(Parameters.class).description()));
            }
        }
        return texts;
    }

    private static void forEveryCommand(java.util.function.Consumer<CommandSpec> check) {
        CommandLine root = new CommandLine(new ProbationCommand());
        List<CommandLine> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            CommandLine command = pending.removeFirst();
            check.accept(command.getCommandSpec());
            pending.addAll(command.getSubcommands().values());
        }
    }
}
