"""RPC suite: a real Odoo 18 server with every ps_* addon, driven over XML-RPC.

The session fixture ``odoo_server``:

* finds the Odoo python (``$PS_ODOO_PYTHON``, exported by setup/test.sh, else
  the discovery of setup/lib.sh) and skips the suite when there is none;
* (re)creates the database ``ps_rpc_test`` (``$PS_RPC_DB``) with every
  installable addon under addons/ and no demo data, through
  ``bash setup/lib.sh prepare_db`` (same odoo.conf, PostgreSQL and role logic as
  setup/install.sh; ``PS_RPC_KEEP_DB=1`` updates the database instead);
* starts ``odoo -c odoo.conf -d ps_rpc_test --http-port <free port> --workers 0``
  with its log in var/rpc-server.log, waits until it answers, and stops it at
  the end of the session.

Environment: ``PS_RPC_CRON_THREADS`` (default 0: no cron thread, so tests are
deterministic), ``PS_RPC_QUEUE_JOB_RUNNER=0`` to start without the queue_job
runner (default: on, jobs enqueued over RPC really run), ``PS_RPC_START_TIMEOUT``
(seconds, default 180).
"""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xmlrpc.client
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
LIB_SH = REPO_ROOT / "setup" / "lib.sh"
VAR_DIR = REPO_ROOT / "var"
ODOO_CONF = Path(os.environ.get("PS_ODOO_CONF", REPO_ROOT / "odoo.conf"))
RPC_DB = os.environ.get("PS_RPC_DB", "ps_rpc_test")
ODOO_MAIN = (
    "import os, sys; os.environ['TZ'] = 'UTC'; sys.argv[0] = 'odoo'; import odoo; odoo.cli.main()"
)


def find_odoo_python():
    """Return (path, None) for a python that imports Odoo 18, or (None, why)."""
    candidate = os.environ.get("PS_ODOO_PYTHON")
    if candidate:
        if os.access(candidate, os.X_OK):
            return candidate, None
        return None, f"PS_ODOO_PYTHON={candidate} is not executable"
    if os.environ.get("PS_FORCE_NO_ODOO") == "1":
        return None, "PS_FORCE_NO_ODOO=1"
    result = subprocess.run(
        ["bash", str(LIB_SH), "find_odoo_python"],
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    path = result.stdout.strip().splitlines()[-1:] if result.returncode == 0 else []
    if path:
        return path[0], None
    return None, result.stderr.strip() or "no python imports Odoo 18"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(path, lines=60):
    try:
        text = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text[-lines:])


@dataclass
class OdooServer:
    """A running Odoo server and helpers to talk to it over XML-RPC."""

    url: str
    db: str
    port: int
    log_path: Path
    process: subprocess.Popen = field(repr=False)
    admin_login: str = "admin"
    admin_password: str = "admin"
    _uids: dict = field(default_factory=dict, repr=False)

    def proxy(self, endpoint):
        """ServerProxy for /xmlrpc/2/<endpoint> ("common", "object", "db")."""
        return xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/{endpoint}", allow_none=True)

    def authenticate(self, login=None, password=None):
        """uid of login/password (admin by default), or False if refused."""
        login = self.admin_login if login is None else login
        password = self.admin_password if password is None else password
        key = (login, password)
        if not self._uids.get(key):
            self._uids[key] = self.proxy("common").authenticate(self.db, login, password, {})
        return self._uids[key]

    def call(self, model, method, *args, login=None, password=None, **kw):
        """execute_kw(model, method, args, kw) as login (admin by default)."""
        login = self.admin_login if login is None else login
        password = self.admin_password if password is None else password
        uid = self.authenticate(login, password)
        if not uid:
            raise PermissionError(f"Odoo refused the login {login!r} on {self.db}")
        return self.proxy("object").execute_kw(
            self.db, uid, password, model, method, list(args), kw
        )

    def log_tail(self, lines=60):
        return log_tail(self.log_path, lines)


def _http_ok(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status < 400
    except (urllib.error.URLError, OSError):
        return False


def _stop_leftover(pid_path):
    """Stop an Odoo left running by an earlier, killed session."""
    try:
        pid = int(pid_path.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        pid_path.unlink(missing_ok=True)
        return
    if b"odoo" in cmdline:
        try:
            os.killpg(pid, signal.SIGTERM)
        except OSError:
            pass
        for _ in range(60):
            if not Path(f"/proc/{pid}").exists():
                break
            time.sleep(0.5)
    pid_path.unlink(missing_ok=True)


def _stop(process, timeout=30):
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


@pytest.fixture(scope="session")
def odoo_server():
    python, why = find_odoo_python()
    if not python:
        pytest.skip(f"RPC suite needs a python that imports Odoo 18 ({why})")
    VAR_DIR.mkdir(exist_ok=True)
    pid_path = VAR_DIR / "rpc-server.pid"
    _stop_leftover(pid_path)

    env = dict(os.environ, ODOO_PYTHON=python, PS_ODOO_CONF=str(ODOO_CONF))
    prepare = ["bash", str(LIB_SH), "prepare_db", RPC_DB]
    if os.environ.get("PS_RPC_KEEP_DB") != "1":
        prepare.append("--reset")
    result = subprocess.run(
        prepare,
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.fail(
            f"could not create database {RPC_DB} with the addons "
            f"(bash setup/lib.sh prepare_db, exit {result.returncode}):\n"
            f"{result.stderr[-6000:]}",
            pytrace=False,
        )

    port = free_port()
    log_path = VAR_DIR / "rpc-server.log"
    log_path.write_text("")
    command = [
        python, "-c", ODOO_MAIN,
        "-c", str(ODOO_CONF),
        "-d", RPC_DB,
        "--db-filter", f"^{RPC_DB}$",
        "--http-interface", "127.0.0.1",
        "--http-port", str(port),
        "--workers", "0",
        "--max-cron-threads", os.environ.get("PS_RPC_CRON_THREADS", "0"),
        "--logfile", str(log_path),
    ]  # fmt: skip
    if os.environ.get("PS_RPC_QUEUE_JOB_RUNNER") == "0":
        command += ["--load", "base,web"]
    with open(log_path, "ab") as log_file:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=dict(env, TZ="UTC"),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    pid_path.write_text(f"{process.pid}\n")
    url = f"http://127.0.0.1:{port}"
    server = OdooServer(url=url, db=RPC_DB, port=port, log_path=log_path, process=process)
    try:
        deadline = time.monotonic() + float(os.environ.get("PS_RPC_START_TIMEOUT", "180"))
        while not _http_ok(f"{url}/web/login"):
            if process.poll() is not None:
                pytest.fail(
                    f"Odoo exited with code {process.returncode} before answering "
                    f"on {url}; last lines of {log_path}:\n{log_tail(log_path)}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"Odoo did not answer on {url}/web/login in time; last lines "
                    f"of {log_path}:\n{log_tail(log_path)}",
                    pytrace=False,
                )
            time.sleep(0.5)
        yield server
    finally:
        _stop(process)
        pid_path.unlink(missing_ok=True)
