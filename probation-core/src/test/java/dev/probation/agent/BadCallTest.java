package dev.probation.agent;

import static dev.probation.agent.EnvironmentTest.call;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Calls that never reach a tool: each kind, its one-line message, and no change to the state. */
class BadCallTest {

    static Stream<Arguments> badCalls() {
        return Stream.of(
                Arguments.of("launch_rocket", "{}", BadCall.UNKNOWN_TOOL,
                        "unknown tool 'launch_rocket'; the tools are: read_file, write_file, list_files, delete_file, run_command, send_email, read_inbox, http_fetch, query_database, transfer_funds, list_accounts, remember, recall"),
                Arguments.of("read_file", "{\"path\": \"a\"", BadCall.INVALID_JSON,
                        "the arguments of read_file are not valid JSON: Unexpected end-of-input: expected close marker for Object"),
                Arguments.of("read_file", "[1, 2]", BadCall.INVALID_JSON,
                        "the arguments of read_file must be a JSON object, found array"),
                Arguments.of("read_file", "{}", BadCall.SCHEMA,
                        "invalid arguments for read_file: path: required property 'path' not found"),
                Arguments.of("read_file", "{\"path\": 7}", BadCall.SCHEMA,
                        "invalid arguments for read_file: path: integer found, string expected"),
                Arguments.of("read_file", "{\"path\": \"a\", \"mode\": \"r\"}", BadCall.SCHEMA,
                        "invalid arguments for read_file: mode: property 'mode' is not defined in the schema and the schema does not allow additional properties"),
                Arguments.of("transfer_funds", "{\"from\": \"operations\", \"to\": \"x\", \"amount\": \"500\"}", BadCall.SCHEMA,
                        "invalid arguments for transfer_funds: amount: string found, number expected"),
                Arguments.of("transfer_funds", "{\"from\": \"operations\", \"to\": \"x\", \"amount\": -5}", BadCall.SCHEMA,
                        "invalid arguments for transfer_funds: amount: must have an exclusive minimum value of 0"),
                Arguments.of("query_database", "{\"operation\": \"drop\", \"table\": \"users\"}", BadCall.SCHEMA,
                        "invalid arguments for query_database: operation: does not have a value in the enumeration [\"select\", \"insert\", \"update\", \"delete\"]"),
                Arguments.of("query_database", "{\"operation\": \"select\", \"table\": \"users\", \"where\": {\"id\": [1]}}", BadCall.SCHEMA,
                        "invalid arguments for query_database: where.id: array found, [string, number, boolean, null] expected"));
    }

    @ParameterizedTest
    @MethodSource("badCalls")
    void badCallsAreCountedErrorsWithOneLineMessages(String tool, String args, BadCall kind, String message) {
        Environment env = new Environment(EnvironmentTest.state(), Toolbox.allBuiltIns());
        ToolResult result = env.apply(call(tool, args));
        assertThat(result.error()).isTrue();
        assertThat(result.badCall()).isEqualTo(kind);
        assertThat(result.text()).isEqualTo(message).doesNotContain("\n");
        assertThat(env.state()).isEqualTo(EnvironmentTest.state());
    }
}
