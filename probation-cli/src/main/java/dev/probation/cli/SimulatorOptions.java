package dev.probation.cli;

import dev.probation.model.ManagedModel;
import dev.probation.model.ModelRef;
import dev.probation.model.ModelSettings;
import dev.probation.model.Models;
import dev.probation.scenario.Scenario;
import dev.probation.scenario.Suite;
import picocli.CommandLine.Option;

/** The model that answers an agentic suite's simulated tools ({@code simulated: true}), for audit. */
final class SimulatorOptions {

    @Option(names = "--simulator", paramLabel = "<ref>",
            description = "Model that answers the suite's simulated tools (simulated: true), as in Petri: openai:gpt-4o, for example.")
    String simulator;

    @Option(names = "--simulator-base-url", paramLabel = "<url>",
            description = "Base URL of the simulator's API (default: the provider's; --base-url is not inherited).")
    String baseUrl;

    @Option(names = "--simulator-api-key-env", paramLabel = "<var>", description = "Environment variable with the simulator's API key.")
    String apiKeyEnv;

    /**
     * Asks for --simulator when a scenario of {@code suite} (given as {@code suiteArgument}) has a simulated
     * tool, and rejects it, and its connection options, when none has.
     */
    void check(String suiteArgument, Suite suite) {
        for (Scenario scenario : suite.scenarios()) {
            var simulated = scenario.agentic() ? scenario.agent().setup().tools().simulatedTools() : java.util.List.<String>of();
            if (!simulated.isEmpty() && simulator == null) {
                throw new UsageException(suiteArgument + ": scenario '" + scenario.id() + "' has the simulated tool '"
                        + simulated.getFirst() + "'; pass --simulator <model> to answer it (e.g. --simulator openai:gpt-4o-mini)");
            }
            if (!simulated.isEmpty()) {
                ModelRef.parse(simulator);
                return;
            }
        }
        if (simulator != null) {
            throw new UsageException("--simulator answers simulated tools, and " + suiteArgument + " has none");
        } else if (baseUrl != null) {
            throw new UsageException("--simulator-base-url needs --simulator");
        } else if (apiKeyEnv != null) {
            throw new UsageException("--simulator-api-key-env needs --simulator");
        }
    }

    /**
     * Opens the simulator, or returns null for none. It shares the audited model's pacing, retries and
     * cache (the cache is what makes a resumed trajectory replay its simulated answers), but never its
     * endpoint or key variable.
     */
    ManagedModel open(ModelSettings settings) {
        if (simulator == null) {
            return null;
        }
        return Models.open(simulator, settings.withBaseUrl(baseUrl).withApiKeyEnv(apiKeyEnv));
    }
}
