package dev.probation.scan;

import dev.probation.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes scan results as text for people, JSON for scripts, or SARIF 2.1.0 for code-scanning tools and IDEs. */
public final class ScanReport {

    /** The output formats of {@code probation scan-code}. */
    public enum Format { TEXT, JSON, SARIF }

    private static final String INFORMATION_URI = "https://github.com/probation-dev/probation";

    private final List<CodeScanner.Result> results;
    private final String version;
    private final ThreatModel threat;

    public ScanReport(List<CodeScanner.Result> results, String version) {
        this(results, version, ThreatModel.REMOTE);
    }

    /** {@code threat}: the threat model the results were scanned with, recorded in the report. */
    public ScanReport(List<CodeScanner.Result> results, String version, ThreatModel threat) {
        this.results = List.copyOf(results);
        this.version = version == null ? "dev" : version;
        this.threat = java.util.Objects.requireNonNull(threat, "threat");
    }

    public List<Finding> findings() {
        return results.stream().flatMap(r -> r.findings().stream()).toList();
    }

    /** Whether an input could not be scanned at all. */
    public boolean hasErrors() {
        return results.stream().anyMatch(r -> r.error() != null);
    }

    /** Whether every input was scanned in full; if not, the errors and warnings say what was not. */
    public boolean complete() {
        return results.stream().allMatch(CodeScanner.Result::complete);
    }

    public String render(Format format) {
        return switch (format) {
            case TEXT -> text();
            case JSON -> Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json()) + "\n";
            case SARIF -> Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(sarif()) + "\n";
        };
    }

    /** One line per finding, compiler style, then warnings and a summary line. */
    String text() {
        StringBuilder out = new StringBuilder();
        for (Finding f : findings()) {
            out.append(String.format(Locale.ROOT, "%s:%d:%d: %s %s [%s]%n    %s%n    %s%n", f.file(), f.line(), f.column(), f.cwe(),
                    f.title(), f.rule(), f.expression(), f.message()));
        }
        for (CodeScanner.Result r : results) {
            r.warnings().forEach(w -> out.append(r.file()).append(": warning: ").append(w).append('\n'));
            if (r.error() != null) {
                out.append(r.file()).append(": error: ").append(r.error()).append('\n');
            }
        }
        int findings = findings().size();
        long errors = results.stream().filter(r -> r.error() != null).count();
        long partly = results.stream().filter(r -> r.error() == null && !r.complete()).count();
        long files = results.size() - errors;
        out.append(String.format(Locale.ROOT, "%d finding%s in %d file%s", findings, findings == 1 ? "" : "s", files,
                files == 1 ? "" : "s"));
        if (partly > 0) {
            out.append(String.format(Locale.ROOT, "; %d scanned only in part", partly));
        }
        if (errors > 0) {
            out.append(String.format(Locale.ROOT, "; %d not scanned", errors));
        }
        if (threat != ThreatModel.REMOTE) {
            out.append("; threat model ").append(threat.id());
        }
        return out.append('\n').toString();
    }

    ObjectNode json() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("tool", "probation");
        root.put("version", version);
        root.put("files", results.size());
        root.put("complete", complete());
        root.put("threatModel", threat.id());
        ArrayNode findings = root.putArray("findings");
        for (Finding f : findings()) {
            ObjectNode n = findings.addObject();
            n.put("cwe", f.cwe());
            n.put("title", f.title());
            n.put("rule", f.rule());
            n.put("file", f.file());
            n.put("line", f.line());
            n.put("column", f.column());
            n.put("expression", f.expression());
            n.put("message", f.message());
        }
        ArrayNode warnings = root.putArray("warnings");
        ArrayNode errors = root.putArray("errors");
        for (CodeScanner.Result r : results) {
            r.warnings().forEach(w -> warnings.addObject().put("file", r.file()).put("message", w));
            if (r.error() != null) {
                errors.addObject().put("file", r.file()).put("message", r.error());
            }
        }
        return root;
    }

    /** A SARIF 2.1.0 log with one run: one rule per rule id that fired, tagged with its CWE. */
    ObjectNode sarif() {
        ObjectNode log = Json.MAPPER.createObjectNode();
        log.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "Probation");
        driver.put("semanticVersion", version.replace("-SNAPSHOT", ""));
        driver.put("informationUri", INFORMATION_URI);
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        ArrayNode rules = driver.putArray("rules");
        for (Finding f : findings()) {
            if (!ruleIndex.containsKey(f.rule())) {
                ruleIndex.put(f.rule(), ruleIndex.size());
                String number = f.cwe().replace("CWE-", "");
                ObjectNode rule = rules.addObject();
                rule.put("id", f.rule());
                rule.put("name", camel(f.rule()));
                rule.putObject("shortDescription").put("text", f.title());
                rule.putObject("fullDescription").put("text", f.cwe() + ": " + f.title() + ", found by following untrusted data or weak settings in "
                        + f.rule().replaceAll("\\..*", "") + " code.");
                rule.put("helpUri", "https://cwe.mitre.org/data/definitions/" + number + ".html");
                rule.putObject("defaultConfiguration").put("level", "error");
                ObjectNode properties = rule.putObject("properties");
                properties.putArray("tags").add("security").add("external/cwe/cwe-" + number);
                properties.put("precision", "high");
                properties.put("security-severity", severity(f.cwe()));
            }
        }
        ArrayNode artifacts = run.putArray("artifacts");
        Map<String, Integer> artifactIndex = new LinkedHashMap<>();
        for (CodeScanner.Result r : results) {
            artifactIndex.put(r.file(), artifactIndex.size());
            artifacts.addObject().putObject("location").put("uri", uri(r.file()));
        }
        ArrayNode out = run.putArray("results");
        for (Finding f : findings()) {
            ObjectNode result = out.addObject();
            result.put("ruleId", f.rule());
            result.put("ruleIndex", ruleIndex.get(f.rule()));
            result.put("level", "error");
            result.putObject("message").put("text", f.cwe() + " " + f.title() + ": " + f.message());
            ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
            ObjectNode artifact = physical.putObject("artifactLocation");
            artifact.put("uri", uri(f.file()));
            Integer index = artifactIndex.get(f.file());
            if (index != null) {
                artifact.put("index", index);
            }
            ObjectNode region = physical.putObject("region");
            region.put("startLine", f.line());
            region.put("startColumn", f.column());
            region.putObject("snippet").put("text", f.expression());
            result.putObject("partialFingerprints").put("primaryLocationLineHash/v1", Integer.toHexString((f.rule() + f.expression()).hashCode()));
        }
        List<ObjectNode> notifications = new ArrayList<>();
        for (CodeScanner.Result r : results) {
            for (String w : r.warnings()) {
                notifications.add(notification("warning", r.file(), w));
            }
            if (r.error() != null) {
                notifications.add(notification("error", r.file(), r.error()));
            }
        }
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", !hasErrors());
        invocation.putObject("properties").put("threatModel", threat.id());
        ArrayNode list = invocation.putArray("toolExecutionNotifications");
        notifications.forEach(list::add);
        return log;
    }

    private static ObjectNode notification(String level, String file, String text) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("level", level);
        n.putObject("message").put("text", text);
        n.putArray("locations").addObject().putObject("physicalLocation").putObject("artifactLocation").put("uri", uri(file));
        return n;
    }

    /** A relative URI with forward slashes, as GitHub code scanning maps it to the repository. */
    static String uri(String file) {
        if (file.equals("-")) {
            return "stdin";
        }
        java.nio.file.Path path = java.nio.file.Path.of(file);
        if (path.isAbsolute()) {
            return path.toUri().toString();
        }
        String relative = path.normalize().toString().replace('\\', '/');
        try {
            return new java.net.URI(null, null, relative, null).toASCIIString(); // encodes spaces, '#', '%'...
        } catch (java.net.URISyntaxException e) {
            return relative;
        }
    }

    private static String camel(String rule) {
        StringBuilder out = new StringBuilder();
        for (String part : rule.replaceAll("^[a-z]+\\.", "").split("-")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    /** GitHub's 0-10 security severity: injections and deserialisation high, weak hashes medium. */
    private static String severity(String cwe) {
        return switch (cwe) {
            case "CWE-89", "CWE-78", "CWE-94", "CWE-502" -> "9.0";
            case "CWE-22", "CWE-611", "CWE-798" -> "7.5";
            case "CWE-79" -> "6.1";
            default -> "5.3";
        };
    }
}
