"""Load the demo consulting firm into a running Odoo over XML-RPC. Idempotent.

    python3 setup/load_demo.py --url http://127.0.0.1:8069 --db ps_demo

Renames the main company to the US entity, adds the UK entity, creates the
users and one CRM backend per entity, then sends the customers and their
contacts through the public ``ingest`` API, exactly as a CRM would. Standard
library only.
"""

import argparse
import secrets
import sys
import xmlrpc.client
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demo_data  # noqa: E402

DEMO_PASSWORDS = {"integration": "integration-demo", "finance": "finance-demo",
                  "syncmgr": "syncmgr-demo"}


class Odoo:
    def __init__(self, url, db, login, password):
        self.db, self.password = db, password
        self.uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(
            db, login, password, {})
        if not self.uid:
            sys.exit(f"cannot log in to {db} as {login}")
        self.obj = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def __call__(self, model, method, *args, **kw):
        return self.obj.execute_kw(self.db, self.uid, self.password, model, method, list(args), kw)

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        rows = self("ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)],
                    fields=["res_id"])
        return rows[0]["res_id"] if rows else False

    def one(self, model, domain):
        ids = self(model, "search", domain, limit=1, context={"active_test": False})
        return ids[0] if ids else False


def companies(odoo):
    ids = {}
    for key, spec in demo_data.COMPANIES.items():
        currency = odoo.one("res.currency", [("name", "=", spec["currency"])])
        odoo("res.currency", "write", [currency], {"active": True})
        country = odoo.one("res.country", [("code", "=", spec["country"])])
        vals = {"name": spec["name"], "currency_id": currency, "country_id": country,
                "street": spec["street"], "city": spec["city"], "zip": spec["zip"],
                "email": spec["email"], "phone": spec["phone"]}
        company = odoo.one("res.company", [("name", "=", spec["name"])])
        if not company and key == "us":
            company = odoo.ref("base.main_company")
        if company:
            current = odoo("res.company", "read", [company], fields=["currency_id"])[0]
            if current["currency_id"] and current["currency_id"][0] != currency:
                vals.pop("currency_id")  # a company with entries keeps its currency
            odoo("res.company", "write", [company], vals)
        else:
            company = odoo("res.company", "create", vals)
        ids[key] = company
    admin = odoo.ref("base.user_admin")
    odoo("res.users", "write", [admin], {"company_ids": [(4, c) for c in ids.values()]})
    print(f"companies: {', '.join(demo_data.COMPANIES[k]['name'] for k in ids)}")
    return ids


def users(odoo, company_ids):
    for login, name, groups, entities in demo_data.USERS:
        allowed = [company_ids[e] for e in entities]
        vals = {"name": name, "login": login, "company_id": allowed[0],
                "company_ids": [(6, 0, allowed)],
                "groups_id": [(6, 0, [odoo.ref(g) for g in groups if odoo.ref(g)])]}
        user = odoo.one("res.users", [("login", "=", login)])
        if user:
            odoo("res.users", "write", [user], vals)
        else:
            odoo("res.users", "create", dict(vals, password=DEMO_PASSWORDS[login]))
        print(f"user {login:12} password {DEMO_PASSWORDS[login]:18} {', '.join(groups[1:])}")


def backends(odoo, company_ids):
    admin = odoo.ref("base.user_admin")
    codes = {}
    for key, company in company_ids.items():
        code = f"crm-{key}"
        backend = odoo.one("ps.sync.backend", [("code", "=", code)])
        vals = {"name": f"CRM ({demo_data.COMPANIES[key]['name']})", "code": code,
                "kind": "generic", "company_id": company, "user_id": admin}
        if backend:
            odoo("ps.sync.backend", "write", [backend], vals)
        else:
            backend = odoo("ps.sync.backend", "create",
                           dict(vals, webhook_secret=secrets.token_hex(32)))
        codes[key] = code
    print("backends: " + ", ".join(codes.values())
          + " (webhook secrets: Integrations > Configuration > Backends > Credentials)")
    return codes


def customers(odoo, codes):
    for key, rows in demo_data.CUSTOMERS.items():
        records = []
        for ext, name, country, city, street, zip_code, contacts in rows:
            domain = name.lower().split()[0].replace(",", "")
            records.append({"external_id": ext, "name": name, "is_company": True,
                            "country_code": country, "city": city, "street": street,
                            "zip": zip_code, "email": f"accounts@{domain}.example"})
            for cext, cname, cemail in contacts:
                records.append({"external_id": cext, "name": cname, "email": cemail,
                                "parent_external_id": ext})
        # a realistic CRM push: through the public API, as the US integration
        # user would, in one batch per entity
        results = odoo("ps.sync.backend", "ingest", codes[key], "partner", records,
                       correlation_id=f"demo-load-{key}")
        counts = {}
        for r in results:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
            if r["status"] == "rejected":
                print(f"  rejected {r['external_id']}: {r['message']}")
        print(f"{codes[key]}: {len(records)} partners through ingest: {counts}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8069")
    ap.add_argument("--db", default="ps_demo")
    ap.add_argument("--login", default="admin")
    ap.add_argument("--password", default="admin")
    a = ap.parse_args()
    odoo = Odoo(a.url, a.db, a.login, a.password)
    company_ids = companies(odoo)
    users(odoo, company_ids)
    codes = backends(odoo, company_ids)
    customers(odoo, codes)
    print("demo firm loaded: log in as admin/admin; the Integrations menu has the sync "
          "log, bindings and exception workbench")


if __name__ == "__main__":
    main()
