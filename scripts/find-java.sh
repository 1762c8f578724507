# Sourced by ./build and ./probation: sets PROBATION_JAVA_HOME to a JDK whose version is at least
# PROBATION_MIN_JAVA (default 25), or prints what is missing and returns 1.
# Looks at, in order: $JAVA_HOME, `java` on PATH, then the usual install folders.

PROBATION_MIN_JAVA="${PROBATION_MIN_JAVA:-25}"

_probation_java_major() { # <java executable> -> prints the major version, or nothing
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

_probation_candidates() {
  [ -n "${JAVA_HOME:-}" ] && echo "$JAVA_HOME"
  local on_path
  on_path=$(command -v java 2>/dev/null) && [ -n "$on_path" ] &&
    dirname "$(dirname "$(readlink -f "$on_path")")"
  local d
  for d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
           "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$d" ] && echo "$d"
  done
}

probation_find_java() {
  local seen="" best="" best_major=0 home major
  while IFS= read -r home; do
    [ -x "$home/bin/java" ] || continue
    home=$(readlink -f "$home")
    case "$seen" in *"- $home ("*) continue ;; esac
    major=$(_probation_java_major "$home/bin/java")
    [ -n "$major" ] || continue
    seen="$seen
  - $home (Java $major)"
    if [ "$major" -ge "$PROBATION_MIN_JAVA" ] && [ "$major" -gt "$best_major" ]; then
      best="$home"; best_major="$major"
      # JAVA_HOME, when it is new enough, wins over newer JDKs found elsewhere.
      [ "$home" = "${JAVA_HOME:-}" ] && break
    fi
  done <<EOT
$(_probation_candidates)
EOT
  if [ -z "$best" ]; then
    {
      echo "error: Probation needs Java $PROBATION_MIN_JAVA or newer (a JDK, with javac, to build)."
      if [ -n "$seen" ]; then echo "Found only:$seen"; else echo "No Java installation was found."; fi
      echo "Install a JDK $PROBATION_MIN_JAVA (for example Temurin 25) and set JAVA_HOME to it."
    } >&2
    return 1
  fi
  PROBATION_JAVA_HOME="$best"
}
