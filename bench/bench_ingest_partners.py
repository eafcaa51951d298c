"""Partners through ``ingest`` in batches vs one XML-RPC ``create`` each.

Against a running Odoo with ps_sync_core installed (standard library only):

    python3 bench/bench_ingest_partners.py --url http://127.0.0.1:8071 --db ps_bench \
        --count 20000 --batch 1000

Measures, with a fresh run tag so runs never collide:
1. baseline: the records sent as one ``res.partner`` ``create`` call each, the
   way most integrations start (on --baseline-count records, default all of
   them; when fewer, the per-record rate is extrapolated and the output says so);
2. first upsert through ``ingest`` in batches (every record new; one in five is
   a contact whose company came earlier in the same or a previous batch);
3. the same records again, unchanged.
Prints records per second and the ratios against the targets (ingest >= 20x the
baseline; unchanged >= 5x the first upsert).
"""

import argparse
import time
import uuid
import xmlrpc.client


def records(tag, count):
    out = []
    company = None
    for n in range(count):
        if n % 5 == 4 and company:
            out.append({"external_id": f"{tag}-CON-{n}", "name": f"Contact {n}",
                        "email": f"c{n}@{tag}.example", "phone": f"+1 617 555 {n % 10000:04d}",
                        "parent_external_id": company})
        else:
            company = f"{tag}-ACC-{n}"
            out.append({"external_id": company, "name": f"Customer {tag} {n}", "is_company": True,
                        "email": f"ap{n}@{tag}.example", "country_code": "US", "city": "Boston",
                        "street": f"{n} Main Street", "zip": "02110", "vat": f"US{n:09d}"})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8071")
    ap.add_argument("--db", required=True)
    ap.add_argument("--login", default="admin")
    ap.add_argument("--password", default="admin")
    ap.add_argument("--backend", help="backend code (default: a new one)")
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--baseline-count", type=int)
    ap.add_argument("--batch", type=int, default=1000)
    a = ap.parse_args()
    baseline_count = a.baseline_count or a.count
    uid = xmlrpc.client.ServerProxy(f"{a.url}/xmlrpc/2/common").authenticate(
        a.db, a.login, a.password, {})
    obj = xmlrpc.client.ServerProxy(f"{a.url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *args, **kw):
        return obj.execute_kw(a.db, uid, a.password, model, method, list(args), kw)

    tag = "B" + uuid.uuid4().hex[:6]
    code = a.backend
    if not code:
        code = f"bench-{tag}"
        call("ps.sync.backend", "create", {"name": code, "code": code, "max_batch_size": a.batch})
    us = call("res.country", "search", [("code", "=", "US")])[0]

    # 1. baseline: one create per record
    base = records(tag + "b", baseline_count)
    t0 = time.perf_counter()
    for rec in base:
        call("res.partner", "create", {"name": rec["name"], "is_company": rec.get("is_company", False),
                                       "email": rec["email"], "country_id": us, "city": rec.get("city")})
    base_rate = baseline_count / (time.perf_counter() - t0)

    def send(recs):
        t0 = time.perf_counter()
        statuses = {}
        for start in range(0, len(recs), a.batch):
            for r in call("ps.sync.backend", "ingest", code, "partner", recs[start:start + a.batch]):
                statuses[r["status"]] = statuses.get(r["status"], 0) + 1
        return time.perf_counter() - t0, statuses

    data = records(tag, a.count)
    first_s, first = send(data)
    again_s, again = send(data)
    if first != {"created": a.count} or again != {"unchanged": a.count}:
        raise SystemExit(f"unexpected statuses: first {first}, again {again}")
    first_rate, again_rate = a.count / first_s, a.count / again_s
    note = (f" (measured on {baseline_count}, extrapolated)" if baseline_count != a.count else "")
    print("| phase | records | seconds | records/s | ratio |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| one XML-RPC create per record{note} | {a.count} | {a.count / base_rate:.1f} | "
          f"{base_rate:.0f} | 1x |")
    print(f"| ingest, first upsert (batches of {a.batch}) | {a.count} | {first_s:.1f} | "
          f"{first_rate:.0f} | {first_rate / base_rate:.1f}x the baseline |")
    print(f"| ingest, same records unchanged | {a.count} | {again_s:.1f} | {again_rate:.0f} | "
          f"{again_rate / first_rate:.1f}x the first upsert |")
    print(f"\ningest vs one create each: {first_rate / base_rate:.1f}x (target >= 20x): "
          f"{'PASS' if first_rate / base_rate >= 20 else 'MISS'}")
    print(f"unchanged vs first upsert: {again_rate / first_rate:.1f}x (target >= 5x): "
          f"{'PASS' if again_rate / first_rate >= 5 else 'MISS'}")


if __name__ == "__main__":
    main()
