package dev.probation.scan;

import dev.probation.scan.Syntax.Call;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the names in one file stand for, as far as models need to know, the way the language rules
 * read them: imports in Python ({@link PythonImports}), {@code require} and {@code import} in
 * JavaScript, and for Java the receiver's type (resolved by {@link JavaTypes}, else declared in the
 * file, {@link DeclaredTypes}) or the imported class. One per file.
 */
final class ModelNames {

    private static final Pattern JAVA_IMPORT = Pattern.compile("(?m)^[ \\t]*+import[ \\t]++(static[ \\t]++)?(\\w++(?:\\.\\w++)*+)(\\.\\*)?[ \\t]*+;");
    private static final Pattern PYTHON_MODULE = Pattern.compile("(?m)^[ \\t]*+(?:from[ \\t]++([\\w.]++)[ \\t]++import|import[ \\t]++([\\w. \\t,]++)$)");
    private static final Pattern JS_REQUIRE = Pattern.compile(
            "(?:const|let|var)\\s++(?:([\\w$]++)|\\{([^}]*+)\\})\\s*+=\\s*+require\\(\\s*+['\"]([^'\"]++)['\"]\\s*+\\)");
    private static final Pattern JS_IMPORT = Pattern.compile(
            "import\\s++(?:([\\w$]++)\\s*+,?\\s*+)?(?:\\*\\s*+as\\s++([\\w$]++)\\s*+|\\{([^}]*+)\\}\\s*+)?from\\s*+['\"]([^'\"]++)['\"]");

    private final Syntax syntax;
    private final Language language;
    /** A name to what it was imported as: {@code Context} to {@code io.javalin.http.Context}, {@code db} to {@code mydb}. */
    private final Map<String, String> names = new HashMap<>();
    /** Every module or package the file imports from. */
    private final List<String> modules = new ArrayList<>();
    /** Java packages imported whole ({@code import java.sql.*;}), and java.lang: a simple class name may be in any. */
    private final List<String> packages = new ArrayList<>(List.of("java.lang"));
    private final PythonImports python;
    private final DeclaredTypes declared = new DeclaredTypes();
    private Call lastCall;
    private String lastQualified;

    ModelNames(Syntax syntax) {
        this.syntax = syntax;
        this.language = syntax.tree.language();
        String source = syntax.tree.source;
        this.python = language == Language.PYTHON ? new PythonImports(source) : null;
        switch (language) {
            case JAVA -> javaImports(source);
            case PYTHON -> pythonModules(source);
            case JAVASCRIPT, TYPESCRIPT -> jsImports(source);
        }
    }

    private void javaImports(String source) {
        Matcher m = JAVA_IMPORT.matcher(source);
        while (m.find()) {
            String name = m.group(2);
            modules.add(name);
            if (m.group(3) == null) {
                names.put(name.substring(name.lastIndexOf('.') + 1), name);
            } else if (m.group(1) == null) {
                packages.add(name);
            }
        }
    }

    private void pythonModules(String source) {
        Matcher m = PYTHON_MODULE.matcher(source);
        while (m.find()) {
            if (m.group(1) != null) {
                modules.add(m.group(1));
            } else {
                for (String item : m.group(2).split(",")) {
                    modules.add(item.strip().split("\\s+")[0]);
                }
            }
        }
    }

    private void jsImports(String source) {
        Matcher m = JS_REQUIRE.matcher(source);
        while (m.find()) {
            bindJs(m.group(1), null, m.group(2), m.group(3), "\\s*:\\s*");
        }
        m = JS_IMPORT.matcher(source);
        while (m.find()) {
            bindJs(m.group(1), m.group(2), m.group(3), m.group(4), "\\s+as\\s+");
        }
    }

    /** {@code const db = require('mydb')}, {@code import {run as r} from 'mydb'}: names for the module and its members. */
    private void bindJs(String whole, String namespace, String members, String module, String renaming) {
        modules.add(module);
        for (String name : new String[] {whole, namespace}) {
            if (name != null) {
                names.put(name, module);
            }
        }
        if (members != null) {
            for (String item : members.split(",")) {
                String[] parts = item.strip().split(renaming);
                if (!parts[0].isBlank()) {
                    names.put((parts.length == 2 ? parts[1] : parts[0]).strip(), module + "." + parts[0].strip());
                }
            }
        }
    }

    /** The dotted text with its first name replaced by what it was imported as. */
    String qualify(String dotted) {
        if (python != null) {
            return python.qualify(dotted);
        }
        int dot = dotted.indexOf('.');
        String head = dot < 0 ? dotted : dotted.substring(0, dot);
        String module = names.get(head);
        return module == null ? dotted : module + (dot < 0 ? "" : dotted.substring(dot));
    }

    /** Whether the file imports the module or package, or anything inside it. */
    boolean importsFrom(String root) {
        for (String module : modules) {
            if (module.equals(root) || module.startsWith(root + ".") || module.startsWith(root + "/")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the call matches the pattern; {@code function} is the method or lambda the call is in, or null when not known. */
    boolean matches(CallPattern pattern, Call call, Node function) {
        if (pattern.anyReceiver()) {
            return pattern.name().equals(call.name()) && call.receiver() != null;
        }
        String text = pattern.text();
        if (call.callee().equals(text) || qualified(call).equals(text)) { // also renamed: import {runSql as run}
            return true;
        }
        if (language == Language.JAVA && text.endsWith("." + call.callee()) && packages.contains(text.substring(0, text.length() - call.callee().length() - 1))
                && !names.containsKey(call.callee().split("\\.", 2)[0])) {
            return true; // import java.sql.*; ... DriverManager.getConnection(..)
        }
        if (!pattern.name().equals(call.name()) || call.receiver() == null || call.constructor()) {
            return false;
        }
        if (language == Language.JAVA) {
            String type = receiverType(call, function);
            if (type != null) { // known: the type decides
                return type.contains(".") ? text.equals(type + "." + call.name())
                        : text.equals(type + "." + call.name()) || text.endsWith("." + type + "." + call.name());
            }
        }
        // a method of module.Class on a receiver of unknown type (a parameter, self, a lambda's ctx): by name,
        // in files that import the module (Java: the first two segments of the package, io.javalin)
        String root = syntax.rootName(call.receiver());
        return pattern.qualifier().contains(".") && (root == null || !names.containsKey(root) && (python == null || !python.imported(root)))
                && importsFrom(pattern.root(language == Language.JAVA ? 2 : 1));
    }

    /** {@link #qualify} of the call's callee, remembered for the next pattern tried on the same call. */
    private String qualified(Call call) {
        if (call != lastCall) {
            lastCall = call;
            lastQualified = qualify(call.callee());
        }
        return lastQualified;
    }

    /** The receiver's qualified type when the symbol solver knows it, else its simple declared type, else null. */
    private String receiverType(Call call, Node function) {
        Node name = Tree.field(call.node(), "name");
        String resolved = name == null ? null : ((JavaSyntax) syntax).types().receiverType(Tree.line(name), syntax.tree.column(name));
        if (resolved != null) {
            return resolved;
        }
        String simple = declared.of(call.receiver(), function != null ? function : syntax.enclosing(call.node()), syntax.tree);
        return simple == null || simple.equals("var") ? null : simple;
    }

    /** Whether a member read ({@code req.query.id}, {@code request.match_info['x']}) starts with the member named. */
    boolean readsMember(String text, String member) {
        return startsWithMember(text, member) || startsWithMember(qualify(text), member);
    }

    private static boolean startsWithMember(String text, String member) {
        return text.startsWith(member) && (text.length() == member.length() || ".[(".indexOf(text.charAt(member.length())) >= 0);
    }
}
