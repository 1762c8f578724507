package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Call;
import dev.probation.scan.Taint.Sink;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Java SQL sinks (CWE-89), known by the receiver's type ({@link JavaTypes}): JDBC statements and
 * connections, Spring's JDBC templates and JPA's EntityManager (from stubs). A receiver of another
 * known library type ({@code Executor.execute}, {@code MessageDigest.update}) is no sink. One the
 * symbol solver cannot type (a field of a class not shown, a library without stubs such as
 * Hibernate), or a class of the project's own (a DAO over JDBC), is judged as before types: by the
 * method's name, and for the names other APIs share ({@code execute}, {@code query}, {@code update})
 * by the receiver's name.
 */
final class JavaSql {

    private static final Set<String> SINKS = Set.of("executeQuery", "executeUpdate", "execute", "executeLargeUpdate",
            "addBatch", "prepareStatement", "prepareCall", "createQuery", "createNativeQuery", "createSQLQuery", "query",
            "queryForObject", "queryForList", "queryForMap", "queryForRowSet", "update", "batchUpdate", "nativeQuery", "nativeSQL");
    /** Method names that only SQL APIs use. */
    private static final Set<String> SQL_ONLY = Set.of("executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch",
            "prepareStatement", "prepareCall", "createQuery", "createNativeQuery", "createSQLQuery", "queryForObject",
            "queryForList", "queryForMap", "queryForRowSet", "batchUpdate", "nativeSQL");
    private static final Pattern DATABASE_NAMES = Pattern.compile(
            "(?i).*(?:jdbc|template|stmt|statement|\\bst\\b|\\bps\\b|conn|session|\\bem\\b|entityManager|db|query|repo|dao|handle).*");
    /** The types whose methods above take SQL text (subtypes count: PreparedStatement, JdbcTemplate). */
    private static final Set<String> TYPES = Set.of("java.sql.Statement", "java.sql.Connection",
            "org.springframework.jdbc.core.JdbcOperations", "org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations",
            "javax.persistence.EntityManager", "jakarta.persistence.EntityManager");
    /** Packages Probation has types for (the JDK, the stubs): a receiver from there is a sink only when it is one of {@link #TYPES}. */
    private static final Pattern KNOWN = Pattern.compile("(?:java|javax|jakarta|org\\.springframework)\\..*");

    private JavaSql() {
    }

    static void call(Call call, Scope scope) {
        if (SINKS.contains(call.name()) && call.receiver() != null && isSql(call, scope)) {
            scope.sink(Sink.SQL, call.arg(0), "CWE-89", "java.sql-injection", call.node(), call.callee() + "()", false);
        }
    }

    private static boolean isSql(Call call, Scope scope) {
        Set<String> types = JavaRules.receiverTypes(call, scope);
        if (types != null && types.stream().anyMatch(TYPES::contains)) {
            return true;
        }
        String type = JavaRules.receiverType(call, scope);
        if (type != null && KNOWN.matcher(type).matches()) {
            return false;
        }
        return SQL_ONLY.contains(call.name()) || DATABASE_NAMES.matcher(scope.text(call.receiver())).matches();
    }
}
