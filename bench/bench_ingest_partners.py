"""Partners through ``ingest`` in batches vs one XML-RPC ``create`` each.

Against a running Odoo with ps_sync_core installed (standard library only):

    python3 bench/bench_ingest_partners.py --url http://127.0.0.1:8071 --db ps_bench \\
        --backend bench --count 20000 --batch 1000

or let it build everything (fresh database ps_bench with ps_sync_core, Odoo on
port 8071 with --workers 0, backend ``bench``), measure, and stop the server:

    python3 bench/bench_ingest_partners.py --setup --count 20000

Phases, each with records named after a fresh run tag so runs never collide:

1. baseline: the records sent as one ``res.partner`` ``create`` call each (the
   way most integrations start), on --baseline-count records (default: all of
   them; when fewer, the time for all of them is extrapolated, and the output
   says so);
2. first upsert through ``ingest`` in batches of --batch: every external id is
   new, every status must be ``created``; about one record in five is a contact
   whose company came earlier in the same batch or in a previous one;
3. the same records again, unchanged: every status must be ``unchanged``.

Prints records per second, the ratios against the targets (ingest >= 20x the
baseline; unchanged >= 5x the first upsert) and a markdown table for the README.
Exits 1 when a status is not the expected one (the figures are then worthless),
0 otherwise, whether or not the targets are met.
"""

import argparse
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    Odoo,
    add_setup_arguments,
    fmt_rate,
    machine_line,
    markdown_table,
    run_bench,
    vat_number,
)

TARGET_FIRST_VS_BATCHED = 1.5
TARGET_UNCHANGED_VS_BATCHED = 10
TARGET_INGEST_VS_BASELINE = 20.0
TARGET_UNCHANGED_VS_FIRST = 5.0
CONTACT_SHARE = 0.20

# ------------------------------------------------------------------ data ----
_PREFIXES = [
    "Harbor",
    "Granite",
    "Summit",
    "Beacon",
    "Cedar",
    "Northgate",
    "Bluewater",
    "Ironbridge",
    "Lakeshore",
    "Redwood",
    "Silverline",
    "Keystone",
    "Pinecrest",
    "Riverside",
    "Westfield",
    "Crescent",
    "Evergreen",
    "Highland",
    "Oakmont",
    "Meadowbrook",
    "Stonegate",
    "Brightwater",
    "Fairview",
    "Kingsbridge",
]
_TRADES = [
    ("Health System", "hospital"),
    ("Regional Medical Center", "hospital"),
    ("Manufacturing", "manufacturer"),
    ("Precision Components", "manufacturer"),
    ("Savings Bank", "bank"),
    ("Capital Partners", "bank"),
    ("Software", "software"),
    ("Analytics", "software"),
    ("Logistics", "logistics"),
    ("Energy", "utility"),
    ("Water Authority", "public"),
    ("County Transit", "public"),
    ("University", "education"),
    ("Biotech", "life sciences"),
    ("Insurance Group", "insurance"),
    ("Retail Holdings", "retail"),
]
_SUFFIX = {
    "US": ["Inc.", "LLC", "Corp.", ""],
    "CA": ["Inc.", "Ltd.", ""],
    "GB": ["Ltd", "plc", "LLP"],
    "DE": ["GmbH", "AG"],
    "FR": ["SAS", "SA"],
    "NL": ["B.V.", "N.V."],
}
# (country, share, cities [(city, zip, phone prefix)])
_COUNTRIES = [
    (
        "US",
        0.60,
        [
            ("Boston", "02110", "+1 617 555"),
            ("New York", "10017", "+1 212 555"),
            ("Chicago", "60606", "+1 312 555"),
            ("Austin", "78701", "+1 512 555"),
            ("Denver", "80202", "+1 303 555"),
            ("Seattle", "98101", "+1 206 555"),
        ],
    ),
    (
        "GB",
        0.15,
        [
            ("London", "EC2A 1AG", "+44 20 7946"),
            ("Manchester", "M1 1AE", "+44 161 496"),
            ("Leeds", "LS1 4DY", "+44 113 496"),
        ],
    ),
    (
        "CA",
        0.08,
        [("Toronto", "M5H 2N2", "+1 416 555"), ("Vancouver", "V6C 1T2", "+1 604 555")],
    ),
    (
        "DE",
        0.07,
        [
            ("Frankfurt am Main", "60311", "+49 69 9999"),
            ("Munich", "80331", "+49 89 9999"),
        ],
    ),
    ("FR", 0.05, [("Paris", "75008", "+33 1 99 00"), ("Lyon", "69002", "+33 4 99 00")]),
    (
        "NL",
        0.05,
        [
            ("Amsterdam", "1017 CE", "+31 20 999"),
            ("Rotterdam", "3011 AD", "+31 10 999"),
        ],
    ),
]
_STREETS = [
    "Main Street",
    "Market Street",
    "Commerce Drive",
    "Harbor Way",
    "High Street",
    "King Street",
    "Station Road",
    "Park Avenue",
    "Industrial Parkway",
    "Mill Lane",
]
_FIRST = [
    "Maria",
    "James",
    "Aisha",
    "Daniel",
    "Priya",
    "Tom",
    "Elena",
    "Omar",
    "Grace",
    "Henry",
    "Sofia",
    "Liam",
    "Chen",
    "Fatima",
    "Lucas",
    "Hannah",
    "Kenji",
    "Noah",
    "Amara",
    "Ruth",
    "Sean",
    "Linda",
    "Kevin",
    "Ingrid",
]
_LAST = [
    "Lopez",
    "Okafor",
    "Cho",
    "Raman",
    "Becker",
    "Grant",
    "Murphy",
    "Park",
    "Haddad",
    "Liu",
    "Adams",
    "Petrova",
    "Schmidt",
    "Dubois",
    "Jansen",
    "Walsh",
    "Tanaka",
    "Nguyen",
    "Kowalski",
    "Rossi",
    "Evans",
    "Silva",
    "Novak",
    "Moreau",
]
_TITLES = ["ap", "accounts", "finance", "procurement", "billing"]


def _vat(rng, country):
    # valid check digits, so the records pass where base_vat is installed;
    # US and Canadian firms carry no VAT number
    return vat_number(country, "".join(rng.choice("0123456789") for _ in range(9)))


def make_records(tag, count, batch, seed=42):
    """``count`` partner records for ``ingest``: companies and, about one in
    five, contacts of a company sent earlier (same batch or a previous one).

    Deterministic for a given (tag, count, seed). Returns (records, stats).
    """
    rng = random.Random(f"{seed}-{tag}")
    shares = [c[1] for c in _COUNTRIES]
    records, companies = (
        [],
        [],
    )  # companies: (position, external id, domain, country, phone)
    cross_batch = 0
    for n in range(count):
        if companies and rng.random() < CONTACT_SHARE:
            # mostly a company among the 40 most recent (same batch, or the
            # previous one near a batch start), sometimes any earlier company
            pool = companies[-40:] if rng.random() < 0.7 else companies
            pos, parent, domain, country, phone = rng.choice(pool)
            if pos // batch != n // batch:
                cross_batch += 1
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            records.append(
                {
                    "external_id": f"CON-{tag}-{n:06d}",
                    "name": f"{first} {last}",
                    "email": f"{first[0].lower()}{last.lower()}.{n}@{domain}",
                    "phone": f"{phone} {rng.randint(1000, 9999)}",
                    "parent_external_id": parent,
                }
            )
            continue
        country, __, cities = rng.choices(_COUNTRIES, weights=shares)[0]
        city, zip_code, phone = rng.choice(cities)
        prefix, (trade, __) = rng.choice(_PREFIXES), rng.choice(_TRADES)
        suffix = rng.choice(_SUFFIX[country])
        name = " ".join(p for p in (prefix, trade, suffix) if p)
        domain = f"{prefix.lower()}-{trade.split()[0].lower()}-{n}.{tag.lower()}.example"
        ext = f"ACC-{tag}-{n:06d}"
        companies.append((n, ext, domain, country, phone))
        records.append(
            {
                "external_id": ext,
                "name": f"{name} ({tag}-{n})",
                "is_company": True,
                "email": f"{rng.choice(_TITLES)}@{domain}",
                "phone": f"{phone} {rng.randint(1000, 9999)}",
                "vat": _vat(rng, country),
                "country_code": country,
                "street": f"{rng.randint(1, 2500)} {rng.choice(_STREETS)}",
                "city": city,
                "zip": zip_code,
            }
        )
    contacts = sum(1 for r in records if r.get("parent_external_id"))
    return records, {
        "companies": count - contacts,
        "contacts": contacts,
        "cross_batch": cross_batch,
    }


# ---------------------------------------------------------------- phases ----
def _countries(odoo, records):
    codes = sorted({r["country_code"] for r in records if r.get("country_code")})
    return {
        c["code"]: c["id"]
        for c in odoo("res.country", "search_read", [("code", "in", codes)], fields=["code"])
    }


def _partner_vals(rec, company_id, countries, ids):
    """The values a client would send to ``res.partner.create`` for one record;
    it keeps its own external id -> Odoo id map for the contacts' companies."""
    vals = {
        k: rec[k] for k in ("name", "email", "phone", "vat", "street", "city", "zip") if rec.get(k)
    }
    vals["is_company"] = bool(rec.get("is_company"))
    vals["company_id"] = company_id
    if rec.get("country_code"):
        vals["country_id"] = countries[rec["country_code"]]
    if rec.get("parent_external_id"):
        vals["parent_id"] = ids[rec["parent_external_id"]]
    return vals


def baseline(odoo, records, company_id):
    """One ``res.partner.create`` per record, the way most integrations start."""
    countries, ids = _countries(odoo, records), {}
    t0 = time.perf_counter()
    for rec in records:
        vals = _partner_vals(rec, company_id, countries, ids)
        ids[rec["external_id"]] = odoo("res.partner", "create", vals)
    return time.perf_counter() - t0


def batched_create(odoo, records, company_id, batch):
    """What a user would otherwise run: Odoo's own batched ``res.partner.create``,
    ``batch`` records a call (per batch: the companies in one call, then the
    contacts, whose parents the client maps from the ids it got back)."""
    countries, ids = _countries(odoo, records), {}
    t0 = time.perf_counter()
    for start in range(0, len(records), batch):
        chunk = records[start : start + batch]
        for level in (
            [r for r in chunk if not r.get("parent_external_id")],
            [r for r in chunk if r.get("parent_external_id")],
        ):
            if level:
                vals_list = [_partner_vals(rec, company_id, countries, ids) for rec in level]
                new_ids = odoo("res.partner", "create", vals_list)
                ids.update(zip((r["external_id"] for r in level), new_ids, strict=True))
    return time.perf_counter() - t0


def send(odoo, code, records, batch, label):
    """``ingest`` in batches: (seconds, results, per-batch seconds)."""
    results, per_batch = [], []
    t0 = time.perf_counter()
    for start in range(0, len(records), batch):
        chunk = records[start : start + batch]
        t1 = time.perf_counter()
        res = odoo(
            "ps.sync.backend",
            "ingest",
            code,
            "partner",
            chunk,
            correlation_id=f"bench-{label}-{start // batch}",
        )
        per_batch.append(time.perf_counter() - t1)
        if not isinstance(res, list) or len(res) != len(chunk):
            raise SystemExit(
                f"FAIL: ingest answered {type(res).__name__} of "
                f"{len(res) if isinstance(res, list) else '?'} results for "
                f"{len(chunk)} records (batch at {start})"
            )
        results.extend(res)
    return time.perf_counter() - t0, results, per_batch


def check_statuses(records, results, expected, phase, first_ids=None):
    """Fail loudly unless every result has the expected status (and res_id)."""
    bad, counts = [], {}
    for rec, res in zip(records, results, strict=False):
        counts[res["status"]] = counts.get(res["status"], 0) + 1
        wrong = (
            res["external_id"] != rec["external_id"]
            or res["status"] != expected
            or not res["res_id"]
            or (first_ids is not None and res["res_id"] != first_ids[rec["external_id"]])
        )
        if wrong:
            bad.append(res)
    if bad:
        print(
            f"\nFAIL: {phase}: {len(bad)} of {len(records)} results are not "
            f"{expected!r} (statuses: {counts}); first ones:",
            file=sys.stderr,
        )
        for res in bad[:10]:
            print(f"  {res}", file=sys.stderr)
        raise SystemExit(1)
    return counts


def spot_check(odoo, records, ids, sample=200, seed=7):
    """Read back a sample: names, e-mails and each contact's company."""
    rng = random.Random(seed)
    picked = rng.sample(records, min(sample, len(records)))
    rows = {
        r["id"]: r
        for r in odoo(
            "res.partner",
            "read",
            [ids[r["external_id"]] for r in picked],
            fields=["name", "email", "parent_id", "is_company"],
        )
    }
    problems = []
    for rec in picked:
        row = rows.get(ids[rec["external_id"]])
        parent = ids.get(rec.get("parent_external_id"), False)
        got_parent = row["parent_id"][0] if row and row["parent_id"] else False
        if (
            not row
            or row["name"] != rec["name"]
            or row["email"] != rec["email"]
            or got_parent != parent
            or row["is_company"] != bool(rec.get("is_company"))
        ):
            problems.append((rec["external_id"], row))
    if problems:
        print(
            f"FAIL: {len(problems)} of {len(picked)} partners read back differ from "
            f"what was sent, e.g. {problems[:3]}",
            file=sys.stderr,
        )
        raise SystemExit(1)
    return len(picked)


# ---------------------------------------------------------------- backend ----
def ensure_backend(odoo, code, batch):
    """The backend's (id, company id, max_batch_size); created if missing."""
    rows = odoo(
        "ps.sync.backend",
        "search_read",
        [("code", "=", code)],
        fields=["company_id", "max_batch_size", "active"],
        context={"active_test": False},
    )
    if not rows:
        company = odoo("res.users", "read", [odoo.uid], fields=["company_id"])[0]["company_id"][0]
        size = max(1000, batch)
        odoo(
            "ps.sync.backend",
            "create",
            {
                "name": f"Benchmark ({code})",
                "code": code,
                "kind": "generic",
                "company_id": company,
                "max_batch_size": size,
            },
        )
        print(f"backend {code!r} created (max_batch_size {size})")
        return ensure_backend(odoo, code, batch)
    row = rows[0]
    if not row["active"]:
        raise SystemExit(f"backend {code!r} is archived")
    if row["max_batch_size"] < batch:
        raise SystemExit(
            f"--batch {batch} exceeds backend {code!r} max_batch_size "
            f"{row['max_batch_size']}: ingest would reject every batch; lower "
            f"--batch or raise the backend's max batch size"
        )
    return row["id"], row["company_id"][0], row["max_batch_size"]


# ------------------------------------------------------------------- main ----
def run(a, url):
    odoo = Odoo(url, a.db, a.login, a.password)
    __, company_id, max_batch = ensure_backend(odoo, a.backend, a.batch)
    tag = a.tag or "B" + uuid.uuid4().hex[:6].upper()
    n, nb = a.count, a.baseline_count
    records, stats = make_records(tag, n, a.batch)
    print(
        f"Odoo {odoo.server_version} at {url}, database {a.db}, user {a.login}, "
        f"backend {a.backend} (max batch {max_batch})"
    )
    print(f"client: {machine_line()}")
    print(
        f"run tag {tag}: {n} records = {stats['companies']} companies + "
        f"{stats['contacts']} contacts ({100 * stats['contacts'] / max(n, 1):.0f}%; "
        f"{stats['cross_batch']} of them point at a company sent in an earlier batch)"
    )

    # 1. baseline
    base_s = base_rate = None
    if nb:
        base_records, __ = make_records(tag + "X", nb, a.batch)
        print(
            f"\n1. baseline: {nb} x res.partner.create, one call per record ...",
            flush=True,
        )
        measured = baseline(odoo, base_records, company_id)
        base_rate = nb / measured
        base_s = n / base_rate
        if nb < n:
            print(
                f"   {nb} records in {measured:.1f} s = {fmt_rate(base_rate)} "
                f"records/s (MEASURED ON {nb}; the {n}-record time below, "
                f"{base_s:.1f} s, is "
                f"EXTRAPOLATED at that rate)"
            )
        else:
            print(f"   {nb} records in {measured:.1f} s = {fmt_rate(base_rate)} records/s")
    else:
        print("\n1. baseline: skipped (--baseline-count 0)")

    # 1b. Odoo's own batched create of the same kind of records, same run
    batched_records, __ = make_records(tag + "Y", n, a.batch)
    print(
        f"\n1b. Odoo's batched res.partner.create, {a.batch} records a call ...",
        flush=True,
    )
    batched_s = batched_create(odoo, batched_records, company_id, a.batch)
    batched_rate = n / batched_s
    print(f"   {n} records in {batched_s:.1f} s = {fmt_rate(batched_rate)} records/s")

    # 2. first upsert
    print(
        f"\n2. ingest, first upsert: {n} new records in batches of {a.batch} ...",
        flush=True,
    )
    first_s, first, first_batches = send(odoo, a.backend, records, a.batch, f"{tag}-first")
    check_statuses(records, first, "created", "first upsert")
    ids = {r["external_id"]: r["res_id"] for r in first}
    if len(set(ids.values())) != n:
        raise SystemExit(
            f"FAIL: first upsert gave {len(set(ids.values()))} distinct res_ids for {n} records"
        )
    first_rate = n / first_s
    print(
        f"   {n} created in {first_s:.1f} s = {fmt_rate(first_rate)} records/s "
        f"(per batch: median {statistics.median(first_batches):.2f} s, "
        f"max {max(first_batches):.2f} s)"
    )
    print(
        f"   read back {spot_check(odoo, records, ids)} sampled partners: names, "
        f"e-mails and contacts' companies as sent"
    )

    # 3. the same records again
    print(f"\n3. ingest, same {n} records again (unchanged) ...", flush=True)
    again_s, again, again_batches = send(odoo, a.backend, records, a.batch, f"{tag}-again")
    check_statuses(records, again, "unchanged", "re-send", first_ids=ids)
    again_rate = n / again_s
    print(
        f"   {n} unchanged in {again_s:.1f} s = {fmt_rate(again_rate)} records/s "
        f"(per batch: median {statistics.median(again_batches):.2f} s, "
        f"max {max(again_batches):.2f} s)"
    )

    # 4. ratios
    print()
    rows = []
    if base_rate:
        r1 = first_rate / base_rate
        ok1 = r1 >= TARGET_INGEST_VS_BASELINE
        print(
            f"ingest first upsert vs one create per record: {r1:.1f}x "
            f"(target >= {TARGET_INGEST_VS_BASELINE:.0f}x): {'PASS' if ok1 else 'MISS'}"
            + (f"  [baseline extrapolated from {nb} records]" if nb < n else "")
        )
        label = "one XML-RPC `create` per record" + (
            f" (measured on {nb}, extrapolated to {n})" if nb < n else ""
        )
        rows.append([label, n, f"{base_s:.1f}", fmt_rate(base_rate), "1x"])
        rows.append(
            [
                f"`ingest`, first upsert (batches of {a.batch})",
                n,
                f"{first_s:.1f}",
                fmt_rate(first_rate),
                f"{r1:.1f}x the baseline",
            ]
        )
    else:
        print("ingest first upsert vs one create per record: not measured")
        rows.append(
            [
                f"`ingest`, first upsert (batches of {a.batch})",
                n,
                f"{first_s:.1f}",
                fmt_rate(first_rate),
                "-",
            ]
        )
    r2 = again_rate / first_rate
    ok2 = r2 >= TARGET_UNCHANGED_VS_FIRST
    print(
        f"ingest unchanged re-send vs first upsert:      {r2:.1f}x "
        f"(target >= {TARGET_UNCHANGED_VS_FIRST:.0f}x): {'PASS' if ok2 else 'MISS'}"
    )
    rows.append(
        [
            "`ingest`, same records again (all `unchanged`)",
            n,
            f"{again_s:.1f}",
            fmt_rate(again_rate),
            f"{r2:.1f}x the first upsert",
        ]
    )

    r3 = first_rate / batched_rate
    r4 = again_rate / batched_rate
    print(
        f"ingest first upsert vs Odoo's batched create:  {r3:.2f}x "
        f"(target >= {TARGET_FIRST_VS_BATCHED}x): "
        f"{'PASS' if r3 >= TARGET_FIRST_VS_BATCHED else 'MISS'}"
    )
    print(
        f"ingest unchanged re-send vs batched create:    {r4:.1f}x "
        f"(target >= {TARGET_UNCHANGED_VS_BATCHED}x): "
        f"{'PASS' if r4 >= TARGET_UNCHANGED_VS_BATCHED else 'MISS'}"
    )
    rows.append(
        [
            f"Odoo's batched `res.partner.create` ({a.batch} a call)",
            n,
            f"{batched_s:.1f}",
            fmt_rate(batched_rate),
            f"first upsert {r3:.2f}x, re-send {r4:.1f}x it",
        ]
    )

    # 5. for the README
    print("\n--- for the README " + "-" * 50)
    print(
        f"Partners ({stats['companies']} companies, {stats['contacts']} contacts), "
        f"Odoo {odoo.server_version}, one server process (`--workers 0`), "
        f"client and PostgreSQL on the same machine ({machine_line()}):\n"
    )
    print(markdown_table(["phase", "records", "seconds", "records/s", "ratio"], rows))
    print("-" * 69)


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[1:]),
    )
    ap.add_argument(
        "--url",
        default=None,
        help="Odoo URL (default http://127.0.0.1:8071, or the --setup server)",
    )
    ap.add_argument("--db", default="ps_bench")
    ap.add_argument("--login", default="admin")
    ap.add_argument("--password", default="admin")
    ap.add_argument(
        "--backend",
        default="bench",
        help="backend code (created, generic, in the user's company, if missing)",
    )
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument(
        "--baseline-count",
        type=int,
        default=None,
        help="records for the one-create-each baseline (default --count; fewer: "
        "extrapolated; 0: skip it)",
    )
    ap.add_argument("--tag", help="run tag in names and external ids (default: random)")
    ap.add_argument(
        "--modules",
        default="ps_sync_core",
        help="with --setup: the addons installed, comma-separated (default ps_sync_core; "
        "e.g. ps_sync_core,ps_ops to measure with the operations addon's hooks)",
    )
    add_setup_arguments(ap)
    a = ap.parse_args()
    if a.count < 1 or a.batch < 1:
        ap.error("--count and --batch must be positive")
    if a.baseline_count is None:
        a.baseline_count = a.count
    a.baseline_count = max(0, min(a.baseline_count, a.count))

    run_bench(
        a, run, [m.strip() for m in a.modules.split(",") if m.strip()], "http://127.0.0.1:8071"
    )


if __name__ == "__main__":
    main()
