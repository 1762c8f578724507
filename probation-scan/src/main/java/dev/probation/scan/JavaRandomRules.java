package dev.probation.scan;

import dev.probation.scan.Flow.Scope;
import dev.probation.scan.Syntax.Call;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CWE-330: a predictable generator ({@code java.util.Random}, {@code Math.random()},
 * {@code ThreadLocalRandom}, commons-lang {@code RandomStringUtils}) in a method that makes
 * something an attacker must not guess: a session or remember-me cookie, a token, a password,
 * a key, a nonce. Like the weak-hash rule, the method's words decide: a dice roll or a shuffle
 * is not a finding. {@code SecureRandom} is never one.
 */
final class JavaRandomRules {

    private static final Set<String> GENERATORS = Set.of("Random", "ThreadLocalRandom", "SplittableRandom");
    private static final Set<String> DRAWS = Set.of("nextInt", "nextLong", "nextDouble", "nextFloat", "nextBoolean",
            "nextGaussian", "nextBytes", "ints", "longs", "doubles");
    /** Words beyond the weak-hash rule's that make a random value a secret. */
    private static final Pattern SECRET_CONTEXT = Pattern.compile(
            "(?i)cookie|remember|captcha|activation|invit|voucher|coupon|(?:api|secret|session|access|private|encryption)_?key");

    private final DeclaredTypes types;

    JavaRandomRules(DeclaredTypes types) {
        this.types = types;
    }

    void call(Call call, Scope scope) {
        if (predictable(call, scope) && (Rules.securityContext(scope) || scope.functionFinds(SECRET_CONTEXT.pattern()))) {
            scope.report("CWE-330", "java.weak-random", call.node(), call.callee() + " is predictable, and this method makes a "
                    + "secret with it (a cookie, token, key or password); use java.security.SecureRandom");
        }
    }

    private boolean predictable(Call call, Scope scope) {
        if (Rules.calleeIs(call, "Math.random", "java.lang.Math.random", "StrictMath.random")) {
            return true;
        }
        if (call.receiver() != null && scope.text(call.receiver()).matches("(?:[\\w.]*\\.)?Random(?:String)?Utils")) {
            return !call.name().startsWith("secure"); // RandomStringUtils.secure() is backed by SecureRandom
        }
        return Rules.nameIs(call, DRAWS.toArray(String[]::new)) && types.is(call.receiver(), scope, GENERATORS);
    }
}
