#!/usr/bin/env bash
# The checks that run (the hooks of .pre-commit-config.yaml, without pre-commit):
#   ruff (lint), ruff format --check, pylint-odoo (.pylintrc), prettier for XML.
# Tools come from PyPI (requirements-lint.txt, into .venv-lint) and npm
# (prettier + @prettier/plugin-xml, into var/lint-node); a tool that cannot be
# installed here is reported as skipped, never as passed.
#
#   bash setup/lint.sh          check, exit 1 on findings
#   bash setup/lint.sh --fix    format and fix what the tools can, then check
#
# Prints one line per check and `lint: N passed, N failed, N skipped`.
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
ROOT="$PWD"
FIX=0
[[ ${1:-} == --fix ]] && FIX=1
VENV="$ROOT/.venv-lint"
NODE_DIR="$ROOT/var/lint-node"
PY_PATHS=(addons tests bench setup)
mkdir -p var
passed=0 failed=0 skipped=0
result() { # name status detail
    printf 'lint %-14s %s %s\n' "$1" "$2" "${3:-}"
    case "$2" in PASS) passed=$((passed + 1)) ;; FAIL) failed=$((failed + 1)) ;; *) skipped=$((skipped + 1)) ;; esac
}

# ----------------------------------------------------------------- tools ---
stamp="$VENV/.requirements"
if [[ ! -x $VENV/bin/ruff ]] || ! cmp -s requirements-lint.txt "$stamp"; then
    { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q --disable-pip-version-check \
        -r requirements-lint.txt && cp requirements-lint.txt "$stamp"; } >var/lint-install.log 2>&1
fi
HAVE_PY_TOOLS=0
[[ -x $VENV/bin/ruff && -x $VENV/bin/pylint ]] && HAVE_PY_TOOLS=1
PRETTIER="$NODE_DIR/node_modules/.bin/prettier"
if [[ ! -x $PRETTIER ]] && command -v npm >/dev/null 2>&1; then
    npm install -s --no-audit --no-fund --prefix "$NODE_DIR" prettier@2.8.8 \
        @prettier/plugin-xml@2.2.0 >>var/lint-install.log 2>&1
fi

# ---------------------------------------------------------------- checks ---
if ((HAVE_PY_TOOLS)); then
    if ((FIX)); then
        "$VENV/bin/ruff" format -q "${PY_PATHS[@]}"
        "$VENV/bin/ruff" check -q --fix "${PY_PATHS[@]}" >/dev/null
    fi
    if "$VENV/bin/ruff" check -q "${PY_PATHS[@]}" >var/lint-ruff.log 2>&1; then
        result ruff PASS
    else
        result ruff FAIL "($(grep -c ':[0-9]*:[0-9]*: ' var/lint-ruff.log) findings)"
        cat var/lint-ruff.log
    fi
    if "$VENV/bin/ruff" format --check -q "${PY_PATHS[@]}" >var/lint-format.log 2>&1; then
        result ruff-format PASS
    else
        result ruff-format FAIL "(run: bash setup/lint.sh --fix)"
        cat var/lint-format.log
    fi
    if "$VENV/bin/pylint" --rcfile=.pylintrc addons/* >var/lint-pylint.log 2>&1; then
        result pylint-odoo PASS
    else
        result pylint-odoo FAIL
        grep -v '^\*\*\*' var/lint-pylint.log
    fi
else
    for check in ruff ruff-format pylint-odoo; do
        result "$check" SKIPPED "(could not install requirements-lint.txt: var/lint-install.log)"
    done
fi
if [[ -x $PRETTIER ]]; then
    mapfile -t xml_files < <(git ls-files 'addons/*.xml')
    args=(--plugin=@prettier/plugin-xml --config "$ROOT/.prettierrc.yml")
    ((FIX)) && (cd "$NODE_DIR" && "$PRETTIER" "${args[@]}" --write \
        "${xml_files[@]/#/$ROOT/}" >/dev/null)
    if (cd "$NODE_DIR" && "$PRETTIER" "${args[@]}" --check "${xml_files[@]/#/$ROOT/}") \
        >var/lint-prettier.log 2>&1; then
        result prettier-xml PASS
    else
        result prettier-xml FAIL
        grep -v "^Checking" var/lint-prettier.log
    fi
else
    result prettier-xml SKIPPED "(npm could not install prettier: var/lint-install.log)"
fi
echo "lint: $passed passed, $failed failed, $skipped skipped"
((failed == 0))
