package dev.probation.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probation.scenario.FormatException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A mistake in a model file is one line naming the file, the line and the field. */
class ModelReaderTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            sink kind misspelt     | sinks: [{call: db.run, kind: sqll}]                  | m.yaml:4: sinks[0].kind: unknown kind 'sqll'; use one of sql, command, path, html
            unknown field          | sinks: [{call: db.run, kind: sql, args: 1}]         | m.yaml:4: sinks[0].args: unknown field (did you mean 'arg'?)
            sink without a call    | sinks: [{kind: sql}]                                 | m.yaml:4: sinks[0].call: required field is missing
            argument not an index  | sinks: [{call: db.run, kind: sql, arg: -1}]         | m.yaml:4: sinks[0].arg: '-1' is not an argument: use an index from 0, receiver, any or a keyword argument's name
            bad CWE                | sinks: [{call: db.run, kind: sql, cwe: 89}]         | m.yaml:4: sinks[0].cwe: '89' is not a CWE id such as CWE-89
            bad call name          | sanitizers: [{call: 'db.quote(x)'}]                  | m.yaml:4: sanitizers[0].call: 'db.quote(x)' is not a call name
            sanitizer kind         | sanitizers: [{call: db.quote, for: [sql, htm]}]      | m.yaml:4: sanitizers[0].for: unknown kind 'htm'
            source call and member | sources: [{call: a.b, member: a.c}]                  | m.yaml:4: sources[0]: needs either 'call' (a call whose result is untrusted) or 'member' (an attribute read), not both
            source kind            | sources: [{call: a.b, kind: local}]                  | m.yaml:4: sources[0].kind: unknown kind 'local'; use remote
            top-level typo         | sink: []                                             | m.yaml:4: sink: unknown field (did you mean 'sinks'?)
            empty model            | sinks: []                                            | m.yaml:1: names no sources, sinks, sanitizers or summaries
            summary to result      | summaries: [{call: a.b, from: 0, to: result}]        | m.yaml:4: summaries[0].from: a call's arguments and receiver reach its result already
            summary target         | summaries: [{call: a.b, from: 0, to: self}]          | m.yaml:4: summaries[0].to: 'self' is not a target
            not YAML               | 'sinks: [{call: db.run, kind: sql'                   | m.yaml:5: not valid YAML
            """)
    void errorsNameFileLineAndField(String what, String line, String expected) {
        String text = "language: python\nframework: quill\n# the line below is line 4\n" + line + "\n";
        assertThatThrownBy(() -> ScanModels.parse("m.yaml", text)).isInstanceOf(FormatException.class)
                .hasMessageStartingWith(expected).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void languageAndFrameworkAreRequired() {
        assertThatThrownBy(() -> ScanModels.parse("m.yaml", "language: cobol\nframework: x\nsinks: [{call: a.b, kind: sql}]\n"))
                .hasMessage("m.yaml:1: language: unknown language 'cobol'; use python, java or javascript");
        assertThatThrownBy(() -> ScanModels.parse("m.yaml", "language: java\nsinks: [{call: a.b, kind: sql}]\n"))
                .hasMessage("m.yaml:1: framework: required field is missing");
        assertThatThrownBy(() -> ScanModels.parse("m.yaml", "language: java\nframework: x\nsinks: [{call: a.b, kind: sql, arg: q}]\n"))
                .hasMessageContaining("sinks[0].arg: 'q' is not an argument: use an index from 0, receiver, any");
    }

    @Test
    void everyQuestionTheAnalysisMayAskReachesTheLanguageRules() {
        // ModelRules wraps the language's rules: a method of Rules it does not pass on would be silently lost
        for (Method method : Rules.class.getDeclaredMethods()) {
            int modifiers = method.getModifiers();
            if (Modifier.isStatic(modifiers) || Modifier.isPrivate(modifiers) || Modifier.isFinal(modifiers)) {
                continue;
            }
            assertThat(Arrays.stream(ModelRules.class.getDeclaredMethods())
                    .anyMatch(m -> m.getName().equals(method.getName()) && Arrays.equals(m.getParameterTypes(), method.getParameterTypes())))
                    .as("ModelRules passes on Rules.%s", method.getName()).isTrue();
        }
    }
}
