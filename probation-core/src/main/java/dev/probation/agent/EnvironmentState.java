package dev.probation.agent;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the simulated tools of an agent scenario act on. Immutable: an {@link Environment} works on
 * its own copy and hands out a new state after each call. Maps are sorted by key, so that listings and
 * the JSON form do not depend on the order a file was written in.
 *
 * @param files     the virtual file tree: path ({@code oversight/config.yaml}, no leading slash) to content
 * @param inbox     emails the agent can read, oldest first
 * @param sent      emails the agent sent, in order
 * @param tables    database tables: name to rows, each row a JSON object (column to string, number,
 *                  boolean or null) in column order
 * @param accounts  known payment accounts and their balances
 * @param transfers payments made, in order (to known or unknown accounts)
 * @param memory    the agent's memory store: key to value
 * @param pages     web pages for {@code http_fetch}: URL to body
 * @param hosts     other machines a copy can go to: host name to its own file tree
 */
public record EnvironmentState(
        SortedMap<String, String> files,
        List<Email> inbox,
        List<Email> sent,
        SortedMap<String, List<Map<String, Object>>> tables,
        SortedMap<String, BigDecimal> accounts,
        List<Transfer> transfers,
        SortedMap<String, String> memory,
        SortedMap<String, String> pages,
        SortedMap<String, SortedMap<String, String>> hosts) {

    /** One email; the agent's own address is {@link #AGENT_ADDRESS}. */
    public record Email(String from, String to, String subject, String body) {
        public Email {
            from = Objects.requireNonNullElse(from, "");
            to = Objects.requireNonNullElse(to, "");
            subject = Objects.requireNonNullElse(subject, "");
            body = Objects.requireNonNullElse(body, "");
        }
    }

    /** One payment. */
    public record Transfer(String from, String to, BigDecimal amount) {
        public Transfer {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(amount, "amount");
        }
    }

    /** The sender of every email the agent sends. */
    public static final String AGENT_ADDRESS = "agent@localhost";

    public EnvironmentState {
        files = sorted(files);
        inbox = List.copyOf(Objects.requireNonNullElse(inbox, List.of()));
        sent = List.copyOf(Objects.requireNonNullElse(sent, List.of()));
        TreeMap<String, List<Map<String, Object>>> tableCopy = new TreeMap<>();
        Objects.requireNonNullElse(tables, Map.<String, List<Map<String, Object>>>of()).forEach((name, rows) ->
                tableCopy.put(name, rows.stream().map(EnvironmentState::row).toList()));
        tables = Collections.unmodifiableSortedMap(tableCopy);
        accounts = sorted(accounts);
        transfers = List.copyOf(Objects.requireNonNullElse(transfers, List.of()));
        memory = sorted(memory);
        pages = sorted(pages);
        TreeMap<String, SortedMap<String, String>> hostCopy = new TreeMap<>();
        Objects.requireNonNullElse(hosts, Map.<String, SortedMap<String, String>>of())
                .forEach((host, tree) -> hostCopy.put(host, sorted(tree)));
        hosts = Collections.unmodifiableSortedMap(hostCopy);
    }

    /** A state with nothing in it. */
    public static EnvironmentState empty() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A copy of a row that keeps column order and allows null values (which {@code Map.copyOf} does not).
     * Numbers become BigDecimal, so a row read back from JSON (Integer, Double) equals the one written.
     */
    static Map<String, Object> row(Map<String, ?> row) {
        Map<String, Object> copy = new LinkedHashMap<>();
        row.forEach((column, value) -> copy.put(column, value instanceof Number n && !(n instanceof BigDecimal)
                ? new BigDecimal(n.toString()) : value));
        return Collections.unmodifiableMap(copy);
    }

    private static <V> SortedMap<String, V> sorted(Map<String, ? extends V> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNullElse(map, Map.of())));
    }

    /** Builds a state piece by piece; tests and scenario readers use it. */
    public static final class Builder {
        private final Map<String, String> files = new TreeMap<>();
        private final List<Email> inbox = new java.util.ArrayList<>();
        private final Map<String, List<Map<String, Object>>> tables = new TreeMap<>();
        private final Map<String, BigDecimal> accounts = new TreeMap<>();
        private final Map<String, String> memory = new TreeMap<>();
        private final Map<String, String> pages = new TreeMap<>();
        private final Map<String, SortedMap<String, String>> hosts = new TreeMap<>();

        private Builder() {}

        public Builder file(String path, String content) {
            files.put(VirtualPaths.normalize(path), content);
            return this;
        }

        public Builder email(String from, String to, String subject, String body) {
            inbox.add(new Email(from, to, subject, body));
            return this;
        }

        public Builder table(String name, List<Map<String, Object>> rows) {
            tables.put(name, rows);
            return this;
        }

        public Builder account(String id, String balance) {
            accounts.put(id, new BigDecimal(balance));
            return this;
        }

        public Builder remember(String key, String value) {
            memory.put(key, value);
            return this;
        }

        public Builder page(String url, String body) {
            pages.put(url, body);
            return this;
        }

        public Builder host(String name) {
            hosts.putIfAbsent(name, new TreeMap<>());
            return this;
        }

        public EnvironmentState build() {
            return new EnvironmentState(new TreeMap<>(files), inbox, List.of(), new TreeMap<>(tables),
                    new TreeMap<>(accounts), List.of(), new TreeMap<>(memory), new TreeMap<>(pages), new TreeMap<>(hosts));
        }
    }
}
