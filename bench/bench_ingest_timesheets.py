"""Time entries through ``ingest`` in batches vs Odoo's own ``create``.

Against a running Odoo with ps_billing_rules installed (standard library only):

    python3 bench/bench_ingest_timesheets.py --url http://127.0.0.1:8071 \\
        --db ps_bench --count 100000 --baseline-count 2000

or let it build everything (fresh database ps_bench_billing with
ps_billing_rules, Odoo on port 8072 with --workers 0), measure, and stop the
server:

    python3 bench/bench_ingest_timesheets.py --setup --count 4000 --baseline-count 0

Sets up (as admin, over XML-RPC) a backend, 50 consultants, 20 projects with
engagements and a rate card, then measures:
1. the baseline: entries sent as one ``account.analytic.line`` ``create`` call
   each, the way most integrations start (on --baseline-count entries; the rate
   is per entry, so it is extrapolated to --count and the output says so;
   0 skips it);
1b. Odoo's own batched ``account.analytic.line`` ``create`` of the same kind
   of entries (same consultants, projects, hours and approval state, on other
   days), --batch entries a call, in the same run;
2. the same kind of entries through ``ingest`` in batches of --batch.
Prints entries per second and the ratios: ingest vs one create per entry
(target >= 20x) and ingest vs Odoo's batched create (target >= 1.0x).
Exits 1 unless every entry sent through ``ingest`` was ``created``.
"""

import argparse
import datetime
import time
import uuid

from _common import Odoo, add_setup_arguments, fmt_rate, machine_line, markdown_table, run_bench

TARGET_INGEST_VS_BASELINE = 20
TARGET_INGEST_VS_BATCHED = 1.0


def run(a, url):
    odoo = Odoo(url, a.db, a.login, a.password)
    call = odoo
    tag = uuid.uuid4().hex[:6]
    company_id = call("res.users", "read", [odoo.uid], fields=["company_id"])[0]["company_id"][0]
    backend_code = f"bench-time-{tag}"
    call(
        "ps.sync.backend",
        "create",
        {
            "name": backend_code,
            "code": backend_code,
            "company_id": company_id,
            "max_batch_size": a.batch,
        },
    )
    job_ids = [call("hr.job", "create", {"name": f"Role {tag} {i}"}) for i in range(4)]
    employees = call(
        "hr.employee",
        "create",
        [
            {
                "name": f"Consultant {tag} {i}",
                "job_id": job_ids[i % 4],
                "work_email": f"c{i}-{tag}@bench.example",
            }
            for i in range(50)
        ],
    )
    emails = [f"c{i}-{tag}@bench.example" for i in range(50)]
    customer = call("res.partner", "create", {"name": f"Bench customer {tag}", "is_company": True})
    card = call(
        "ps.rate.card",
        "create",
        {
            "name": f"Bench {tag}",
            "line_ids": [(0, 0, {"job_id": j, "rate": 150.0}) for j in job_ids],
        },
    )
    codes, projects = [], []
    for i in range(20):
        code = f"P{tag}{i}"
        project = call(
            "project.project", "create", {"name": code, "ps_code": code, "partner_id": customer}
        )
        eng = call(
            "ps.engagement",
            "create",
            {"name": code, "partner_id": customer, "project_id": project, "rate_card_id": card},
        )
        call("ps.engagement", "action_activate", [eng])
        codes.append(code)
        projects.append(project)
    print(f"Odoo {odoo.server_version} at {url}, database {a.db}, backend {backend_code}")
    print(f"client: {machine_line()}")

    start_day = datetime.date(2026, 1, 1)

    def entry(n):
        # one entry per consultant per day, spread over projects: never > 24 h a day
        day = start_day + datetime.timedelta(days=n // 50)
        return n % 50, n % 20, day, 1.0 + (n % 8) * 0.5

    # 1. baseline: one create per entry
    base_rate = None
    if a.baseline_count:
        print(f"\n1. baseline: {a.baseline_count} x account.analytic.line.create ...", flush=True)
        t0 = time.perf_counter()
        for n in range(a.baseline_count):
            emp, proj, day, hours = entry(n)
            call(
                "account.analytic.line",
                "create",
                {
                    "name": f"baseline {n}",
                    "employee_id": employees[emp],
                    "project_id": projects[proj],
                    "date": (day + datetime.timedelta(days=3000)).isoformat(),
                    "unit_amount": hours,
                },
            )
        base_s = time.perf_counter() - t0
        base_rate = a.baseline_count / base_s
        print(f"   {a.baseline_count} entries in {base_s:.1f} s = {fmt_rate(base_rate)}/s")
    else:
        print("\n1. baseline: skipped (--baseline-count 0)")

    # 1b. Odoo's own batched create of the same kind of entries, same run
    print(f"\n1b. Odoo's batched account.analytic.line.create, {a.batch} a call ...", flush=True)
    t0 = time.perf_counter()
    for start in range(0, a.count, a.batch):
        vals_list = []
        for n in range(start, min(start + a.batch, a.count)):
            emp, proj, day, hours = entry(n)
            vals_list.append(
                {
                    "name": f"Entry {n}",
                    "employee_id": employees[emp],
                    "project_id": projects[proj],
                    "date": (day + datetime.timedelta(days=6000)).isoformat(),
                    "unit_amount": hours,
                    "ps_status": "approved",
                    "ps_billable": True,
                    "company_id": company_id,
                }
            )
        call("account.analytic.line", "create", vals_list)
    batched_s = time.perf_counter() - t0
    batched_rate = a.count / batched_s
    print(f"   {a.count} entries in {batched_s:.1f} s = {fmt_rate(batched_rate)}/s")

    # 2. ingest in batches
    print(f"\n2. ingest: {a.count} new entries in batches of {a.batch} ...", flush=True)
    t0 = time.perf_counter()
    statuses = {}
    for start in range(0, a.count, a.batch):
        records = []
        for n in range(start, min(start + a.batch, a.count)):
            emp, proj, day, hours = entry(n)
            records.append(
                {
                    "external_id": f"{tag}-{n}",
                    "employee_email": emails[emp],
                    "project_code": codes[proj],
                    "date": day.isoformat(),
                    "hours": hours,
                    "status": "approved",
                    "billable": True,
                    "description": f"Entry {n}",
                }
            )
        for r in call("ps.sync.backend", "ingest", backend_code, "timesheet", records):
            statuses[r["status"]] = statuses.get(r["status"], 0) + 1
            if r["status"] == "rejected" and statuses[r["status"]] <= 3:
                print("rejected:", r)
    ingest_s = time.perf_counter() - t0
    ingest_rate = a.count / ingest_s
    print(f"   {a.count} entries in {ingest_s:.1f} s = {fmt_rate(ingest_rate)}/s")
    print(f"statuses: {statuses}")

    print()
    rows = []
    if base_rate:
        ratio = ingest_rate / base_rate
        note = (
            f" (measured on {a.baseline_count}, extrapolated)"
            if a.baseline_count != a.count
            else ""
        )
        print(
            f"ingest vs one create per entry: {ratio:.1f}x "
            f"(target >= {TARGET_INGEST_VS_BASELINE}x): "
            f"{'PASS' if ratio >= TARGET_INGEST_VS_BASELINE else 'MISS'}"
        )
        rows.append(
            [
                f"one XML-RPC create per entry{note}",
                a.count,
                f"{a.count / base_rate:.1f}",
                fmt_rate(base_rate),
                "1x",
            ]
        )
    r2 = ingest_rate / batched_rate
    print(
        f"ingest vs Odoo's batched create: {r2:.2f}x "
        f"(target >= {TARGET_INGEST_VS_BATCHED}x): "
        f"{'PASS' if r2 >= TARGET_INGEST_VS_BATCHED else 'MISS'}"
    )
    rows.append(
        [
            f"Odoo's batched `account.analytic.line` `create` ({a.batch} a call)",
            a.count,
            f"{batched_s:.1f}",
            fmt_rate(batched_rate),
            "-",
        ]
    )
    rows.append(
        [
            f"`ingest`, batches of {a.batch}",
            a.count,
            f"{ingest_s:.1f}",
            fmt_rate(ingest_rate),
            (f"{ingest_rate / base_rate:.1f}x the baseline, " if base_rate else "")
            + f"{r2:.2f}x the batched create",
        ]
    )
    print("\n--- for the README " + "-" * 50)
    print(markdown_table(["phase", "entries", "seconds", "entries/s", "ratio"], rows))
    print("-" * 69)
    if statuses.get("created") != a.count:
        raise SystemExit(f"expected {a.count} created, got {statuses}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--url",
        default=None,
        help="Odoo URL (default http://127.0.0.1:8072, or the --setup server)",
    )
    ap.add_argument("--db", default="ps_bench_billing")
    ap.add_argument("--login", default="admin")
    ap.add_argument("--password", default="admin")
    ap.add_argument("--count", type=int, default=100000)
    ap.add_argument(
        "--baseline-count",
        type=int,
        default=2000,
        help="entries for the one-create-each baseline (0: skip it)",
    )
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument(
        "--modules",
        default="ps_billing_rules",
        help="with --setup: the addons installed, comma-separated (default ps_billing_rules; "
        "e.g. ps_billing_rules,ps_ops to measure with the operations addon's hooks)",
    )
    add_setup_arguments(ap, default_db="ps_bench_billing", default_port=8072)
    a = ap.parse_args()
    if a.count < 1 or a.batch < 1:
        ap.error("--count and --batch must be positive")
    a.baseline_count = max(0, min(a.baseline_count, a.count))
    run_bench(
        a, run, [m.strip() for m in a.modules.split(",") if m.strip()], "http://127.0.0.1:8072"
    )


if __name__ == "__main__":
    main()
