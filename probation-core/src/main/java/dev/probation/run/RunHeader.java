package dev.probation.run;

import dev.probation.scenario.CueFamily;
import dev.probation.scenario.Suite;
import java.time.Instant;
import java.util.List;

/**
 * The first line of a run log: format and version, the tool that wrote it, the audit's settings,
 * and the full suite and cue families, so that a run can be re-scored and reported on its own.
 */
public record RunHeader(
        String format,
        int version,
        Instant createdAt,
        String tool,
        AuditConfig config,
        Suite suite,
        List<CueFamily> families) {

    public static final String FORMAT = "probation-run";
    public static final int VERSION = 1;

    public static RunHeader of(AuditConfig config, Suite suite, List<CueFamily> families) {
        return new RunHeader(FORMAT, VERSION, Instant.now(), "probation " + Version.current(), config, suite, families);
    }
}
