package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Sink;
import java.util.List;
import java.util.Set;

/**
 * Java file-system sinks (CWE-22), known by the type a constructor creates ({@link JavaTypes}), not by
 * its name: java.io streams, readers and writers, {@code java.io.File} itself, and the static methods
 * of {@code java.nio.file.Files}, written with simple or qualified names. A {@code File} built from
 * request text is the finding, as in FindSecBugs and CodeQL: what opens it may lie in another method
 * or a library. When JavaParser cannot type the code, the simple name decides, as before types.
 */
final class JavaFiles {

    /** JDK types whose constructor opens the file its first argument names. */
    private static final Set<String> OPENERS = Set.of("java.io.FileInputStream", "java.io.FileOutputStream",
            "java.io.FileReader", "java.io.FileWriter", "java.io.RandomAccessFile", "java.io.PrintWriter",
            "java.util.zip.ZipFile", "java.util.jar.JarFile");
    private static final String FILE = "java.io.File";
    /** Library types without stubs (Spring resources): by name only. */
    private static final Set<String> LIBRARY_OPENERS = Set.of("FileSystemResource", "UrlResource");
    private static final Set<String> FILES_METHODS = Set.of("readAllBytes", "readString", "readAllLines", "lines",
            "newInputStream", "newOutputStream", "newBufferedReader", "newBufferedWriter", "newByteChannel", "write",
            "writeString", "delete", "deleteIfExists", "copy", "move", "list", "walk", "size", "newDirectoryStream");

    private JavaFiles() {
    }

    static void call(Call call, Scope scope) {
        if (call.constructor()) {
            constructor(call, scope);
        } else if (JavaRules.staticCall(call, "java.nio.file.Files", call.name())
                && (FILES_METHODS.contains(call.name()) || call.name().startsWith("create"))) {
            paths(call, scope); // Files.copy(in, target): the path may be any argument
        } else if (Rules.nameIs(call, "transferTo") && call.arg(0) != null) {
            sink(call, call.arg(0), scope);
        }
    }

    private static void constructor(Call call, Scope scope) {
        String simple = Rules.lastSegment(call.callee());
        if (!simple.equals("File") && OPENERS.stream().noneMatch(o -> o.endsWith("." + simple))) {
            if (LIBRARY_OPENERS.contains(simple)) {
                sink(call, call.arg(0), scope);
            }
            return; // resolving types parses the file again: only for the names that may be sinks
        }
        String type = JavaRules.constructedType(call, scope);
        if (type == null ? simple.equals("File") : type.equals(FILE)) {
            if (!checksBaseFolder(scope)) {
                anyArgument(call, call.args(), scope); // new File(parent, child), new File(uri)
            }
        } else if ((type == null || OPENERS.contains(type)) && !descriptor(call.arg(0), scope)) { // an opener's name: its type, when known, decides
            sink(call, call.arg(0), scope);
        }
    }

    /** {@code new FileOutputStream(in.getFD())}: a stream on a file already open, no path. */
    private static boolean descriptor(Node arg, Scope scope) {
        Call call = arg == null ? null : scope.syntax().call(arg);
        return call != null && Rules.nameIs(call, "getFD") && call.args().isEmpty();
    }

    /**
     * The arguments of a {@code Files} method that may be paths: every one whose type is unknown or {@code Path}. The
     * others are what is written or copied ({@code Files.write(target, bytes)}, {@code Files.copy(stream, target)}):
     * file contents are untrusted under the local threat model, but they name no file.
     */
    private static void paths(Call call, Scope scope) {
        List<Node> paths = new java.util.ArrayList<>();
        for (int i = 0; i < call.args().size(); i++) {
            String type = JavaRules.argumentType(call, i, scope);
            if (type == null || type.equals("java.nio.file.Path")) {
                paths.add(call.arg(i));
            }
        }
        anyArgument(call, paths, scope);
    }

    /**
     * Whether the method resolves a path and compares it with a base folder ({@code getCanonicalFile()}
     * then {@code startsWith(base)}): the File it builds is the candidate being checked, and the calls
     * that open it are sinks the check covers.
     */
    private static boolean checksBaseFolder(Scope scope) {
        return scope.functionFinds("getCanonical(?:Path|File)\\(|toRealPath\\(|normalize\\(") && scope.functionFinds("\\.startsWith\\(");
    }

    /** Whether a path is built from the arguments: {@code Paths.get(dir, name)}, {@code Path.of(..)}, {@code new File(dir, name)}. */
    static boolean composes(Call call) {
        return call.args().size() > 1 && (call.constructor() && Rules.nameIs(call, "File")
                || JavaRules.staticCall(call, "java.nio.file.Paths", "get") || JavaRules.staticCall(call, "java.nio.file.Path", "of"));
    }

    private static void anyArgument(Call call, List<Node> args, Scope scope) {
        for (Node arg : args) {
            if (sink(call, arg, scope)) {
                break;
            }
        }
    }

    private static boolean sink(Call call, Node arg, Scope scope) {
        return scope.sink(Sink.PATH, arg, "CWE-22", "java.path-traversal", call.node(), call.callee() + "()", false);
    }
}
