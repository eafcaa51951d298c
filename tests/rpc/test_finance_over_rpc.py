"""The finance reviewer's month over XML-RPC (issue 12, item 2): a reviewer
who holds no other right sees the time entries of its company, fixes a
rejected time entry on the exception workbench, replays it and reads the
entry it made, and still may not change time."""

import json
import xmlrpc.client

import pytest
from test_ingest_over_rpc import as_, make_backend_and_users


@pytest.fixture(scope="module")
def world(odoo_server):
    code, tag, company_id, users = make_backend_and_users(
        odoo_server,
        "fin",
        {
            "integration": ["ps_sync_core.group_integration"],
            "reviewer": ["base.group_user", "ps_sync_core.group_finance_reviewer"],
        },
    )
    email = f"fiona-{tag}@meridian.example"
    odoo_server.call(
        "hr.employee",
        "create",
        {"name": f"Fiona {tag}", "work_email": email, "company_id": company_id},
    )
    project_code = f"FIN-{tag}"
    project_id = odoo_server.call(
        "project.project",
        "create",
        {
            "name": f"Finance review {tag}",
            "ps_code": project_code,
            "company_id": company_id,
            "privacy_visibility": "followers",
        },
    )
    return {
        "code": code,
        "tag": tag,
        "users": users,
        "email": email,
        "project_code": project_code,
        "project_id": project_id,
    }


def test_a_finance_reviewer_replays_a_time_entry_and_sees_it(odoo_server, world):
    record = {
        "external_id": f"TT-{world['tag']}",
        "employee_email": world["email"],
        "project_code": f"TYPO-{world['tag']}",
        "date": "2026-03-02",
        "hours": 3.5,
        "status": "submitted",
        "description": "Month-end close support",
    }
    [result] = odoo_server.call(
        "ps.sync.backend",
        "ingest",
        world["code"],
        "timesheet",
        [record],
        **as_(world, "integration"),
    )
    assert result["status"] == "rejected", result
    reviewer = as_(world, "reviewer")
    [log] = odoo_server.call(
        "ps.sync.log",
        "search_read",
        [("external_id", "=", record["external_id"]), ("state", "=", "failed")],
        fields=["payload"],
        **reviewer,
    )
    payload = json.loads(log["payload"])
    payload["project_code"] = world["project_code"]
    odoo_server.call(
        "ps.sync.log", "write", [log["id"]], {"payload": json.dumps(payload)}, **reviewer
    )
    odoo_server.call("ps.sync.log", "action_replay", [log["id"]], **reviewer)
    [after] = odoo_server.call(
        "ps.sync.log", "read", [log["id"]], fields=["state", "res_model", "res_id"], **reviewer
    )
    assert (after["state"], after["res_model"]) == ("done", "account.analytic.line"), after
    # the reviewer reads the entry it made (a followers-only project), no "no access"
    [entry] = odoo_server.call(
        "account.analytic.line",
        "read",
        [after["res_id"]],
        fields=["name", "unit_amount", "project_id", "ps_status"],
        **reviewer,
    )
    assert (entry["unit_amount"], entry["project_id"][0], entry["ps_status"]) == (
        3.5,
        world["project_id"],
        "submitted",
    )
    assert odoo_server.call(
        "account.analytic.line",
        "search",
        [("project_id", "=", world["project_id"])],
        **reviewer,
    ) == [after["res_id"]]
    # reading is all: the reviewer neither approves nor edits time
    for method, args in (
        ("write", [[after["res_id"]], {"ps_status": "approved"}]),
        ("action_ps_approve", [[after["res_id"]]]),
    ):
        with pytest.raises(xmlrpc.client.Fault):
            odoo_server.call("account.analytic.line", method, *args, **reviewer)
    [entry] = odoo_server.call(
        "account.analytic.line", "read", [after["res_id"]], fields=["ps_status"]
    )
    assert entry["ps_status"] == "submitted"
