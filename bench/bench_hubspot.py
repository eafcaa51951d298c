"""HubSpot connector: initial load of N companies and 2N contacts, and the
status push of M won deals, against the HTTP-level fake portal.

Runs inside Odoo (its Python, as a library) on a scratch database with
ps_sync_hubspot installed; hubspot-api-client makes its real HTTP calls to
the fake portal (test support: ``addons/ps_sync_hubspot/tests/fakes/
hubspot_portal.py``), which counts them and the busiest 10-second window.
Every call waits on the backend's throttle shared through the database
(``ps.sync.api.call``): 80 % of the configured burst per 10 s, 4 searches a
second.

    odoo -c odoo.conf -d ps_bench_hs -i ps_sync_hubspot --stop-after-init
    <odoo python> bench/bench_hubspot.py -c odoo.conf -d ps_bench_hs \\
        --companies 50000 --contacts 100000 --deals 10000 --scale 1,2

``--scale 1,2`` runs N and 2N (the scaling check). The pull job reads and
queues (one logged message per record, one job per 1,000 records); the
bench then performs the queued jobs one after the other, each in its own
committed transaction, as a job runner with one worker would; the time is
the sum. The baseline is Odoo's own batched ``res.partner.create`` of the
same records (1,000 a call) in the same run, rolled back. Each load creates
a new backend and its partners: use a scratch database.
"""

import argparse
import time

from _pull import bound_count, pull_then_run_jobs

import odoo
from odoo import api

BATCH = 1000
BURST = 190  # Professional / Enterprise: 190 calls per 10 s
COUNTRIES = ["US", "GB", "DE", "FR", "CA", "NL"]


def make_portal(fake, companies, contacts):
    portal = fake.FakePortal(portal_id=8080, token="pat-bench", burst=BURST, daily=10_000_000)
    t0 = 1_767_225_600_000  # 2026-01-01
    company_ids = []
    for i in range(companies):
        company_ids.append(
            portal.add(
                "companies",
                {
                    "name": f"Bench Company {i:06d}",
                    "phone": f"+1 617 555 {i % 10000:04d}",
                    "address": f"{i} Main Street",
                    "city": "Springfield",
                    "zip": f"{10000 + i % 89999}",
                    "country": COUNTRIES[i % len(COUNTRIES)],
                },
                t0 + i * 1000,
            )
        )
    for i in range(contacts):
        cid = portal.add(
            "contacts",
            {
                "firstname": f"Pat{i:06d}",
                "lastname": "Buyer",
                "email": f"pat{i:06d}@bench.test",
            },
            t0 + i * 1000,
        )
        portal.associate("contacts", cid, "companies", company_ids[i % len(company_ids)])
    return portal


def baseline(registry, companies, contacts):
    """Odoo's own batched create of the same partners, with the same values
    the connector writes (country and company too: a partner's country makes
    Odoo look up its pricelist by country group), rolled back."""
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        Partner = env["res.partner"]
        country = {c.code: c.id for c in env["res.country"].search([("code", "in", COUNTRIES)])}
        company = env.company.id
        started = time.perf_counter()
        parents = Partner
        for start in range(0, companies, BATCH):
            parents |= Partner.create(
                [
                    {
                        "name": f"Base Company {i:06d}",
                        "is_company": True,
                        "phone": f"+1 617 555 {i % 10000:04d}",
                        "street": f"{i} Main Street",
                        "city": "Springfield",
                        "zip": f"{10000 + i % 89999}",
                        "country_id": country[COUNTRIES[i % len(COUNTRIES)]],
                        "company_id": company,
                    }
                    for i in range(start, min(companies, start + BATCH))
                ]
            )
        for start in range(0, contacts, BATCH):
            Partner.create(
                [
                    {
                        "name": f"Pat{i:06d} Buyer",
                        "email": f"pat{i:06d}@bench.test",
                        "parent_id": parents[i % len(parents)].id,
                        "company_id": company,
                    }
                    for i in range(start, min(contacts, start + BATCH))
                ]
            )
        env.flush_all()
        seconds = time.perf_counter() - started
        cr.rollback()
    return seconds


def load(registry, fake, companies, contacts):
    portal = make_portal(fake, companies, contacts).start()
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
            backend = env["ps.sync.backend"].create(
                {
                    "name": "Bench HubSpot",
                    "code": f"bench-hs-{int(time.time() * 1000)}",
                    "kind": "hubspot",
                    "hs_access_token": "pat-bench",
                    "hs_portal_id": "8080",
                    "hs_host": portal.url,
                    "hs_rate_tier": "professional",
                    "max_batch_size": BATCH,
                }
            )
            backend_id = backend.id
            cr.commit()
        summary, jobs, read, seconds = pull_then_run_jobs(
            registry, backend_id, ["companies", "contacts"], {"tracking_disable": True}
        )
        bound = bound_count(registry, backend_id)
        if bound != companies + contacts:
            raise SystemExit(f"{bound} of {companies + contacts} records bound ({summary})")
        return {
            "companies": companies,
            "contacts": contacts,
            "seconds": seconds,
            "read": read,
            "jobs": jobs,
            "calls": len(portal.stamps),
            "busiest": portal.busiest(10.0),
            "summary": summary,
        }
    finally:
        portal.stop()


def push(registry, fake, deals):
    from odoo.addons.ps_sync_core.bulk import bulk_create
    from odoo.addons.queue_job.job import Job

    portal = fake.FakePortal(portal_id=8080, token="pat-bench", burst=BURST, daily=10_000_000)
    company = portal.add("companies", {"name": "Bench customer"}, 1)
    deal_ids = [portal.add("deals", {"dealname": f"Deal {i}"}, 1) for i in range(deals)]
    portal.start()
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
            backend = env["ps.sync.backend"].create(
                {
                    "name": "Bench HubSpot push",
                    "code": f"bench-hs-push-{int(time.time() * 1000)}",
                    "kind": "hubspot",
                    "hs_access_token": "pat-bench",
                    "hs_host": portal.url,
                    "hs_rate_tier": "professional",
                }
            )
            customer = env["res.partner"].create({"name": "Bench customer", "is_company": True})
            orders = env["sale.order"].create([{"partner_id": customer.id} for __ in deal_ids])
            common = {"backend_id": backend.id, "company_id": backend.company_id.id}
            bulk_create(
                env["ps.sync.binding"],
                [
                    dict(
                        common,
                        object_name="hs_deal",
                        external_id=deal,
                        res_model="sale.order",
                        res_id=order.id,
                    )
                    for deal, order in zip(deal_ids, orders, strict=True)
                ]
                + [
                    dict(
                        common,
                        object_name="hs_company",
                        external_id=company,
                        res_model="res.partner",
                        res_id=customer.id,
                    )
                ],
            )
            portal.stamps.clear()
            started = time.perf_counter()
            logs = backend._connector()._push(backend, full=True)
            for job in logs.job_id:
                Job.load(env, job.uuid).perform()
            seconds = time.perf_counter() - started
            deal_logs = logs.filtered(lambda log: log.object_name == "hs_deal")
            result = {
                "deals": deals,
                "records": len(logs),
                "done": len(logs.filtered(lambda log: log.state == "done")),
                "deal_calls": portal.calls.get("/crm/v3/objects/deals/batch/update", 0),
                "deal_records": len(deal_logs),
                "calls": len(portal.stamps),
                "seconds": seconds,
            }
            cr.rollback()
        return result
    finally:
        portal.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-c", "--config", required=True)
    ap.add_argument("-d", "--database", required=True)
    ap.add_argument("--companies", type=int, default=50000)
    ap.add_argument("--contacts", type=int, default=100000)
    ap.add_argument("--deals", type=int, default=10000)
    ap.add_argument("--scale", default="1", help="multiples of the sizes to run, e.g. 1,2")
    ap.add_argument("--skip-push", action="store_true")
    ap.add_argument("--skip-load", action="store_true")
    a = ap.parse_args()
    odoo.tools.config.parse_config(["-c", a.config, "-d", a.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(a.database)
    from odoo.addons.ps_sync_hubspot.tests.fakes import hubspot_portal as fake

    allowed = int(BURST * 0.8)
    print(
        "| companies | contacts | records/s | Odoo create records/s | Odoo create / pipeline "
        "| API calls | calls per 100 records | busiest 10 s | allowed |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    rows = []
    for factor in () if a.skip_load else (int(f) for f in a.scale.split(",")):
        n_co, n_ct = a.companies * factor, a.contacts * factor
        base = baseline(registry, n_co, n_ct)
        r = load(registry, fake, n_co, n_ct)
        total = n_co + n_ct
        rate, base_rate = total / r["seconds"], total / base
        per_100 = r["calls"] / (total / 100)
        rows.append((factor, r["seconds"]))
        ok = per_100 <= 1 and r["busiest"] <= allowed
        print(
            f"| {n_co:,} | {n_ct:,} | {rate:,.0f} | {base_rate:,.0f} | {base_rate / rate:.1f}x "
            f"| {r['calls']} | {per_100:.2f} | {r['busiest']} | {allowed} | "
            f"{'PASS' if ok else 'MISS'}",
            flush=True,
        )
    if len(rows) > 1:
        (f1, s1), (f2, s2) = rows[0], rows[-1]
        print(f"\nscaling: {f2 / f1:.0f}x the records took {s2 / s1:.2f}x the time")
    if not a.skip_push:
        p = push(registry, fake, a.deals)
        per_100 = p["deal_calls"] / (p["deal_records"] / 100)
        ok = per_100 <= 1 and p["done"] == p["records"]
        print(
            f"\nstatus push: {p['deals']:,} deals + 1 company, {p['done']:,} of "
            f"{p['records']:,} done, {p['deal_calls']} batch updates for the deals "
            f"({p['calls']} API calls in all) = {per_100:.2f} calls per 100 deals "
            f"(target <= 1), {p['seconds']:.1f} s: {'PASS' if ok else 'MISS'}"
        )


if __name__ == "__main__":
    main()
