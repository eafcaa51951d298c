#!/usr/bin/env bash
# README command #1: install everything and start Odoo with the ps_* addons on
# a demo database.
#
#   bash setup/install.sh            install, or update the addons of an existing
#                                    ps_demo (its data is kept), then start Odoo
#   bash setup/install.sh --reset    drop ps_demo and build it again from scratch
#   bash setup/install.sh --stop     stop the Odoo started by this script
#
# Steps: find the python that imports Odoo 18; pip install -r requirements.txt
# into it; make sure PostgreSQL runs and the role `odoo` exists; write odoo.conf
# from odoo.conf.example if missing; install (or update) every addon of addons/
# in ps_demo without Odoo's demo data; start Odoo in the background (pid in
# var/odoo.pid, log in var/odoo.log); load the demo firm with
# setup/load_demo.py if present; print the URL and logins.
#
# Environment: PS_DEMO_DB (ps_demo), PS_HTTP_PORT (8069), ODOO_PYTHON,
# PS_START_TIMEOUT (seconds to wait for Odoo to answer, 180), and every
# variable of setup/lib.sh.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=setup/lib.sh
. setup/lib.sh

PS_DEMO_DB="${PS_DEMO_DB:-ps_demo}"
PIDFILE="$PS_VAR_DIR/odoo.pid"
RESET=""
ACTION=install
while (($#)); do
    case "$1" in
    --reset) RESET=--reset ;;
    --stop) ACTION=stop ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "unknown argument: $1 (see bash setup/install.sh --help)" >&2
        exit 2
        ;;
    esac
    shift
done

die() {
    ps_err "$*"
    exit 1
}

if [[ $ACTION == stop ]]; then
    if [[ -f $PIDFILE ]]; then
        ps_stop_pidfile "$PIDFILE"
        ps_info "Odoo stopped"
    else
        ps_info "no Odoo started by setup/install.sh is running (no var/odoo.pid)"
    fi
    exit 0
fi

# 1. Odoo python
find_odoo_python || die "no python on this machine imports Odoo 18.0 (tried: $ODOO_PY_TRIED).
Install Odoo 18.0 and OCA queue_job 18.0 as described in README.md > Prerequisites,
or point ODOO_PYTHON at the python that imports it: ODOO_PYTHON=/path/to/venv/bin/python bash setup/install.sh"

# 2. Python requirements
ps_pip_requirements "$ODOO_PY" || die "could not install requirements.txt"

# 3-4. odoo.conf, PostgreSQL and its role
write_odoo_conf || die "could not write odoo.conf"
ensure_postgres || die "PostgreSQL is not usable (see above)"

# stop the previous instance before touching its database
ps_stop_pidfile "$PIDFILE"
URL="http://127.0.0.1:$PS_HTTP_PORT"
if ps_port_busy "$PS_HTTP_PORT"; then
    die "port $PS_HTTP_PORT is already used by another program; stop it, or choose another port: PS_HTTP_PORT=8070 bash setup/install.sh"
fi

# 5. database with every addon (update when it exists, unless --reset)
ps_install_db "$PS_DEMO_DB" "$RESET" || die "the addons do not install in $PS_DEMO_DB (see the log above)"

# 6. start Odoo in the background
LOG="$PS_VAR_DIR/odoo.log"
ps_info "starting Odoo on $URL (database $PS_DEMO_DB, log var/odoo.log)"
START=(env TZ=UTC "$ODOO_PY" -c "$PS_ODOO_MAIN"
    -c "$PS_ODOO_CONF" -d "$PS_DEMO_DB" --db-filter "^${PS_DEMO_DB}\$"
    --http-port "$PS_HTTP_PORT" --logfile "$LOG" --pidfile "$PIDFILE")
if command -v setsid >/dev/null 2>&1; then
    START=(setsid "${START[@]}")
fi
nohup "${START[@]}" </dev/null >>"$PS_VAR_DIR/odoo-stdout.log" 2>&1 &
SERVER_PID=$!
echo "$SERVER_PID" >"$PIDFILE"
ps_wait_http "$URL/web/login" "${PS_START_TIMEOUT:-180}" "$SERVER_PID" "$LOG" ||
    die "Odoo did not start (log: var/odoo.log, var/odoo-stdout.log)"
# Odoo rewrote the pid file with its own pid by now; keep ours if it did not
[[ -s $PIDFILE ]] || echo "$SERVER_PID" >"$PIDFILE"

# 7. demo data (idempotent, over XML-RPC)
if [[ -f setup/load_demo.py ]]; then
    ps_info "loading the demo data: setup/load_demo.py --url $URL --db $PS_DEMO_DB"
    "$ODOO_PY" setup/load_demo.py --url "$URL" --db "$PS_DEMO_DB" </dev/null ||
        die "setup/load_demo.py failed (Odoo keeps running on $URL; stop it with: kill \$(cat var/odoo.pid))"
else
    ps_info "setup/load_demo.py does not exist yet: no demo data loaded"
fi

# 8. how to use it
cat <<EOF

============================================================
Odoo 18 is running with the ps_* addons
  URL:       $URL/web/login
  database:  $PS_DEMO_DB
  login:     admin / admin   (administrator; demo users, if any, are listed above)
  log:       var/odoo.log
  stop:      kill \$(cat var/odoo.pid)      (or: bash setup/install.sh --stop)
  again:     bash setup/install.sh          (updates the addons, keeps the data)
  from zero: bash setup/install.sh --reset
============================================================
EOF
