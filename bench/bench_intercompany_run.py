"""Intercompany run scaling: N cross-entity time entries, then 2N.

Runs inside Odoo (its Python, as a library) on a database with
ps_intercompany installed. Builds a provider entity (GBP) with 40
consultants and a receiver entity (the database's main company) with 100
projects, an agreement (cost plus 10 %), and N approved entries of the
provider's consultants on the receiver's projects (bulk-inserted fixtures:
this bench measures charging, not creating time); then times the
intercompany job body (``_ps_ic_charge``: the provider's invoice and the
receiver's mirrored bill, both posted, with a trace per entry) in its own
transaction, as the job runner does. Then the same for 2N fresh entries in
the next month. Prints entries per second and the time ratio (target <= 2.2:
no quadratic step), and checks that each run charged every entry once.

    <odoo python> bench/bench_intercompany_run.py -c odoo.conf -d <database> --entries 20000
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

import odoo
from odoo import api

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fmt_rate, markdown_table  # noqa: E402

D = datetime.date


def setup(env, tag):
    """The provider entity, its consultants, the receiver's projects, the agreement."""
    receiver = env.company
    gbp = env.ref("base.GBP")
    gbp.active = True
    provider = env["res.company"].create({"name": f"Bench UK {tag}", "currency_id": gbp.id})
    env["account.chart.template"].try_loading("generic_coa", provider, install_demo=False)
    provider.currency_id = gbp
    for company, currency, rate in ((receiver, gbp, 0.8), (provider, env.ref("base.USD"), 1.25)):
        Rate = env["res.currency.rate"]
        if currency != company.currency_id and not Rate.search_count(
            [
                ("currency_id", "=", currency.id),
                ("company_id", "=", company.id),
                ("name", "=", "2026-01-01"),
            ]
        ):
            Rate.create(
                {
                    "currency_id": currency.id,
                    "name": "2026-01-01",
                    "rate": rate,
                    "company_id": company.id,
                }
            )
    env.user.company_ids |= provider
    employees = env["hr.employee"].create(
        [
            {"name": f"UK consultant {i} {tag}", "company_id": provider.id, "hourly_cost": 40.0 + i}
            for i in range(40)
        ]
    )
    customer = env["res.partner"].create({"name": f"Bench customer {tag}", "is_company": True})
    projects = env["project.project"].create(
        [
            {
                "name": f"IC {tag} {i}",
                "ps_code": f"IC-{tag}-{i}",
                "partner_id": customer.id,
                "company_id": receiver.id,
            }
            for i in range(100)
        ]
    )
    Account = env["account.account"]
    revenue = Account.search(
        [*Account._check_company_domain(provider), ("account_type", "=", "income")], limit=1
    )
    cost = Account.search(
        [*Account._check_company_domain(receiver), ("account_type", "=", "expense")], limit=1
    )
    agreement = env["ps.intercompany.agreement"].create(
        {
            "provider_company_id": provider.id,
            "receiver_company_id": receiver.id,
            "method": "cost_plus",
            "markup_percent": 10.0,
            "currency_id": gbp.id,
            "revenue_account_id": revenue.id,
            "cost_account_id": cost.id,
        }
    )
    return agreement, employees, projects


def build(env, count, month, employees, projects):
    """``count`` approved entries in ``month`` of 2026, as the ORM would store them."""
    from odoo.addons.ps_sync_core.bulk import bulk_create  # once the addons path is set

    Line = env["account.analytic.line"]
    provider = employees[:1].company_id
    vals = []
    for k in range(count):
        project = projects[k % len(projects)]
        vals.append(
            {
                "name": f"work {k}",
                "project_id": project.id,
                "employee_id": employees[k % len(employees)].id,
                "account_id": project.account_id.id,
                "date": D(2026, month, 1 + k % 28),
                "unit_amount": 1.0 + (k % 4) * 0.5,
                "amount": 0.0,
                "ps_status": "approved",
                "ps_billable": True,
                "ps_to_bill": True,
                "ps_ic_to_charge": True,
                "ps_employee_company_id": provider.id,
                "company_id": project.company_id.id,
            }
        )
        if len(vals) >= 20000:
            bulk_create(Line, vals)
            vals = []
    if vals:
        bulk_create(Line, vals)
    env.cr.commit()


def charge(registry, agreement_id, date_to):
    started = time.perf_counter()
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        invoice = env["ps.intercompany.agreement"].browse(agreement_id)._ps_ic_charge(date_to)
        traces = len(invoice.invoice_line_ids.ps_ic_trace_ids)
        lines = len(invoice.invoice_line_ids)
        same = invoice.amount_total == invoice.ps_ic_mirror_id.amount_total
    return time.perf_counter() - started, traces, lines, same


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-c", "--config", required=True)
    ap.add_argument("-d", "--database", required=True)
    ap.add_argument("--entries", type=int, default=20000)
    a = ap.parse_args()
    odoo.tools.config.parse_config(["-c", a.config, "-d", a.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(a.database)
    tag = str(int(time.time()))
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        agreement, employees, projects = setup(env, tag)
        cr.commit()
        figures = []
        for label, n, month in (("N", a.entries, 3), ("2N", 2 * a.entries, 4)):
            t0 = time.perf_counter()
            build(env, n, month, employees, projects)
            print(f"built {n} entries in {time.perf_counter() - t0:.1f} s", flush=True)
            date_to = D(2026, month, 28)
            seconds, traces, lines, same = charge(registry, agreement.id, date_to)
            if traces != n or not same:
                raise SystemExit(
                    f"{label}: {traces} traces for {n} entries, documents match: {same}"
                )
            figures.append((label, n, lines, seconds))
            print(
                f"{label}: {n} entries charged on {lines} lines in {seconds:.1f} s "
                f"= {n / seconds:.0f} entries/s",
                flush=True,
            )
    (__, __, __, s1), (__, __, __, s2) = figures
    ratio = s2 / s1
    print()
    print(
        markdown_table(
            ["cross-entity entries", "invoice lines", "seconds", "entries/s"],
            [(f"{n:,}", lines, f"{sec:.1f}", fmt_rate(n / sec)) for __, n, lines, sec in figures],
        )
    )
    print(
        f"\ntime(2N) / time(N) = {ratio:.2f} (target <= 2.2): {'PASS' if ratio <= 2.2 else 'MISS'}"
    )


if __name__ == "__main__":
    main()
