"""Analytics reports at scale: the margin and utilization reports read the
way the UI reads them, against Odoo's plain ``read_group`` on time entries.

Runs inside Odoo (its Python, as a library) on a scratch database with
``ps_analytics`` installed. Builds 200 people (with capacity for 12 months)
and 2,000 engagements with their projects (ORM), then inserts time entries
with SQL (``generate_series``, not the ORM): N entries, measured; N more
(2N in all), measured again. Each measurement, warm, best of ``--repeat``:

- **baseline**: ``account.analytic.line.read_group`` grouped by
  ``date:month`` and ``ps_engagement_id``, summing hours and amount: Odoo's
  plain read, as the superuser (no record rules: the fastest baseline);
- **utilization** and **margin**: ``read_group(..., lazy=False)`` of
  ``ps.analytics.utilization`` / ``ps.analytics.margin`` grouped by
  ``date:month`` and ``engagement_id`` with their ratios, as the pivot
  view asks it, as a finance user (record rules applied).

Prints each time, the ratio report / baseline (target <= 2.0) and the ratio
2N / N of each report (target <= 2.2). Exits non-zero when a target is
missed.

    odoo -c odoo.conf -d ps_bench_analytics -i ps_analytics --stop-after-init
    <odoo python> bench/bench_analytics.py -c odoo.conf -d ps_bench_analytics \
        --entries 500000          # N; 2N = 1,000,000 (the default)
    ... --entries 50000           # a smaller, quicker run
"""

import argparse
import statistics
import time

import odoo
from odoo import Command, api

PEOPLE = 200
ENGAGEMENTS = 2000
MONTHS = 12
TARGET_VS_BASELINE = 2.0
TARGET_SCALING = 2.2

UTILIZATION = (
    "ps.analytics.utilization",
    ["hours:sum", "billable_hours:sum", "capacity_hours:sum", "utilization:avg"],
)
MARGIN = (
    "ps.analytics.margin",
    ["revenue:sum", "cost:sum", "margin:sum", "margin_pct:avg"],
)
ANALYZED = (
    "account_analytic_line",
    "ps_engagement",
    "project_project",
    "hr_employee",
    "hr_job",
    "res_partner",
    "ps_analytics_capacity",
)
GROUPBY_REPORT = ["date:month", "engagement_id"]
GROUPBY_BASELINE = ["date:month", "ps_engagement_id"]


def clear_previous(env):
    """Remove the time entries, capacity and budgets of earlier runs of this
    script (a scratch database is reused run after run)."""
    env.cr.execute("DELETE FROM account_analytic_line WHERE name = 'bench'")
    env.cr.execute(
        """DELETE FROM ps_analytics_capacity cap USING hr_employee emp
            WHERE emp.id = cap.employee_id AND emp.name LIKE 'B%% person %%'"""
    )
    env.cr.execute(
        "UPDATE ps_engagement SET ps_budget_cost = 0 WHERE name LIKE 'B%% engagement %%'"
    )


def build_base(env, tag):
    """People with capacity, customers, projects and engagements (ORM)."""
    company = env.company
    jobs = env["hr.job"].create(
        [{"name": f"{tag} role {i}", "ps_target_utilization": 70 + i} for i in range(5)]
    )
    departments = env["hr.department"].create([{"name": f"{tag} dept {i}"} for i in range(4)])
    people = env["hr.employee"].create(
        [
            {
                "name": f"{tag} person {i}",
                "job_id": jobs[i % 5].id,
                "department_id": departments[i % 4].id,
            }
            for i in range(PEOPLE)
        ]
    )
    customers = env["res.partner"].create(
        [{"name": f"{tag} customer {i}", "is_company": True} for i in range(100)]
    )
    projects = env["project.project"].create(
        [
            {"name": f"{tag} project {i}", "partner_id": customers[i % 100].id}
            for i in range(ENGAGEMENTS)
        ]
    )
    env["ps.engagement"].create(
        [
            {
                "name": f"{tag} engagement {i}",
                "partner_id": customers[i % 100].id,
                "company_id": company.id,
                "currency_id": company.currency_id.id,
                "project_id": project.id,
                "ps_budget_cost": 10000.0 if i % 4 == 0 else 0.0,
            }
            for i, project in enumerate(projects)
        ]
    )
    # capacity as the job stores it (one row per person and month), by SQL
    env.cr.execute(
        """
        INSERT INTO ps_analytics_capacity (employee_id, company_id, date, scheduled_hours,
                                           holiday_hours, leave_hours, capacity_hours)
        SELECT emp.id, emp.company_id, make_date(2026, m, 1), 168, 8, 8, 152
          FROM hr_employee emp, generate_series(1, %s) m
         WHERE emp.id = ANY(%s)
        """,
        [MONTHS, people.ids],
    )
    return people, projects


def insert_time(env, people, projects, count, offset):
    """``count`` time entries by SQL: person, project (and its engagement),
    day and hours spread over the people, engagements and 12 months."""
    env.cr.execute(
        """
        WITH p AS (SELECT array_agg(id ORDER BY id) AS ids FROM hr_employee WHERE id = ANY(%s)),
             j AS (SELECT array_agg(pr.id ORDER BY pr.id) AS pids,
                          array_agg(eng.id ORDER BY pr.id) AS eids,
                          array_agg(pr.account_id ORDER BY pr.id) AS aids
                     FROM project_project pr
                     JOIN ps_engagement eng ON eng.project_id = pr.id
                    WHERE pr.id = ANY(%s))
        INSERT INTO account_analytic_line (name, date, amount, unit_amount, company_id,
                                           currency_id, employee_id, project_id, account_id,
                                           ps_engagement_id, ps_status, ps_billable, ps_to_bill,
                                           ps_employee_company_id, ps_cost_kind)
        SELECT 'bench', make_date(2026, 1 + (g %% %s), 1 + (g / 7) %% 28),
               -50.0 * (1 + g %% 8), 1 + g %% 8, %s, %s,
               p.ids[1 + g %% cardinality(p.ids)],
               j.pids[1 + (g / 3) %% cardinality(j.pids)],
               j.aids[1 + (g / 3) %% cardinality(j.pids)],
               j.eids[1 + (g / 3) %% cardinality(j.pids)],
               CASE WHEN g %% 20 = 0 THEN 'submitted' ELSE 'approved' END,
               g %% 5 != 0, TRUE, %s,
               CASE WHEN g %% 10 = 0 THEN 'subcontractor' ELSE 'employee' END
          FROM p, j, generate_series(%s, %s) g
        """,
        [
            people.ids,
            projects.ids,
            MONTHS,
            env.company.id,
            env.company.currency_id.id,
            env.company.id,
            offset,
            offset + count - 1,
        ],
    )
    # statistics as autovacuum keeps them on a live database, for every
    # query measured (the baseline's and the reports')
    for table in ANALYZED:
        env.cr.execute(f"ANALYZE {table}")


def best_of(repeat, func):
    """Best and median time of ``repeat`` warm calls (one warm-up first)."""
    func()
    times = []
    for _i in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def measure(env, finance_env, repeat):
    Line = env["account.analytic.line"]

    def baseline():
        return Line.read_group([], ["unit_amount:sum", "amount:sum"], GROUPBY_BASELINE, lazy=False)

    def report(spec):
        model, measures = spec
        return lambda: finance_env[model].read_group([], measures, GROUPBY_REPORT, lazy=False)

    groups = len(baseline())
    return {
        "groups": groups,
        "baseline": best_of(repeat, baseline),
        "utilization": best_of(repeat, report(UTILIZATION)),
        "margin": best_of(repeat, report(MARGIN)),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-c", "--config", required=True)
    ap.add_argument("-d", "--database", required=True)
    ap.add_argument("--entries", type=int, default=500000, help="N time entries (2N measured too)")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    odoo.tools.config.parse_config(["-c", a.config, "-d", a.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(a.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        tag = f"B{int(time.time())}"
        t0 = time.perf_counter()
        clear_previous(env)
        people, projects = build_base(env, tag)
        finance = env["res.users"].create(
            {
                "name": f"{tag} finance",
                "login": f"{tag}-finance",
                "groups_id": [
                    Command.set(
                        [
                            env.ref("base.group_user").id,
                            env.ref("account.group_account_invoice").id,
                        ]
                    )
                ],
            }
        )
        cr.commit()
        print(
            f"built {PEOPLE} people, {ENGAGEMENTS} engagements in {time.perf_counter() - t0:.1f} s",
            flush=True,
        )
        finance_env = env(user=finance.id, su=False)
        results = []
        inserted = 0
        for label, total in (("N", a.entries), ("2N", 2 * a.entries)):
            t0 = time.perf_counter()
            insert_time(env, people, projects, total - inserted, inserted)
            inserted = total
            cr.commit()
            env.invalidate_all()
            print(
                f"{label}: {total:,} time entries in the database "
                f"(inserted in {time.perf_counter() - t0:.1f} s)",
                flush=True,
            )
            res = measure(env, finance_env, a.repeat)
            results.append((label, total, res))
            base = res["baseline"][0]
            for name in ("baseline", "utilization", "margin"):
                best, median = res[name]
                ratio = "" if name == "baseline" else f"  ratio to baseline {best / base:.2f}"
                print(
                    f"  {name:<12} best {best * 1000:8.1f} ms  median {median * 1000:8.1f} ms"
                    f"{ratio}",
                    flush=True,
                )
    (_l1, n1, r1), (_l2, n2, r2) = results
    failed = []
    print()
    print(
        f"| report | {n1:,} entries (ms) | x baseline | {n2:,} entries (ms) | x baseline | 2N / N |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for name in ("baseline", "utilization", "margin"):
        t1, t2 = r1[name][0], r2[name][0]
        x1, x2 = t1 / r1["baseline"][0], t2 / r2["baseline"][0]
        scaling = t2 / t1
        print(
            f"| {name} | {t1 * 1000:.0f} | {x1:.2f} | {t2 * 1000:.0f} | {x2:.2f} | {scaling:.2f} |"
        )
        if name != "baseline":
            if max(x1, x2) > TARGET_VS_BASELINE:
                failed.append(f"{name}: {max(x1, x2):.2f} x baseline > {TARGET_VS_BASELINE}")
            if scaling > TARGET_SCALING:
                failed.append(f"{name}: 2N / N = {scaling:.2f} > {TARGET_SCALING}")
    print(f"groups (month x engagement): {r1['groups']:,} at N, {r2['groups']:,} at 2N")
    if failed:
        raise SystemExit("targets missed: " + "; ".join(failed))
    print("targets met")


if __name__ == "__main__":
    main()
