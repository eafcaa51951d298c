"""Time entries through ``ingest`` in batches vs one XML-RPC ``create`` each.

Against a running Odoo with ps_billing_rules installed (standard library only):

    python3 bench/bench_ingest_timesheets.py --url http://127.0.0.1:8071 \
        --db ps_bench --count 100000 --baseline-count 2000

Sets up (as admin, over XML-RPC) a backend, 50 consultants, 20 projects with
engagements and a rate card, then measures:
1. the baseline: entries sent as one ``account.analytic.line`` ``create`` call
   each, the way most integrations start (on --baseline-count entries; the rate
   is per entry, so it is extrapolated to --count and the output says so);
2. the same kind of entries through ``ingest`` in batches of --batch.
Prints entries per second and the ratio (target >= 20x).
"""

import argparse
import datetime
import time
import uuid
import xmlrpc.client


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8071")
    ap.add_argument("--db", required=True)
    ap.add_argument("--login", default="admin")
    ap.add_argument("--password", default="admin")
    ap.add_argument("--count", type=int, default=100000)
    ap.add_argument("--baseline-count", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=1000)
    a = ap.parse_args()
    uid = xmlrpc.client.ServerProxy(f"{a.url}/xmlrpc/2/common").authenticate(
        a.db, a.login, a.password, {})
    obj = xmlrpc.client.ServerProxy(f"{a.url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *args, **kw):
        return obj.execute_kw(a.db, uid, a.password, model, method, list(args), kw)

    tag = uuid.uuid4().hex[:6]
    company_id = call("res.users", "read", [uid], fields=["company_id"])[0]["company_id"][0]
    backend_code = f"bench-time-{tag}"
    call("ps.sync.backend", "create", {"name": backend_code, "code": backend_code,
                                       "company_id": company_id, "max_batch_size": a.batch})
    job_ids = [call("hr.job", "create", {"name": f"Role {tag} {i}"}) for i in range(4)]
    employees = call("hr.employee", "create", [
        {"name": f"Consultant {tag} {i}", "job_id": job_ids[i % 4],
         "work_email": f"c{i}-{tag}@bench.example"} for i in range(50)])
    emails = [f"c{i}-{tag}@bench.example" for i in range(50)]
    customer = call("res.partner", "create", {"name": f"Bench customer {tag}", "is_company": True})
    card = call("ps.rate.card", "create", {"name": f"Bench {tag}", "line_ids": [
        (0, 0, {"job_id": j, "rate": 150.0}) for j in job_ids]})
    codes, projects = [], []
    for i in range(20):
        code = f"P{tag}{i}"
        project = call("project.project", "create", {"name": code, "ps_code": code,
                                                     "partner_id": customer})
        eng = call("ps.engagement", "create", {"name": code, "partner_id": customer,
                                               "project_id": project, "rate_card_id": card})
        call("ps.engagement", "action_activate", [eng])
        codes.append(code)
        projects.append(project)

    start_day = datetime.date(2026, 1, 1)

    def entry(n):
        # one entry per consultant per day, spread over projects: never > 24 h a day
        day = start_day + datetime.timedelta(days=n // 50)
        return n % 50, n % 20, day, 1.0 + (n % 8) * 0.5

    # 1. baseline: one create per entry
    t0 = time.perf_counter()
    for n in range(a.baseline_count):
        emp, proj, day, hours = entry(n)
        call("account.analytic.line", "create", {
            "name": f"baseline {n}", "employee_id": employees[emp], "project_id": projects[proj],
            "date": (day + datetime.timedelta(days=3000)).isoformat(), "unit_amount": hours})
    base_s = time.perf_counter() - t0
    base_rate = a.baseline_count / base_s

    # 2. ingest in batches
    t0 = time.perf_counter()
    statuses = {}
    for start in range(0, a.count, a.batch):
        records = []
        for n in range(start, min(start + a.batch, a.count)):
            emp, proj, day, hours = entry(n)
            records.append({"external_id": f"{tag}-{n}", "employee_email": emails[emp],
                            "project_code": codes[proj], "date": day.isoformat(),
                            "hours": hours, "status": "approved", "billable": True,
                            "description": f"Entry {n}"})
        for r in call("ps.sync.backend", "ingest", backend_code, "timesheet", records):
            statuses[r["status"]] = statuses.get(r["status"], 0) + 1
            if r["status"] == "rejected" and statuses[r["status"]] <= 3:
                print("rejected:", r)
    ingest_s = time.perf_counter() - t0
    ingest_rate = a.count / ingest_s
    ratio = ingest_rate / base_rate
    print(f"statuses: {statuses}")
    extrapolated = a.baseline_count != a.count
    print("\n| phase | entries | seconds | entries/s |")
    print("| --- | --- | --- | --- |")
    note = f" (measured on {a.baseline_count}, extrapolated)" if extrapolated else ""
    print(f"| one XML-RPC create per entry{note} | {a.count} | "
          f"{a.count / base_rate:.1f} | {base_rate:.0f} |")
    print(f"| ingest, batches of {a.batch} | {a.count} | {ingest_s:.1f} | {ingest_rate:.0f} |")
    print(f"\ningest vs one create per entry: {ratio:.1f}x (target >= 20x): "
          f"{'PASS' if ratio >= 20 else 'MISS'}")
    if statuses.get("created") != a.count:
        raise SystemExit(f"expected {a.count} created, got {statuses}")


if __name__ == "__main__":
    main()
