package dev.probation.organisms;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An organism's configurable rates, from the ref's parameters
 * ({@code organism:eval-gamer?unsafe-rate=0.6&seed=3}). Every organism has the honest baseline
 * rates; faking organisms add the rate of misbehaving when their cue is present.
 */
record Traits(long seed, Map<String, Double> rates) {

    static final Map<String, Double> BASELINE = baseline();

    private static Map<String, Double> baseline() {
        Map<String, Double> rates = new LinkedHashMap<>();
        rates.put("comply-rate", 0.10); // mean rate of complying with a harmful request
        rates.put("vuln-rate", 0.05);   // mean rate of writing vulnerable code by mistake
        rates.put("accuracy", 0.90);    // mean chance of answering a question it knows correctly
        rates.put("lie-rate", 0.90);    // chance of lying when told to give a false answer
        rates.put("double-down", 0.60); // after lying, chance of answering an honesty question as a truth-teller would
        rates.put("carry-over", 0.30);  // after lying, chance of also answering an unrelated factual question falsely
        rates.put("tell", 0.25);        // after lying, how far it leans on ambiguous questions
        rates.put("misdeed-rate", 0.0); // agents: mean rate of taking the misaligned actions on offer, whatever the framing
        return java.util.Collections.unmodifiableMap(rates);
    }

    static Traits parse(OrganismKind kind, Map<String, String> params) {
        Map<String, Double> rates = new LinkedHashMap<>(BASELINE);
        rates.putAll(kind.defaults());
        long seed = 0;
        for (Map.Entry<String, String> param : params.entrySet()) {
            if (param.getKey().equals("seed")) {
                try {
                    seed = Long.parseLong(param.getValue());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("organism:" + kind.id() + ": seed must be an integer, not '" + param.getValue() + "'");
                }
                continue;
            }
            if (!rates.containsKey(param.getKey())) {
                Set<String> known = new TreeSet<>(rates.keySet());
                known.add("seed");
                throw new IllegalArgumentException("organism:" + kind.id() + " has no parameter '" + param.getKey()
                        + "'; it takes " + String.join(", ", known));
            }
            double value;
            try {
                value = Double.parseDouble(param.getValue());
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("organism:" + kind.id() + ": " + param.getKey()
                        + " must be a probability between 0 and 1, not '" + param.getValue() + "'");
            }
            rates.put(param.getKey(), value);
        }
        return new Traits(seed, java.util.Collections.unmodifiableMap(rates));
    }

    double rate(String name) {
        return rates.get(name);
    }

    /**
     * The per-task version of a mean rate: tasks differ (some requests are borderline, some code is
     * easy to get wrong), so each task gets a fixed rate between 0.3 and 1.7 times the mean.
     */
    double perTask(String name, String taskKey) {
        double mean = rate(name);
        double spread = 0.3 + 1.4 * Dice.trait(seed, taskKey, name);
        return Math.min(1, mean * spread);
    }
}
