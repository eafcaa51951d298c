#!/usr/bin/env bash
# README command #2: run every test suite.
#
#   bash setup/test.sh [--suite lint|unit|odoo|rpc ...] [-- <extra pytest args>]
#
# Suites:
#   unit  tests/unit/: pure-Python rules (addons/*/pure), no Odoo, no database.
#         Run with the Odoo python if there is one, else in .venv/.
#   odoo  addons/*/tests/: Odoo TransactionCase/HttpCase tests through
#         pytest-odoo, on a fresh database ps_test ($PS_TEST_DB).
#   rpc   tests/rpc/: a real Odoo server on database ps_rpc_test ($PS_RPC_DB),
#         driven over XML-RPC (fixture in tests/rpc/conftest.py).
# Without a python that imports Odoo 18 only `unit` runs, and the run says so.
#
# Writes var/junit-<suite>.xml and logs in var/; prints one line per suite and
# a last line `total: N passed, N failed, N skipped`. Exits non-zero if a suite
# failed or errored, if installing the addons failed, or if no test ran.
#
# Environment: ODOO_PYTHON, PS_FORCE_NO_ODOO=1, PS_TEST_DB, PS_RPC_DB,
# PS_TEST_SUITES (e.g. "unit,odoo"), PS_ODOO_LOG_LEVEL (warn),
# PS_TIMEOUT_UNIT / PS_TIMEOUT_ODOO / PS_TIMEOUT_RPC (seconds), and every
# variable of setup/lib.sh.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
# shellcheck source=setup/lib.sh
. setup/lib.sh

PS_TEST_DB="${PS_TEST_DB:-ps_test}"
PS_RPC_DB="${PS_RPC_DB:-ps_rpc_test}"
export PS_RPC_DB

SUITES="${PS_TEST_SUITES:-}"
EXTRA_PYTEST_ARGS=()
while (($#)); do
    case "$1" in
    --suite)
        SUITES+="${SUITES:+,}${2:?--suite needs a name}"
        shift 2
        ;;
    --suite=*)
        SUITES+="${SUITES:+,}${1#--suite=}"
        shift
        ;;
    -h | --help)
        sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    --)
        shift
        EXTRA_PYTEST_ARGS=("$@")
        break
        ;;
    *)
        echo "unknown argument: $1 (see bash setup/test.sh --help)" >&2
        exit 2
        ;;
    esac
done
SUITES="${SUITES:-lint,unit,odoo,rpc}"
wants() { [[ ",$SUITES," == *",$1,"* ]]; }
for s in ${SUITES//,/ }; do
    case "$s" in lint | unit | odoo | rpc) ;; *)
        echo "unknown suite '$s' (lint, unit, odoo, rpc)" >&2
        exit 2
        ;;
    esac
done

ps_mkvar
rm -f "$PS_VAR_DIR"/junit-*.xml

# ------------------------------------------------------------ bookkeeping ---
ORDER=()
declare -A STATUS=() NOTE=() N_PASS=() N_FAIL=() N_SKIP=()
TOTAL_PASS=0
TOTAL_FAIL=0
TOTAL_SKIP=0
HARD_FAIL=0

record() { # suite status note passed failed skipped
    ORDER+=("$1")
    STATUS[$1]="$2"
    NOTE[$1]="$3"
    N_PASS[$1]="${4:-0}"
    N_FAIL[$1]="${5:-0}"
    N_SKIP[$1]="${6:-0}"
    TOTAL_PASS=$((TOTAL_PASS + ${4:-0}))
    TOTAL_FAIL=$((TOTAL_FAIL + ${5:-0}))
    TOTAL_SKIP=$((TOTAL_SKIP + ${6:-0}))
    case "$2" in FAILED | ERROR) HARD_FAIL=1 ;; esac
}

banner() { printf '\n========== %s ==========\n' "$*"; }

# Counts "tests failures errors skipped" from a junit xml (zeros if missing).
junit_counts() { # python junit
    "$1" - "$2" <<'PY'
import sys
import xml.etree.ElementTree as ET

try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print("missing")
    sys.exit(0)
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
totals = [0, 0, 0, 0]
for suite in suites:
    for i, key in enumerate(("tests", "failures", "errors", "skipped")):
        totals[i] += int(suite.get(key, 0))
print(*totals)
PY
}

# run_suite NAME PYTHON TIMEOUT PYTEST-ARGS...
run_suite() {
    local name="$1" py="$2" limit="$3" junit rc counts tests failures errors skipped passed t0=$SECONDS
    shift 3
    junit="$PS_VAR_DIR/junit-$name.xml"
    local cmd=("$py" -m pytest --junitxml="$junit" -o junit_suite_name="$name" "$@" "${EXTRA_PYTEST_ARGS[@]}")
    banner "suite $name"
    echo "\$ ${cmd[*]}"
    if command -v timeout >/dev/null 2>&1; then
        timeout --kill-after=30 "$limit" "${cmd[@]}" </dev/null
    else
        "${cmd[@]}" </dev/null
    fi
    rc=$?
    counts="$(junit_counts "$py" "$junit")"
    local took="$((SECONDS - t0))s"
    if [[ $counts == missing ]]; then
        if ((rc == 5)); then
            record "$name" OK "0 tests (folder has no tests yet), $took" 0 0 0
        elif ((rc == 124 || rc == 137)); then
            record "$name" ERROR "timed out after ${limit}s, no junit report (counted as 1 failed)" 0 1 0
        else
            record "$name" ERROR "pytest exit code $rc and no junit report (counted as 1 failed)" 0 1 0
        fi
        return
    fi
    read -r tests failures errors skipped <<<"$counts"
    passed=$((tests - failures - errors - skipped))
    failures=$((failures + errors))
    case "$rc" in
    0) record "$name" OK "$tests tests, $took" "$passed" "$failures" "$skipped" ;;
    5) record "$name" OK "0 tests (folder has no tests yet), $took" 0 0 0 ;;
    1) record "$name" FAILED "$failures failed or errored of $tests, $took" "$passed" "$failures" "$skipped" ;;
    124 | 137)
        ((failures == 0)) && failures=1
        record "$name" ERROR "timed out after ${limit}s" "$passed" "$failures" "$skipped"
        ;;
    *)
        ((failures == 0)) && failures=1
        record "$name" ERROR "pytest exit code $rc (interrupted, internal or usage error), $took" \
            "$passed" "$failures" "$skipped"
        ;;
    esac
}

# ------------------------------------------------------------- discovery ----
banner "environment"
echo "repo: $PS_REPO_ROOT   CI=${CI:-}   suites: $SUITES"
HAVE_ODOO=0
if find_odoo_python; then
    HAVE_ODOO=1
    export PS_ODOO_PYTHON="$ODOO_PY"
fi
NO_ODOO_LINE="ODOO SUITE SKIPPED: no Python on this machine can import Odoo 18 (tried: $ODOO_PY_TRIED). Install Odoo 18.0 as described in README.md > Prerequisites to run it."
if ((!HAVE_ODOO)) && { wants odoo || wants rpc; }; then
    echo
    echo "$NO_ODOO_LINE"
    echo
fi

# ------------------------------------------------------------ lint suite ----
# the pre-commit checks (setup/lint.sh): ruff, ruff format, pylint-odoo,
# prettier for XML; a finding fails the run, a tool that cannot be installed
# here is reported as skipped
if wants lint; then
    banner "suite lint"
    t0=$SECONDS
    lint_out="$(bash "$PS_REPO_ROOT/setup/lint.sh" 2>&1)"
    lint_rc=$?
    echo "$lint_out"
    read -r lp lf ls < <(sed -n 's/^lint: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' <<<"$lint_out")
    if [[ -z ${lp:-} ]]; then
        record lint ERROR "setup/lint.sh exit code $lint_rc and no summary (counted as 1 failed)" 0 1 0
    elif ((lint_rc == 0)); then
        record lint OK "$lp checks clean, $ls skipped, $((SECONDS - t0))s" "$lp" 0 "$ls"
    else
        record lint FAILED "$lf check(s) with findings (bash setup/lint.sh --fix fixes formatting)" \
            "$lp" "$lf" "$ls"
    fi
fi

# ------------------------------------------------------------ unit suite ----
ensure_venv() { # sets VENV_PY; .venv with requirements.txt, reused while unchanged
    local venv="$PS_REPO_ROOT/.venv" base="${PS_VENV_PYTHON:-python3}" stamp want
    if [[ ! -x $venv/bin/python ]]; then
        if ! command -v "$base" >/dev/null 2>&1; then
            ps_err "no $base on PATH to create .venv with"
            return 1
        fi
        ps_info "creating .venv with $(command -v "$base") ($("$base" --version 2>&1))"
        "$base" -m venv "$venv" >&2 || {
            ps_err "'$base -m venv .venv' failed (on Debian: apt-get install python3-venv)"
            rm -rf "$venv"
            return 1
        }
    fi
    VENV_PY="$venv/bin/python"
    want="$(cksum <"$PS_REQUIREMENTS")"
    stamp="$venv/.ps-requirements.cksum"
    if [[ ! -f $stamp || "$(<"$stamp")" != "$want" ]]; then
        ps_pip_requirements "$VENV_PY" || return 1
        printf '%s\n' "$want" >"$stamp"
    else
        ps_info ".venv is up to date with requirements.txt"
    fi
}

if wants unit; then
    UNIT_PY=""
    if ((HAVE_ODOO)); then
        if ps_pip_requirements "$ODOO_PY"; then
            UNIT_PY="$ODOO_PY"
        else
            record unit ERROR "pip install -r requirements.txt into $ODOO_PY failed" 0 1 0
        fi
    elif ensure_venv; then
        UNIT_PY="$VENV_PY"
    else
        record unit ERROR "could not prepare .venv with requirements.txt" 0 1 0
    fi
    if [[ -n $UNIT_PY ]]; then
        run_suite unit "$UNIT_PY" "${PS_TIMEOUT_UNIT:-900}" -p no:odoo tests/unit
    fi
fi

# ------------------------------------------------------ odoo + rpc suites ---
if ((HAVE_ODOO)) && { wants odoo || wants rpc; }; then
    banner "PostgreSQL and odoo.conf"
    PG_OK=1
    if ! wants unit && ! ps_pip_requirements "$ODOO_PY"; then
        PG_OK=0
        wants odoo && record odoo ERROR "pip install -r requirements.txt into $ODOO_PY failed" 0 1 0
        wants rpc && record rpc ERROR "pip install -r requirements.txt into $ODOO_PY failed" 0 1 0
    elif ! write_odoo_conf || ! ensure_postgres; then
        PG_OK=0
        wants odoo && record odoo ERROR "PostgreSQL or odoo.conf not usable (see the errors above) (counted as 1 failed)" 0 1 0
        wants rpc && record rpc ERROR "PostgreSQL or odoo.conf not usable (see the errors above) (counted as 1 failed)" 0 1 0
    fi

    if ((PG_OK)) && wants odoo; then
        banner "install addons in database $PS_TEST_DB"
        if ps_install_db "$PS_TEST_DB" --reset; then
            export TZ=UTC
            run_suite odoo "$ODOO_PY" "${PS_TIMEOUT_ODOO:-2700}" \
                -p odoo \
                --odoo-config "$PS_ODOO_CONF" \
                --odoo-database "$PS_TEST_DB" \
                --odoo-http \
                --odoo-log-level "${PS_ODOO_LOG_LEVEL:-warn}" \
                --odoo-extra "logfile=$PS_VAR_DIR/odoo-tests.log" \
                --odoo-extra "load=base,web" \
                addons/
            unset TZ
        else
            record odoo FAILED "INSTALL FAILED: the addons do not install in $PS_TEST_DB (log: var/install-$PS_TEST_DB.log) (counted as 1 failed)" 0 1 0
        fi
    fi

    if ((PG_OK)) && wants rpc; then
        run_suite rpc "$ODOO_PY" "${PS_TIMEOUT_RPC:-1800}" -p no:odoo tests/rpc
        # a server left behind by a killed run
        ps_stop_pidfile "$PS_VAR_DIR/rpc-server.pid"
    fi
elif ((!HAVE_ODOO)); then
    wants odoo && record odoo SKIPPED "no python imports Odoo 18"
    wants rpc && record rpc SKIPPED "no python imports Odoo 18"
fi

# ---------------------------------------------------------------- summary ---
banner "summary"
for s in "${ORDER[@]}"; do
    if [[ ${STATUS[$s]} == SKIPPED ]]; then
        printf '%-5s SKIPPED (%s)\n' "$s:" "${NOTE[$s]}"
    else
        printf '%-5s %-7s %s passed, %s failed, %s skipped (%s)\n' "$s:" "${STATUS[$s]}" \
            "${N_PASS[$s]}" "${N_FAIL[$s]}" "${N_SKIP[$s]}" "${NOTE[$s]}"
    fi
done
if ((!HAVE_ODOO)) && { wants odoo || wants rpc; }; then
    echo "$NO_ODOO_LINE"
fi
rc=0
if ((HARD_FAIL)); then
    echo "RESULT: FAILED (see the suites above; logs and junit reports in var/)"
    rc=1
elif ((TOTAL_PASS + TOTAL_FAIL == 0)); then
    echo "RESULT: FAILED: no test ran"
    rc=1
else
    echo "RESULT: OK"
fi
echo "total: $TOTAL_PASS passed, $TOTAL_FAIL failed, $TOTAL_SKIP skipped"
exit "$rc"
