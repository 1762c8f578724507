package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls into other files of the scanned project: helper classes that return a constant or request
 * data, factories returning an interface, static utilities that clean or run their argument. Each
 * project is written to a folder and scanned through the public API, as {@code scan-code src/} does.
 * Fixtures written for this test.
 */
class CrossFileTest {

    @TempDir
    Path dir;

    private static final String WRAPPER = """
            package app.util;

            import javax.servlet.http.HttpServletRequest;

            public class Wrapper {
                private final HttpServletRequest request;

                public Wrapper(HttpServletRequest request) {
                    this.request = request;
                }

                public String fixed(String key) {
                    return "constant";
                }

                public String raw(String key) {
                    return request.getParameter(key);
                }
            }
            """;

    /** The CWEs found in each file, by file name. */
    private Map<String, List<String>> scan(Map<String, String> files) throws IOException {
        return scan(files, false);
    }

    /** The CWEs found in each file, with their lines ({@code CWE-78:13}) when asked. */
    private Map<String, List<String>> scan(Map<String, String> files, boolean lines) throws IOException {
        Map<String, List<String>> found = new LinkedHashMap<>();
        ProjectScan.findings(new CodeScanner(), dir, files).forEach((file, findings) ->
                found.put(file, findings.stream().map(f -> lines ? f.cwe() + ":" + f.line() : f.cwe()).toList()));
        return found;
    }

    private static String servlet(String pkg, String imports, String body) {
        return """
                package %s;

                import javax.servlet.http.*;
                %s

                public class Handler extends HttpServlet {
                    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
                %s
                    }
                }
                """.formatted(pkg, imports, body);
    }

    @Test
    void aHelperMethodThatReturnsAConstantIsClean() throws IOException {
        Map<String, List<String>> found = scan(Map.of("app/util/Wrapper.java", WRAPPER, "app/web/Handler.java",
                servlet("app.web", "import app.util.Wrapper;", """
                        Wrapper w = new Wrapper(request);
                        String name = w.fixed("name");
                        Runtime.getRuntime().exec("echo " + name);
                        """)));
        assertThat(found.get("Handler.java")).doesNotContain("CWE-78");
    }

    @Test
    void aHelperMethodThatReturnsRequestDataIsASource() throws IOException {
        Map<String, List<String>> found = scan(Map.of("app/util/Wrapper.java", WRAPPER, "app/web/Handler.java",
                servlet("app.web", "", """
                        String cmd = new app.util.Wrapper(request).raw("cmd");
                        Runtime.getRuntime().exec(cmd);
                        """)));
        assertThat(found.get("Handler.java")).contains("CWE-78");
    }

    @Test
    void anInterfaceFromAFactoryIsWhatEveryImplementationDoes() throws IOException {
        String shaper = "package app.shape;\npublic interface Shaper { String shape(String in); }\n";
        String factory = """
                package app.shape;
                public class Shapers {
                    public static Shaper create() { return new Plain(); }
                }
                """;
        String handler = servlet("app.web", "import app.shape.*;", """
                Shaper s = Shapers.create();
                String out = s.shape(request.getParameter("q"));
                Runtime.getRuntime().exec("sh -c " + out);
                String chained = Shapers.create().shape(request.getParameter("r"));
                response.getWriter().print(chained);
                """);
        Map<String, String> project = new java.util.HashMap<>(Map.of("app/shape/Shaper.java", shaper, "app/shape/Shapers.java", factory,
                "app/shape/Plain.java", "package app.shape;\npublic class Plain implements Shaper {\n public String shape(String in) { return \"plain\"; }\n}\n",
                "app/shape/Fixed.java", "package app.shape;\npublic class Fixed implements Shaper {\n public String shape(String in) { String r = \"fixed\"; return r; }\n}\n",
                "app/web/Handler.java", handler));
        assertThat(scan(project).get("Handler.java")).doesNotContain("CWE-78", "CWE-79");

        project.put("app/shape/Fixed.java", "package app.shape;\npublic class Fixed implements Shaper {\n public String shape(String in) { String r = in; return r; }\n}\n");
        Map<String, List<String>> oneEchoes = scan(project);
        assertThat(oneEchoes.get("Handler.java")).contains("CWE-78", "CWE-79");
    }

    @Test
    void aStaticUtilityThatCleansOrRunsItsArgument() throws IOException {
        String util = """
                package app.util;

                public final class Text {
                    public static String letters(String s) {
                        return s.replaceAll("[^a-z]", "");
                    }

                    public static void run(String command) throws java.io.IOException {
                        Runtime.getRuntime().exec(command);
                    }
                }
                """;
        Map<String, List<String>> found = scan(Map.of("app/util/Text.java", util,
                "app/web/Handler.java", servlet("app.web", "import app.util.Text;", """
                        String name = Text.letters(request.getParameter("name"));
                        Runtime.getRuntime().exec("echo " + name);
                        """),
                "app/web/Runner.java", servlet("app.web", "", """
                        app.util.Text.run(request.getParameter("cmd"));
                        """).replace("class Handler", "class Runner")));
        assertThat(found.get("Handler.java")).doesNotContain("CWE-78");
        assertThat(found.get("Runner.java")).contains("CWE-78");
        assertThat(found.get("Text.java")).doesNotContain("CWE-78"); // a parameter, not request data, inside the helper
    }

    @Test
    void aNestedClassInTheSameFileIsFollowedThroughNew() throws IOException {
        String code = servlet("app.web", "", """
                String bar = new Inner().pick(request.getParameter("q"));
                Runtime.getRuntime().exec("echo " + bar);
                String echoed = new Echo().pick(request.getParameter("q"));
                response.getWriter().print(echoed);
                """).replaceFirst("}\\s*$", """
                    private class Inner {
                        String pick(String q) { return "safe"; }
                    }

                    private class Echo {
                        String pick(String q) { return q; }
                    }
                }
                """);
        Map<String, List<String>> found = scan(Map.of("app/web/Handler.java", code));
        assertThat(found.get("Handler.java")).doesNotContain("CWE-78").contains("CWE-79");
    }

    @Test
    void aCheckThatSkipsKnownValuesProvesNothingAfterIt() throws IOException {
        String code = servlet("app.web", "", """
                String param = "";
                java.util.Enumeration<String> names = request.getHeaderNames();
                while (names.hasMoreElements()) {
                    String name = names.nextElement();
                    if (COMMON.contains(name)) {
                        continue;
                    }
                    param = name;
                    break;
                }
                String bar = new Inner().pick(request, param);
                new java.io.FileInputStream("/srv/files/" + bar);
                """).replaceFirst("}\\s*$", """
                    private static final java.util.Set<String> COMMON = java.util.Set.of("host", "accept");

                    private class Inner {
                        String pick(HttpServletRequest request, String value) { return value; }
                    }
                }
                """);
        assertThat(scan(Map.of("app/web/Handler.java", code)).get("Handler.java")).contains("CWE-22");
    }

    @Test
    void aSimpleNameThatTwoPackagesDeclareIsResolvedByTheImport() throws IOException {
        String safe = "package app.a;\npublic class Helper {\n public static String get(String s) { return \"x\"; }\n}\n";
        String echo = "package app.b;\npublic class Helper {\n public static String get(String s) { return s; }\n}\n";
        Map<String, List<String>> found = scan(Map.of("app/a/Helper.java", safe, "app/b/Helper.java", echo,
                "app/web/Handler.java", servlet("app.web", "import app.a.Helper;", """
                        Runtime.getRuntime().exec("echo " + Helper.get(request.getParameter("q")));
                        """),
                "app/web/Other.java", servlet("app.web", "import app.b.Helper;", """
                        Runtime.getRuntime().exec("echo " + Helper.get(request.getParameter("q")));
                        """).replace("class Handler", "class Other")));
        assertThat(found.get("Handler.java")).doesNotContain("CWE-78");
        assertThat(found.get("Other.java")).contains("CWE-78");
    }

    @Test
    void pythonFunctionsImportedFromAnotherModuleAreFollowed() throws IOException {
        String helpers = """
                import shlex
                import subprocess


                def quoted(value):
                    return shlex.quote(value)


                def greeting(name):
                    return "hello"


                def run(command):
                    subprocess.call(command, shell=True)
                """;
        Map<String, List<String>> found = scan(Map.of("app/helpers.py", helpers, "app/views.py", """
                import os
                from flask import request
                from .helpers import quoted, greeting
                import helpers as h


                def listing():
                    os.system("ls " + quoted(request.args.get("dir")))
                    os.system("echo " + greeting(request.args.get("name")))


                def runner():
                    h.run(request.args.get("cmd"))
                """), true);
        assertThat(found.get("views.py")).containsExactly("CWE-78:13");
        assertThat(found.get("helpers.py")).isEmpty();
    }

    @Test
    void pythonMethodsOfAClassImportedFromAnotherModuleAreFollowed() throws IOException {
        String db = """
                import sqlite3


                class Repo:
                    def __init__(self, conn):
                        self.conn = conn

                    def find(self, name):
                        return self.conn.execute("SELECT * FROM users WHERE name = '" + name + "'")

                    def find_safely(self, name):
                        return self.conn.execute("SELECT * FROM users WHERE name = ?", (name,))
                """;
        Map<String, List<String>> found = scan(Map.of("app/db.py", db, "app/views.py", """
                import sqlite3
                from flask import request
                from db import Repo
                import db


                def chained():
                    Repo(sqlite3.connect("a.db")).find(request.args.get("a"))


                def local():
                    repo = Repo(sqlite3.connect("a.db"))
                    repo.find(request.args.get("b"))
                    repo.find_safely(request.args.get("c"))


                def qualified():
                    db.Repo(sqlite3.connect("a.db")).find(request.args.get("d"))


                def reassigned(other):
                    repo = Repo(sqlite3.connect("a.db"))
                    repo = other
                    repo.find_safely(request.args.get("e"))
                """), true);
        assertThat(found.get("views.py")).containsExactly("CWE-89:8", "CWE-89:13", "CWE-89:18");
    }

    @Test
    void javaScriptAndTypeScriptFunctionsImportedByARelativePathAreFollowed() throws IOException {
        Map<String, List<String>> found = scan(Map.of("web/helpers.js", """
                const { execSync } = require('child_process');

                function label(name) {
                  return 'visitor';
                }

                function run(cmd) {
                  execSync(cmd);
                }

                module.exports = { label, run };
                """, "web/app.js", """
                const express = require('express');
                const { execSync } = require('child_process');
                const h = require('./helpers');
                const { label } = require('./helpers');
                const app = express();

                app.get('/a', (req, res) => {
                  execSync('echo ' + label(req.query.name));
                });

                app.get('/b', (req, res) => {
                  h.run(req.query.cmd);
                });
                """, "web/util.ts", """
                import { execSync } from 'child_process';

                export function shell(command: string) {
                  execSync(command);
                }
                """, "web/main.ts", """
                import express from 'express';
                import { shell as sh } from './util';

                const app = express();
                app.post('/c', (req, res) => {
                  sh(req.body.command);
                });
                """), true);
        assertThat(found.get("app.js")).containsExactly("CWE-78:12");
        assertThat(found.get("main.ts")).containsExactly("CWE-78:6");
        assertThat(found.get("helpers.js")).isEmpty();
    }
}
