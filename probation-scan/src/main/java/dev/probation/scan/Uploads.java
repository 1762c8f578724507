package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Call;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CWE-434, unrestricted upload: an uploaded file saved under the name its sender chose, in a
 * function (or, for multer, a file) that never checks the name's extension or the file's type. A
 * server that then serves or runs that folder runs {@code shell.php} or serves {@code evil.html}.
 * {@code secure_filename} and {@code basename} keep the name inside the folder (CWE-22) but keep its
 * extension, so they do not count as a check; a name the server makes ({@code uuid4().hex}) and any
 * allow-list, extension test or type check do.
 * <ul>
 *   <li>Python: werkzeug {@code file.save(dst)} with dst built from {@code file.filename}, Django
 *       {@code UploadedFile.name} reaching {@code open(..., 'wb')} or a storage's {@code save(name, f)};</li>
 *   <li>Java: {@code Part.getSubmittedFileName()}, Spring {@code getOriginalFilename()} and
 *       commons-fileupload {@code FileItem.getName()} reaching {@code write}, {@code transferTo},
 *       {@code Files.copy}/{@code write} or a {@code FileOutputStream};</li>
 *   <li>JavaScript: multer's {@code diskStorage} naming files after {@code file.originalname} with no
 *       {@code fileFilter}, express-fileupload's {@code file.mv(...)} and {@code fs} writes under the
 *       uploaded name.</li>
 * </ul>
 */
final class Uploads {

    static final String CWE = "CWE-434";
    /** An allow-list, an extension test or a type check. */
    private static final Pattern TYPE_CHECK = Pattern.compile("(?i)allowed|\\.endswith\\(|mimetype|content_?type|mimetypes|"
            + "imghdr|filetype|\\bmagic\\b|probeContentType|\\btika\\b|fileFilter|extensions|allow_?list|white_?list|"
            + "\\bext\\s+(?:not\\s+)?in\\b|\\bsuffix\\s+(?:not\\s+)?in\\b|\\.(?:includes|contains|has)\\(\\s*(?:ext|extension|suffix)");
    private static final Set<String> JAVA_WRITES = Set.of("write", "transferTo", "copy", "FileOutputStream", "writeString");
    private static final Set<String> JS_WRITES = Set.of("writeFile", "writeFileSync", "rename", "renameSync", "copyFile",
            "copyFileSync", "createWriteStream", "mv");

    private Uploads() {}

    static void call(Call call, Scope scope) {
        switch (scope.syntax().tree.language()) {
            case PYTHON -> python(call, scope);
            case JAVA -> java(call, scope);
            case JAVASCRIPT, TYPESCRIPT -> js(call, scope);
        }
    }

    private static void python(Call call, Scope scope) {
        Node name = null;
        if (Rules.nameIs(call, "save") && call.receiver() != null && call.args().size() == 1) {
            name = call.arg(0); // werkzeug FileStorage.save(dst)
        } else if (Rules.nameIs(call, "save") && call.receiver() != null && call.args().size() == 2) {
            name = call.arg(0); // Django storage.save(name, content)
        } else if (Rules.calleeIs(call, "open", "io.open", "aiofiles.open") && call.arg(1) != null
                && scope.text(call.arg(1)).matches("[rbuRBU]*['\"][^'\"]*[wax][^'\"]*['\"]")) {
            name = call.arg(0);
        }
        if (name != null && fromUploadedName(name, scope, "request.files", "request.FILES") && !traversal(name, scope)) {
            report(call, scope, "python.unrestricted-upload");
        }
    }

    private static void java(Call call, Scope scope) {
        if (!JAVA_WRITES.contains(call.name()) || call.name().equals("FileOutputStream") && !call.constructor()) {
            return;
        }
        for (Node arg : call.args()) {
            boolean pathSink = !call.name().equals("write") || Rules.calleeIs(call, "Files.write");
            if ((fromUploadedName(arg, scope, "getSubmittedFileName", "getOriginalFilename") || fileItemName(arg, scope))
                    && !(pathSink && traversal(arg, scope))) {
                report(call, scope, "java.unrestricted-upload");
                return;
            }
        }
    }

    /** commons-fileupload: {@code item.getName()} in the path, directly or through a variable assigned from it. */
    private static boolean fileItemName(Node arg, Scope scope) {
        if (!scope.syntax().tree.finds("FileItem")) {
            return false;
        }
        String text = scope.text(arg);
        if (text.contains(".getName()")) {
            return !text.matches("(?s).*(?:getFile|new File\\([^)]*\\))\\.getName\\(\\).*");
        }
        Set<String> names = new HashSet<>();
        var m = Pattern.compile("\\b(\\w+)\\s*=\\s*(?:[\\w.]+\\()?\\w+\\.getName\\(\\)").matcher(scope.functionText());
        while (m.find()) {
            names.add(m.group(1));
        }
        for (String n : names) {
            if (Pattern.compile("\\b" + Pattern.quote(n) + "\\b").matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    private static void js(Call call, Scope scope) {
        if (!JS_WRITES.contains(call.name())) {
            return;
        }
        Node target = Rules.nameIs(call, "writeFile", "writeFileSync", "createWriteStream", "mv") ? call.arg(0) : call.arg(1);
        if (target != null && scope.text(target).matches("(?s).*\\b(?:originalname|name)\\b.*")
                && fromUploadedName(target, scope, "req.file", "req.files", "request.file", "request.files")
                && !(target == call.arg(0) && !Rules.nameIs(call, "mv") && traversal(target, scope))) {
            report(call, scope, "js.unrestricted-upload");
        }
    }

    /**
     * Whether the sender's name reaches a path sink unconfined, so that the path traversal rule (CWE-22)
     * reports it: writing anywhere includes the upload folder, and one finding says it. CWE-434 is for
     * the name that {@code secure_filename}, {@code basename} or {@code getFileName} confined, whose
     * extension is still the sender's.
     */
    private static boolean traversal(Node name, Scope scope) {
        return scope.taint(name).withoutConfig().toward(Taint.Sink.PATH).external();
    }

    /** Whether the expression carries data from one of these upload origins. */
    private static boolean fromUploadedName(Node name, Scope scope, String... origins) {
        for (Taint.Origin o : scope.taint(name).origins()) {
            for (String origin : origins) {
                if (o.what().startsWith(origin) || o.what().endsWith(origin + "()")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void report(Call call, Scope scope, String rule) {
        if (scope.functionFinds(TYPE_CHECK.pattern())) {
            return;
        }
        scope.report(CWE, rule, call.node(), "an uploaded file is saved under the name its sender chose, and neither its "
                + "extension nor its type is checked; check both against an allow-list, or name it yourself");
    }

    /** multer: {@code diskStorage({ filename: (req, file, cb) => cb(null, file.originalname) })} and no fileFilter in the file. */
    static void file(Flow flow) {
        if (flow.tree.language() == Language.PYTHON || flow.tree.language() == Language.JAVA || !flow.tree.finds("diskStorage")
                || flow.tree.finds(TYPE_CHECK.pattern())) {
            return;
        }
        multer(flow.tree.root(), flow);
    }

    private static void multer(Node node, Flow flow) {
        if (Tree.is(node, "pair", "method_definition")) {
            Node key = Tree.field(node, Tree.is(node, "pair") ? "key" : "name");
            if (key != null && flow.tree.text(key).replaceAll("['\"]", "").equals("filename")
                    && flow.tree.text(node).matches("(?s).*\\boriginalname\\b.*")) {
                flow.report(CWE, flow.tree.language().id() + ".unrestricted-upload", node, "multer stores uploads under the "
                        + "sender's file name and has no fileFilter, so any type is accepted; add a fileFilter with an allow-list");
                return;
            }
        }
        for (Node child : Tree.named(node)) {
            multer(child, flow);
        }
    }
}
