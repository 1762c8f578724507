package dev.probation.util;

/**
 * Escapes text for the HTML and SVG Probation writes, so that a model's answer or a model name shown in
 * a report stays text (internal; not part of the API).
 */
public final class HtmlText {

    private HtmlText() {}

    /** {@code <}, {@code >}, {@code &} and both quotes as entities: safe in element text and attribute values. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
