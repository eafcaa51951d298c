"""The inbound API and the webhook, exercised exactly as an external system would:
over XML-RPC and HTTP against a running Odoo server."""

import hashlib
import hmac
import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
import xmlrpc.client
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHECKER = REPO_ROOT.parent / "shared" / "contract" / "check_ingest.py"
SECRET = "rpc-test-" + uuid.uuid4().hex


def group_id(server, xmlid):
    module, name = xmlid.split(".")
    rows = server.call(
        "ir.model.data",
        "search_read",
        [("module", "=", module), ("name", "=", name)],
        fields=["res_id"],
    )
    return rows[0]["res_id"]


def make_backend_and_users(server, prefix, roles):
    """A backend of the admin's company with a fresh code, and one user per role
    ({role: [group xmlids]}); returns (code, tag, company id, {role: user})."""
    tag = uuid.uuid4().hex[:8]
    company_id = server.call("res.users", "read", [server.authenticate()], fields=["company_id"])[
        0
    ]["company_id"][0]
    code = f"{prefix}-{tag}"
    server.call(
        "ps.sync.backend",
        "create",
        {
            "name": f"{prefix} test {tag}",
            "code": code,
            "company_id": company_id,
            "webhook_secret": SECRET,
        },
    )
    users = {}
    for role, groups in roles.items():
        login = f"{role}-{tag}"
        uid = server.call(
            "res.users",
            "create",
            {
                "name": f"{role} {tag}",
                "login": login,
                "password": f"pw-{tag}",
                "company_id": company_id,
                "company_ids": [(6, 0, [company_id])],
                "groups_id": [(6, 0, [group_id(server, g) for g in groups])],
            },
        )
        users[role] = {"login": login, "password": f"pw-{tag}", "uid": uid}
    return code, tag, company_id, users


def as_(world, role):
    """The login and password of a world's user (keyword arguments of call)."""
    user = world["users"][role]
    return {"login": user["login"], "password": user["password"]}


def ingest_as(server, world, object_name, records, role="integration"):
    """``ingest`` on the world's backend as one of its users."""
    return server.call(
        "ps.sync.backend", "ingest", world["code"], object_name, records, **as_(world, role)
    )


@pytest.fixture(scope="module")
def setup(odoo_server):
    code, tag, __, users = make_backend_and_users(
        odoo_server,
        "rpc",
        {
            # an API user holds the integration group and nothing else
            "integration": ["ps_sync_core.group_integration"],
            "finance": ["base.group_user", "ps_sync_core.group_finance_reviewer"],
        },
    )
    for user in users.values():
        user.pop("uid")
    return {"code": code, "tag": tag, "users": users}


def ingest(server, code, records, **user):
    return server.call("ps.sync.backend", "ingest", code, "partner", records, **user)


def test_shared_contract_checker_passes(odoo_server, setup):
    if not CHECKER.is_file():
        pytest.skip(f"{CHECKER} is not beside this repository")
    run = subprocess.run(
        [
            sys.executable,
            str(CHECKER),
            "--url",
            odoo_server.url,
            "--db",
            odoo_server.db,
            "--login",
            setup["users"]["integration"]["login"],
            "--password",
            setup["users"]["integration"]["password"],
            "--backend",
            setup["code"],
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 failed" in run.stdout


def test_integration_user_upserts_and_sees_nothing_else(odoo_server, setup):
    user = setup["users"]["integration"]
    tag = setup["tag"]
    company = {
        "external_id": f"ACC-{tag}",
        "name": f"Northwind {tag}",
        "is_company": True,
        "country_code": "US",
    }
    contact = {
        "external_id": f"CON-{tag}",
        "name": "Dana Reyes",
        "parent_external_id": company["external_id"],
        "email": "dana@northwind.example",
    }
    first = ingest(odoo_server, setup["code"], [contact, company], **user)
    assert [r["status"] for r in first] == ["created", "created"]
    again = ingest(odoo_server, setup["code"], [contact, company], **user)
    assert [r["status"] for r in again] == ["unchanged", "unchanged"]
    with pytest.raises(xmlrpc.client.Fault, match="AccessError|not allowed"):
        odoo_server.call("ps.sync.log", "search_read", [], fields=["state"], **user)
    with pytest.raises(xmlrpc.client.Fault):
        odoo_server.call("ps.sync.backend", "read", [1], fields=["webhook_secret"], **user)
    # "nothing else" holds: not the users, the employees, the job queue
    for model in ("res.users", "res.company", "hr.employee", "queue.job"):
        with pytest.raises(xmlrpc.client.Fault, match="AccessError|not allowed"):
            odoo_server.call(model, "search_read", [], fields=["id"], limit=1, **user)


def test_whole_call_errors_are_clear(odoo_server, setup):
    user = setup["users"]["integration"]
    res = odoo_server.call(
        "ps.sync.backend",
        "ingest",
        "no-such-backend",
        "partner",
        [{"external_id": "X", "name": "X"}],
        **user,
    )
    assert res[0]["status"] == "rejected"
    assert "unknown backend code 'no-such-backend'" in res[0]["message"]
    with pytest.raises(xmlrpc.client.Fault, match="must be a list"):
        odoo_server.call(
            "ps.sync.backend", "ingest", setup["code"], "partner", {"external_id": "X"}, **user
        )
    finance = setup["users"]["finance"]
    with pytest.raises(xmlrpc.client.Fault, match="may not call the inbound API"):
        ingest(odoo_server, setup["code"], [{"external_id": "X", "name": "X"}], **finance)


def test_fix_and_replay_over_rpc(odoo_server, setup):
    tag = setup["tag"]
    bad = {
        "external_id": f"FIX-{tag}",
        "name": "Fix Me Ltd",
        "is_company": True,
        "country_code": "QQ",
    }
    res = ingest(odoo_server, setup["code"], [bad], **setup["users"]["integration"])
    assert res[0]["status"] == "rejected"
    finance = setup["users"]["finance"]
    log = odoo_server.call(
        "ps.sync.log",
        "search_read",
        [("external_id", "=", bad["external_id"])],
        fields=["state", "payload", "message"],
        **finance,
    )[0]
    assert log["state"] == "failed" and "unknown country_code 'QQ'" in log["message"]
    payload = json.loads(log["payload"])
    payload["country_code"] = "GB"
    odoo_server.call(
        "ps.sync.log", "write", [log["id"]], {"payload": json.dumps(payload)}, **finance
    )
    odoo_server.call("ps.sync.log", "action_replay", [log["id"]], **finance)
    log = odoo_server.call(
        "ps.sync.log", "read", [log["id"]], fields=["state", "res_id", "attempts"], **finance
    )[0]
    assert (log["state"], log["attempts"]) == ("done", 2)
    assert log["res_id"]


def test_two_clients_sending_the_same_record_at_once_make_one_binding(odoo_server, setup):
    tag = setup["tag"]
    record = {"external_id": f"RACE-{tag}", "name": f"Race {tag}", "is_company": True}
    results, go = {}, threading.Event()

    def send(key):
        go.wait()
        results[key] = ingest(odoo_server, setup["code"], [record], **setup["users"]["integration"])

    threads = [threading.Thread(target=send, args=(k,)) for k in "ab"]
    for thread in threads:
        thread.start()
    go.set()
    for thread in threads:
        thread.join(60)
    statuses = sorted(results[k][0]["status"] for k in "ab")
    assert statuses == ["created", "unchanged"]
    assert results["a"][0]["res_id"] == results["b"][0]["res_id"]
    bindings = odoo_server.call(
        "ps.sync.binding", "search_count", [("external_id", "=", record["external_id"])]
    )
    assert bindings == 1


def post_webhook(server, code, body, header):
    request = urllib.request.Request(
        f"{server.url}/ps_sync/webhook/{code}",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "X-PS-Signature": header},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def sign(body, timestamp=None):
    timestamp = int(timestamp or time.time())
    digest = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def test_signed_webhook_is_queued_and_applied_by_the_job_runner(odoo_server, setup):
    tag = setup["tag"]
    body = json.dumps(
        {
            "object": "partner",
            "records": [
                {"external_id": f"WH-{tag}", "name": f"Webhook Co {tag}", "is_company": True}
            ],
        }
    ).encode()
    header = sign(body)
    status, answer = post_webhook(odoo_server, setup["code"], body, header)
    assert status == 202, answer
    assert answer["queued"] == 1
    # the same delivery again (a sender that lost our answer) is a 2xx duplicate
    status, replay = post_webhook(odoo_server, setup["code"], body, header)
    assert (status, replay["status"]) == (200, "duplicate"), replay
    assert replay["correlation_id"] == answer["correlation_id"]
    # a wrong signature and a stale one
    status, bad = post_webhook(odoo_server, setup["code"], body, header[:-4] + "0000")
    assert status == 401 and "mismatch" in bad["message"]
    status, stale = post_webhook(odoo_server, setup["code"], body, sign(body, time.time() - 3600))
    assert status == 401 and "stale" in stale["message"]
    # queue_job's runner, started with the server, applies the queued message
    deadline = time.time() + 90
    state = None
    while time.time() < deadline:
        logs = odoo_server.call(
            "ps.sync.log",
            "search_read",
            [("name", "=", answer["correlation_id"])],
            fields=["state"],
        )
        state = logs[0]["state"]
        if state != "queued":
            break
        time.sleep(1)
    assert state == "done", f"message still {state}; server log:\n{odoo_server.log_tail()}"
    assert (
        odoo_server.call("ps.sync.binding", "search_count", [("external_id", "=", f"WH-{tag}")])
        == 1
    )
