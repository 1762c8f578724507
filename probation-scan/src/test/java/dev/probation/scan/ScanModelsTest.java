package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sources, sinks and sanitizers given as YAML models (docs/scan-models.md): a made-up framework, quill,
 * is unknown to the language rules, so its code is flagged only once a model describes it.
 */
class ScanModelsTest {

    private static final CodeScanner BARE = new CodeScanner(CodeScanner.DEFAULT_MAX_BYTES, ScanModels.none());

    private static final String PYTHON_MODEL = """
            language: python
            framework: quill
            sources:
              - {call: quill.request.arg, what: request argument}
            sinks:
              - {call: quill.db.run_sql, arg: 0, kind: sql}
              - {call: quill.db.Cursor.run, arg: query, kind: sql}
            sanitizers:
              - {call: quill.db.quote, for: [%s]}
            """;

    private static final String ORDERS = """
            import quill
            from quill.db import run_sql, quote

            @quill.page("/orders")
            def orders(page):
                customer = quill.request.arg("customer")
                run_sql(%s)
            """;

    private static List<Finding> scan(ScanModels models, String code, Language language) {
        return new CodeScanner(CodeScanner.DEFAULT_MAX_BYTES, models).scanCode(code, language, "orders").findings();
    }

    @Test
    void aModelAddsASourceAndASinkThatTheRulesDoNotKnow() {
        String code = ORDERS.formatted("customer");
        assertThat(BARE.scanCode(code, Language.PYTHON, "orders.py").findings()).isEmpty();

        List<Finding> found = scan(ScanModels.parse("quill.yaml", PYTHON_MODEL.formatted("sql")), code, Language.PYTHON);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.cwe()).isEqualTo("CWE-89");
            assertThat(f.rule()).isEqualTo("python.model-sql");
            assertThat(f.line()).isEqualTo(7);
            assertThat(f.message()).isEqualTo("quill request argument (line 6) reaches run_sql() (sql sink, the quill model), unescaped");
        });
    }

    @Test
    void aMethodOfAModelledClassMatchesByNameOnlyInFilesThatImportItsModule() {
        String code = """
                %s
                def orders(cursor, request):
                    cursor.run("SELECT 1", query=request.args["q"])
                """;
        ScanModels model = ScanModels.parse("quill.yaml", PYTHON_MODEL.formatted("sql"));
        assertThat(scan(model, code.formatted("import quill.db"), Language.PYTHON)).extracting(Finding::rule)
                .containsExactly("python.model-sql");
        assertThat(scan(model, code.formatted("import sqlite3"), Language.PYTHON)).isEmpty();
    }

    @Test
    void aModelSanitizerClearsTheDataForItsKindsOnly() {
        String code = ORDERS.formatted("quote(customer)");
        assertThat(scan(ScanModels.parse("quill.yaml", PYTHON_MODEL.formatted("sql")), code, Language.PYTHON)).isEmpty();
        assertThat(scan(ScanModels.parse("quill.yaml", PYTHON_MODEL.formatted("html")), code, Language.PYTHON))
                .extracting(Finding::cwe).containsExactly("CWE-89");
    }

    @Test
    void javaModelsFollowTheReceiversDeclaredType() {
        String code = """
                import com.acme.web.Request;
                import com.acme.sql.Db;
                import com.acme.audit.Log;
                class Orders {
                    void show(Request request, Db db) {
                        String customer = request.arg("customer");
                        db.run(customer);
                    }
                    void audit(Log log, Db db) {
                        db.run(log.arg("customer"));
                    }
                }
                """;
        ScanModels model = ScanModels.parse("acme.yaml", """
                language: java
                framework: acme
                sources: [{call: com.acme.web.Request.arg}]
                sinks: [{call: com.acme.sql.Db.run, kind: sql}]
                """);
        assertThat(BARE.scanCode(code, Language.JAVA, "Orders.java").findings()).isEmpty();
        assertThat(scan(model, code, Language.JAVA)).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(7); // not line 10: a Log is not a Request
            assertThat(f.message()).startsWith("acme request.arg() (line 6) reaches db.run() (sql sink, the acme model)");
        });
    }

    @Test
    void javascriptModelsReadRequireAndMemberSources() {
        String code = """
                const quill = require('quill');
                const { runSql } = require('quill/db');
                quill.page('/orders', (page) => {
                  const customer = quill.form.customer;
                  runSql(customer);
                });
                """;
        ScanModels model = ScanModels.parse("quill.yaml", """
                language: javascript
                framework: quill
                sources: [{member: quill.form, what: form field}]
                sinks: [{call: quill/db.runSql, kind: command, cwe: CWE-78}]
                """);
        assertThat(BARE.scanCode(code, Language.JAVASCRIPT, "orders.js").findings()).isEmpty();
        assertThat(scan(model, code, Language.JAVASCRIPT)).extracting(Finding::cwe, Finding::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CWE-78", "javascript.model-command"));
        assertThat(scan(model, code, Language.TYPESCRIPT)).hasSize(1);

        String imported = """
                import * as quill from 'quill';
                import { hash, runSql as run } from 'quill/db';
                export function orders(page) {
                  run(hash(page.id));
                  run(quill.form.customer);
                }
                """;
        assertThat(scan(model, imported, Language.TYPESCRIPT)).extracting(Finding::line).containsExactly(5);
    }

    @Test
    void builtInModelsCoverTornadoAiohttpAndJavalin() {
        String tornado = """
                import subprocess
                import tornado.web

                class Ping(tornado.web.RequestHandler):
                    def get(self):
                        host = self.get_argument("host")
                        subprocess.call(host, shell=True)
                        self.write(open(self.request.query).read())
                """;
        String aiohttp = """
                import os
                from aiohttp import web

                async def handle(request):
                    name = request.match_info["name"]
                    os.system(name)
                """;
        String javalin = """
                import io.javalin.Javalin;
                class App {
                    void routes(Javalin app) {
                        app.get("/hello", ctx -> ctx.html("<p>Hello " + ctx.queryParam("name") + "</p>"));
                    }
                }
                """;
        CodeScanner scanner = new CodeScanner();
        assertThat(scanner.scanCode(tornado, Language.PYTHON, "ping.py").findings()).extracting(Finding::line, Finding::cwe)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(7, "CWE-78"), org.assertj.core.groups.Tuple.tuple(8, "CWE-22"));
        assertThat(scanner.scanCode(aiohttp, Language.PYTHON, "app.py").findings()).extracting(Finding::cwe).containsExactly("CWE-78");
        assertThat(scanner.scanCode(javalin, Language.JAVA, "App.java").findings()).extracting(Finding::cwe, Finding::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CWE-79", "java.model-html"));
        for (String code : List.of(tornado, aiohttp)) {
            assertThat(BARE.scanCode(code, Language.PYTHON, "x.py").findings()).isEmpty();
        }
        assertThat(BARE.scanCode(javalin, Language.JAVA, "App.java").findings()).isEmpty();
        assertThat(ScanModels.builtIn().frameworks()).containsExactly("javalin (java)", "aiohttp (python)", "tornado (python)",
                "credentials (java)", "credentials (python)", "credentials (javascript)");
    }

    @Test
    void builtInModelsApplyOnlyToFilesThatImportTheirFramework() {
        String code = """
                import subprocess

                class Ping:
                    def get(self):
                        subprocess.call(self.get_argument("host"), shell=True)
                """;
        assertThat(new CodeScanner().scanCode(code, Language.PYTHON, "ping.py").findings()).isEmpty();
    }

    @Test
    void summariesCarryDataIntoAReceiverOrNarrowAResultToItsReceiver() {
        String code = """
                import quill

                ROUTES = quill.Routes({"home": "SELECT * FROM home"})

                def orders(page):
                    query = quill.db.Query("orders")
                    query.where(quill.request.arg("customer"))
                    quill.db.run_sql(query)
                    quill.db.run_sql(ROUTES.lookup(quill.request.arg("page")))
                """;
        String model = """
                language: python
                framework: quill
                sources: [{call: quill.request.arg}]
                sinks: [{call: quill.db.run_sql, kind: sql}]
                """;
        assertThat(scan(ScanModels.parse("quill.yaml", model), code, Language.PYTHON)).extracting(Finding::line).containsExactly(9);
        assertThat(scan(ScanModels.parse("quill.yaml", model + """
                summaries:
                  - {call: quill.db.Query.where, from: [0], to: receiver}
                  - {call: quill.Routes.lookup, from: receiver, to: result}
                """), code, Language.PYTHON)).extracting(Finding::line).containsExactly(8);
    }
}
