package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Call;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CWE-22 through archives ("tar slip"). {@code tarfile}'s {@code extractall}/{@code extract} write
 * each member where its name points, {@code ../} and absolute paths and links included, unless given
 * {@code filter='data'} (or {@code 'tar'}, Python 3.12 and the security releases of 3.8 to 3.11; the
 * default from 3.14 only); so does {@code shutil.unpack_archive} on a tar. Extraction counts as
 * checked when the function (or a helper it calls) compares each member's resolved path with the
 * target folder ({@code realpath}/{@code resolve()} then {@code startswith}/{@code commonpath}/...).
 * {@code zipfile}'s {@code extract}/{@code extractall} strip {@code ..} and absolute paths and are
 * not reported; a zip extracted by hand is a path traversal when the member names reach
 * {@code open} (they are untrusted input, see {@link PythonRules#callSource}).
 */
final class PythonArchives {

    private static final String CWE = "CWE-22";
    private static final String RULE = "python.tar-slip";
    /** A member's path resolved and compared with the target folder. */
    private static final Pattern MEMBER_CHECK = Pattern.compile(
            "(?s)(?=.*(?:realpath|abspath|normpath|\\.resolve\\(\\s*\\)))(?=.*(?:startswith|commonpath|commonprefix|is_relative_to|relative_to)).*");

    private Set<String> checkingHelpers;

    void call(Call call, Scope scope, PythonImports imports) {
        String callee = imports.qualify(call.callee());
        if (callee.equals("shutil.unpack_archive") && call.arg(0) != null && !call.keywords().containsKey("filter")) {
            String archive = Rules.literal(call.arg(0), scope);
            if (archive == null || !archive.endsWith(".zip")) {
                report(call, scope, "shutil.unpack_archive() without filter='data'");
            }
            return;
        }
        if (!Rules.nameIs(call, "extractall", "extract") || call.receiver() == null || !isTar(call.receiver(), scope)) {
            return;
        }
        Node filter = call.keywords().get("filter");
        if (filter != null && !scope.text(filter).contains("fully_trusted")) {
            return; // 'data', 'tar', or the file's own filter
        }
        if (filter == null && (scope.syntax().tree.finds("\\.extraction_filter\\s*=") || checked(scope))) {
            return;
        }
        report(call, scope, call.callee() + "()" + (filter == null ? " without filter='data'" : " with filter=" + scope.text(filter)));
    }

    private static void report(Call call, Scope scope, String what) {
        scope.report(CWE, RULE, call.node(), what + " writes each member where its name points: '../' or absolute names and links "
                + "escape the target folder; pass filter='data' (Python 3.12+) or check each member's resolved path");
    }

    /** Whether the receiver is a tar archive: {@code tarfile.open(...)} inline, or a name this file binds to one. */
    private static boolean isTar(Node receiver, Scope scope) {
        String text = scope.text(receiver);
        if (text.matches("(?s).*(?:tarfile\\.|TarFile\\b).*")) {
            return true;
        }
        if (text.matches("(?s).*(?:zipfile\\.|ZipFile\\b).*") || !text.matches("[\\w.]+")) {
            return false;
        }
        Tree tree = scope.syntax().tree;
        String name = Pattern.quote(text);
        if (tree.finds("(?<![\\w.])" + name + "\\s*=\\s*(?:zipfile\\.)?ZipFile\\(|ZipFile\\([^\\n]*\\)\\s+as\\s+" + name + "\\b")) {
            return false;
        }
        return tree.finds("(?<![\\w.])" + name + "\\s*=\\s*(?:tarfile\\.|TarFile\\b)|(?:tarfile\\.|TarFile\\b)[^\\n]*\\)\\s+as\\s+" + name + "\\b")
                || tree.finds("\\btarfile\\b") && !tree.finds("\\bzipfile\\b|\\bZipFile\\b");
    }

    /** Whether the function checks members itself, or calls a helper of this file that does. */
    private boolean checked(Scope scope) {
        if (MEMBER_CHECK.matcher(scope.functionText()).matches()) {
            return true;
        }
        for (String helper : checkingHelpers(scope)) {
            if (scope.functionFinds("\\b" + Pattern.quote(helper) + "\\s*\\(")) {
                return true;
            }
        }
        return false;
    }

    private Set<String> checkingHelpers(Scope scope) {
        if (checkingHelpers == null) {
            checkingHelpers = new HashSet<>();
            collectHelpers(scope.syntax().tree.root(), scope.syntax());
        }
        return checkingHelpers;
    }

    private void collectHelpers(Node node, Syntax syntax) {
        if (syntax.isFunction(node) && Tree.is(node, "function_definition") && MEMBER_CHECK.matcher(syntax.tree.text(node)).matches()) {
            checkingHelpers.add(syntax.functionName(node));
        }
        for (Node child : Tree.named(node)) {
            collectHelpers(child, syntax);
        }
    }
}
