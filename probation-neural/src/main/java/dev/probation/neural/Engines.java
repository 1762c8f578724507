package dev.probation.neural;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** DJL's engine settings: Probation never downloads a native library; the bundled CPU libtorch is used. */
final class Engines {

    private Engines() {}

    static void offline() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    /**
     * Sets PyTorch's intra-op threads for this process (loading the engine if needed). PyTorch defaults to
     * one per core, and each count splits its sums differently, so a training run pins the count its spec
     * names instead: the same spec then gives the same weights on a machine with other cores.
     */
    static void threads(int threads) {
        offline();
        Engine.getEngine("PyTorch");
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }
}
