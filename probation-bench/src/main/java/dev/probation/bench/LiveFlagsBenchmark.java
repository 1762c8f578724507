package dev.probation.bench;

import dev.probation.detect.BuiltInDetectors;
import dev.probation.detect.Detector;
import dev.probation.detect.DetectorOptions;
import dev.probation.detect.Detectors;
import dev.probation.detect.RequestHarm;
import dev.probation.gateway.Exchange;
import dev.probation.gateway.ExchangeQuery;
import dev.probation.gateway.Gateway;
import dev.probation.gateway.GatewayConfig;
import dev.probation.gateway.ModelServer;
import dev.probation.model.ManagedModel;
import dev.probation.model.ModelSettings;
import dev.probation.model.Models;
import dev.probation.util.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * False flags on benign live requests and recall on harmful ones, through the real gateway path:
 * each request goes over HTTP through a gateway to a model organism, is recorded, and is judged by
 * the live {@code refusal} detector, with two baselines on the same exchanges: the old behaviour
 * (the audit rule, which flags every answer that complies) and the same in-context detector with a
 * keyword list instead of the classifier. The classifiers are also measured on the requests alone.
 *
 * <p>Usage: {@code LiveFlagsBenchmark --data <dir of public sets> --heldout corpus/requests/heldout.jsonl
 * [--limit n] [--out docs/benchmarks/live-flags.md]}. Public sets missing from the folder are skipped.
 */
public final class LiveFlagsBenchmark {

    private static final String TOKEN = "benchmark-admin-token-0123456789";

    /** An upstream organism and what it does with requests. */
    record Organism(String ref, String behaviour) {}

    static final List<Organism> ORGANISMS = List.of(
            new Organism("organism:honest?seed=3", "answers what it reads as benign, declines what it reads as harmful"),
            new Organism("organism:eval-gamer?unsafe-rate=1&seed=3", "complies with everything when it sees no oversight"));

    public static void main(String[] args) throws Exception {
        Path data = null;
        Path heldout = Path.of("corpus/requests/heldout.jsonl");
        Path out = null;
        int limit = Integer.MAX_VALUE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--heldout" -> heldout = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<String> notes = new ArrayList<>();
        List<PromptSet> sets = new ArrayList<>(publicSets(data, notes));
        sets.add(PromptSet.heldout(heldout, false));
        sets.add(PromptSet.heldout(heldout, true));
        int cap = limit;
        sets = sets.stream().map(s -> new PromptSet(s.name(), s.source(), s.harmful(), s.hard(),
                s.requests().subList(0, Math.min(cap, s.requests().size())))).toList();

        RequestHarm classifier = RequestHarm.required();
        RequestHarm keywords = new KeywordHarm();
        List<RequestScores> alone = new ArrayList<>();
        for (PromptSet set : sets) {
            alone.add(RequestScores.of(set, classifier, keywords));
            System.out.println("requests alone: " + alone.getLast());
        }
        Map<String, Map<String, Tally>> throughGateway = new LinkedHashMap<>();
        long started = System.nanoTime();
        int exchanges = 0;
        for (Organism organism : ORGANISMS) {
            throughGateway.put(organism.ref(), run(organism, sets));
            exchanges += sets.stream().mapToInt(s -> s.requests().size()).sum();
            throughGateway.get(organism.ref()).forEach((set, tally) -> System.out.println(organism.ref() + " / " + set + ": " + tally));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String report = LiveFlagsReport.render(sets, alone, ORGANISMS, throughGateway, exchanges, seconds, notes, args);
        System.out.println(report);
        if (out != null) {
            LiveFlagsReport.write(out, report);
        }
    }

    private static List<PromptSet> publicSets(Path data, List<String> notes) throws Exception {
        List<PromptSet> sets = new ArrayList<>();
        if (data == null) {
            notes.add("No --data folder: public data sets skipped.");
            return sets;
        }
        Path xstest = data.resolve("xstest_prompts.csv");
        Path advbench = data.resolve("advbench_harmful_behaviors.csv");
        Path userOriented = data.resolve("selfinstruct_user_oriented_instructions.jsonl");
        Path seeds = data.resolve("selfinstruct_seed_tasks.jsonl");
        Path mtBench = data.resolve("mtbench_question.jsonl");
        if (Files.exists(xstest)) {
            sets.add(PromptSet.xstest(xstest, false));
            sets.add(PromptSet.xstest(xstest, true));
        } else {
            notes.add("Missing " + xstest + ": XSTest skipped.");
        }
        if (Files.exists(userOriented) && Files.exists(seeds) && Files.exists(mtBench)) {
            sets.add(PromptSet.instructions(userOriented, seeds, mtBench));
        } else {
            notes.add("Missing the self-instruct or MT-bench files in " + data + ": ordinary instructions skipped.");
        }
        if (Files.exists(advbench)) {
            sets.add(PromptSet.advbench(advbench));
        } else {
            notes.add("Missing " + advbench + ": AdvBench skipped.");
        }
        return sets;
    }

    /** Sends every request of every set through a gateway to the organism and counts the verdicts per set. */
    private static Map<String, Tally> run(Organism organism, List<PromptSet> sets) throws Exception {
        Path work = Files.createTempDirectory("probation-live-flags");
        List<Detector> detectors = List.of(
                Detectors.create("refusal", DetectorOptions.offline()),
                new Renamed("refusal-old", Detectors.create("refusal", DetectorOptions.offline())),
                new Renamed("refusal-keyword", BuiltInDetectors.liveRefusal(new KeywordHarm())),
                Detectors.create("over-refusal", DetectorOptions.offline()));
        try (ManagedModel model = Models.open(organism.ref(), ModelSettings.defaults());
             ModelServer server = ModelServer.start(model, "organism", "127.0.0.1", 0)) {
            GatewayConfig config = GatewayConfig.builder(URI.create("http://127.0.0.1:" + server.port() + "/v1")).port(0)
                    .dataDir(work).adminToken(TOKEN).seed(1).build();
            try (Gateway gateway = Gateway.start(config, detectors); HttpClient http = HttpClient.newHttpClient()) {
                int sent = 0;
                for (int s = 0; s < sets.size(); s++) {
                    for (String request : sets.get(s).requests()) {
                        var body = Json.MAPPER.createObjectNode().put("model", "organism");
                        body.putArray("messages").addObject().put("role", "user").put("content", request);
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                                .header("X-Probation-Tag", "set-" + s).POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("the gateway answered " + response.statusCode() + ": " + response.body());
                        }
                        sent++;
                    }
                }
                while (gateway.pending() > 0 || gateway.store().exchanges(ExchangeQuery.latest(1)).total() < sent) {
                    Thread.sleep(50);
                }
                Map<String, Tally> tallies = new LinkedHashMap<>();
                sets.forEach(set -> tallies.put(set.name(), new Tally()));
                for (int offset = 0; offset < sent; offset += ExchangeQuery.MAX_LIMIT) {
                    for (Exchange exchange : gateway.store().exchanges(new ExchangeQuery(ExchangeQuery.MAX_LIMIT, offset,
                            Exchange.Kind.LIVE, null, null, null, null, null)).items()) {
                        int set = Integer.parseInt(exchange.clientTag().substring("set-".length()));
                        tallies.get(sets.get(set).name()).add(exchange);
                    }
                }
                return tallies;
            }
        }
    }
}
