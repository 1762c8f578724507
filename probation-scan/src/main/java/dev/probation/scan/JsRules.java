package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Binding;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Origin;
import dev.probation.scan.Taint.Sink;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/** JavaScript and TypeScript: Express, Fastify, Next.js, NestJS, the DOM, mysql2/pg/knex/Prisma, child_process, fs, crypto. */
final class JsRules extends Rules {

    JsRules() {
        super(new ScriptConstants());
    }


    private static final Set<String> SQL_SINKS = Set.of("query", "execute", "raw", "$queryRawUnsafe", "$executeRawUnsafe",
            "whereRaw", "orderByRaw", "havingRaw", "joinRaw", "selectRaw", "exec", "prepare", "unsafe");
    private static final Set<String> FS_METHODS = Set.of("readFile", "readFileSync", "createReadStream", "createWriteStream",
            "writeFile", "writeFileSync", "appendFile", "appendFileSync", "unlink", "unlinkSync", "rm", "rmSync", "readdir",
            "readdirSync", "open", "openSync", "stat", "statSync", "rename", "renameSync", "copyFile", "copyFileSync",
            "access", "accessSync", "mkdir", "mkdirSync", "sendFile", "download");
    private static final Set<String> CONVERSIONS = Set.of("parseInt", "parseFloat", "Number", "Boolean", "isNaN", "length",
            "isInteger", "isSafeInteger", "toFixed", "digest", "floor", "ceil", "round", "abs", "trunc", "uuidValidate", "validate");
    private static final Set<String> HTML_ESCAPES = Set.of("escape", "escapeHtml", "escapeHTML", "encode", "sanitize",
            "sanitizeHtml", "encodeURIComponent", "encodeURI", "xss", "filterXSS", "htmlEscape", "he.encode");
    private static final Set<String> SHELL_QUOTES = Set.of("quote", "shellEscape", "escapeShellArg", "shq");
    private static final Set<String> SQL_QUOTES = Set.of("escapeId", "escapeIdentifier", "escapeLiteral", "format", "raw");
    private static final Pattern WEAK_CIPHER = Pattern.compile("(?i)^(?:des|des-.*|des3|rc4.*|rc2.*|bf.*|blowfish.*|cast.*|idea.*|.*-ecb|aes\\d*|id-aes.*-wrap)$");
    private static final Pattern WEAK_HASH = Pattern.compile("(?i)^(?:md5|md4|sha1|sha-1|ripemd|rmd160)$");
    /**
     * {@code run = promisify(exec)}. A name is tried only where it starts, and without backtracking: tried
     * from every position of a long word, as it was, one minified line took time quadratic in its length.
     */
    private static final Pattern EXEC_ALIAS = Pattern.compile(
            "(?<![\\w$])([\\w$]++)\\s*+=\\s*+(?:util\\.)?promisify\\(\\s*+(?:[\\w$]++\\.)?exec(?:Sync)?\\s*+\\)");

    @Override
    Origin memberSource(String text, int line) {
        if (text.startsWith("process.argv") || text.startsWith("process.env")) {
            return Origin.config(text.replaceAll("^(\\w+\\.\\w+).*", "$1"), line);
        }
        if (text.matches(
                "(?:window\\.|document\\.)?location\\.(?:hash|search|href|pathname).*|document\\.(?:cookie|URL|referrer|location).*|"
                        + "window\\.name|event\\.data.*|e\\.data.*|(?:req|request|ctx\\.request)\\.(?:query|body|params|headers|cookies|url|originalUrl|path|files?)\\b.*")) {
            return new Origin(text.replaceAll("^((?:\\w+\\.)?\\w+\\.\\w+).*", "$1"), line, true);
        }
        return null;
    }

    @Override
    Origin callSource(Call call, int line) {
        if (calleeIs(call, "prompt", "window.prompt", "readline.question", "rl.question")
                || nameIs(call, "get", "getAll") && call.receiver() != null && call.callee().matches("(?s).*(?:searchParams|URLSearchParams|query|params).*")) {
            return new Origin(call.callee() + "()", line, true);
        }
        return null;
    }

    @Override
    Set<Sink> sanitises(Call call, Scope scope) {
        if (CONVERSIONS.contains(call.name()) || CONVERSIONS.contains(call.callee())) {
            return ALL;
        }
        if (nameIs(call, "replace", "replaceAll") && call.arg(0) != null) {
            String pattern = scope.text(call.arg(0));
            if (pattern.startsWith("/[^")) {
                return ALL;
            }
            if (call.arg(1) != null && scope.text(call.node()).matches("(?s).*&(?:lt|amp|gt|#0?39|quot);.*")) {
                return EnumSet.of(Sink.HTML);
            }
        }
        Set<Sink> sinks = EnumSet.noneOf(Sink.class);
        if (HTML_ESCAPES.contains(call.name()) || HTML_ESCAPES.contains(call.callee())) {
            sinks.add(Sink.HTML);
        }
        if (SHELL_QUOTES.contains(call.name())) {
            sinks.add(Sink.COMMAND);
        }
        if (nameIs(call, "basename")) {
            sinks.add(Sink.PATH);
        }
        sinks.addAll(WebRules.sanitises(call));
        if (SQL_QUOTES.contains(call.name()) && call.receiver() != null && !nameIs(call, "raw")
                && scope.text(call.receiver()).matches("(?i).*(?:mysql|conn|connection|pool|db|sqlstring|pg|client|format).*")) {
            sinks.add(Sink.SQL);
        }
        return sinks;
    }

    @Override
    boolean composes(Call call) {
        return nameIs(call, "join", "resolve", "concat", "format", "replace", "normalize")
                && (call.receiver() == null || !call.callee().matches("(?i).*(?:promise|array)\\..*"));
    }

    @Override
    void call(Call call, Scope scope) {
        String name = call.name();
        Tree file = scope.syntax().tree;
        if (nameIs(call, "all", "get", "run", "each") && call.receiver() != null && call.arg(0) != null
                && scope.text(call.receiver()).matches("(?i)(?:this\\.)?(?:db|database|conn|connection|sqlite|client)")) {
            scope.sink(Sink.SQL, call.arg(0), "CWE-89", "js.sql-injection", call.node(), call.callee() + "()", false); // node-sqlite3
        }
        if (SQL_SINKS.contains(name) && call.receiver() != null && !notADatabase(scope.text(call.receiver()))) {
            boolean raw = name.endsWith("Unsafe") || name.endsWith("Raw") || name.equals("raw");
            if (raw || file.finds("SELECT|INSERT|UPDATE|DELETE|select |insert |update |delete ")) {
                scope.sink(Sink.SQL, call.arg(0), "CWE-89", "js.sql-injection", call.node(), call.callee() + "()", false);
            }
        }
        boolean childProcess = file.finds("child_process|execa");
        if (childProcess && call.receiver() == null && execAliases(file.source).contains(call.name())) {
            scope.sink(Sink.COMMAND, call.arg(0), "CWE-78", "js.command-injection", call.node(), call.callee() + "() (promisified exec)", false);
        }
        if (childProcess && nameIs(call, "exec", "execSync") && (call.receiver() == null
                || scope.text(call.receiver()).matches("(?:child_process|cp|childProcess|proc|require\\(.*\\))"))) {
            scope.sink(Sink.COMMAND, call.arg(0), "CWE-78", "js.command-injection", call.node(), call.callee() + "()", false);
        }
        if (childProcess && nameIs(call, "spawn", "spawnSync", "execFile", "execFileSync")) {
            String text = scope.text(call.node());
            if (text.matches("(?s).*shell\\s*:\\s*true.*")) {
                scope.sink(Sink.COMMAND, call.arg(0), "CWE-78", "js.command-injection", call.node(), call.callee() + "({shell: true})", false);
                scope.sink(Sink.COMMAND, call.arg(1), "CWE-78", "js.command-injection", call.node(), call.callee() + "({shell: true})", false);
            } else if (call.arg(0) != null && scope.text(call.arg(0)).matches("['\"](?:/bin/)?(?:sh|bash)['\"]") && call.arg(1) != null
                    && scope.text(call.arg(1)).matches("(?s)\\[\\s*['\"]-c['\"].*")) {
                Node list = call.arg(1);
                if (list.getNamedChildCount() > 1) {
                    scope.sink(Sink.COMMAND, list.getNamedChild(1), "CWE-78", "js.command-injection", call.node(), "a shell started with -c", false);
                }
            }
        }
        if (FS_METHODS.contains(name) && call.receiver() != null || call.receiver() == null && FS_METHODS.contains(name)
                && file.finds("fs/promises|require\\(['\"](?:node:)?fs['\"]\\)|from ['\"](?:node:)?fs['\"]")) {
            boolean sendWithRoot = nameIs(call, "sendFile", "download") && call.args().size() > 1
                    && scope.functionFinds("\\broot\\s*:");
            if (!sendWithRoot) {
                scope.sink(Sink.PATH, call.arg(0), "CWE-22", "js.path-traversal", call.node(), call.callee() + "()", false);
            }
        }
        if (nameIs(call, "send", "write", "end") && call.receiver() != null
                && scope.text(call.receiver()).matches("(?s)(?:res|response|reply|ctx|h)(?:\\..*)?")) {
            boolean notHtml = scope.text(call.receiver()).matches("(?s).*(?:type|header|set|contentType)\\(\\s*['\"](?!(?:text/)?html)[^'\"]*['\"].*");
            if (buildsHtml(scope) && !notHtml) {
                scope.sink(Sink.HTML, call.arg(0), "CWE-79", "js.xss", call.node(), call.callee() + "()", false);
            }
        }
        if (calleeIs(call, "document.write", "document.writeln") || nameIs(call, "insertAdjacentHTML")
                || nameIs(call, "html", "append", "prepend") && call.receiver() != null && scope.text(call.receiver()).startsWith("$")) {
            Node content = nameIs(call, "insertAdjacentHTML") ? call.arg(1) : call.arg(0);
            scope.sink(Sink.HTML, content, "CWE-79", "js.xss", call.node(), call.callee() + "()", true);
        }
        if (calleeIs(call, "eval") && call.arg(0) != null && scope.text(call.arg(0)).matches("(?s)['\"]\\(['\"]\\s*\\+.*\\+\\s*['\"]\\)['\"]")) {
            if (scope.sink(Sink.CODE, call.arg(0), "CWE-502", "js.unsafe-deserialization", call.node(), "eval() used to deserialise", true)) {
                return;
            }
        }
        boolean timer = nameIs(call, "setTimeout", "setInterval") && call.arg(0) != null && !scope.syntax().isFunction(call.arg(0));
        if (timer && scope.syntax().kind(call.arg(0)) == Syntax.Expr.NAME) {
            dynamicCode(scope).check(call, scope); // setTimeout(callback, 100) is fine; a name bound to text is not
        } else if (calleeIs(call, "eval", "window.eval", "globalThis.eval", "Function", "vm.runInNewContext", "vm.runInThisContext",
                "vm.runInContext", "vm.compileFunction", "vm.Script", "Script") || call.constructor() && nameIs(call, "Function", "Script")
                || timer) {
            boolean reported = false;
            for (Node arg : call.args()) {
                if (scope.sink(Sink.CODE, arg, "CWE-94", "js.code-injection", call.node(), call.callee() + "()", true)) {
                    reported = true;
                    break;
                }
            }
            if (!reported) {
                dynamicCode(scope).check(call, scope);
            }
        }
        if (nameIs(call, "unserialize") || calleeIs(call, "yaml.load") && file.finds("js-yaml") && scope.text(call.node()).contains("DEFAULT_FULL_SCHEMA")
                || calleeIs(call, "v8.deserialize")) {
            if (call.arg(0) != null && !scope.syntax().isConstantString(call.arg(0))) {
                scope.report("CWE-502", "js.unsafe-deserialization", call.node(), call.callee() + "() on incoming data can run code; use JSON.parse");
            }
        }
        crypto(call, scope);
        credentials(call, scope);
        WebRules.call(call, scope);
    }

    /** A receiver whose {@code exec} or {@code query} is not SQL: a regex, a router, a map, the request. */
    private static boolean notADatabase(String receiver) {
        if (receiver.matches("(?s).*(?:re|regex|pattern|router|app|map|cache|headers|params|searchParams|req|res)")) {
            return true;
        }
        // a regex literal, /.../flags, found without a regex: ".*/.*/\\w*" backtracks quadratically on many slashes
        int last = receiver.lastIndexOf('/');
        return last > 0 && receiver.lastIndexOf('/', last - 1) >= 0 && receiver.substring(last + 1).chars().allMatch(JsRules::word);
    }

    private static boolean word(int c) {
        return c == '_' || c < 128 && Character.isLetterOrDigit(c);
    }

    private Set<String> aliases;
    private JsDynamicCode dynamicCode;

    private JsDynamicCode dynamicCode(Scope scope) {
        if (dynamicCode == null) {
            dynamicCode = new JsDynamicCode(scope.syntax());
        }
        return dynamicCode;
    }

    /** {@code const run = promisify(exec)}: names that run a shell command. */
    private Set<String> execAliases(String file) {
        if (aliases == null) {
            aliases = new java.util.HashSet<>();
            var m = EXEC_ALIAS.matcher(file);
            while (m.find()) {
                aliases.add(m.group(1));
            }
        }
        return aliases;
    }

    private void crypto(Call call, Scope scope) {
        String first = literal(call.arg(0), scope);
        if (nameIs(call, "createCipher", "createDecipher")) {
            scope.report("CWE-327", "js.weak-cipher", call.node(), call.name() + "() derives the key with MD5 and no IV; use createCipheriv with aes-256-gcm");
        } else if (first != null && nameIs(call, "createCipheriv", "createDecipheriv") && WEAK_CIPHER.matcher(first).matches()) {
            scope.report("CWE-327", "js.weak-cipher", call.node(), "'" + first + "' is a broken cipher or ECB mode; use aes-256-gcm");
        } else if (nameIs(call, "createCipheriv") && call.arg(2) != null && staticIv(scope.text(call.arg(2)), scope)) {
            scope.report("CWE-327", "js.static-iv", call.node(), "a constant IV makes encryption deterministic; use crypto.randomBytes(12)");
        } else if (first != null && nameIs(call, "createHash", "createHmac") && WEAK_HASH.matcher(first).matches()
                && nameIs(call, "createHash") && weakHashMatters(scope)) {
            scope.report("CWE-328", "js.weak-hash", call.node(), first + " is used where security depends on the hash; use bcrypt/scrypt for passwords, SHA-256+ otherwise");
        } else if (nameIs(call, "md5", "sha1") && call.receiver() == null && weakHashMatters(scope)) {
            scope.report("CWE-328", "js.weak-hash", call.node(), call.name() + "() is used where security depends on the hash");
        }
    }

    private static boolean staticIv(String text, Scope scope) {
        if (text.matches("(?s)Buffer\\.(?:from\\(\\s*['\"`].*|alloc\\(.*)")) {
            return true;
        }
        return text.matches("[\\w$]+") && scope.functionFinds("\\b" + Pattern.quote(text) + "\\s*=\\s*Buffer\\.(?:from\\(\\s*['\"`]|alloc\\()");
    }

    private void credentials(Call call, Scope scope) {
        if (nameIs(call, "sign", "verify") && call.receiver() != null && scope.text(call.receiver()).matches("jwt|jsonwebtoken|jose")
                && call.arg(1) != null) {
            Credentials.checkNamed("secret", call.arg(1), scope);
        }
    }

    @Override
    void binding(Binding binding, Scope scope) {
        super.binding(binding, scope);
        if (binding.name().matches("(?s).*\\.(?:innerHTML|outerHTML)$")) {
            scope.sink(Sink.HTML, binding.value(), "CWE-79", "js.xss", binding.target().getParent(), binding.name().replaceAll(".*\\.", "."), true);
        }
    }

    @Override
    void returned(Node value, Scope scope) {
        // Next.js / Nest handlers returning HTML strings
        if (buildsHtml(scope) && isStringBuilding(value, scope) && scope.functionFinds("@Get|@Post|@Header\\(['\"]Content-Type['\"],\\s*['\"]text/html")) {
            scope.sink(Sink.HTML, value, "CWE-79", "js.xss", value, "an HTML response", false);
        }
    }

    @Override
    void file(Flow flow) {
        super.file(flow);
        dangerouslySetInnerHtml(flow.tree.root(), flow);
    }

    private void dangerouslySetInnerHtml(Node node, Flow flow) {
        if (Tree.is(node, "jsx_attribute") && flow.tree.text(node).startsWith("dangerouslySetInnerHTML")
                && !flow.tree.text(node).matches("(?s).*(?:DOMPurify|sanitize|escape).*")) {
            flow.report("CWE-79", "js.xss", node, "dangerouslySetInnerHTML renders markup that is not sanitised");
        }
        for (Node child : Tree.named(node)) {
            dangerouslySetInnerHtml(child, flow);
        }
    }
}
