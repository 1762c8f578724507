package dev.probation.bench.owasp;

/** One line of the Benchmark's expected results: a test servlet, its category and whether it is really vulnerable. */
public record TestCase(String name, Category category, boolean real) {
}
