"""Billing run scaling: N engagements of ~100 approved entries each, then 2N.

Runs inside Odoo (its Python, as a library) on a scratch database, builds the
fixtures with the ORM, and times the billing job body (``_bill``) of every
engagement, one transaction per engagement as the job runner does. Prints
invoices per second for N and 2N and the time ratio (target <= 2.2: no
quadratic step).

    <odoo python> bench/bench_billing_run.py -c odoo.conf -d ps_bench_billing \
        --engagements 1000 --entries 100

The database must exist with ps_billing_rules installed (bench/run_billing_bench.sh
creates it).
"""

import argparse
import datetime
import time

import odoo
from odoo import Command, api

D = datetime.date


def build(env, tag, engagements, entries, employees, card, customer, product):
    """Engagements with projects and approved March entries, by plain ORM creates."""
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
                "rate_card_id": card.id,
                "product_id": product.id,
                "state": "active",
            }
            for p in projects
        ]
    )
    from odoo.addons.ps_sync_core.bulk import bulk_create  # once the addons path is set

    # fixtures in bulk (this bench measures billing, not creating time): every
    # field billing reads is set, as the ORM would have set it
    Line = env["account.analytic.line"]
    vals = []
    for n, (project, eng) in enumerate(zip(projects, engs, strict=False)):
        for k in range(entries):
            emp = employees[(n + k) % len(employees)]
            vals.append(
                {
                    "name": f"work {k}",
                    "project_id": project.id,
                    "employee_id": emp.id,
                    "account_id": project.account_id.id,
                    "ps_engagement_id": eng.id,
                    "date": D(2026, 3, 1 + k % 28),
                    "unit_amount": 1.0 + (k % 4) * 0.5,
                    "amount": 0.0,
                    "ps_status": "approved",
                    "ps_billable": True,
                    "ps_to_bill": True,
                    "company_id": company.id,
                }
            )
        if len(vals) >= 20000:
            bulk_create(Line, vals)
            vals = []
    if vals:
        bulk_create(Line, vals)
    env.cr.commit()
    return engs


def bill_all(registry, ids):
    started = time.perf_counter()
    invoices = 0
    for eng_id in ids:
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            move = env["ps.engagement"].browse(eng_id)._bill(D(2026, 3, 31))
            invoices += bool(move)
    return invoices, time.perf_counter() - started


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-c", "--config", required=True)
    ap.add_argument("-d", "--database", required=True)
    ap.add_argument("--engagements", type=int, default=1000)
    ap.add_argument("--entries", type=int, default=100)
    a = ap.parse_args()
    odoo.tools.config.parse_config(["-c", a.config, "-d", a.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(a.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        jobs = [env["hr.job"].create({"name": f"Role {i}"}) for i in range(4)]
        employees = env["hr.employee"].create(
            [{"name": f"Consultant {i}", "job_id": jobs[i % 4].id} for i in range(40)]
        )
        card = env["ps.rate.card"].create(
            {
                "name": "Bench card",
                "line_ids": [
                    Command.create({"job_id": job.id, "rate": 100.0 + 25 * i})
                    for i, job in enumerate(jobs)
                ],
            }
        )
        customer = env["res.partner"].create({"name": "Bench customer", "is_company": True})
        product = env.ref("ps_billing_rules.product_professional_services")
        product.taxes_id = [Command.clear()]
        cr.commit()
        figures = []
        for label, n in (("N", a.engagements), ("2N", 2 * a.engagements)):
            t0 = time.perf_counter()
            engs = build(
                env, f"B{label}{int(t0)}", n, a.entries, employees, card, customer, product
            )
            print(
                f"built {n} engagements x {a.entries} entries in {time.perf_counter() - t0:.1f} s",
                flush=True,
            )
            invoices, seconds = bill_all(registry, engs.ids)
            figures.append((label, n, invoices, seconds))
            print(
                f"{label}: {n} engagements, {invoices} invoices in {seconds:.1f} s "
                f"= {invoices / seconds:.1f} invoices/s",
                flush=True,
            )
    (__, n1, i1, s1), (__, n2, i2, s2) = figures
    ratio = s2 / s1
    print()
    print("| engagements | entries each | invoices | seconds | invoices/s |")
    print("| --- | --- | --- | --- | --- |")
    for __, n, inv, sec in figures:
        print(f"| {n} | {a.entries} | {inv} | {sec:.1f} | {inv / sec:.1f} |")
    print(
        f"\ntime(2N) / time(N) = {ratio:.2f} (target <= 2.2): {'PASS' if ratio <= 2.2 else 'MISS'}"
    )


if __name__ == "__main__":
    main()
