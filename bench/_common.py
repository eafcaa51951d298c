"""Helpers shared by the bench scripts: an XML-RPC client and a throw-away
Odoo server for ``--setup`` runs. Standard library only (any Python 3.9+).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xmlrpc.client
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ADDONS_DIR = REPO_ROOT / "addons"


class Odoo:
    """``odoo(model, method, *args, **kwargs)`` over XML-RPC as one user."""

    def __init__(self, url, db, login, password):
        self.url, self.db, self.login, self.password = (
            url.rstrip("/"),
            db,
            login,
            password,
        )
        common = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common", allow_none=True)
        self.server_version = common.version().get("server_version", "?")
        self.uid = common.authenticate(db, login, password, {})
        if not self.uid:
            raise SystemExit(f"cannot log in to database {db!r} at {self.url} as {login!r}")
        self._object = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object", allow_none=True)

    def __call__(self, model, method, *args, **kwargs):
        return self._object.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )

    def ref(self, xmlid):
        """Database id of an XML id, or False."""
        module, name = xmlid.split(".", 1)
        rows = self(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["res_id"],
            limit=1,
        )
        return rows[0]["res_id"] if rows else False


def fmt_rate(value):
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def markdown_table(header, rows):
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(" --- " for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_line():
    return (
        f"{os.cpu_count()} CPU(s), Python {sys.version.split()[0]} client, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )


# ---------------------------------------------------------------- --setup ----
def port_busy(port, host="127.0.0.1"):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


class OdooServer:
    """A fresh database with some addons and an Odoo server on it, for a bench.

    Only what this object started is stopped (by its own process id).
    """

    def __init__(self, args, modules, log_dir=None):
        self.a = args
        self.modules = modules
        self.log_dir = Path(log_dir or REPO_ROOT / "var")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.proc = None
        self.url = f"http://127.0.0.1:{args.http_port}"

    def _db_args(self):
        a = self.a
        return [
            "--db_host",
            a.db_host,
            "--db_port",
            str(a.db_port),
            "--db_user",
            a.db_user,
            "--db_password",
            a.db_password,
        ]

    def _odoo(self):
        exe = shutil.which(self.a.odoo_bin) or self.a.odoo_bin
        if not Path(exe).exists():
            raise SystemExit(
                f"--setup: Odoo command {self.a.odoo_bin!r} not found "
                f"(give --odoo-bin /path/to/odoo-bin)"
            )
        return [exe]

    def _addons_path(self):
        return self.a.addons_path or str(ADDONS_DIR)

    def drop_db(self):
        db = self.a.db
        env = dict(os.environ, PGPASSWORD=self.a.db_password)
        if shutil.which("dropdb"):
            cmd = [
                "dropdb",
                "--if-exists",
                "-h",
                self.a.db_host,
                "-p",
                str(self.a.db_port),
                "-U",
                self.a.db_user,
                db,
            ]
            res = subprocess.run(cmd, env=env, capture_output=True, text=True)
            if res.returncode:
                raise SystemExit(
                    f"--setup: could not drop database {db!r}: {res.stderr.strip()}\n"
                    "(is another Odoo or psql using it? stop it, or pass --db "
                    "another_name)"
                )
        else:  # Odoo's own command; it also ends other sessions on that database
            subprocess.run(
                self._odoo() + ["db"] + self._db_args() + ["drop", db],
                capture_output=True,
                text=True,
            )

    def create_db(self):
        self.check_port()  # before touching the database
        log = self.log_dir / f"bench-{self.a.db}-install.log"
        print(
            f"[setup] creating database {self.a.db} with {','.join(self.modules)} (log: {log})",
            flush=True,
        )
        self.drop_db()
        cmd = (
            self._odoo()
            + self._db_args()
            + [
                "--addons-path",
                self._addons_path(),
                "-d",
                self.a.db,
                "-i",
                ",".join(self.modules),
                "--without-demo=all",
                "--stop-after-init",
                "--max-cron-threads",
                "0",
                "--logfile",
                str(log),
                "--log-level",
                "warn",
            ]
        )
        t0 = time.perf_counter()
        res = subprocess.run(cmd, stdin=subprocess.DEVNULL, env=dict(os.environ, TZ="UTC"))
        errors = (
            [
                line
                for line in log.read_text(errors="replace").splitlines()
                if " ERROR " in line or " CRITICAL " in line
            ]
            if log.exists()
            else []
        )
        if res.returncode or errors:
            tail = "\n".join(errors[-10:]) or "(see the log)"
            raise SystemExit(
                f"[setup] installing {','.join(self.modules)} in {self.a.db} "
                f"failed (exit {res.returncode}):\n{tail}\nlog: {log}"
            )
        print(f"[setup] installed in {time.perf_counter() - t0:.0f} s", flush=True)

    def check_port(self):
        if port_busy(self.a.http_port):
            raise SystemExit(
                f"--setup: port {self.a.http_port} is already in use; pass --http-port another one"
            )

    def start(self, timeout=180):
        self.check_port()
        log = self.log_dir / f"bench-{self.a.db}-server.log"
        cmd = (
            self._odoo()
            + self._db_args()
            + [
                "--addons-path",
                self._addons_path(),
                "-d",
                self.a.db,
                "--db-filter",
                f"^{self.a.db}$",
                "--http-interface",
                "127.0.0.1",
                "--http-port",
                str(self.a.http_port),
                "--workers",
                "0",
                "--max-cron-threads",
                "0",
                "--without-demo=all",
                "--logfile",
                str(log),
                "--log-level",
                "warn",
            ]
        )
        print(
            f"[setup] starting Odoo on {self.url} (workers 0, no cron; log: {log})",
            flush=True,
        )
        self.proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            env=dict(os.environ, TZ="UTC"),
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"[setup] Odoo exited with {self.proc.returncode}; log: {log}")
            try:
                with urllib.request.urlopen(f"{self.url}/web/login", timeout=5) as resp:
                    if resp.status == 200:
                        return self.url
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(1)
        self.stop()
        raise SystemExit(
            f"[setup] Odoo did not answer on {self.url} within {timeout} s; log: {log}"
        )

    def stop(self):
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)  # our own child only
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        print("[setup] Odoo stopped", flush=True)


def run_bench(a, run, modules, default_url):
    """``run(a, url)`` against ``--url``, or with ``--setup`` on a fresh
    database with ``modules`` and a server started (and stopped) for it."""
    if not a.setup:
        run(a, a.url or default_url)
        return
    server = OdooServer(a, modules)
    server.create_db()
    url = server.start()
    try:
        run(a, url)
    finally:
        if a.keep_server:
            print(f"[setup] Odoo keeps running on {url} (pid {server.proc.pid})")
        else:
            server.stop()


def add_setup_arguments(parser, default_db="ps_bench", default_port=8071):
    g = parser.add_argument_group(
        "--setup", "build a fresh database, start Odoo on it, run, stop it"
    )
    g.add_argument(
        "--setup",
        action="store_true",
        help=f"drop and create --db (default {default_db}) with the addons, "
        f"start Odoo on --http-port (default {default_port}), run, stop it",
    )
    g.add_argument(
        "--keep-server",
        action="store_true",
        help="with --setup: leave the server running afterwards (prints its pid)",
    )
    g.add_argument("--http-port", type=int, default=default_port)
    g.add_argument(
        "--odoo-bin",
        default=os.environ.get("ODOO_BIN", "odoo"),
        help="Odoo command (default: $ODOO_BIN or `odoo` on PATH)",
    )
    g.add_argument("--addons-path", help=f"default: {ADDONS_DIR}")
    g.add_argument("--db-host", default=os.environ.get("PS_DB_HOST", "127.0.0.1"))
    g.add_argument("--db-port", type=int, default=int(os.environ.get("PS_DB_PORT", "5432")))
    g.add_argument("--db-user", default=os.environ.get("PS_DB_USER", "odoo"))
    g.add_argument("--db-password", default=os.environ.get("PS_DB_PASSWORD", "odoo"))


# ------------------------------------------------------------ VAT numbers ----
def vat_number(country, digits):
    """A VAT number of ``country`` that passes the country's check digits, made
    from the decimal string ``digits`` (at least 8 digits; extra ones ignored),
    or "" for a country without one here (US, CA: no VAT numbers).

    Odoo validates VAT numbers once base_vat is installed (it comes with the UK
    and most EU localisations), so made-up numbers must be well-formed.
    """
    d = [int(c) for c in digits]
    if country == "GB":  # 7 digits + 2 check digits: weighted sum % 97 == 0
        body = d[:7]
        if body[0] == 0:
            body[0] = 1
        total = sum(w * n for w, n in zip((8, 7, 6, 5, 4, 3, 2), body, strict=False))
        return "GB" + "".join(map(str, body)) + f"{-total % 97:02d}"
    if country == "DE":  # 8 digits + ISO 7064 MOD 11,10 check digit
        body = d[:8]
        if body[0] == 0:
            body[0] = 1
        product = 10
        for n in body:
            s = (n + product) % 10 or 10
            product = 2 * s % 11
        return "DE" + "".join(map(str, body)) + str((11 - product) % 10)
    if country == "FR":  # 2-digit key + SIREN (8 digits + Luhn digit)
        body = d[:8]
        if body[0] == 0:
            body[0] = 1
        total = 0
        for i, n in enumerate(reversed(body + [0])):
            if i % 2:
                n *= 2
                n -= 9 if n > 9 else 0
            total += n
        siren = int("".join(map(str, body)) + str(-total % 10))
        return f"FR{(12 + 3 * (siren % 97)) % 97:02d}{siren:09d}"
    if country == "NL":  # 9 digits, mod 97 over "NL<digits>B<nn>" == 1, suffix B01
        body = d[:9]
        for bump in range(100):
            candidate = f"NL{int(''.join(map(str, body))) + bump:09d}B01"
            numeric = "".join(str(ord(c) - 55) if c.isalpha() else c for c in candidate)
            if int(numeric) % 97 == 1:
                return candidate
        return ""
    return ""
