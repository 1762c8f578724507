package dev.probation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** `probation gateway --judge`: a judge for the refusal detectors, refused for detectors that cannot use one. */
class GatewayJudgeOptionTest {

    @Test
    void aJudgeNeedsADetectorThatTakesOneAndVotesNeedAJudge() {
        Cli noTaker = Cli.run("gateway", "--upstream", "http://127.0.0.1:9/v1", "--detectors", "code-vulnerability",
                "--judge", "openai:gpt-4o-mini");
        assertThat(noTaker.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noTaker.err()).contains("--judge works with detectors that support a judge (refusal, over-refusal)")
                .contains("[code-vulnerability]");
        Cli votes = Cli.run("gateway", "--upstream", "http://127.0.0.1:9/v1", "--votes", "3");
        assertThat(votes.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(votes.err()).contains("--votes needs --judge");
        Cli judgedBaseline = Cli.run("gateway", "--upstream", "http://127.0.0.1:9/v1", "--judge", "organism:honest",
                "--baseline", "refusal=0.1");
        assertThat(judgedBaseline.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(judgedBaseline.err()).contains("drift is watched only for detectors that judge every exchange");
    }

    @Test
    void theHelpNamesTheOverRefusalDetectorAndTheJudge() {
        Cli help = Cli.run("gateway", "--help");
        assertThat(help.out()).contains("over-refusal").contains("--judge");
    }
}
