# Sourced by ./build: checks what the full test run needs beyond a JDK and installs what is missing.
#
# The integration tests start a throwaway PostgreSQL server, drive the dashboard in headless
# Chromium through ChromeDriver, and run the OpenAI Node SDK against the gateway. Where they live
# can be set for machines that are not Debian or Ubuntu (the tests read the same variables):
#   PROBATION_PG_BIN         folder with initdb and pg_ctl  (default: newest /usr/lib/postgresql/*/bin)
#   PROBATION_CHROMIUM       Chromium or Chrome binary       (default: /usr/bin/chromium)
#   PROBATION_CHROMEDRIVER   the matching ChromeDriver       (default: /usr/bin/chromedriver)
#   node and npm             found on PATH
# PROBATION_INSTALL=never turns installing off; then anything missing is an error before the build.

_probation_pg_bin() {
  if [ -n "${PROBATION_PG_BIN:-}" ]; then echo "$PROBATION_PG_BIN"; return; fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n | tail -n 1)
  echo "${newest:-/usr/lib/postgresql/bin}"
}

# Prints the Debian packages that provide what is missing, one line, space-separated.
probation_missing_packages() {
  local missing=() pg_bin
  pg_bin=$(_probation_pg_bin)
  [ -x "$pg_bin/initdb" ] && [ -x "$pg_bin/pg_ctl" ] || missing+=(postgresql)
  [ -x "${PROBATION_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
  [ -x "${PROBATION_CHROMEDRIVER:-/usr/bin/chromedriver}" ] || missing+=(chromium-driver)
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  echo "${missing[*]:-}"
}

# Installs what is missing with apt-get (as root, or with sudo when it needs no password), saying
# what it installs; otherwise prints one line naming what is missing and returns 1.
probation_install_prerequisites() {
  local missing
  missing=$(probation_missing_packages)
  [ -z "$missing" ] && return 0
  local sudo=()
  if [ "${PROBATION_INSTALL:-auto}" != never ] && command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo -n); else sudo=(none); fi
    fi
    if [ "${sudo[*]:-}" != none ]; then
      echo "Installing what the full test run needs, from Debian's packages: $missing (./build --quick needs none of it)" >&2
      local log
      log=$(mktemp)
      # shellcheck disable=SC2086
      if "${sudo[@]}" apt-get update -qq >"$log" 2>&1 &&
         DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends $missing >>"$log" 2>&1; then
        rm -f "$log"
        missing=$(probation_missing_packages)
        [ -z "$missing" ] && return 0
      else
        echo "apt-get failed; its last lines:" >&2
        tail -n 5 "$log" >&2
        rm -f "$log"
      fi
    fi
  fi
  echo "error: the full test run needs $missing (Debian/Ubuntu: sudo apt-get install $missing; elsewhere set PROBATION_PG_BIN, PROBATION_CHROMIUM, PROBATION_CHROMEDRIVER, see scripts/prerequisites.sh); ./build --quick runs the unit tests without them" >&2
  return 1
}
