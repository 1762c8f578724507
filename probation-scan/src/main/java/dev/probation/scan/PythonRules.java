package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Origin;
import dev.probation.scan.Taint.Sink;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Python: Flask, Django, FastAPI, sqlite3/psycopg2/SQLAlchemy, subprocess, pickle, PyYAML, hashlib, PyCryptodome. */
final class PythonRules extends Rules {

    PythonRules() {
        super(new ScriptConstants());
    }


    private static final Set<String> SQL_SINKS = Set.of("execute", "executemany", "executescript", "mogrify", "raw",
            "read_sql", "read_sql_query", "RawSQL");
    private static final Set<String> SHELL_CALLS = Set.of("os.system", "os.popen", "subprocess.getoutput",
            "subprocess.getstatusoutput", "commands.getoutput", "commands.getstatusoutput", "getoutput", "getstatusoutput",
            "asyncio.create_subprocess_shell", "create_subprocess_shell", "system", "popen");
    private static final Set<String> SUBPROCESS = Set.of("run", "call", "check_call", "check_output", "Popen");
    private static final Set<String> FILE_CALLS = Set.of("open", "io.open", "codecs.open", "send_file", "FileResponse",
            "os.remove", "os.unlink", "os.rmdir", "os.listdir", "os.makedirs", "os.mkdir", "os.rename", "shutil.rmtree",
            "shutil.copy", "shutil.copyfile", "shutil.move", "aiofiles.open", "os.scandir");
    private static final Set<String> PATH_METHODS = Set.of("read_text", "read_bytes", "write_text", "write_bytes",
            "unlink", "rmdir", "iterdir", "touch", "mkdir");
    private static final Set<String> HTML_RESPONSES = Set.of("Markup", "mark_safe", "HttpResponse", "make_response",
            "Response", "HTMLResponse", "render_template_string", "SafeString");
    private static final Set<String> PICKLE_LIKE = Set.of("pickle.loads", "pickle.load", "cPickle.loads", "cPickle.load",
            "_pickle.loads", "dill.loads", "dill.load", "marshal.loads", "marshal.load", "shelve.open", "jsonpickle.decode",
            "pd.read_pickle", "pandas.read_pickle", "joblib.load", "yaml.unsafe_load", "yaml.unsafe_load_all",
            "cloudpickle.loads", "cloudpickle.load", "loads");
    private static final Set<String> SAFE_YAML_LOADERS = Set.of("SafeLoader", "CSafeLoader", "yaml.SafeLoader",
            "yaml.CSafeLoader", "BaseLoader", "yaml.BaseLoader");
    private static final Set<String> CONVERSIONS = Set.of("int", "float", "bool", "len", "abs", "round", "UUID", "uuid.UUID",
            "Decimal", "decimal.Decimal", "hexdigest", "digest", "ord", "isdigit", "isalnum", "count", "hash", "id",
            "date.fromisoformat", "datetime.fromisoformat", "strptime", "ip_address", "ipaddress.ip_address");
    private static final Set<String> HTML_ESCAPES = Set.of("escape", "html.escape", "markupsafe.escape", "cgi.escape",
            "bleach.clean", "conditional_escape", "format_html", "escape_html", "quote", "quote_plus", "urlencode", "clean");
    private static final Set<String> SHELL_QUOTES = Set.of("shlex.quote", "pipes.quote", "shlex.join", "quote");
    private static final Set<String> PATH_CLEANERS = Set.of("secure_filename", "os.path.basename", "basename",
            "werkzeug.utils.secure_filename");
    private static final Set<String> SQL_QUOTES = Set.of("sql.Identifier", "Identifier", "sql.Literal", "quote_ident",
            "escape_string", "quote_name");
    private static final Pattern CHARACTER_CLASS_STRIP = Pattern.compile("^[rbu]*['\"]\\[\\^.*");
    private static final Pattern WEAK_CIPHER = Pattern.compile(
            "(?:^|\\.)(?:DES|DES3|ARC4|ARC2|Blowfish|CAST|XOR)\\.new$|algorithms\\.(?:TripleDES|ARC4|Blowfish|CAST5|IDEA|SEED)$|^modes\\.ECB$|^ECB$");

    /** Compiled once: {@code String.matches} compiles its pattern on every call, and these are asked about every member and call. */
    private static final Pattern REQUEST_MEMBER = Pattern.compile("request\\.(?:args|form|values|json|data|files|cookies|headers|GET|POST|body|"
            + "query_params|path_params|view_args|query_string|stream|url|path|full_path|remote_addr|environ|META|FILES|COOKIES).*", Pattern.DOTALL);
    private static final Pattern REQUEST_CALL = Pattern.compile(
            "request\\.(?:args|form|values|cookies|headers|GET|POST|get_json|get_data|files)\\b.*", Pattern.DOTALL);

    private PythonImports imports;
    private final PythonArchives archives = new PythonArchives();
    private PythonJinja jinja;

    private PythonJinja jinja(Scope scope) {
        if (jinja == null) {
            jinja = new PythonJinja(scope.syntax());
        }
        return jinja;
    }

    private PythonImports imports(Scope scope) {
        if (imports == null) {
            imports = new PythonImports(scope.syntax().tree.source);
        }
        return imports;
    }

    @Override
    Origin memberSource(String text, int line) {
        if (text.startsWith("request.") && REQUEST_MEMBER.matcher(text).matches()) {
            return new Origin(text.replaceAll("^(request\\.\\w+).*", "$1"), line, true);
        }
        if (text.startsWith("sys.argv") || text.startsWith("os.environ")) {
            return Origin.config(text.replaceAll("^(\\w+\\.\\w+).*", "$1"), line);
        }
        if (text.startsWith("sys.stdin")) {
            return new Origin("sys.stdin", line, true);
        }
        return null;
    }

    @Override
    Origin callSource(Call call, int line) {
        if (calleeIs(call, "os.getenv", "os.environ.get")) {
            return Origin.config(call.callee() + "()", line);
        }
        if (calleeIs(call, "input", "raw_input", "sys.stdin.readline", "sys.stdin.read",
                "getpass.getpass") || call.callee().startsWith("request.") && REQUEST_CALL.matcher(call.callee()).matches()) {
            return new Origin(call.callee() + "()", line, true);
        }
        if (nameIs(call, "recv", "recvfrom", "recv_into")) {
            return new Origin("a socket read", line, true);
        }
        if (nameIs(call, "namelist", "infolist", "getmembers", "getnames") && call.receiver() != null) {
            return new Origin("archive member names", line, true); // whoever made the archive chose them (zip slip)
        }
        return null;
    }

    @Override
    Set<Sink> sanitises(Call call, Scope scope) {
        if (CONVERSIONS.contains(call.callee()) || CONVERSIONS.contains(call.name())) {
            return ALL;
        }
        if ((calleeIs(call, "re.sub") || nameIs(call, "sub")) && call.arg(0) != null
                && CHARACTER_CLASS_STRIP.matcher(scope.text(call.arg(0))).matches()) {
            return ALL; // re.sub(r"[^a-z0-9_-]", "", name) keeps only harmless characters
        }
        Set<Sink> sinks = EnumSet.noneOf(Sink.class);
        if (HTML_ESCAPES.contains(call.callee()) || HTML_ESCAPES.contains(call.name())) {
            sinks.add(Sink.HTML);
        }
        if (SHELL_QUOTES.contains(call.callee())) {
            sinks.add(Sink.COMMAND);
        }
        if (PATH_CLEANERS.contains(call.callee()) || PATH_CLEANERS.contains(call.name())) {
            sinks.add(Sink.PATH);
        }
        if (SQL_QUOTES.contains(call.callee())) {
            sinks.add(Sink.SQL);
        }
        sinks.addAll(WebRules.sanitises(call));
        if (PythonJinja.isRender(call) && jinja(scope).escaping(call) == PythonJinja.Escaping.ESCAPES) {
            sinks.add(Sink.HTML); // a Jinja template that autoescapes
        }
        return sinks;
    }

    @Override
    boolean composes(Call call) {
        return nameIs(call, "format", "join", "joinpath", "format_map", "replace", "safe_join")
                || (nameIs(call, "Path", "PurePath", "PosixPath") && call.args().size() > 1);
    }

    @Override
    void checks(Node node, Scope scope, Checks.Proof validated) {
        super.checks(node, scope, validated);
        if (Tree.is(node, "comparison_operator") && node.getNamedChildCount() == 2 && hasMembershipOperator(node)) {
            Node left = node.getNamedChild(0);
            Node right = node.getNamedChild(1);
            if (scope.syntax().isConstantString(right) || scope.syntax().isConstantString(left)) {
                return; // ";" in host: a deny-list, which proves nothing
            }
            if (scope.text(right).endsWith(".parents")) { // base in target.parents
                String root = scope.syntax().rootName(right);
                if (root != null) {
                    validated.accept(root, EnumSet.of(Sink.PATH));
                }
            } else { // x in ALLOWED
                String root = scope.syntax().rootName(left);
                if (root != null) {
                    validated.accept(root, ALL);
                }
            }
        }
    }

    private static boolean hasMembershipOperator(Node comparison) {
        for (int i = 0; i < comparison.getChildCount(); i++) {
            Node child = comparison.getChild(i);
            if (!child.isNamed() && (child.getType().equals("in") || child.getType().equals("not in"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    void call(Call call, Scope scope) {
        String callee = call.callee();
        if (SQL_SINKS.contains(call.name()) && call.receiver() != null || calleeIs(call, "RawSQL")) {
            scope.sink(Sink.SQL, call.arg(0), "CWE-89", "python.sql-injection", call.node(), callee + "()", false);
        }
        if (SHELL_CALLS.contains(callee) && (call.receiver() != null || !callee.equals("system") && !callee.equals("popen"))) {
            scope.sink(Sink.COMMAND, call.arg(0), "CWE-78", "python.command-injection", call.node(), callee + "()", false);
        }
        if (SUBPROCESS.contains(call.name()) && (callee.startsWith("subprocess.") || call.receiver() == null)) {
            subprocess(call, scope);
        }
        if (FILE_CALLS.contains(callee)) {
            scope.sink(Sink.PATH, call.arg(0), "CWE-22", "python.path-traversal", call.node(), callee + "()", false);
        }
        if (call.receiver() != null && (PATH_METHODS.contains(call.name())
                || nameIs(call, "open") && scope.text(call.receiver()).matches("(?s).*(?:Path\\(|path|file|_dir|target|dest).*"))) {
            scope.sink(Sink.PATH, call.receiver(), "CWE-22", "python.path-traversal", call.node(), "." + call.name() + "()", false);
        }
        if (nameIs(call, "save") && call.receiver() != null && call.arg(0) != null) { // werkzeug FileStorage.save(dst)
            scope.sink(Sink.PATH, call.arg(0), "CWE-22", "python.path-traversal", call.node(), call.callee() + "()", false);
        }
        if (HTML_RESPONSES.contains(call.name())) {
            html(call, scope);
        }
        if (calleeIs(call, "eval", "exec", "compile", "builtins.eval", "builtins.exec")) {
            scope.sink(Sink.CODE, call.arg(0), "CWE-94", "python.code-injection", call.node(), callee + "()", true);
        }
        if (nameIs(call, "Template") && callee.matches("(?:jinja2\\.)?Template")) {
            scope.sink(Sink.CODE, call.arg(0), "CWE-94", "python.template-injection", call.node(), "a Jinja template", false);
        }
        deserialisation(call, scope);
        PythonXml.call(call, scope, imports(scope));
        archives.call(call, scope, imports(scope));
        if (PythonJinja.isRender(call)) { // the template index is built on first use, and most files render nothing
            jinja(scope).call(call, scope);
        }
        WebRules.call(call, scope);
        crypto(call, scope);
        call.keywords().forEach((name, value) -> Credentials.checkNamed(name, value, scope));
    }

    private void subprocess(Call call, Scope scope) {
        Node shell = call.keywords().get("shell");
        Node command = call.arg(0);
        if (command == null) {
            command = call.keywords().get("args");
        }
        if (command == null) {
            return;
        }
        if (shell != null && scope.text(shell).equals("True")) {
            scope.sink(Sink.COMMAND, command, "CWE-78", "python.command-injection", call.node(),
                    call.callee() + "(..., shell=True)", false);
        } else if (Tree.is(command, "list", "tuple")) {
            List<Node> items = Tree.named(command);
            for (int i = 0; i + 2 < items.size() + 1 && i + 1 < items.size(); i++) {
                String program = scope.text(items.get(i)).replaceAll("['\"]", "");
                String flag = scope.text(items.get(i + 1)).replaceAll("['\"]", "");
                if (program.matches("(?:/bin/|/usr/bin/)?(?:sh|bash|zsh|dash)") && flag.equals("-c") && i + 2 < items.size()) {
                    scope.sink(Sink.COMMAND, items.get(i + 2), "CWE-78", "python.command-injection", call.node(),
                            "a shell started with -c", false);
                }
            }
        }
    }

    private void html(Call call, Scope scope) {
        Node content = call.arg(0) != null ? call.arg(0) : call.keywords().getOrDefault("content", call.keywords().get("body"));
        if (content == null) {
            return;
        }
        if (nameIs(call, "render_template_string")) {
            String template = literal(content, scope);
            if (template != null && template.matches("(?s).*(?:\\|\\s*safe\\b|autoescape\\s+false).*")) {
                for (Node value : call.keywords().values()) { // values marked |safe are not escaped
                    if (scope.sink(Sink.HTML, value, "CWE-79", "python.xss", call.node(), "a template value marked |safe", false)) {
                        return;
                    }
                }
            }
        }
        String type = call.keywords().containsKey("mimetype") ? scope.text(call.keywords().get("mimetype"))
                : call.keywords().containsKey("content_type") ? scope.text(call.keywords().get("content_type"))
                : call.keywords().containsKey("media_type") ? scope.text(call.keywords().get("media_type")) : "";
        if (!type.isEmpty() && !type.contains("html")) {
            return; // text/plain, text/csv, application/json are not rendered as HTML
        }
        boolean markup = nameIs(call, "Markup", "mark_safe", "SafeString", "render_template_string");
        scope.sink(Sink.HTML, content, "CWE-79", "python.xss", call.node(), call.callee() + "()", markup);
    }

    @Override
    void returned(Node value, Scope scope) {
        // a route returning HTML, or any function that builds a page from its inputs without escaping
        boolean html = isRoute(scope) ? buildsHtml(scope) : looksLikeHtml(scope.text(value)) || buildsHtml(scope) && isStringBuilding(value, scope)
                && scope.syntax().kind(value) != Syntax.Expr.NAME;
        if (html && isStringBuilding(value, scope)) {
            scope.sink(Sink.HTML, value, "CWE-79", "python.xss", value, "an HTML response", false);
        }
    }

    private static boolean isRoute(Scope scope) {
        Node parent = scope.function.getParent();
        if (parent != null && Tree.is(parent, "decorated_definition")) {
            String decorators = ((PythonSyntax) scope.syntax()).decorators(scope.function);
            return decorators.matches("(?s).*\\.(?:route|get|post|put|delete|patch|api_route)\\(.*")
                    && !decorators.contains("JSONResponse");
        }
        return scope.syntax().parameters(scope.function).stream().anyMatch(p -> p.name().equals("request")); // Django views
    }

    private void deserialisation(Call call, Scope scope) {
        String callee = call.callee();
        Node data = call.arg(0);
        boolean yaml = calleeIs(call, "yaml.load", "yaml.load_all");
        if (yaml) {
            Node loader = call.keywords().getOrDefault("Loader", call.arg(1));
            if (loader != null && SAFE_YAML_LOADERS.contains(scope.text(loader).replaceAll("\\s+", ""))) {
                return;
            }
        }
        boolean torch = calleeIs(call, "torch.load") && !scope.text(call.node()).matches("(?s).*weights_only\\s*=\\s*True.*");
        boolean numpy = calleeIs(call, "np.load", "numpy.load") && scope.text(call.node()).matches("(?s).*allow_pickle\\s*=\\s*True.*");
        boolean pickle = PICKLE_LIKE.contains(callee) && (!callee.equals("loads") || scope.syntax().tree.finds("pickle"));
        if ((yaml || torch || numpy || pickle) && data != null && !scope.syntax().isConstantString(data)) {
            Taint t = scope.taint(data);
            String from = t.isTainted() ? t.describe() : "data read at run time";
            scope.report("CWE-502", "python.unsafe-deserialization", call.node(),
                    from + " is deserialised with " + callee + "(), which can run code; use json or yaml.safe_load");
        }
    }

    private void crypto(Call call, Scope scope) {
        String callee = call.callee();
        boolean cipherLike = callee.endsWith(".new") || callee.contains("algorithms.") || callee.endsWith("ECB");
        if (cipherLike && WEAK_CIPHER.matcher(callee).find()) { // the test first: a regex alternation is slow on every call
            scope.report("CWE-327", "python.weak-cipher", call.node(), callee + " is a broken or risky cipher or mode; use AES-GCM");
            return;
        }
        if (callee.endsWith("AES.new") && scope.text(call.node()).contains("MODE_ECB")) {
            scope.report("CWE-327", "python.weak-cipher", call.node(), "AES in ECB mode leaks patterns; use AES-GCM");
            return;
        }
        if ((callee.endsWith("AES.new") && call.args().size() >= 3 || nameIs(call, "CBC", "CFB", "OFB", "CTR") && callee.startsWith("modes."))
                && staticIv(callee.endsWith("AES.new") ? call.arg(2) : call.arg(0), call.keywords().get("iv"), scope)) {
            scope.report("CWE-327", "python.static-iv", call.node(), "a constant IV makes the cipher deterministic; use os.urandom(16)");
            return;
        }
        boolean weakHash = calleeIs(call, "hashlib.md5", "hashlib.sha1", "md5", "sha1", "MD5.new", "SHA.new", "SHA1.new")
                || calleeIs(call, "hashlib.new") && call.arg(0) != null && scope.text(call.arg(0)).toLowerCase().matches("['\"](?:md5|sha1|md4)['\"]");
        if (weakHash && !scope.text(call.node()).matches("(?s).*usedforsecurity\\s*=\\s*False.*") && weakHashMatters(scope)) {
            scope.report("CWE-328", "python.weak-hash", call.node(), callee + " is a broken hash; use hashlib.scrypt, bcrypt or argon2 for passwords, "
                    + "SHA-256+ or HMAC otherwise, or pass usedforsecurity=False when it only fingerprints content");
        }
    }

    private static boolean staticIv(Node positional, Node keyword, Scope scope) {
        Node iv = keyword != null ? keyword : positional;
        if (iv == null) {
            return false;
        }
        String text = scope.text(iv);
        return text.matches("(?s)b['\"].*") || text.matches("bytes\\(\\d+\\)") || text.matches("(?s)b['\"].*['\"]\\s*\\*\\s*\\d+");
    }
}
