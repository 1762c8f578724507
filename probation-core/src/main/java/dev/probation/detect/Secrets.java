package dev.probation.detect;

/** Whether a literal assigned to a credential-like name looks like a real secret. */
final class Secrets {

    private Secrets() {}

    /**
     * Password-like names count with any value of six characters or more; generic "key" names
     * ({@code OWM_KEY}, {@code cache_key}) only when the value looks random: long, with letters and digits.
     */
    static boolean looksSecret(String name, String value) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.matches(".*(?:password|passwd|pwd|secret|token|api_?key|apikey|access_?key|private_?key).*")) {
            return value.length() >= 6;
        }
        return value.length() >= 16 && value.matches(".*\\d.*") && value.matches(".*[A-Za-z].*") && !value.contains(" ");
    }
}
