package dev.probation.neural;

/** DJL's engine settings: Probation never downloads a native library; the bundled CPU libtorch is used. */
final class Engines {

    private Engines() {}

    static void offline() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }
}
