package dev.probation.organisms;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers a pure function's results for the texts it was last asked about. Organisms read the
 * same prompts again and again (every simulated audit repeats the suite's scenarios), and reading
 * one is dozens of regular expressions. Bounded: when full it forgets everything and starts over,
 * which keeps it simple and thread-safe without holding stale entries forever.
 */
final class Memo<K, V> {

    private final Map<K, V> values = new ConcurrentHashMap<>();
    private final Function<K, V> function;
    private final int capacity;

    Memo(Function<K, V> function, int capacity) {
        this.function = function;
        this.capacity = capacity;
    }

    V get(K key) {
        V value = values.get(key);
        if (value == null) {
            value = function.apply(key);
            if (values.size() >= capacity) {
                values.clear();
            }
            values.put(key, value);
        }
        return value;
    }
}
