"""People, cost rates and expenses over XML-RPC (issue 15): an integration
user feeds people with cost rates and expenses through ``ingest``; a
consultant never reads a cost rate, a project manager sees the cost of an
engagement's time but not the rates behind it unless granted, and nobody
reaches the runs' private jobs."""

import xmlrpc.client

import pytest
from test_ingest_over_rpc import as_, make_backend_and_users
from test_ingest_over_rpc import ingest_as as ingest


@pytest.fixture(scope="module")
def world(odoo_server):
    code, tag, company_id, users = make_backend_and_users(
        odoo_server,
        "cost",
        {
            "integration": ["ps_sync_core.group_integration"],
            "consultant": ["base.group_user", "hr_timesheet.group_hr_timesheet_user"],
            "pm": ["base.group_user", "project.group_project_manager"],
            "pm_granted": [
                "base.group_user",
                "project.group_project_manager",
                "ps_costing.group_cost_rate_reader",
            ],
        },
    )
    project_code = f"COST-{tag}"
    project_id = odoo_server.call(
        "project.project",
        "create",
        {"name": f"Costing {tag}", "ps_code": project_code, "company_id": company_id},
    )
    odoo_server.call(
        "product.product",
        "create",
        {"name": f"Taxi {tag}", "default_code": f"TAXI-{tag}", "can_be_expensed": True},
    )
    return {
        "code": code,
        "tag": tag,
        "users": users,
        "project_code": project_code,
        "project_id": project_id,
    }


def test_people_rates_time_and_who_sees_what(odoo_server, world):
    tag = world["tag"]
    email = f"rita-{tag}@meridian.example"
    [person] = ingest(
        odoo_server,
        world,
        "employee",
        [
            {
                "external_id": f"E-{tag}",
                "name": f"Rita {tag}",
                "work_email": email,
                "job_title": "Consultant",
                "hourly_cost": 55.0,
                "cost_from": "2026-01-01",
            }
        ],
    )
    assert person["status"] == "created", person
    [time] = ingest(
        odoo_server,
        world,
        "timesheet",
        [
            {
                "external_id": f"T-{tag}",
                "employee_email": email,
                "project_code": world["project_code"],
                "date": "2026-03-02",
                "hours": 4,
                "status": "submitted",
                "billable": False,
            }
        ],
    )
    assert time["status"] == "created", time
    # the same person again, with a rate overlapping hers: refused, with the reason
    [bad] = ingest(
        odoo_server,
        world,
        "employee",
        [
            {
                "external_id": f"E2-{tag}",
                "name": f"Rita twin {tag}",
                "hourly_cost": 0,
                "cost_from": "2026-01-01",
            }
        ],
    )
    assert bad["status"] == "rejected" and "'hourly_cost' must be positive" in bad["message"]
    domain = [("employee_id", "=", person["res_id"])]
    for role in ("consultant", "pm"):
        with pytest.raises(xmlrpc.client.Fault, match="AccessError|not allowed"):
            odoo_server.call(
                "ps.cost.rate", "search_read", domain, fields=["hourly_cost"], **as_(world, role)
            )
    [rate] = odoo_server.call(
        "ps.cost.rate", "search_read", domain, fields=["hourly_cost"], **as_(world, "pm_granted")
    )
    assert rate["hourly_cost"] == 55.0
    # the project manager sees what the engagement's time cost, grouped the
    # way the UI reads it, but not the rate of the entry
    groups = odoo_server.call(
        "account.analytic.line",
        "read_group",
        [("project_id", "=", world["project_id"])],
        ["amount:sum"],
        ["ps_cost_kind"],
        **as_(world, "pm"),
    )
    assert [(g["ps_cost_kind"], g["amount"]) for g in groups] == [("employee", -220.0)]
    with pytest.raises(xmlrpc.client.Fault, match="rights to access the fields.*ps_cost_rate_id"):
        odoo_server.call(
            "account.analytic.line",
            "search_read",
            [("id", "=", time["res_id"])],
            fields=["ps_cost_rate_id"],
            **as_(world, "pm"),
        )


def test_expenses_refused_one_by_one(odoo_server, world):
    tag = world["tag"]
    email = f"ed-{tag}@meridian.example"
    ingest(
        odoo_server,
        world,
        "employee",
        [{"external_id": f"ED-{tag}", "name": "Ed", "work_email": email}],
    )
    base = {
        "employee_email": email,
        "date": "2026-03-05",
        "project_code": world["project_code"],
        "category": f"TAXI-{tag}",
        "description": "Taxi to the client",
        "amount": 35.5,
    }
    results = ingest(
        odoo_server,
        world,
        "expense",
        [
            dict(base, external_id=f"X1-{tag}"),
            dict(base, external_id=f"X2-{tag}", category="Helicopter"),
            dict(base, external_id=f"X3-{tag}", amount=-3),
            dict(base, external_id=f"X4-{tag}", employee_email="nobody@x.example"),
        ],
    )
    assert [r["status"] for r in results] == ["created", "rejected", "rejected", "rejected"]
    assert "unknown expense category" in results[1]["message"]
    assert "'amount' must be positive" in results[2]["message"]
    assert "unknown employee" in results[3]["message"]
    [expense] = odoo_server.call(
        "hr.expense", "read", [results[0]["res_id"]], fields=["total_amount", "ps_external_ref"]
    )
    assert expense["total_amount"] == 35.5


def test_runs_are_not_for_outsiders(odoo_server, world):
    run_id = odoo_server.call("ps.subcontract.run", "create", {"date_to": "2026-03-31"})
    for role in ("integration", "pm"):
        with pytest.raises(xmlrpc.client.Fault, match="AccessError|not allowed|Only invoicing"):
            odoo_server.call("ps.subcontract.run", "action_start", [run_id], **as_(world, role))
    # the job and the recosting are private: no RPC caller reaches them
    for model, method in (
        ("ps.subcontract.run.line", "_run_vendor_bill"),
        ("ps.cost.rate", "_recost"),
        ("account.analytic.line", "_ps_recost"),
    ):
        with pytest.raises(xmlrpc.client.Fault, match="Private methods"):
            odoo_server.call(model, method, [])
