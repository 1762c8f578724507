package dev.probation.bench;

import java.io.IOException;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/** SpotBugs' XML report ({@code -xml:withMessages}), as the OWASP and Juliet scorers read it. */
public final class SpotBugsXml {

    private SpotBugsXml() {}

    /** The report's {@code <BugCollection>} root, parsed without DTDs; a clear error naming the file otherwise. */
    public static Element bugCollection(Path report) throws IOException {
        Element root;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            root = factory.newDocumentBuilder().parse(report.toFile()).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalArgumentException(report + ": not a SpotBugs XML report: " + e.getMessage(), e);
        }
        if (!root.getTagName().equals("BugCollection")) {
            throw new IllegalArgumentException(report + ": root element is <" + root.getTagName() + ">, expected <BugCollection>");
        }
        return root;
    }
}
