package dev.probation.gateway;

import java.util.List;

/** One page of a query and the number of exchanges that match it in all. */
public record Page(long total, List<Exchange> items) {
    public Page {
        items = List.copyOf(items);
    }
}
