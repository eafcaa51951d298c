"""People and expenses through ``ingest`` vs Odoo's own batched ``create``.

Against a running Odoo with ps_costing installed (standard library only):

    python3 bench/bench_ingest_costing.py --url http://127.0.0.1:8103 --db ps_cost15 \\
        --count 1000

or ``--setup`` (fresh database ps_bench_costing, Odoo on port 8074, stopped after).

For N = --count and 2N, in the same run, measures:
1. Odoo's batched ``hr.employee`` ``create`` of N people (--batch a call), then
   the same kind of people through ``ingest`` (object ``employee``, each with a
   cost rate: the feed does more than the plain create);
2. Odoo's batched ``hr.expense`` ``create`` of N expenses, then the same kind
   through ``ingest`` (object ``expense``: person, project, category, currency
   and lock checks, billable engagement).
Prints records per second, ingest vs the batched create (target >= 0.5x:
the feed validates, binds and logs every record) and the 2N vs N time
(target <= 2.2x: linear). Exits 1 unless every record was ``created``.
"""

import argparse
import datetime
import time
import uuid

from _common import Odoo, add_setup_arguments, fmt_rate, machine_line, markdown_table, run_bench

TARGET_VS_BATCHED = 0.5
TARGET_SCALING = 2.2


def run(a, url):
    odoo = Odoo(url, a.db, a.login, a.password)
    call = odoo
    tag = uuid.uuid4().hex[:6]
    company_id = call("res.users", "read", [odoo.uid], fields=["company_id"])[0]["company_id"][0]
    code = f"bench-cost-{tag}"
    call(
        "ps.sync.backend",
        "create",
        {"name": code, "code": code, "company_id": company_id, "max_batch_size": a.batch},
    )
    job = call("hr.job", "create", {"name": f"Role {tag}"})
    customer = call("res.partner", "create", {"name": f"Bench customer {tag}", "is_company": True})
    card = call(
        "ps.rate.card",
        "create",
        {"name": f"Bench {tag}", "line_ids": [(0, 0, {"job_id": job, "rate": 150.0})]},
    )
    project_code = f"PC{tag}"
    project = call(
        "project.project",
        "create",
        {"name": project_code, "ps_code": project_code, "partner_id": customer},
    )
    eng = call(
        "ps.engagement",
        "create",
        {"name": project_code, "partner_id": customer, "project_id": project, "rate_card_id": card},
    )
    call("ps.engagement", "action_activate", [eng])
    category = f"EXP-{tag}"
    product = call(
        "product.product",
        "create",
        {"name": category, "default_code": category, "can_be_expensed": True, "type": "service"},
    )
    print(f"Odoo {odoo.server_version} at {url}, database {a.db}, backend {code}")
    print(f"client: {machine_line()}")
    # the people expenses are for (made through ingest, bound)
    spenders = [f"spender{i}-{tag}@bench.example" for i in range(50)]
    call(
        "ps.sync.backend",
        "ingest",
        code,
        "employee",
        [
            {"external_id": f"S{i}-{tag}", "name": f"Spender {i}", "work_email": e}
            for i, e in enumerate(spenders)
        ],
    )
    spender_ids = call("hr.employee", "search", [("work_email", "in", spenders)], order="id")
    day0 = datetime.date(2026, 1, 1)

    def timed(label, fn, n):
        t0 = time.perf_counter()
        fn()
        s = time.perf_counter() - t0
        print(f"   {label}: {n} in {s:.1f} s = {fmt_rate(n / s)}/s", flush=True)
        return s

    def batches(n, make, send):
        for start in range(0, n, a.batch):
            send([make(k) for k in range(start, min(start + a.batch, n))])

    statuses = {}

    def ingest(object_name):
        def send(records):
            for r in call("ps.sync.backend", "ingest", code, object_name, records):
                statuses[r["status"]] = statuses.get(r["status"], 0) + 1
                if r["status"] == "rejected" and statuses["rejected"] <= 3:
                    print("rejected:", r)

        return send

    results = {}
    for n in (a.count, 2 * a.count):
        run_tag = f"{tag}{n}"
        print(f"\nN = {n}", flush=True)
        results[("employee", "create", n)] = timed(
            "hr.employee batched create",
            lambda n=n, t=run_tag: batches(
                n,
                lambda k: {"name": f"P{k} {t}", "work_email": f"p{k}-{t}@c.example", "job_id": job},
                lambda vals: call("hr.employee", "create", vals),
            ),
            n,
        )
        results[("employee", "ingest", n)] = timed(
            "ingest employee (with a cost rate)",
            lambda n=n, t=run_tag: batches(
                n,
                lambda k: {
                    "external_id": f"E{k}-{t}",
                    "name": f"Q{k} {t}",
                    "work_email": f"q{k}-{t}@i.example",
                    "job_title": f"Role {tag}",
                    "hourly_cost": 40.0 + k % 30,
                    "cost_from": "2026-01-01",
                },
                ingest("employee"),
            ),
            n,
        )

        def expense_vals(k, t=run_tag):
            return {
                "name": f"Taxi {k} {t}",
                "employee_id": spender_ids[k % len(spender_ids)],
                "product_id": product,
                "date": (day0 + datetime.timedelta(days=k % 60)).isoformat(),
                "total_amount_currency": 10.0 + k % 90,
                "ps_engagement_id": eng,
                "ps_billable": k % 2 == 0,
            }

        results[("expense", "create", n)] = timed(
            "hr.expense batched create",
            lambda n=n: batches(n, expense_vals, lambda vals: call("hr.expense", "create", vals)),
            n,
        )
        results[("expense", "ingest", n)] = timed(
            "ingest expense",
            lambda n=n, t=run_tag: batches(
                n,
                lambda k: {
                    "external_id": f"X{k}-{t}",
                    "employee_email": spenders[k % len(spenders)],
                    "date": (day0 + datetime.timedelta(days=k % 60)).isoformat(),
                    "project_code": project_code,
                    "category": category,
                    "description": f"Taxi {k}",
                    "amount": 10.0 + k % 90,
                    "billable": k % 2 == 0,
                },
                ingest("expense"),
            ),
            n,
        )
    print(f"\nstatuses: {statuses}")
    rows = []
    for obj in ("employee", "expense"):
        for n in (a.count, 2 * a.count):
            c, i = results[(obj, "create", n)], results[(obj, "ingest", n)]
            ratio = c / i
            rows.append(
                [
                    obj,
                    n,
                    f"{c:.1f}",
                    f"{i:.1f}",
                    fmt_rate(n / i),
                    f"{ratio:.2f}x",
                    "PASS" if ratio >= TARGET_VS_BATCHED else "MISS",
                ]
            )
            print(
                f"{obj} N={n}: ingest vs batched create {ratio:.2f}x "
                f"(target >= {TARGET_VS_BATCHED}x)"
            )
        scale = results[(obj, "ingest", 2 * a.count)] / results[(obj, "ingest", a.count)]
        print(
            f"{obj}: ingest 2N vs N {scale:.2f}x (target <= {TARGET_SCALING}x): "
            f"{'PASS' if scale <= TARGET_SCALING else 'MISS'}"
        )
    print("\n--- for the README " + "-" * 50)
    print(
        markdown_table(
            [
                "object",
                "records",
                "batched create s",
                "ingest s",
                "ingest/s",
                "speed vs create",
                "",
            ],
            rows,
        )
    )
    print("-" * 69)
    expected = 2 * 3 * a.count + 50
    if statuses.get("created") != expected - 50 or statuses.get("rejected"):
        raise SystemExit(f"expected {expected - 50} created, got {statuses}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default=None)
    ap.add_argument("--db", default="ps_bench_costing")
    ap.add_argument("--login", default="admin")
    ap.add_argument("--password", default="admin")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=500)
    add_setup_arguments(ap, default_db="ps_bench_costing", default_port=8074)
    a = ap.parse_args()
    if a.count < 1 or a.batch < 1:
        ap.error("--count and --batch must be positive")
    run_bench(a, run, ["ps_costing"], "http://127.0.0.1:8074")


if __name__ == "__main__":
    main()
