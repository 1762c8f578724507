package dev.probation.cli;

import dev.probation.gateway.ModelServer;
import dev.probation.model.ManagedModel;
import dev.probation.model.ModelRef;
import dev.probation.model.Models;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve",
        description = {"Serves a model as an OpenAI-compatible API (POST /v1/chat/completions, plain or streamed; GET /v1/models) "
                + "and as Anthropic's Messages API (POST /v1/messages, plain or streamed, with thinking when enabled). "
                + "A request for another model than the one served gets a 404.",
                "With a model organism (organism:eval-gamer, organism:honest...) it is an offline upstream that fakes "
                        + "alignment on purpose: put the gateway in front of it, or point any OpenAI or Anthropic client at it."},
        mixinStandardHelpOptions = true,
        footer = {"", "Exit codes: 1 could not start, 2 usage error; stopped by a signal it exits as the JVM does (143, 130)."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "<ref>",
            description = "The model to serve, e.g. organism:eval-gamer, openai:gpt-4o-mini.")
    String model;

    @Option(names = {"-p", "--port"}, defaultValue = "9000", paramLabel = "<port>", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "<address>", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Mixin
    ModelOptions connection;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ModelRef ref = ModelRef.parse(model);
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be within 0..65535, was " + port);
        }
        ManagedModel served = Models.open(model, connection.settings());
        ModelServer server = ModelServer.start(served, ref.name(), host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            served.close();
            stopped.countDown();
        }, "probation-serve-shutdown"));
        err.printf("Serving %s as '%s' on http://%s:%d/v1 (OpenAI chat completions and Anthropic messages; Ctrl-C stops)%n",
                model, ref.name(), host, server.port());
        err.flush();
        stopped.await();
        return ExitCodes.CONSISTENT;
    }
}
