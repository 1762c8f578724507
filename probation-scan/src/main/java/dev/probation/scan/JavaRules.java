package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Origin;
import dev.probation.scan.Taint.Sink;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Java: JDBC, JPA, Spring, servlets, Runtime/ProcessBuilder, java.io/nio, JCA, JAXP. */
final class JavaRules extends Rules {

    private static final Set<String> HTML_WRITERS = Set.of("write", "print", "println", "printf", "append", "format");
    private static final Set<String> CONVERSIONS = Set.of("parseInt", "parseLong", "parseDouble", "parseFloat",
            "parseBoolean", "valueOf", "fromString", "length", "size", "hashCode", "intValue", "longValue", "ordinal",
            "isEmpty", "equals", "compareTo", "toHexString", "matches", "getId");
    private static final Set<String> HTML_ESCAPES = Set.of("escapeHtml4", "escapeHtml3", "escapeHtml", "htmlEscape", "forHtml",
            "forHtmlContent", "forHtmlAttribute", "escape", "sanitize", "encodeForHTML", "escapeXml", "clean", "forJavaScript",
            "forJavaScriptBlock", "forJavaScriptAttribute", "escapeEcmaScript", "forUriComponent", "encodeForJavaScript");
    private static final Set<String> PATH_CLEANERS = Set.of("getFileName", "getBaseName", "basename");
    private static final Set<String> XML_FACTORIES = Set.of("DocumentBuilderFactory.newInstance",
            "DocumentBuilderFactory.newDefaultInstance", "SAXParserFactory.newInstance", "SAXParserFactory.newDefaultInstance",
            "XMLInputFactory.newInstance", "XMLInputFactory.newFactory", "XMLInputFactory.newDefaultFactory",
            "TransformerFactory.newInstance", "SchemaFactory.newInstance", "XMLReaderFactory.createXMLReader",
            "SAXTransformerFactory.newInstance", "SAXReader", "SAXBuilder", "Unmarshaller");
    private static final Pattern XML_HARDENING = Pattern.compile(
            "disallow-doctype-decl|external-general-entities|external-parameter-entities|load-external-dtd|ACCESS_EXTERNAL_DTD|"
                    + "ACCESS_EXTERNAL_SCHEMA|ACCESS_EXTERNAL_STYLESHEET|SUPPORT_DTD|IS_SUPPORTING_EXTERNAL_ENTITIES|"
                    + "isSupportingExternalEntities|supportDTD|javax\\.xml\\.stream\\.supportDTD|setExpandEntityReferences\\(false\\)");
    private static final Pattern WEAK_TRANSFORMATION = Pattern.compile(
            "(?i)^(?:DES|DESede|TripleDES|RC2|RC4|ARCFOUR|Blowfish|AES)(?:/ECB/.*)?$|^(?:AES|DES|DESede|Blowfish|RC2)/ECB/.*|^(?:DES|DESede|RC4|RC2|Blowfish)/.*");
    private static final Pattern WEAK_DIGEST = Pattern.compile("(?i)^(?:MD5|MD2|MD4|SHA-?1|SHA)$");

    /** Types declared in the file's syntax tree (the new servlet, query and random rules); {@link #types(Scope)} resolves with JavaParser. */
    private final DeclaredTypes declared = new DeclaredTypes();
    private final JavaServletRules servlet = new JavaServletRules(declared);
    private final JavaQueryRules queries = new JavaQueryRules(declared);
    private final JavaRandomRules random = new JavaRandomRules(declared);

    JavaRules() {
        super(new JavaConstants());
    }

    @Override
    Origin memberSource(String text, int line) {
        return JavaInputSources.memberSource(text, line);
    }

    @Override
    Origin callSource(Call call, int line) {
        String receiver = call.receiver() == null ? "" : call.callee().substring(0, Math.max(0, call.callee().length() - call.name().length() - 1));
        if (calleeIs(call, "System.getenv", "System.getProperty")) {
            return Origin.config(call.callee() + "()", line);
        }
        if (nameIs(call, "getParameter", "getParameterValues", "getHeader", "getQueryString", "getCookies", "getPathInfo",
                "getRequestURI", "nextLine", "getPart", "getParameterMap", "getHeaders", "getOriginalFilename",
                "getSubmittedFileName", "getParameterNames", "getHeaderNames")
                || nameIs(call, "getInputStream", "getReader", "readLine", "next", "readUTF")
                && receiver.matches("(?i).*(?:request|req|socket|exchange|scanner|console|stdin|in|dis).*")) {
            return new Origin(call.callee() + "()", line, true);
        }
        return JavaInputSources.callSource(call, receiver, line);
    }

    @Override
    Set<Sink> sanitises(Call call, Scope scope) {
        if (CONVERSIONS.contains(call.name())) {
            return nameIs(call, "valueOf") && call.callee().startsWith("String.") ? NONE : ALL;
        }
        if (nameIs(call, "replaceAll") && call.arg(0) != null && scope.text(call.arg(0)).startsWith("\"[^")) {
            return ALL;
        }
        Set<Sink> sinks = EnumSet.noneOf(Sink.class);
        if (HTML_ESCAPES.contains(call.name())) {
            sinks.add(Sink.HTML);
        }
        if (PATH_CLEANERS.contains(call.name())) {
            sinks.add(Sink.PATH);
        }
        if (nameIs(call, "enquoteIdentifier", "enquoteLiteral")) {
            sinks.add(Sink.SQL);
        }
        sinks.addAll(JavaQueryRules.sanitises(call));
        sinks.addAll(WebRules.sanitises(call));
        return sinks;
    }

    @Override
    boolean composes(Call call) {
        return nameIs(call, "format", "formatted", "join", "concat", "resolve", "resolveSibling", "toString")
                || JavaFiles.composes(call);
    }

    @Override
    boolean buildsString(Call call) {
        return nameIs(call, "append", "insert");
    }

    @Override
    void call(Call call, Scope scope) {
        String name = call.name();
        JavaSql.call(call, scope);
        if (nameIs(call, "exec") && call.receiver() != null && receiverIs(call, scope, "java.lang.Runtime", "(?s).*(?:Runtime|runtime|rt).*")) {
            JavaCommands.runtimeExec(call, scope);
        }
        if (call.constructor() && nameIs(call, "ProcessBuilder")
                || nameIs(call, "command") && call.receiver() != null && receiverIs(call, scope, "java.lang.ProcessBuilder", "(?s).*")) {
            JavaCommands.command(call.args(), call, scope);
        }
        JavaFiles.call(call, scope);
        if (HTML_WRITERS.contains(name) && call.receiver() != null
                && (onResponseStream(call, scope) || writesResponse(call.receiver(), scope)
                        && !scope.text(call.receiver()).matches("System\\.(?:out|err)") && buildsHtml(scope))
                && !scope.functionFinds("setContentType\\(\\s*\"(?!text/html)[^\"]*\"")) {
            for (Node arg : call.args()) { // printf("<h2>%s</h2>", name): any argument may carry the input
                if (scope.sink(Sink.HTML, arg, "CWE-79", "java.xss", call.node(), call.callee() + "()", false)) {
                    break;
                }
            }
        }
        if (nameIs(call, "eval", "evaluate", "parseExpression", "parseClass") && call.receiver() != null
                && !scope.text(call.receiver()).matches("(?i).*(?:json|xpath).*") && !declared.is(call.receiver(), scope, JavaQueryRules.XPATH_OBJECTS)) {
            scope.sink(Sink.CODE, call.arg(0), "CWE-94", "java.code-injection", call.node(), call.callee() + "()", true);
        }
        if (calleeIs(call, "Class.forName") || nameIs(call, "loadClass")) {
            scope.sink(Sink.CODE, call.arg(0), "CWE-94", "java.code-injection", call.node(), call.callee() + "()", false);
        }
        deserialisation(call, scope);
        crypto(call, scope);
        credentials(call, scope);
        servlet.call(call, scope);
        queries.call(call, scope);
        random.call(call, scope);
        WebRules.call(call, scope);
    }

    /**
     * Whether the receiver has the given type; when its type is unknown (code that does not parse, a
     * library without types), whether its text matches the pattern, as before types were known.
     */
    private static boolean receiverIs(Call call, Scope scope, String type, String orText) {
        String resolved = receiverType(call, scope);
        return resolved != null ? resolved.equals(type) : scope.text(call.receiver()).matches(orText);
    }

    /** The qualified type a constructor call creates, or null when unknown. */
    static String constructedType(Call call, Scope scope) {
        Node type = Tree.field(call.node(), "type");
        return type == null ? null : types(scope).constructedType(Tree.line(type), scope.syntax().tree.column(type));
    }

    /** The qualified type of the call's receiver, or null when unknown. */
    static String receiverType(Call call, Scope scope) {
        Node name = Tree.field(call.node(), "name");
        return name == null ? null : types(scope).receiverType(Tree.line(name), scope.syntax().tree.column(name));
    }

    /** The qualified names of the receiver's type and its supertypes, or null when unknown. */
    static Set<String> receiverTypes(Call call, Scope scope) {
        Node name = Tree.field(call.node(), "name");
        return name == null ? null : types(scope).receiverTypes(Tree.line(name), scope.syntax().tree.column(name));
    }

    /** The static type of an argument, or null when unknown. */
    static String argumentType(Call call, int index, Scope scope) {
        Node name = Tree.field(call.node(), "name");
        return name == null ? null : types(scope).argumentType(Tree.line(name), scope.syntax().tree.column(name), index);
    }

    /** A servlet response's writer or stream, known by type: what is written there is the page, whatever the literals say. */
    private static boolean onResponseStream(Call call, Scope scope) {
        Node name = Tree.field(call.node(), "name");
        return name != null && types(scope).onResponseStream(Tree.line(name), scope.syntax().tree.column(name));
    }

    private static JavaTypes types(Scope scope) {
        return ((JavaSyntax) scope.syntax()).types();
    }

    /** {@code response.getWriter()}, or a variable holding it. */
    private static boolean writesResponse(Node receiver, Scope scope) {
        String text = scope.text(receiver);
        if (text.matches("(?s).*(?:getWriter\\(\\)|getOutputStream\\(\\)).*")) {
            return true;
        }
        return text.matches("\\w+") && scope.functionFinds("\\b" + Pattern.quote(text) + "\\s*=\\s*[\\w.]*get(?:Writer|OutputStream)\\(");
    }

    private void deserialisation(Call call, Scope scope) {
        Tree file = scope.syntax().tree;
        if (nameIs(call, "readObject", "readUnshared") && call.receiver() != null && file.finds("ObjectInputStream")
                && !file.finds("setObjectInputFilter|ValidatingObjectInputStream|resolveClass")) {
            scope.report("CWE-502", "java.unsafe-deserialization", call.node(),
                    "ObjectInputStream.readObject() on incoming bytes with no ObjectInputFilter can run gadget chains; use JSON or an allow-list filter");
        } else if (nameIs(call, "readObject") && file.finds("XMLDecoder")) {
            scope.report("CWE-502", "java.unsafe-deserialization", call.node(), "XMLDecoder.readObject() can instantiate any class");
        } else if (nameIs(call, "fromXML") && !file.finds("allowTypes|addPermission|allowTypesByWildcard")) {
            scope.report("CWE-502", "java.unsafe-deserialization", call.node(), "XStream.fromXML() without a type allow-list");
        } else if (nameIs(call, "load", "loadAll", "loadAs") && call.receiver() != null
                && file.finds("new\\s+Yaml\\s*\\(\\s*\\)") && !file.finds("SafeConstructor")) {
            scope.report("CWE-502", "java.unsafe-deserialization", call.node(), "SnakeYAML's default constructor builds arbitrary types");
        } else if (nameIs(call, "enableDefaultTyping") || nameIs(call, "activateDefaultTyping")
                && scope.text(call.node()).contains("LaissezFaire")) {
            scope.report("CWE-502", "java.unsafe-deserialization", call.node(), "Jackson default typing lets the payload choose classes");
        } else if (calleeIs(call, "SerializationUtils.deserialize")) {
            scope.report("CWE-502", "java.unsafe-deserialization", call.node(), "SerializationUtils.deserialize() uses ObjectInputStream without a filter");
        }
    }

    private void crypto(Call call, Scope scope) {
        JavaProperties.Setting setting = nameIs(call, "getInstance") ? JavaProperties.value(call.arg(0), scope, declared) : null;
        String first = setting != null ? setting.value() : literal(call.arg(0), scope);
        String from = setting == null || setting.where() == null ? "" : " (" + setting.where() + ")";
        if (first != null && staticCall(call, "java.security.Signature", "getInstance") && first.matches("(?i)(?:SHA1|SHA-1|MD5|MD2)with.*")) {
            scope.report("CWE-328", "java.weak-hash", call.node(), "signatures over " + first + from + " can be forged through hash collisions; use SHA256withRSA or Ed25519");
        } else if (first != null && staticCall(call, "javax.crypto.Cipher", "getInstance") && WEAK_TRANSFORMATION.matcher(first).matches()) {
            scope.report("CWE-327", "java.weak-cipher", call.node(), "Cipher \"" + first + "\"" + from + " is broken or uses ECB; use AES/GCM/NoPadding");
        } else if (first != null && (staticCall(call, "javax.crypto.KeyGenerator", "getInstance") || staticCall(call, "javax.crypto.SecretKeyFactory", "getInstance"))
                && first.matches("(?i)DES|DESede|RC4|RC2|Blowfish|ARCFOUR")) {
            scope.report("CWE-327", "java.weak-cipher", call.node(), first + from + " keys are for a broken cipher");
        } else if (call.constructor() && nameIs(call, "IvParameterSpec", "GCMParameterSpec") && staticIv(call, scope)) {
            scope.report("CWE-327", "java.static-iv", call.node(), "a constant IV makes encryption deterministic; use SecureRandom");
        } else if (first != null && staticCall(call, "java.security.MessageDigest", "getInstance") && WEAK_DIGEST.matcher(first).matches()
                && weakHashMatters(scope)) {
            scope.report("CWE-328", "java.weak-hash", call.node(), first + from + " is a broken hash; use bcrypt/PBKDF2 for passwords, SHA-256+ otherwise");
        } else if (nameIs(call, "md5Hex", "sha1Hex", "md5", "sha1", "md5Digest") && call.receiver() != null
                && scope.text(call.receiver()).matches("DigestUtils|Hashing") && weakHashMatters(scope)) {
            scope.report("CWE-328", "java.weak-hash", call.node(), call.callee() + " is a broken hash; use SHA-256+, or bcrypt/PBKDF2 for passwords");
        }
    }

    /**
     * A static method of a library class, called through its simple or its qualified name:
     * {@code Cipher.getInstance(..)} or {@code javax.crypto.Cipher.getInstance(..)}.
     */
    static boolean staticCall(Call call, String qualifiedClass, String name) {
        return !call.constructor() && nameIs(call, name) && (calleeIs(call, qualifiedClass + "." + name)
                || calleeIs(call, lastSegment(qualifiedClass) + "." + name));
    }

    private static boolean staticIv(Call call, Scope scope) {
        Node iv = nameIs(call, "GCMParameterSpec") ? call.arg(1) : call.arg(0);
        if (iv == null) {
            return false;
        }
        String text = scope.text(iv);
        if (text.matches("(?s)new\\s+byte\\s*\\[.*\\]\\s*\\{.*") || text.matches("(?s)\".*\"\\.getBytes\\(.*\\)")) {
            return true;
        }
        if (!text.matches("[\\w.]+")) {
            return false;
        }
        String name = lastSegment(text);
        String source = scope.syntax().tree.source;
        boolean constant = Pattern.compile("(?s)\\b" + Pattern.quote(name) + "\\s*=\\s*(?:\\{|new\\s+byte\\s*\\[\\s*\\]\\s*\\{|\"[^\"]*\"\\.getBytes|new\\s+byte\\s*\\[)")
                .matcher(source).find();
        // the arguments are bounded: "[^;]*" scanned a long line without ';' again from every "get("
        boolean filled = Pattern.compile("(?:nextBytes|get|read|readFully|readNBytes|arraycopy|generateSeed|getIV|copyOfRange)\\s*+\\([^;]{0,300}\\b"
                + Pattern.quote(name) + "\\b").matcher(source).find()
                || Pattern.compile("\\b" + Pattern.quote(name) + "\\s*=\\s*(?:[\\w.]*(?:random|Random|getIV|copyOf|decode|generate))").matcher(source).find();
        return constant && !filled;
    }

    private void credentials(Call call, Scope scope) {
        HardCodedSecrets.jndi(call, scope);
        if (nameIs(call, "getConnection") && call.args().size() >= 3) {
            Credentials.checkNamed("password", call.arg(2), scope);
        }
        if (call.name().matches("set(?:Password|ApiKey|Secret|Token|ClientSecret|AccessKey|SecretKey)") && call.arg(0) != null) {
            Credentials.checkNamed(call.name().substring(3), call.arg(0), scope);
        }
        if (nameIs(call, "hmacShaKeyFor", "HMAC256", "HMAC384", "HMAC512", "signWith") && call.arg(0) != null) {
            String literal = scope.text(call.arg(0));
            if (literal.matches("(?s)\"[^\"]{8,}\"(?:\\.getBytes\\(.*\\))?")) {
                scope.report(Credentials.CWE, "java.hardcoded-credential", call.node(), "a literal signing secret is passed to " + call.name() + "()");
            }
        }
        if (call.constructor() && nameIs(call, "PasswordAuthentication", "UsernamePasswordCredentials", "BasicAWSCredentials")
                && call.args().size() >= 2) {
            Credentials.checkNamed("password", stripToCharArray(call.arg(1), scope), scope);
        }
    }

    private static Node stripToCharArray(Node node, Scope scope) {
        Call inner = scope.syntax().call(node);
        return inner != null && nameIs(inner, "toCharArray") && inner.receiver() != null ? inner.receiver() : node;
    }

    @Override
    void returned(Node value, Scope scope) {
        boolean handler = scope.functionFinds("^\\s*@(?:GetMapping|PostMapping|RequestMapping|PutMapping|ResponseBody)")
                || scope.syntax().tree.finds("@RestController") && scope.functionFinds("@\\w*Mapping");
        if (handler && buildsHtml(scope) && isStringBuilding(value, scope) && !scope.functionFinds("APPLICATION_JSON")) {
            scope.sink(Sink.HTML, value, "CWE-79", "java.xss", value, "an HTML response", false);
        }
    }

    @Override
    void file(Flow flow) {
        super.file(flow);
        List<Node> factories = new ArrayList<>();
        boolean[] hardened = {false};
        xml(flow.tree.root(), flow, factories, hardened);
        if (!hardened[0]) {
            for (Node factory : factories) {
                flow.report("CWE-611", "java.xxe", factory, flow.syntax.call(factory).callee() + " is used with DTDs and external "
                        + "entities enabled; set disallow-doctype-decl to true, or ACCESS_EXTERNAL_DTD to \"\"");
            }
        }
    }

    /** XML parser factories, and whether any call (not a comment) hardens one. */
    private void xml(Node node, Flow flow, List<Node> factories, boolean[] hardened) {
        Call call = flow.syntax.call(node);
        if (call != null && (XML_FACTORIES.contains(call.callee()) || call.constructor() && XML_FACTORIES.contains(call.name()))) {
            factories.add(node);
        }
        if (call != null && hardens(call, flow)) {
            hardened[0] = true;
        }
        for (Node child : Tree.named(node)) {
            xml(child, flow, factories, hardened);
        }
    }

    /** setFeature(disallow-doctype-decl, true), setFeature(external-...-entities, false), setAttribute(ACCESS_EXTERNAL_DTD, ""), ... */
    private static boolean hardens(Call call, Flow flow) {
        if (nameIs(call, "setExpandEntityReferences") && call.arg(0) != null) {
            return flow.tree.text(call.arg(0)).equals("false");
        }
        if (!nameIs(call, "setFeature", "setAttribute", "setProperty") || call.args().size() < 2) {
            return false;
        }
        String key = flow.tree.text(call.arg(0));
        String value = flow.tree.text(call.arg(1)).replace("Boolean.", "").replace("\"", "").strip();
        if (!XML_HARDENING.matcher(key).find() && !key.contains("FEATURE_SECURE_PROCESSING")) {
            return false;
        }
        if (key.contains("disallow-doctype-decl") || key.contains("FEATURE_SECURE_PROCESSING")) {
            return value.equalsIgnoreCase("true");
        }
        if (key.contains("ACCESS_EXTERNAL")) {
            return value.isEmpty();
        }
        return value.equalsIgnoreCase("false");
    }
}
