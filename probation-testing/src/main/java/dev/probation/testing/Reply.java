package dev.probation.testing;

/** What {@link FakeModelServer} answers: the text, and reasoning sent the way each API sends it. */
public record Reply(String text, String reasoning) {

    public static Reply text(String text) {
        return new Reply(text, "");
    }
}
