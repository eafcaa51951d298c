"""Operations at scale: one evaluation of every shipped alert rule and one
scrape of the metrics, with N then 2N sync log rows and time entries.

Runs inside Odoo (its Python, as a library) on a scratch database where
ps_ops is installed. Builds a small firm with the ORM (employees, a rate
card, engagements with projects, one backend), then inserts the sync log
rows and the time entries with SQL ``generate_series`` (not the ORM):

* sync log: 97.9 % done, 1 % skipped, 0.5 % queued, 0.5 % failed, 0.1 %
  dead, over the last 30 days, partner and timesheet objects; the failed
  and dead time messages carry a time entry payload (priced by the rules);
* time entries: approved and billable, spread over the last two years on
  every engagement; those of the last 40 days are still to bill (the rest
  was billed by the monthly runs).

At each size it measures, three times each, keeping the best:

* ``rules``: one evaluation of every shipped rule (``_evaluate``);
* ``metrics``: one rendering of ``/ps_ops/metrics`` (``metrics.render``,
  what the controller answers, without the HTTP round trip);
* ``search_count``: a plain ``ps.sync.log`` ``search_count([])``, the
  reference that moves with the table's size and the machine's noise.

It prints each figure, its ratio to the search_count of the same size, and
the 2N/N time ratio of rules and metrics (target <= 2.2). The data is
rolled back at the end (``--keep`` keeps it).

    odoo -c odoo.conf -d ps_bench_ops -i ps_ops --stop-after-init
    <odoo python> bench/bench_ops.py -c odoo.conf -d ps_bench_ops --rows 500000
    <odoo python> bench/bench_ops.py -c odoo.conf -d ps_bench_ops --rows 20000  # quick
"""

import argparse
import datetime
import json
import time

import odoo
from odoo import Command, api

ENGAGEMENTS = 200
EMPLOYEES = 50


def setup_firm(env):
    company = env.company
    company.currency_id = env.ref("base.USD")
    service = env["product.product"].create(
        {"name": "Bench consulting", "type": "service", "lst_price": 0.0}
    )
    job = env["hr.job"].create({"name": "Bench consultant"})
    employees = env["hr.employee"].create(
        [
            {
                "name": f"Bench consultant {i}",
                "job_id": job.id,
                "work_email": f"bench{i}@ops.example",
                "company_id": company.id,
            }
            for i in range(EMPLOYEES)
        ]
    )
    customer = env["res.partner"].create({"name": "Bench customer", "is_company": True})
    card = env["ps.rate.card"].create(
        {
            "name": "Bench card",
            "company_id": company.id,
            "currency_id": company.currency_id.id,
            "line_ids": [Command.create({"job_id": job.id, "rate": 150.0})],
        }
    )
    engagements = env["ps.engagement"]
    for i in range(ENGAGEMENTS):
        project = env["project.project"].create(
            {
                "name": f"Bench project {i}",
                "ps_code": f"BENCH-{i}",
                "partner_id": customer.id,
                "company_id": company.id,
                "allow_timesheets": True,
            }
        )
        eng = env["ps.engagement"].create(
            {
                "name": f"Bench engagement {i}",
                "partner_id": customer.id,
                "company_id": company.id,
                "currency_id": company.currency_id.id,
                "project_id": project.id,
                "rate_card_id": card.id,
                "product_id": service.id,
            }
        )
        eng.action_activate()
        engagements |= eng
    backend = env["ps.sync.backend"].create(
        {"name": "Bench time tool", "code": "bench-ops", "company_id": company.id}
    )
    env.flush_all()
    return company, employees, engagements, backend


def insert_rows(env, company, employees, engagements, backend, start, count):
    """Rows ``start`` .. ``start + count - 1`` of both tables, with SQL."""
    cr = env.cr
    emp_ids = employees.ids
    eng_rows = [(e.id, e.project_id.id, e.project_id.account_id.id) for e in engagements]
    payload = json.dumps(
        {
            "external_id": "X",
            "employee_email": employees[0].work_email,
            "project_code": engagements[0].project_id.ps_code,
            "date": (datetime.date.today() - datetime.timedelta(days=40)).isoformat(),
            "hours": 4,
            "status": "approved",
        }
    )
    cr.execute(
        """
        INSERT INTO ps_sync_log
               (name, backend_id, company_id, direction, source, object_name, external_id,
                state, attempts, payload, create_date, write_date, date_done)
        SELECT 'bench-' || g, %(backend)s, %(company)s, 'in', 'rpc',
               CASE WHEN g %% 3 = 0 THEN 'partner' ELSE 'timesheet' END,
               'B-' || g,
               CASE WHEN g %% 1000 = 7 THEN 'dead'
                    WHEN g %% 200 = 3 THEN 'failed'
                    WHEN g %% 200 = 5 THEN 'queued'
                    WHEN g %% 100 = 9 THEN 'skipped'
                    ELSE 'done' END,
               1,
               CASE WHEN g %% 1000 = 7 OR g %% 200 = 3 THEN %(payload)s END,
               ts, ts, ts + interval '2 seconds'
          FROM generate_series(%(start)s, %(stop)s) g,
               LATERAL (SELECT (now() AT TIME ZONE 'UTC')
                               - (g %% 43200) * interval '1 minute' AS ts) t
        """,
        {
            "backend": backend.id,
            "company": company.id,
            "payload": payload,
            "start": start,
            "stop": start + count - 1,
        },
    )
    cr.execute(
        """
        INSERT INTO account_analytic_line
               (name, date, amount, unit_amount, company_id, employee_id, project_id,
                account_id, ps_engagement_id, ps_status, ps_billable, ps_to_bill,
                ps_held_over_cap, ps_employee_company_id, create_date, write_date)
        SELECT 'bench ' || g, d, 0, 1 + g %% 8, %(company)s,
               (%(emps)s::int[])[1 + g %% %(n_emps)s],
               (%(projects)s::int[])[1 + g %% %(n_engs)s],
               (%(accounts)s::int[])[1 + g %% %(n_engs)s],
               (%(engs)s::int[])[1 + g %% %(n_engs)s],
               'approved', TRUE, d > current_date - 40, FALSE, %(company)s, now(), now()
          FROM generate_series(%(start)s, %(stop)s) g,
               LATERAL (SELECT current_date - (g %% 730) AS d) t
        """,
        {
            "company": company.id,
            "emps": emp_ids,
            "n_emps": len(emp_ids),
            "engs": [r[0] for r in eng_rows],
            "projects": [r[1] for r in eng_rows],
            "accounts": [r[2] for r in eng_rows],
            "n_engs": len(eng_rows),
            "start": start,
            "stop": start + count - 1,
        },
    )
    cr.execute("ANALYZE ps_sync_log")
    cr.execute("ANALYZE account_analytic_line")
    env.invalidate_all()


def best(function, repeat=3):
    times = []
    for _i in range(repeat):
        t0 = time.perf_counter()
        function()
        times.append(time.perf_counter() - t0)
    return min(times)


def measure(env, company):
    from odoo.addons.ps_ops import metrics

    rules = env["ps.alert.rule"].search([])
    rules.write({"company_id": company.id})
    now = odoo.fields.Datetime.now()
    errors = {}
    per_rule = {}

    def evaluate():
        for rule in rules:
            t0 = time.perf_counter()
            try:
                with env.cr.savepoint():
                    rule._evaluate(now)
            except Exception as err:  # noqa: BLE001 - reported below
                errors[rule.code] = f"{type(err).__name__}: {err}"
            per_rule[rule.code] = time.perf_counter() - t0
        env.flush_all()

    return {
        "search_count": best(lambda: env["ps.sync.log"].search_count([])),
        "rules": best(evaluate),
        "metrics": best(lambda: metrics.render(env)),
        "errors": errors,
        "per_rule": per_rule,
        "alerts": env["ps.alert"].search_count([("state", "!=", "closed")]),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "--rows",
        type=int,
        default=500_000,
        help="N: rows of each table at the first size (2N next)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="commit the data instead of rolling back"
    )
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        company, employees, engagements, backend = setup_firm(env)
        results = {}
        done = 0
        for size in (args.rows, 2 * args.rows):
            t0 = time.perf_counter()
            insert_rows(env, company, employees, engagements, backend, done + 1, size - done)
            done = size
            print(f"inserted up to {size:,} rows per table in {time.perf_counter() - t0:.1f} s")
            results[size] = measure(env, company)
            r = results[size]
            rules_x = r["rules"] / r["search_count"]
            metrics_x = r["metrics"] / r["search_count"]
            print(
                f"{size:>10,} rows: search_count {r['search_count'] * 1000:8.1f} ms | "
                f"rules {r['rules'] * 1000:9.1f} ms ({rules_x:.1f}x) | "
                f"metrics {r['metrics'] * 1000:8.1f} ms ({metrics_x:.2f}x) | "
                f"{r['alerts']} live alerts"
            )
            slowest = sorted(r["per_rule"].items(), key=lambda item: -item[1])[:4]
            print("    slowest rules: " + ", ".join(f"{c} {t * 1000:,.0f} ms" for c, t in slowest))
            for code, error in r["errors"].items():
                print(f"    rule {code} failed: {error}")
        small, large = results[args.rows], results[2 * args.rows]
        print()
        print(f"| rows per table | {args.rows:,} | {2 * args.rows:,} | 2N/N | target |")
        print("| --- | --- | --- | --- | --- |")
        for key, label in (
            ("search_count", "`search_count` over the sync log (reference)"),
            ("rules", "one evaluation of every shipped rule"),
            ("metrics", "one scrape of the metrics"),
        ):
            ratio = large[key] / small[key]
            target = (
                "" if key == "search_count" else ("PASS" if ratio <= 2.2 else "MISS") + " <= 2.2"
            )
            print(
                f"| {label} | {small[key] * 1000:,.0f} ms | {large[key] * 1000:,.0f} ms | "
                f"{ratio:.2f} | {target} |"
            )
        for size in (args.rows, 2 * args.rows):
            r = results[size]
            print(
                f"at {size:,}: rules {r['rules'] / r['search_count']:.1f}x and metrics "
                f"{r['metrics'] / r['search_count']:.2f}x the search_count"
            )
        if args.keep:
            cr.commit()
        else:
            cr.rollback()


if __name__ == "__main__":
    main()
