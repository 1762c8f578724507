package dev.probation.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds detectors by name through the {@link DetectorProvider}s on the class path. */
public final class Detectors {

    private Detectors() {}

    public static List<DetectorProvider> providers() {
        List<DetectorProvider> providers = new ArrayList<>();
        ServiceLoader.load(DetectorProvider.class).forEach(providers::add);
        return providers;
    }

    /**
     * Creates the named detector.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Detector create(String name, DetectorOptions options) {
        for (DetectorProvider provider : providers()) {
            if (provider.name().equals(name)) {
                return provider.create(options);
            }
        }
        throw new IllegalArgumentException("unknown detector '" + name + "'; available: "
                + String.join(", ", providers().stream().map(DetectorProvider::name).toList()));
    }
}
