"""Salesforce connector: initial load of N accounts (REST and Bulk API 2.0)
and the status push of M opportunities, against the HTTP-level fake org.

Runs inside Odoo (its Python, as a library) on a scratch database with
ps_sync_salesforce installed; simple-salesforce makes its real HTTP calls to
the fake org (test support: ``addons/ps_sync_salesforce/tests/fakes/
salesforce_org.py``), which counts them. Prints, for each path, accounts per
second and the API calls made, and for the push the number of sObject
Collections calls per 200 records (target: at most 1).

    odoo -c odoo.conf -d ps_bench_sf -i ps_sync_salesforce --stop-after-init
    <odoo python> bench/bench_salesforce_load.py -c odoo.conf -d ps_bench_sf \
        --accounts 50000 --opportunities 10000

The pull job reads and queues (one logged message per record, one job per
1,000 records); the bench then performs the queued jobs one after the other,
each in its own committed transaction, as a job runner with one worker would;
the time is the sum. Each load creates a new backend, so the database grows
by N partners a path: use a scratch database. The status push runs in one
transaction that is rolled back. The REST path pages by 2,000 records
(Salesforce's default query batch); the Bulk API 2.0 path reads one CSV page
of up to 50,000 records per results call.
"""

import argparse
import datetime
import time

from _pull import bound_count, pull_then_run_jobs

import odoo
from odoo import api

REST_PAGE = 2000


def make_org(fake_org, accounts):
    org = fake_org.FakeOrg(
        username="bench@example.com",
        password="pw",
        security_token="TOKEN",
        page_size=REST_PAGE,
        bulk_polls=1,
    )
    start = datetime.datetime(2026, 1, 1)
    countries = ["US", "GB", "DE", "FR", "CA", "NL"]
    for i in range(accounts):
        org.add(
            "Account",
            {
                "Name": f"Bench Account {i:06d}",
                "Phone": f"+1 617 555 {i % 10000:04d}",
                "BillingStreet": f"{i} Main Street",
                "BillingCity": "Springfield",
                "BillingPostalCode": f"{10000 + i % 89999}",
                "BillingCountryCode": countries[i % len(countries)],
            },
            modstamp=start + datetime.timedelta(seconds=i),
        )
    return org


def backend_for(env, org, code, bulk_threshold):
    Backend = env["ps.sync.backend"]
    Connector = env["ps.sync.connector.salesforce"]
    type(Connector)._session = lambda self, backend: org.session()
    Connector._forget_clients()
    return Backend.create(
        {
            "name": f"Bench {code}",
            "code": f"bench-{code}-{int(time.time() * 1000)}",
            "kind": "salesforce",
            "sf_auth": "password",
            "sf_username": "bench@example.com",
            "sf_password": "pw",
            "sf_security_token": "TOKEN",
            "sf_bulk_threshold": bulk_threshold,
            "sf_bulk_poll_seconds": 0,
            "max_batch_size": 1000,
        }
    )


def load(registry, fake_org, accounts, code, label, bulk_threshold):
    """The pull job reads and queues; one job per batch applies, each in its own
    transaction, one after the other (a runner with one worker)."""
    org = make_org(fake_org, accounts)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        # the Bulk path switches on above the threshold, whatever N is
        threshold = min(bulk_threshold, accounts - 1) if bulk_threshold else 0
        backend_id = backend_for(env, org, code, threshold).id
        cr.commit()
    summary, jobs, read, seconds = pull_then_run_jobs(registry, backend_id, ("Account",))
    bound = bound_count(registry, backend_id, "sf_account")
    if bound != accounts:
        raise SystemExit(f"{label}: {bound} of {accounts} accounts bound ({summary})")
    return {
        "label": label,
        "accounts": accounts,
        "seconds": seconds,
        "read": read,
        "jobs": jobs,
        "api": org.api_calls,
        "logins": org.logins,
        "summary": summary,
    }


def push(registry, fake_org, opportunities):
    from odoo.addons.ps_sync_core.bulk import bulk_create
    from odoo.addons.queue_job.job import Job

    org = fake_org.FakeOrg(username="bench@example.com", password="pw", security_token="TOKEN")
    account_id = org.add("Account", Name="Bench customer")
    opp_ids = [
        org.add("Opportunity", Name=f"Deal {i}", AccountId=account_id, IsWon=True)
        for i in range(opportunities)
    ]
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        backend = backend_for(env, org, "push", 0)
        customer = env["res.partner"].create({"name": "Bench customer", "is_company": True})
        orders = env["sale.order"].create([{"partner_id": customer.id} for __ in opp_ids])
        Binding = env["ps.sync.binding"]
        bulk_create(
            Binding,
            [
                {
                    "backend_id": backend.id,
                    "company_id": backend.company_id.id,
                    "object_name": "sf_opportunity",
                    "external_id": opp,
                    "res_model": "sale.order",
                    "res_id": order.id,
                }
                for opp, order in zip(opp_ids, orders, strict=True)
            ]
            + [
                {
                    "backend_id": backend.id,
                    "company_id": backend.company_id.id,
                    "object_name": "sf_account",
                    "external_id": account_id,
                    "res_model": "res.partner",
                    "res_id": customer.id,
                }
            ],
        )
        org.calls.clear()
        started = time.perf_counter()
        logs = backend._connector()._push(backend, full=True)
        queued = time.perf_counter() - started
        jobs = logs.job_id
        for job in jobs:
            Job.load(env, job.uuid).perform()
        seconds = time.perf_counter() - started
        done = len(logs.filtered(lambda log: log.state == "done"))
        opp_logs = logs.filtered(lambda log: log.object_name == "sf_opportunity")
        opp_jobs = len(opp_logs.job_id)
        cr.rollback()
    return {
        "records": len(logs),
        "opportunities": opportunities,
        "jobs": len(jobs),
        "opp_records": len(opp_logs),
        "opp_jobs": opp_jobs,
        "patch": org.calls_to("/composite/sobjects", "PATCH"),
        "api": org.api_calls,
        "logins": org.logins,
        "done": done,
        "seconds": seconds,
        "queued": queued,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-c", "--config", required=True)
    ap.add_argument("-d", "--database", required=True)
    ap.add_argument("--accounts", type=int, default=50000)
    ap.add_argument("--opportunities", type=int, default=10000)
    ap.add_argument("--skip-rest", action="store_true")
    ap.add_argument("--skip-bulk", action="store_true")
    ap.add_argument("--skip-push", action="store_true")
    a = ap.parse_args()
    odoo.tools.config.parse_config(["-c", a.config, "-d", a.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(a.database)
    from odoo.addons.ps_sync_salesforce.tests.fakes import salesforce_org as fake_org

    rows = []
    for code, label, threshold, skip in (
        ("rest", "REST (query + nextRecordsUrl)", 0, a.skip_rest),
        ("bulk", "Bulk API 2.0 (query job, CSV)", 10000, a.skip_bulk),
    ):
        if skip:
            continue
        r = load(registry, fake_org, a.accounts, code, label, threshold)
        rows.append(r)
        print(
            f"{label}: {r['accounts']} accounts in {r['seconds']:.1f} s = "
            f"{r['accounts'] / r['seconds']:,.0f} accounts/s ({r['read']:.1f} s to read "
            f"and queue, {r['jobs']} apply jobs); {r['api']} API calls + {r['logins']} "
            f"login ({r['summary']})",
            flush=True,
        )
    if rows:
        print()
        print(
            "| path | accounts | read and queue (s) | total (s) | accounts/s | API calls | logins |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for r in rows:
            print(
                f"| {r['label']} | {r['accounts']:,} | {r['read']:.1f} | {r['seconds']:.1f} "
                f"| {r['accounts'] / r['seconds']:,.0f} | {r['api']} | {r['logins']} |"
            )
    if not a.skip_push:
        p = push(registry, fake_org, a.opportunities)
        # one job sends one collection: opportunity calls are the opportunity jobs
        per_200 = p["opp_jobs"] / (p["opp_records"] / 200)
        ok = per_200 <= 1 and p["done"] == p["records"] and p["patch"] == p["jobs"]
        print()
        print(
            f"status push: {p['opportunities']:,} opportunities + 1 account = "
            f"{p['records']:,} records, {p['jobs']} jobs, {p['patch']} sObject Collections "
            f"calls ({p['opp_jobs']} for opportunities, {p['patch'] - p['opp_jobs']} for "
            f"the account; {p['api']} API calls in all, {p['logins']} login), "
            f"{p['done']:,} done, {p['seconds']:.1f} s ({p['queued']:.1f} s to gather "
            f"and queue)"
        )
        print(
            f"opportunity calls per 200 opportunities = {per_200:.2f} (target <= 1): "
            f"{'PASS' if ok else 'MISS'}"
        )


if __name__ == "__main__":
    main()
