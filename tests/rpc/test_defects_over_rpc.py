"""Defects found by acceptance testing, proven fixed where they showed: over
XML-RPC and HTTP against a running server (issue 10, items 1-7)."""

import json
import sys
import threading
import urllib.error
import urllib.request
import xmlrpc.client

import pytest
from test_ingest_over_rpc import (
    as_,
    group_id,
    ingest_as,
    make_backend_and_users,
    post_webhook,
    sign,
)


@pytest.fixture(scope="module")
def world(odoo_server):
    code, tag, company_id, users = make_backend_and_users(
        odoo_server,
        "def",
        {
            "integration": ["ps_sync_core.group_integration"],
            "finance": [
                "base.group_user",
                "base.group_partner_manager",
                "ps_sync_core.group_finance_reviewer",
            ],
            "syncuser": ["base.group_user", "ps_sync_core.group_sync_user"],
        },
    )
    employee = odoo_server.call(
        "hr.employee",
        "create",
        {
            "name": f"Parallel Pat {tag}",
            "work_email": f"pat-{tag}@meridian.example",
            "company_id": company_id,
        },
    )
    odoo_server.call(
        "project.project",
        "create",
        {"name": f"Parallel {tag}", "ps_code": f"PAR-{tag}", "company_id": company_id},
    )
    return {
        "code": code,
        "tag": tag,
        "users": users,
        "company_id": company_id,
        "employee_id": employee,
        "email": f"pat-{tag}@meridian.example",
        "project_code": f"PAR-{tag}",
    }


def jsonrpc(server, world, model, method, args):
    user = world["users"]["integration"]
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [server.db, user["uid"], user["password"], model, method, args],
            },
        }
    ).encode()
    request = urllib.request.Request(
        f"{server.url}/jsonrpc",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.loads(response.read())
    assert "error" not in answer, answer
    return answer["result"]


def ingest(server, world, records, object_name="partner"):
    return ingest_as(server, world, object_name, records)


def test_a_finance_reviewer_cannot_make_itself_administrator(odoo_server, world):
    tag = world["tag"]
    ingest(odoo_server, world, [{"external_id": f"ESC-{tag}", "name": "x", "country_code": "QQ"}])
    finance = as_(world, "finance")
    log_id = odoo_server.call(
        "ps.sync.log", "search", [("external_id", "=", f"ESC-{tag}")], **finance
    )[0]
    admin_group = group_id(odoo_server, "base.group_system")
    forged = {
        "res_model": "res.users",
        "res_id": world["users"]["finance"]["uid"],
        "error_category": "conflict",
        "conflict_values": [{"field": "groups_id", "value": [[4, admin_group]]}],
    }
    with pytest.raises(xmlrpc.client.Fault, match="Sync log rows are evidence") as fault:
        odoo_server.call("ps.sync.log", "write", [log_id], forged, **finance)
    assert "Traceback" not in fault.value.faultString
    with pytest.raises(xmlrpc.client.Fault):
        odoo_server.call("ps.sync.log", "action_accept_source", [log_id], **finance)
    groups = odoo_server.call(
        "res.users", "read", [world["users"]["finance"]["uid"]], fields=["groups_id"]
    )[0]["groups_id"]
    assert admin_group not in groups
    # and a sync user cannot even correct a payload
    with pytest.raises(xmlrpc.client.Fault, match="payload"):
        odoo_server.call(
            "ps.sync.log", "write", [log_id], {"payload": "{}"}, **as_(world, "syncuser")
        )


def test_job_entry_points_are_not_rpc_endpoints(odoo_server, world):
    for role in ("integration", "syncuser"):
        with pytest.raises(xmlrpc.client.Fault, match="export records"):
            odoo_server.call(
                "ps.sync.backend", "export_records", [1], "partner", [1], **as_(world, role)
            )
        with pytest.raises(xmlrpc.client.Fault, match="(?i)private|does not exist|not allowed"):
            odoo_server.call("ps.sync.log", "_process_queued", [1], **as_(world, role))


def test_one_bad_record_never_kills_its_batch(odoo_server, world):
    tag = world["tag"]
    deep = "leaf"
    for _ in range(1500):  # the old recursive masking died at ~1,000
        deep = [deep]
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))  # xmlrpc.client recurses
    good = {"external_id": f"GOOD-{tag}", "name": "Good Co", "is_company": True}
    batch = [
        {
            "external_id": f"D1-{tag}",
            "name": "Far Future",
            "updated_at": "9999-12-31T23:59:59-05:00",
        },
        {"external_id": f"D2-{tag}", "name": "Deep", "notes": deep},
        {"external_id": f"D4-{tag}", "name": "Huge", "notes": "x" * 400_000},
        good,
    ]
    res = ingest(odoo_server, world, batch)
    assert [r["status"] for r in res] == ["rejected"] * 3 + ["created"]
    for r, text in zip(res, ["out of range", "nested deeper", "characters of text"], strict=False):
        assert text in r["message"], r
    # XML cannot carry a NUL character; JSON-RPC can
    res = jsonrpc(
        odoo_server,
        world,
        "ps.sync.backend",
        "ingest",
        [
            world["code"],
            "partner",
            [
                {"external_id": f"D3-{tag}", "name": "Nul\x00Byte"},
                {"external_id": f"GOOD2-{tag}", "name": "Good Two", "is_company": True},
            ],
        ],
    )
    assert [r["status"] for r in res] == ["rejected", "created"], res
    assert "NUL character" in res[0]["message"]
    logs = odoo_server.call(
        "ps.sync.log",
        "search_read",
        [("external_id", "like", f"-{tag}"), ("state", "=", "failed")],
        fields=["external_id", "error_category", "message"],
        **as_(world, "finance"),
    )
    assert {log["error_category"] for log in logs} == {"data"}, logs
    assert all("unexpected" not in log["message"] for log in logs)


def test_nan_hours_are_bad_data_not_a_transient_fault(odoo_server, world):
    tag = world["tag"]
    res = ingest(
        odoo_server,
        world,
        [
            {
                "external_id": f"NAN-{tag}",
                "employee_email": world["email"],
                "project_code": world["project_code"],
                "date": "2026-05-04",
                "hours": "NaN",
            }
        ],
        object_name="timesheet",
    )
    assert res[0]["status"] == "rejected" and "'hours' must be a number" in res[0]["message"]
    log = odoo_server.call(
        "ps.sync.log",
        "search_read",
        [("external_id", "=", f"NAN-{tag}")],
        fields=["error_category"],
        **as_(world, "finance"),
    )[0]
    assert log["error_category"] == "data"


def test_eight_parallel_senders_cannot_book_more_than_24_hours_a_day(odoo_server, world):
    tag = world["tag"]
    results, go = {}, threading.Event()

    def send(n):
        go.wait()
        try:
            results[n] = ingest(
                odoo_server,
                world,
                [
                    {
                        "external_id": f"DAY-{tag}-{n}",
                        "employee_email": world["email"],
                        "project_code": world["project_code"],
                        "date": "2026-05-05",
                        "hours": 5,
                    }
                ],
                object_name="timesheet",
            )[0]
        except xmlrpc.client.Fault as fault:  # reported below
            results[n] = {"status": "fault", "message": fault.faultString}

    threads = [threading.Thread(target=send, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    go.set()
    for thread in threads:
        thread.join(120)
    statuses = sorted(r["status"] for r in results.values())
    assert statuses == ["created"] * 4 + ["rejected"] * 4, results
    for r in results.values():
        if r["status"] == "rejected":
            assert "a day has 24" in r["message"]
    lines = odoo_server.call(
        "account.analytic.line",
        "search_read",
        [("employee_id", "=", world["employee_id"]), ("date", "=", "2026-05-05")],
        fields=["unit_amount"],
    )
    assert sum(line["unit_amount"] for line in lines) == 20


def _post_raw(server, path, body, headers=None):
    request = urllib.request.Request(
        f"{server.url}{path}",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_unsigned_webhook_traffic_writes_nothing_and_reveals_nothing(odoo_server, world):
    body = json.dumps({"object": "partner", "records": [{"external_id": "U", "name": "U"}]})
    body = body.encode()
    count = odoo_server.call("ps.sync.log", "search_count", [])
    known = post_webhook(odoo_server, world["code"], body, "t=1,v1=00")
    unknown = post_webhook(odoo_server, f"nope-{world['tag']}", body, "t=1,v1=00")
    bad_sig = post_webhook(odoo_server, world["code"], body, sign(b"other"))
    unknown_sig = post_webhook(odoo_server, f"nope-{world['tag']}", body, sign(body))
    assert known[0] == unknown[0] == 401
    assert bad_sig == unknown_sig  # same status, same words
    assert odoo_server.call("ps.sync.log", "search_count", []) == count
    # a body over the cap is refused unread, signed or not
    huge = (
        b'{"object":"partner","records":[{"external_id":"H","name":"'
        + b"x" * (3 * 1024 * 1024)
        + b'"}]}'
    )
    status, __ = _post_raw(
        odoo_server, f"/ps_sync/webhook/{world['code']}", huge, {"X-PS-Signature": sign(huge)}
    )
    assert status == 413
    assert odoo_server.call("ps.sync.log", "search_count", []) == count
