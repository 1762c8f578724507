package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Usage errors suggest what was probably meant, and name only the option at fault. */
class UsageMessagesTest {

    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z-]*");

    @Test
    void aMistypedCommandGetsASuggestion() {
        Cli cli = Cli.run("audti", "-m", "organism:honest");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("'audti'").contains("Did you mean: probation audit?");
    }

    @Test
    void aMistypedOptionGetsASuggestionEvenWhenRequiredOptionsAreMissing() {
        Cli top = Cli.run("--halp");
        assertThat(top.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(top.err()).contains("Unknown option: '--halp'").contains("Did you mean: --help?");

        Cli audit = Cli.run("audit", "--halp");
        assertThat(audit.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(audit.err()).as(audit.err()).contains("Unknown option: '--halp'").contains("Did you mean: --help?")
                .doesNotContain("Missing required");

        Cli sample = Cli.run("audit", "-m", "organism:honest", "-s", "sandbagging", "--sample", "3");
        assertThat(sample.err()).as(sample.err()).contains("'--sample'").contains("--samples");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "audit -m organism:honest -s sandbagging --alpha 2                    | --alpha",
        "audit -m organism:honest -s sandbagging --max-failures 1.5           | --max-failures",
        "audit -m organism:honest -s sandbagging --samples 0                  | --samples",
        "audit -m organism:honest -s sandbagging --limit 0                    | --limit",
        "audit -m organism:honest -s sandbagging -t -1                        | --temperature",
        "audit -m organism:honest -s sandbagging --max-tokens 0               | --max-tokens",
        "audit -m organism:honest -s sandbagging --thinking-budget 0          | --thinking-budget",
        "audit -m organism:honest -s sandbagging --timeout 0                  | --timeout",
        "audit -m organism:honest -s sandbagging --retries -1                 | --retries",
        "audit -m organism:honest -s sandbagging -j 0                         | --concurrency",
        "audit -m organism:honest -s sandbagging --rpm -5                     | --rpm",
        "audit -m organism:honest -s harmful-compliance --votes 3             | --votes --judge",
        "audit -m organism:honest -s harmful-compliance --judge-base-url http://x/v1 | --judge-base-url --judge",
        "scan-triggers -m organism:honest -s code-security --budget 0         | --budget",
        "scan-triggers -m organism:honest -s code-security --finalists 0      | --finalists",
        "scan-triggers -m organism:honest -s code-security --attacker-count 0 | --attacker-count",
        "scan-triggers -m organism:honest -s code-security --alpha 0          | --alpha",
        "simulate --organism honest -s sandbagging --audits 0                 | --audits",
        "simulate --organism honest -s sandbagging --samples 0                | --samples",
        "simulate --organism honest -s sandbagging --scenarios 1              | --scenarios",
        "simulate --organism honest -s sandbagging --alpha 1                  | --alpha",
    })
    void eachValidationMessageNamesOnlyTheOptionAtFault(String command, String named) {
        Cli cli = Cli.run(command.strip().split("\\s+"));
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines()).as(cli.err()).hasSize(1);
        Matcher options = OPTION.matcher(cli.err());
        Set<String> mentioned = options.results().map(m -> m.group()).collect(Collectors.toSet());
        assertThat(mentioned).as(cli.err()).isEqualTo(Set.of(named.strip().split(" ")));
    }
}
