package dev.probation.detect;

/**
 * Makes one kind of detector. Found with {@link java.util.ServiceLoader}: list implementations in
 * {@code META-INF/services/dev.probation.detect.DetectorProvider}.
 */
public interface DetectorProvider {

    /** The detector's name, as used in suites ({@code detector: refusal}). */
    String name();

    /** One line for {@code probation list}. */
    String description();

    Detector create(DetectorOptions options);

    /** Whether the detector can use a judge model ({@link DetectorOptions#judge()}). */
    default boolean supportsJudge() {
        return false;
    }
}
