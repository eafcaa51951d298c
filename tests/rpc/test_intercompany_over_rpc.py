"""Intercompany over XML-RPC (issue 14): two entities made over RPC, the UK
time tool's integration user sends cross-entity time, a UK invoicing user
starts the run (the queue job runner makes both documents), and the record
rules between the entities hold for a user of each: the provider's user
reads its invoice and never the receiver's bill, customer or time; the
receiver's user reads its bill and never the provider's invoice or run.
Time for a period the receiver locked is refused at intake, with its reason
in the answer and in the sync log."""

import time
import uuid
import xmlrpc.client

import pytest
from test_ingest_over_rpc import group_id


def ref(server, xmlid):
    return group_id(server, xmlid)


def account(server, company_id, account_type):
    return server.call(
        "account.account",
        "search",
        [("company_ids", "in", [company_id]), ("account_type", "=", account_type)],
        limit=1,
    )[0]


def load_chart(server, company_id):
    """Odoo's generic chart of accounts for a new company. ``try_loading``
    returns None, which XML-RPC cannot answer once the work is committed:
    that one fault is expected; the journals prove the chart is there."""
    try:
        server.call("account.chart.template", "try_loading", [], "generic_coa", company_id)
    except xmlrpc.client.Fault as fault:
        if "cannot marshal None" not in fault.faultString:
            raise
    journals = server.call(
        "account.journal", "search_read", [("company_id", "=", company_id)], fields=["type"]
    )
    assert {"sale", "purchase"} <= {j["type"] for j in journals}, journals


def make_user(server, login, password, company_id, groups):
    return server.call(
        "res.users",
        "create",
        {
            "name": login,
            "login": login,
            "password": password,
            "company_id": company_id,
            "company_ids": [(6, 0, [company_id])],
            "groups_id": [(6, 0, [ref(server, g) for g in groups])],
        },
    )


@pytest.fixture(scope="module")
def world(odoo_server):
    s = odoo_server
    tag = uuid.uuid4().hex[:8]
    usd, gbp = ref(s, "base.USD"), ref(s, "base.GBP")
    s.call("res.currency", "write", [usd, gbp], {"active": True})
    us = s.call("res.company", "create", {"name": f"Meridian Inc {tag}", "currency_id": usd})
    uk = s.call("res.company", "create", {"name": f"Meridian Ltd {tag}", "currency_id": gbp})
    admin = s.authenticate()
    s.call("res.users", "write", [admin], {"company_ids": [(4, us), (4, uk)]})
    for company, currency in ((us, usd), (uk, gbp)):
        load_chart(s, company)
        # the generic chart sets its own currency: the entity's again
        s.call("res.company", "write", [company], {"currency_id": currency})
    # 1 GBP = 1.25 USD in both entities' books
    s.call(
        "res.currency.rate",
        "create",
        [
            {"currency_id": gbp, "name": "2026-01-01", "rate": 0.8, "company_id": us},
            {"currency_id": usd, "name": "2026-01-01", "rate": 1.25, "company_id": uk},
        ],
    )
    customer = s.call(
        "res.partner", "create", {"name": f"Acme {tag}", "is_company": True, "company_id": us}
    )
    code = f"IC-{tag}"
    s.call(
        "project.project",
        "create",
        {
            "name": f"ERP rollout {tag}",
            "ps_code": code,
            "partner_id": customer,
            "company_id": us,
            "allow_timesheets": True,
        },
    )
    email = f"ann-{tag}@meridian.example.uk"
    s.call(
        "hr.employee",
        "create",
        {"name": f"Ann {tag}", "work_email": email, "company_id": uk, "hourly_cost": 60.0},
    )
    agreement = s.call(
        "ps.intercompany.agreement",
        "create",
        {
            "provider_company_id": uk,
            "receiver_company_id": us,
            "method": "cost_plus",
            "markup_percent": 10.0,
            "currency_id": gbp,
            "revenue_account_id": account(s, uk, "income"),
            "cost_account_id": account(s, us, "expense"),
        },
    )
    backend = f"ic-uk-{tag}"
    s.call(
        "ps.sync.backend", "create", {"name": f"UK time {tag}", "code": backend, "company_id": uk}
    )
    password = f"pw-{tag}"
    finance = ["base.group_user", "account.group_account_invoice"]
    users = {
        "integration": make_user(
            s, f"ic-int-{tag}", password, uk, ["ps_sync_core.group_integration"]
        ),
        "uk": make_user(s, f"ic-uk-{tag}", password, uk, finance),
        "us": make_user(s, f"ic-us-{tag}", password, us, finance),
    }
    logins = {role: {"login": f"ic-{role[:3]}-{tag}", "password": password} for role in users}
    return {
        "tag": tag,
        "us": us,
        "uk": uk,
        "customer": customer,
        "code": code,
        "email": email,
        "backend": backend,
        "agreement": agreement,
        "as": logins,
    }


def ingest(server, world, records):
    return server.call(
        "ps.sync.backend",
        "ingest",
        world["backend"],
        "timesheet",
        records,
        **world["as"]["integration"],
    )


def test_time_in_a_period_the_receiver_locked_is_refused_at_intake(odoo_server, world):
    s = odoo_server
    s.call("res.company", "write", [world["us"]], {"purchase_lock_date": "2026-01-31"})
    try:
        record = {
            "external_id": f"LOCK-{world['tag']}",
            "employee_email": world["email"],
            "project_code": world["code"],
            "date": "2026-01-20",
            "hours": 4,
            "status": "approved",
        }
        [answer] = ingest(s, world, [record])
    finally:
        s.call("res.company", "write", [world["us"]], {"purchase_lock_date": False})
    assert answer["status"] == "rejected", answer
    assert "is in a period Meridian Inc" in answer["message"], answer
    assert "has locked (up to 2026-01-31)" in answer["message"], answer
    [log] = s.call(
        "ps.sync.log",
        "search_read",
        [("external_id", "=", record["external_id"])],
        fields=["state", "message"],
    )
    assert log["state"] == "failed" and "has locked" in log["message"], log


def test_the_run_charges_and_each_entitys_user_sees_its_side_only(odoo_server, world):
    s = odoo_server
    answers = ingest(
        s,
        world,
        [
            {
                "external_id": f"IC-{world['tag']}-{n}",
                "employee_email": world["email"],
                "project_code": world["code"],
                "date": f"2026-03-0{n}",
                "hours": hours,
                "status": "approved",
            }
            for n, hours in ((2, 8), (3, 4))
        ],
    )
    assert {a["status"] for a in answers} <= {"created", "updated"}, answers
    entry_ids = [a["res_id"] for a in answers]
    uk_user, us_user = world["as"]["uk"], world["as"]["us"]
    # the receiver's user may not start the provider's run
    run = s.call(
        "ps.intercompany.run",
        "create",
        {"company_id": world["uk"], "date_to": "2026-03-31"},
        **uk_user,
    )
    with pytest.raises(xmlrpc.client.Fault):
        s.call("ps.intercompany.run", "action_start", [run], **us_user)
    s.call("ps.intercompany.run", "action_start", [run], **uk_user)
    deadline = time.monotonic() + 120
    while True:
        [state] = s.call("ps.intercompany.run", "read", [run], fields=["state"], **uk_user)
        if state["state"] == "done" or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert state["state"] == "done", s.log_tail()
    [line] = s.call(
        "ps.intercompany.run.line",
        "search_read",
        [("run_id", "=", run)],
        fields=["state", "message", "move_id", "amount", "amount_receiver"],
        **uk_user,
    )
    # 12 h x (60 GBP + 10 %) = 792 GBP, 990 USD in the US books
    assert (line["state"], line["amount"], line["amount_receiver"]) == ("done", 792.0, 990.0), line
    invoice = line["move_id"][0]
    [bill] = s.call("account.move", "search", [("ps_ic_mirror_id", "=", invoice)])

    # the provider's user: its invoice and the traces, nothing of the receiver's
    uk_moves = s.call("account.move", "search", [("ps_ic_agreement_id", "!=", False)], **uk_user)
    assert uk_moves == [invoice]
    traces = s.call(
        "ps.intercompany.trace", "search_read", [], fields=["hours", "amount"], **uk_user
    )
    assert sorted(t["hours"] for t in traces) == [4.0, 8.0]
    for model, ids in (
        ("account.move", [bill]),
        ("res.partner", [world["customer"]]),
        ("account.analytic.line", entry_ids),
    ):
        with pytest.raises(xmlrpc.client.Fault, match="doesn't have 'read' access"):
            s.call(model, "read", ids, fields=["display_name"], **uk_user)
    assert not s.call("ps.intercompany.balance", "search", [], **uk_user)

    # the receiver's user: its bill, not the provider's invoice, run or journal
    us_moves = s.call("account.move", "search", [("ps_ic_agreement_id", "!=", False)], **us_user)
    assert us_moves == [bill]
    [read] = s.call("account.move", "read", [bill], fields=["amount_total"], **us_user)
    assert read["amount_total"] == 792.0
    with pytest.raises(xmlrpc.client.Fault, match="doesn't have 'read' access"):
        s.call("account.move", "read", [invoice], fields=["amount_total"], **us_user)
    assert not s.call("ps.intercompany.run", "search", [], **us_user)
    # neither changes the agreement that commits both
    for user in (uk_user, us_user):
        with pytest.raises(xmlrpc.client.Fault):
            s.call(
                "ps.intercompany.agreement",
                "write",
                [world["agreement"]],
                {"markup_percent": 50.0},
                **user,
            )
