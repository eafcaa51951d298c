"""Monthly recognition run scaling: N obligations, then 2N.

Runs inside Odoo (its Python, as a library) on a scratch database, builds the
fixtures with the ORM, then starts a real ``ps.revenue.run`` for January 2026
and performs each engagement's queue job in its own transaction, as the job
runner does. Prints obligations per second for N and 2N and the time ratio
(target <= 2.2: no quadratic step).

Each engagement carries five obligations, a realistic consulting mix: three
ratable (managed service, support, licences resold as a service), one point in
time (a milestone accepted in January on every other engagement) and one
percentage of completion by hours (with ~20 approved hours in January); one
engagement in five has a posted January invoice, so entries carry billed,
deferred and unbilled lines as well as revenue.

    odoo -c odoo.conf -d ps_bench_revenue -i ps_revenue_recognition --stop-after-init
    <odoo python> bench/bench_revenue_run.py -c odoo.conf -d ps_bench_revenue \
        --obligations 10000
"""

import argparse
import datetime
import time

import odoo
from odoo import Command, api

D = datetime.date
PER_ENGAGEMENT = 5


def setup_company(env):
    """Accounts, journal and recognition settings of the bench company."""
    company = env.company
    Account = env["account.account"]

    def account(code, name, kind):
        return Account.search([("code", "=", code)], limit=1) or Account.create(
            {"code": code, "name": name, "account_type": kind}
        )

    revenue = account("400000", "Services revenue", "income")
    journal = env["account.journal"].search([("type", "=", "general")], limit=1) or env[
        "account.journal"
    ].create({"name": "Miscellaneous", "code": "MISC", "type": "general"})
    env["account.journal"].search([("type", "=", "sale")], limit=1) or env[
        "account.journal"
    ].create(
        {
            "name": "Customer Invoices",
            "code": "INV",
            "type": "sale",
            "default_account_id": revenue.id,
        }
    )
    account("121000", "Receivable", "asset_receivable")
    company.write(
        {
            "ps_revenue_journal_id": journal.id,
            "ps_revenue_account_id": revenue.id,
            "ps_deferred_revenue_account_id": account(
                "240100", "Deferred revenue", "liability_current"
            ).id,
            "ps_unbilled_revenue_account_id": account(
                "125100", "Unbilled receivable", "asset_current"
            ).id,
        }
    )
    return revenue


def build(env, tag, engagements, employees, customer, product, revenue):
    company = env.company
    projects = env["project.project"].create(
        [
            {
                "name": f"{tag}-{i}",
                "ps_code": f"{tag}-{i}",
                "partner_id": customer.id,
                "company_id": company.id,
            }
            for i in range(engagements)
        ]
    )
    engs = env["ps.engagement"].create(
        [
            {
                "name": p.name,
                "partner_id": customer.id,
                "company_id": company.id,
                "project_id": p.id,
                "product_id": product.id,
                "bill_time": False,
                "state": "active",
                "ps_transaction_price": 120000.0,
                "milestone_ids": [Command.create({"name": "Design signed off", "amount": 15000.0})],
            }
            for p in projects
        ]
    )
    from odoo.addons.ps_sync_core.bulk import bulk_create  # once the addons path is set

    Line = env["account.analytic.line"]
    vals = []
    for n, (project, eng) in enumerate(zip(projects, engs, strict=True)):
        for k in range(10):
            vals.append(
                {
                    "name": f"work {k}",
                    "project_id": project.id,
                    "employee_id": employees[(n + k) % len(employees)].id,
                    "account_id": project.account_id.id,
                    "ps_engagement_id": eng.id,
                    "date": D(2026, 1, 5 + k),
                    "unit_amount": 2.0,
                    "amount": -200.0,
                    "ps_status": "approved",
                    "ps_billable": True,
                    "ps_to_bill": False,
                    "company_id": company.id,
                }
            )
    bulk_create(Line, vals)
    for eng in engs[::2]:
        eng.milestone_ids.accepted_date = D(2026, 1, 20)
    start, end = D(2026, 1, 1), D(2026, 12, 31)
    obligations = []
    for eng in engs:
        obligations += [
            {
                "engagement_id": eng.id,
                "name": "Managed service",
                "method": "ratable",
                "standalone_price": 60000.0,
                "date_start": start,
                "date_end": end,
            },
            {
                "engagement_id": eng.id,
                "name": "Support",
                "method": "ratable",
                "standalone_price": 20000.0,
                "date_start": D(2026, 1, 15),
                "date_end": D(2027, 1, 14),
            },
            {
                "engagement_id": eng.id,
                "name": "Licences",
                "method": "ratable",
                "standalone_price": 10000.0,
                "date_start": start,
                "date_end": D(2026, 6, 30),
            },
            {
                "engagement_id": eng.id,
                "name": "Design",
                "method": "point_in_time",
                "standalone_price": 15000.0,
                "milestone_id": eng.milestone_ids.id,
                "date_start": start,
                "date_end": D(2026, 2, 28),
            },
            {
                "engagement_id": eng.id,
                "name": "Migration",
                "method": "input_hours",
                "standalone_price": 25000.0,
                "estimate_hours": 200.0,
                "date_start": start,
                "date_end": D(2026, 6, 30),
            },
        ]
    env["ps.revenue.obligation"].with_context(ps_revenue_no_schedule=True).create(obligations)
    invoices = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": D(2026, 1, 31),
                "ps_engagement_id": eng.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": "Fees",
                            "quantity": 1,
                            "price_unit": 12000.0,
                            "account_id": revenue.id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
            for eng in engs[::5]
        ]
    )
    invoices.action_post()
    env.cr.commit()
    # planner statistics as autovacuum keeps them on a running database (the
    # fixtures were inserted a moment ago)
    env.cr.execute("ANALYZE")
    # and no transaction left open while the jobs run: an idle transaction
    # holds back the cleanup of the rows the jobs rewrite, and the second,
    # bigger run would pay for it (a bench artefact, not the product's)
    env.cr.commit()
    return engs


def run_month(registry, eng_ids):
    from odoo.addons.queue_job.job import Job

    started = time.perf_counter()
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        run = env["ps.revenue.run"].create(
            {"date_to": D(2026, 1, 31), "engagement_ids": [Command.set(eng_ids)]}
        )
        run.action_start()
        run_id, uuids = run.id, run.line_ids.job_id.mapped("uuid")
    for uuid in uuids:
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
            Job.load(env, uuid).perform()
    seconds = time.perf_counter() - started
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        run = env["ps.revenue.run"].browse(run_id)
        return run.state, run.count_obligations, run.count_entries, run.count_failed, seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-c", "--config", required=True)
    ap.add_argument("-d", "--database", required=True)
    ap.add_argument("--obligations", type=int, default=10000)
    a = ap.parse_args()
    odoo.tools.config.parse_config(["-c", a.config, "-d", a.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(a.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        revenue = setup_company(env)
        employees = env["hr.employee"].create([{"name": f"Consultant {i}"} for i in range(20)])
        customer = env["res.partner"].create({"name": "Bench customer", "is_company": True})
        product = env.ref("ps_billing_rules.product_professional_services")
        product.write({"taxes_id": [Command.clear()], "property_account_income_id": revenue.id})
        cr.commit()
        figures = []
        for label, n in (("N", a.obligations), ("2N", 2 * a.obligations)):
            t0 = time.perf_counter()
            engs = build(
                env,
                f"R{label}{int(t0)}",
                n // PER_ENGAGEMENT,
                employees,
                customer,
                product,
                revenue,
            )
            print(
                f"built {n} obligations on {len(engs)} engagements in "
                f"{time.perf_counter() - t0:.1f} s",
                flush=True,
            )
            state, obligations, entries, failed, seconds = run_month(registry, engs.ids)
            if state != "done" or failed or obligations != n:
                raise SystemExit(
                    f"run did not finish cleanly: {state}, {failed} failed, "
                    f"{obligations} obligations"
                )
            figures.append((label, n, len(engs), entries, seconds))
            print(
                f"{label}: {n} obligations, {entries} entries in {seconds:.1f} s "
                f"= {n / seconds:.1f} obligations/s",
                flush=True,
            )
    (__, __, __, __, s1), (__, __, __, __, s2) = figures
    ratio = s2 / s1
    print()
    print("| obligations | engagements | entries posted | seconds | obligations/s |")
    print("| --- | --- | --- | --- | --- |")
    for __, n, e, entries, sec in figures:
        print(f"| {n} | {e} | {entries} | {sec:.1f} | {n / sec:.1f} |")
    print(
        f"\ntime(2N) / time(N) = {ratio:.2f} (target <= 2.2): {'PASS' if ratio <= 2.2 else 'MISS'}"
    )


if __name__ == "__main__":
    main()
