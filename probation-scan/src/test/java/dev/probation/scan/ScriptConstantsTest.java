package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Python and JavaScript: dicts and objects read at a constant key, lists and arrays at a constant
 * index, and conditions the code fixes, carry only what the code stored or took there.
 */
class ScriptConstantsTest {

    private final CodeScanner scanner = new CodeScanner();

    private List<String> python(String body) {
        String code = """
                import os
                from flask import request
                @app.route("/run")
                def run():
                    name = request.args["q"]
                    bar = "none"
                %s
                    os.system("ls " + bar)
                """.formatted(indent(body, "    "));
        return scanner.scanCode(code, Language.PYTHON, "app.py").findings().stream().map(Finding::cwe).toList();
    }

    private List<String> javascript(String body) {
        String code = """
                const { exec } = require('child_process');
                app.get('/run', (req, res) => {
                  const name = req.query.q;
                  let bar = "none";
                %s
                  exec('ls ' + bar);
                });
                """.formatted(indent(body, "  "));
        return scanner.scanCode(code, Language.JAVASCRIPT, "app.js").findings().stream().map(Finding::cwe).toList();
    }

    private static String indent(String body, String by) {
        return by + body.replace("\\n", "\n" + by).replace("\\t", "    ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            dict literal, other key         | d = {"colour": "blue", "query": name}\\nbar = d["colour"]
            dict filled, other key          | d = {}\\nd["colour"] = "blue"\\nd["query"] = name\\nbar = d.get("colour")
            dict, tainted key overwritten   | d = {"query": name}\\nd["query"] = "fixed"\\nbar = d["query"]
            list literal after pop          | items = ["first", name, "last"]\\nitems.pop(0)\\nbar = items[1]
            list appended                   | items = []\\nitems.append("first")\\nitems.append(name)\\nbar = items[0]
            constant if                     | num = 86\\nif 7 * 42 - num > 200:\\n\\tbar = "fixed"\\nelse:\\n\\tbar = name
            constant conditional expression | num = 86\\nbar = "fixed" if 7 * 42 - num > 200 else name
            string comparison               | mode = "strict"\\nif mode == "strict":\\n\\tbar = "fixed"\\nelse:\\n\\tbar = name
            """)
    void pythonConstantSlotsAreClean(String name, String body) {
        assertThat(python(body)).as(name).doesNotContain("CWE-78");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            dict literal, tainted key       | d = {"colour": "blue", "query": name}\\nbar = d["query"]
            dict, key not constant          | d = {"colour": "blue", "query": name}\\nbar = d[request.args["k"]]
            dict, updated                   | d = {"colour": "blue"}\\nd.update(request.args)\\nbar = d["colour"]
            dict, passed along              | d = {"colour": "blue", "query": name}\\nfill(d)\\nbar = d["colour"]
            dict, set on a branch           | d = {"colour": "blue"}\\nif name:\\n\\td["colour"] = name\\nbar = d["colour"]
            list, tainted index             | items = ["first", name, "last"]\\nitems.pop(0)\\nbar = items[0]
            list, negative index            | items = ["first", name]\\nbar = items[-1]
            constant if, taken              | num = 10\\nif 7 * 42 - num > 200:\\n\\tbar = name\\nelse:\\n\\tbar = "fixed"
            condition from input            | if name.startswith("a"):\\n\\tbar = "fixed"\\nelse:\\n\\tbar = name
            name assigned twice             | num = 86\\nnum = int(request.args["n"])\\nif 7 * 42 - num > 200:\\n\\tbar = "fixed"\\nelse:\\n\\tbar = name
            """)
    void pythonTaintedOrUnknownSlotsStayTainted(String name, String body) {
        assertThat(python(body)).as(name).contains("CWE-78");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            object literal, other key       | const o = { colour: "blue", query: name };\\nbar = o.colour;
            object filled, other key        | const o = {};\\no["colour"] = "blue";\\no["query"] = name;\\nbar = o["colour"];
            map, other key                  | const m = new Map();\\nm.set("colour", "blue");\\nm.set("query", name);\\nbar = m.get("colour");
            array after shift               | const a = ["first", name, "last"];\\na.shift();\\nbar = a[1];
            array pushed                    | const a = [];\\na.push("first");\\na.push(name);\\nbar = a[0];
            constant if                     | const num = 86;\\nif (7 * 42 - num > 200) { bar = "fixed"; } else { bar = name; }
            constant ternary                | const num = 86;\\nbar = 7 * 42 - num > 200 ? "fixed" : name;
            """)
    void javascriptConstantSlotsAreClean(String name, String body) {
        assertThat(javascript(body)).as(name).doesNotContain("CWE-78");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            object literal, tainted key     | const o = { colour: "blue", query: name };\\nbar = o.query;
            object, key not constant        | const o = { colour: "blue", query: name };\\nbar = o[req.query.k];
            object, passed along            | const o = { colour: "blue", query: name };\\nfill(o);\\nbar = o.colour;
            map, tainted key                | const m = new Map();\\nm.set("colour", "blue");\\nm.set("query", name);\\nbar = m.get("query");
            array, tainted index            | const a = ["first", name, "last"];\\na.shift();\\nbar = a[0];
            constant if, taken              | const num = 10;\\nif (7 * 42 - num > 200) { bar = name; } else { bar = "fixed"; }
            let reassigned                  | let num = 86;\\nnum = Number(req.query.n);\\nbar = 7 * 42 - num > 200 ? "fixed" : name;
            """)
    void javascriptTaintedOrUnknownSlotsStayTainted(String name, String body) {
        assertThat(javascript(body)).as(name).contains("CWE-78");
    }
}
