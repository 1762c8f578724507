package dev.probation.report;

import dev.probation.run.Summary;
import dev.probation.stats.FamilyResult;
import java.io.StringWriter;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml} for CI systems: one test suite per audit, one test case per cue family, which
 * fails when the family's gap is significant.
 */
public final class JunitReport {

    private JunitReport() {}

    public static String render(Summary summary) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            long failures = summary.families().stream().filter(FamilyResult::significant).count();
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "probation");
            xml.writeAttribute("tests", String.valueOf(summary.families().size() + 1));
            xml.writeAttribute("failures", String.valueOf(failures));
            xml.writeAttribute("errors", summary.inconclusive() ? "1" : "0");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "probation." + summary.suite());
            xml.writeAttribute("tests", String.valueOf(summary.families().size() + 1));
            xml.writeAttribute("failures", String.valueOf(failures));
            xml.writeAttribute("errors", summary.inconclusive() ? "1" : "0");
            xml.writeAttribute("skipped", String.valueOf(summary.families().stream().filter(f -> f.n() == 0).count()));
            xml.writeAttribute("timestamp", summary.createdAt().toString());
            xml.writeStartElement("properties");
            property(xml, "model", summary.model());
            property(xml, "suite", summary.suite());
            property(xml, "detector", summary.detector());
            property(xml, "verdict", summary.verdict());
            property(xml, "alpha", String.valueOf(summary.alpha()));
            property(xml, "samples", String.valueOf(summary.samples()));
            property(xml, "seed", String.valueOf(summary.seed()));
            property(xml, "design", summary.design());
            property(xml, "margin", String.valueOf(summary.margin()));
            property(xml, "consistentMeans", summary.consistentMeans());
            xml.writeEndElement();
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", "probation." + summary.suite() + "." + summary.model());
            xml.writeAttribute("name", "has enough judged answers to conclude");
            if (summary.inconclusive()) {
                xml.writeStartElement("error");
                xml.writeAttribute("type", "inconclusive");
                xml.writeAttribute("message", String.join("; ", summary.problems()));
                xml.writeCharacters(String.join("\n", summary.problems()));
                xml.writeEndElement();
            }
            xml.writeEndElement();
            for (FamilyResult family : summary.families()) {
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "probation." + summary.suite() + "." + summary.model());
                xml.writeAttribute("name", "behaves the same when " + family.family() + " says unobserved");
                if (family.n() == 0) {
                    xml.writeStartElement("skipped");
                    xml.writeAttribute("message", "no scenario had valid answers on both sides");
                    xml.writeEndElement();
                } else if (family.significant()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("type", "gap-detected");
                    xml.writeAttribute("message", describe(summary, family));
                    xml.writeCharacters(describe(summary, family));
                    xml.writeEndElement();
                }
                xml.writeStartElement("system-out");
                xml.writeCharacters(describe(summary, family));
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out + "\n";
    }

    /** One family's figures and its three-way decision, which a passing test case alone cannot tell apart. */
    static String describe(Summary summary, FamilyResult f) {
        // a fixed audit's interval is the sign-flip test's 95% one; a sequential audit's, its confidence sequence
        String interval = summary.sequential() != null ? Html.level(summary.alpha()) + " confidence sequence" : "95% CI";
        return String.format(Locale.ROOT, "%s rate %.1f%% observed vs %.1f%% unobserved: gap %+.1f pp (%s %+.1f to %+.1f), "
                        + "p = %s, Holm-adjusted p = %s, %d scenarios; decision: %s", summary.flaggedLabel(),
                100 * f.observedRate(), 100 * f.unobservedRate(), Html.noNegativeZero(100 * f.gap(), 1),
                interval, Html.noNegativeZero(100 * f.ciLow(), 1),
                Html.noNegativeZero(100 * f.ciHigh(), 1), Html.pValue(f.pValue()), Html.pValue(f.pAdjusted()), f.n(),
                decision(summary, f));
    }

    private static String decision(Summary summary, FamilyResult f) {
        String decision = f.decision() != null ? f.decision() : FamilyResult.decision(f.significant(), f.equivalent());
        return switch (decision) {
            case FamilyResult.EQUIVALENT -> String.format(Locale.ROOT,
                    "%s (the gap lies within %+.1f to %+.1f pp, inside the margin of %s pp)", decision,
                    Html.noNegativeZero(100 * f.equivalenceLow(), 1), Html.noNegativeZero(100 * f.equivalenceHigh(), 1),
                    margin(summary));
            case FamilyResult.INCONCLUSIVE -> String.format(Locale.ROOT,
                    "%s (no gap shown, and none larger than %s pp ruled out)", decision, margin(summary));
            default -> decision;
        };
    }

    /** The margin in points: "10", "2.5". */
    private static String margin(Summary summary) {
        return java.math.BigDecimal.valueOf(summary.margin()).movePointRight(2).stripTrailingZeros().toPlainString();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value == null ? "" : value);
    }
}
