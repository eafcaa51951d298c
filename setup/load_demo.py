"""Load the demo consulting firm into a running Odoo over XML-RPC. Idempotent.

    python3 setup/load_demo.py --url http://127.0.0.1:8069 --db ps_demo

Renames the main company to the US entity, adds the UK entity, creates the
users and one CRM backend per entity, then sends the customers and their
contacts through the public ``ingest`` API, exactly as a CRM would. Then the
firm at work: employees with roles and costs, rate cards, projects and
engagements of every billing model, revenue recognition settings and
performance obligations, two to three months of time sent through ``ingest``
as a time tool would, and, for the closed months, billing runs, posted invoices
and recognition runs (queue jobs, performed by the server's job runner; the
loader waits for them). Dates are relative to today. Standard library only.

Idempotent: what exists is found by its natural key (e-mail, code, name) and
left alone; run twice, the second run reports everything unchanged.
"""

import argparse
import calendar
import datetime
import secrets
import sys
import time
import xmlrpc.client
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demo_data  # noqa: E402

DEMO_PASSWORDS = {
    "integration": "integration-demo",
    "finance": "finance-demo",
    "syncmgr": "syncmgr-demo",
}


class Odoo:
    def __init__(self, url, db, login, password):
        self.db, self.password = db, password
        self.uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(
            db, login, password, {}
        )
        if not self.uid:
            sys.exit(f"cannot log in to {db} as {login}")
        self.obj = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def __call__(self, model, method, *args, **kw):
        return self.obj.execute_kw(self.db, self.uid, self.password, model, method, list(args), kw)

    def call_none(self, model, method, *args, **kw):
        """Call a method that returns None: Odoo's XML-RPC cannot marshal the
        answer (the work is committed before it fails), so that fault is
        success."""
        try:
            return self(model, method, *args, **kw)
        except xmlrpc.client.Fault as err:
            if "cannot marshal None" not in err.faultString:
                raise
            return None

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        rows = self(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["res_id"],
        )
        return rows[0]["res_id"] if rows else False

    def one(self, model, domain):
        ids = self(model, "search", domain, limit=1, context={"active_test": False})
        return ids[0] if ids else False


_FIELD_TYPES = {}


def changes(odoo, model, rec_id, vals, context=None):
    """The part of ``vals`` that differs from what record ``rec_id`` holds, so
    that a second load writes nothing (no tracking, no security e-mails)."""
    if model not in _FIELD_TYPES:
        _FIELD_TYPES[model] = {
            name: f["type"] for name, f in odoo(model, "fields_get", attributes=["type"]).items()
        }
    types = _FIELD_TYPES[model]
    current = odoo(model, "read", [rec_id], fields=list(vals), context=context or {})[0]
    diff = {}
    for name, want in vals.items():
        have, kind = current[name], types[name]
        if kind == "many2one":
            have = have[0] if have else False
        elif kind in ("float", "monetary"):
            if abs((have or 0.0) - (want or 0.0)) > 1e-6:
                diff[name] = want
            continue
        elif kind in ("many2many", "one2many"):
            ids = set(have)
            for cmd in want:
                if cmd[0] == 6 and set(cmd[2]) != ids:
                    diff[name] = want
                elif cmd[0] == 4 and cmd[1] not in ids:
                    diff[name] = want
                elif cmd[0] not in (4, 6):
                    diff[name] = want
            continue
        elif kind in ("char", "text", "date", "selection", "html") and not want and not have:
            continue
        if have != want:
            diff[name] = want
    return diff


def write_changes(odoo, model, rec_id, vals, context=None):
    """Write what differs; True when something was written."""
    diff = changes(odoo, model, rec_id, vals, context)
    if diff:
        odoo(model, "write", [rec_id], diff, context=context or {})
    return bool(diff)


def companies(odoo):
    ids = {}
    for key, spec in demo_data.COMPANIES.items():
        currency = odoo.one("res.currency", [("name", "=", spec["currency"])])
        odoo("res.currency", "write", [currency], {"active": True})
        country = odoo.one("res.country", [("code", "=", spec["country"])])
        vals = {
            "name": spec["name"],
            "currency_id": currency,
            "country_id": country,
            "street": spec["street"],
            "city": spec["city"],
            "zip": spec["zip"],
            "email": spec["email"],
            "phone": spec["phone"],
        }
        company = odoo.one("res.company", [("name", "=", spec["name"])])
        if not company and key == "us":
            company = odoo.ref("base.main_company")
        if company:
            current = odoo("res.company", "read", [company], fields=["currency_id"])[0]
            if current["currency_id"] and current["currency_id"][0] != currency:
                vals.pop("currency_id")  # a company with entries keeps its currency
            write_changes(odoo, "res.company", company, vals)
        else:
            company = odoo("res.company", "create", vals)
        ids[key] = company
    admin = odoo.ref("base.user_admin")
    write_changes(odoo, "res.users", admin, {"company_ids": [(4, c) for c in ids.values()]})
    print(f"companies: {', '.join(demo_data.COMPANIES[k]['name'] for k in ids)}")
    return ids


def users(odoo, company_ids):
    for login, name, groups, entities, email, home in demo_data.USERS:
        allowed = [company_ids[e] for e in entities]
        vals = {
            "name": name,
            "login": login,
            "company_id": allowed[0],
            "company_ids": [(6, 0, allowed)],
            "email": email,
            "action_id": odoo.ref(home) if home else False,
            "groups_id": [(6, 0, [odoo.ref(g) for g in groups if odoo.ref(g)])],
        }
        user = odoo.one("res.users", [("login", "=", login)])
        if user:
            # groups_id also lists the groups the wanted ones imply
            have = set(odoo("res.users", "read", [user], fields=["groups_id"])[0]["groups_id"])
            internal = odoo.ref("base.group_user")
            if set(vals["groups_id"][0][2]) <= have and (
                "base.group_user" in groups or internal not in have
            ):
                vals.pop("groups_id")  # (an API user must not stay internal)
            write_changes(odoo, "res.users", user, vals)
        else:
            odoo("res.users", "create", dict(vals, password=DEMO_PASSWORDS[login]))
        shown = ", ".join(g for g in groups if g != "base.group_user")
        print(f"user {login:12} password {DEMO_PASSWORDS[login]:18} {shown}")


def backends(odoo, company_ids):
    admin = odoo.ref("base.user_admin")
    codes = {}
    for key, company in company_ids.items():
        code = f"crm-{key}"
        backend = odoo.one("ps.sync.backend", [("code", "=", code)])
        vals = {
            "name": f"CRM ({demo_data.COMPANIES[key]['name']})",
            "code": code,
            "kind": "generic",
            "company_id": company,
            "user_id": admin,
        }
        if backend:
            write_changes(odoo, "ps.sync.backend", backend, vals)
        else:
            backend = odoo(
                "ps.sync.backend", "create", dict(vals, webhook_secret=secrets.token_hex(32))
            )
        codes[key] = code
    print(
        "backends: "
        + ", ".join(codes.values())
        + " (webhook secrets: Integrations > Configuration > Backends > Credentials)"
    )
    return codes


def customers(odoo, codes):
    for key, rows in demo_data.CUSTOMERS.items():
        records = []
        for ext, name, country, city, street, zip_code, contacts in rows:
            domain = name.lower().split()[0].replace(",", "")
            records.append(
                {
                    "external_id": ext,
                    "name": name,
                    "is_company": True,
                    "country_code": country,
                    "city": city,
                    "street": street,
                    "zip": zip_code,
                    "email": f"accounts@{domain}.example",
                }
            )
            for cext, cname, cemail in contacts:
                records.append(
                    {"external_id": cext, "name": cname, "email": cemail, "parent_external_id": ext}
                )
        # a realistic CRM push: through the public API, as the US integration
        # user would, in one batch per entity
        results = odoo(
            "ps.sync.backend",
            "ingest",
            codes[key],
            "partner",
            records,
            correlation_id=f"demo-load-{key}",
        )
        counts = {}
        for r in results:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
            if r["status"] == "rejected":
                print(f"  rejected {r['external_id']}: {r['message']}")
        print(f"{codes[key]}: {len(records)} partners through ingest: {counts}")


# ---------------------------------------------------------------- the firm --
def month_date(anchor, spec):
    """(month offset from ``anchor``, day or "end") -> date."""
    offset, day = spec
    year, month = divmod(anchor.month - 1 + offset, 12)
    year, month = anchor.year + year, month + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, last if day == "end" else min(day, last))


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


class Loader:
    """The firm at work, for every entity; each step finds what exists first."""

    def __init__(self, odoo, company_ids, crm_codes, today):
        self.odoo = odoo
        self.company_ids = company_ids
        self.crm_codes = crm_codes
        self.today = today
        first = today.replace(day=1)
        # month 0: two months before the current one
        self.anchor = month_date(first, (-2, 1))
        self.closed_month_ends = [
            month_date(self.anchor, (0, "end")),
            month_date(self.anchor, (1, "end")),
        ]
        self.time_codes = {}
        self.hr_codes = {}
        self.jobs = {}  # (key, role) -> hr.job id
        self.employees = {}  # (key, email) -> hr.employee id
        self.cards = {}  # key -> ps.rate.card id
        self.engagements = {}  # (key, code) -> ps.engagement id
        self.milestones = {}  # (key, code, name) -> ps.engagement.milestone id
        self.revenue_account = {}  # key -> account.account id
        self.warnings = []

    # helpers ---------------------------------------------------------------
    def ctx(self, key):
        """Context of work in one entity (its defaults, its company checks)."""
        company = self.company_ids[key]
        others = [c for c in self.company_ids.values() if c != company]
        return {"allowed_company_ids": [company] + others, "tracking_disable": True}

    def date(self, spec):
        return month_date(self.anchor, spec).isoformat()

    def upsert(self, model, domain, vals, key=None, create_only=()):
        """The record matching ``domain``: created with ``vals``, or written
        with the values that differ (``create_only`` fields are left alone).
        Returns (id, "created" | "updated" | "unchanged")."""
        context = dict(self.ctx(key), active_test=False) if key else {"active_test": False}
        ids = self.odoo(model, "search", domain, limit=1, context=context)
        if not ids:
            return self.odoo(model, "create", vals, context=context), "created"
        rec_id = ids[0]
        names = {n: v for n, v in vals.items() if n not in create_only}
        if names and write_changes(self.odoo, model, rec_id, names, context):
            return rec_id, "updated"
        return rec_id, "unchanged"

    def partner(self, key, external_id):
        binding = self.odoo(
            "ps.sync.binding",
            "search_read",
            [
                ("backend_id.code", "=", self.crm_codes[key]),
                ("object_name", "=", "partner"),
                ("external_id", "=", external_id),
            ],
            fields=["res_id"],
            limit=1,
        )
        if not binding:
            sys.exit(f"customer {external_id} was not delivered through {self.crm_codes[key]}")
        return binding[0]["res_id"]

    @staticmethod
    def tally(counts, status):
        counts[status] = counts.get(status, 0) + 1

    # accounting --------------------------------------------------------------
    def chart_of_accounts(self, key):
        """Every entity needs a chart of accounts to invoice. Installing the
        addons (no stock demo data) loads the generic chart on the main
        company, and creating the UK company installs l10n_uk and its chart;
        a company that still has none gets one here, as the settings screen
        would do it (account.chart.template.try_loading)."""
        company = self.company_ids[key]
        info = self.odoo("res.company", "read", [company], fields=["chart_template", "name"])[0]
        count = self.odoo("account.account", "search_count", [("company_ids", "in", [company])])
        if info["chart_template"] and count:
            return info["chart_template"]
        template = "generic_coa"
        print(f"  {info['name']}: no chart of accounts, loading {template} ...")
        self.odoo.call_none(
            "account.chart.template", "try_loading", [], template, company, context=self.ctx(key)
        )
        count = self.odoo("account.account", "search_count", [("company_ids", "in", [company])])
        if not count:
            sys.exit(f"could not load a chart of accounts for {info['name']}")
        return template

    def revenue_settings(self, key):
        """Recognition journal and accounts of the entity (Settings > Revenue
        Recognition): the income account the service invoices post to, and the
        contract liability and asset accounts, created if missing."""
        company = self.company_ids[key]
        ctx = self.ctx(key)
        journal = self.odoo(
            "account.journal",
            "search",
            [("type", "=", "general"), ("company_id", "=", company), ("code", "=", "MISC")],
            limit=1,
            context=ctx,
        ) or self.odoo(
            "account.journal",
            "search",
            [("type", "=", "general"), ("company_id", "=", company)],
            limit=1,
            context=ctx,
        )
        if not journal:
            sys.exit(f"no general journal in company {company}")
        product = self.odoo.ref("ps_billing_rules.product_professional_services")
        prod = self.odoo(
            "product.product",
            "read",
            [product],
            fields=["property_account_income_id", "categ_id"],
            context=ctx,
        )[0]
        revenue = prod["property_account_income_id"]
        if not revenue:
            revenue = self.odoo(
                "product.category",
                "read",
                [prod["categ_id"][0]],
                fields=["property_account_income_categ_id"],
                context=ctx,
            )[0]["property_account_income_categ_id"]
        if not revenue:
            sale = self.odoo(
                "account.journal",
                "search_read",
                [("type", "=", "sale"), ("company_id", "=", company)],
                fields=["default_account_id"],
                limit=1,
                context=ctx,
            )
            revenue = sale and sale[0]["default_account_id"]
        if not revenue:
            sys.exit(f"no income account for the service product in company {company}")
        accounts = {}
        for role, (code, name, account_type) in demo_data.REVENUE_ACCOUNTS[key].items():
            found = self.odoo(
                "account.account",
                "search",
                [("code", "=", code), ("company_ids", "in", [company])],
                limit=1,
                context=ctx,
            )
            if found:
                accounts[role] = found[0]
            else:
                accounts[role] = self.odoo(
                    "account.account",
                    "create",
                    {
                        "code": code,
                        "name": name,
                        "account_type": account_type,
                        "company_ids": [(6, 0, [company])],
                    },
                    context=ctx,
                )
        __, status = self.upsert(
            "res.company",
            [("id", "=", company)],
            {
                "ps_revenue_journal_id": journal[0],
                "ps_revenue_account_id": revenue[0],
                "ps_deferred_revenue_account_id": accounts["deferred"],
                "ps_unbilled_revenue_account_id": accounts["unbilled"],
            },
            key=key,
        )
        names = self.odoo(
            "account.account",
            "read",
            [revenue[0], accounts["deferred"], accounts["unbilled"]],
            fields=["display_name"],
            context=ctx,
        )
        print(
            f"  revenue recognition ({status}): revenue {names[0]['display_name']}, "
            f"deferred {names[1]['display_name']}, unbilled {names[2]['display_name']}"
        )
        self.revenue_account[key] = revenue[0]

    # people, rates, projects, engagements ----------------------------------
    def time_backend(self, key):
        code = f"time-{key}"
        company = self.company_ids[key]
        backend = self.odoo.one("ps.sync.backend", [("code", "=", code)])
        if not backend:
            self.odoo(
                "ps.sync.backend",
                "create",
                {
                    "name": f"Time tracking ({demo_data.COMPANIES[key]['name']})",
                    "code": code,
                    "kind": "generic",
                    "company_id": company,
                    "user_id": self.odoo.ref("base.user_admin"),
                    "webhook_secret": secrets.token_hex(32),
                },
            )
        self.time_codes[key] = code

    def people(self, key):
        company = self.company_ids[key]
        counts = {}
        for role, __ in demo_data.ROLES[key]:
            job, status = self.upsert(
                "hr.job",
                [("name", "=", role), ("company_id", "=", company)],
                {"name": role, "company_id": company},
                key=key,
            )
            self.jobs[(key, role)] = job
        # people, their cost rates and skills, as the HR tool sends them
        self.hr_backend(key)
        self.skill_types()
        currency = demo_data.COMPANIES[key]["currency"]
        skills = {}
        for email, skill, level in demo_data.SKILLS:
            skills.setdefault(email, []).append(
                {"type": demo_data.SKILL_TYPES[0][0], "skill": skill, "level": level}
            )
        vendors = []
        people = []
        for name, role, email, cost in demo_data.EMPLOYEES[key]:
            people.append(
                {
                    "external_id": f"HR-{email.split('@')[0]}",
                    "name": name,
                    "work_email": email,
                    "job_title": role,
                    "department": demo_data.DEPARTMENTS.get(role),
                    "weekly_hours": 40,
                    "hourly_cost": cost,
                    "cost_currency": currency,
                    "cost_from": demo_data.COST_RATES_FROM,
                    "skills": skills.get(email),
                }
            )
        for sub in demo_data.SUBCONTRACTORS.get(key, []):
            ext, vendor_name, vendor_email = sub["vendor"]
            vendors.append(
                {"external_id": ext, "name": vendor_name, "is_company": True, "email": vendor_email}
            )
            people.append(
                {
                    "external_id": f"HR-{sub['email'].split('@')[0]}",
                    "name": sub["name"],
                    "work_email": sub["email"],
                    "job_title": sub["role"],
                    "department": "Subcontractors",
                    "employment_type": "contractor",
                    "vendor_external_id": ext,
                    "hourly_cost": sub["buy_rate"],
                    "cost_currency": currency,
                    "cost_from": demo_data.COST_RATES_FROM,
                }
            )
        if vendors:
            self.hr_ingest(key, "partner", vendors)
        # raises inside the demo period: the HR tool sends the person again
        # (people raised already are not sent their first rate again: the
        # loader stays idempotent)
        raised_emails = {email for email, __, __ in demo_data.COST_RAISES.get(key, [])}
        bound = {
            b["external_id"]
            for b in self.odoo(
                "ps.sync.binding",
                "search_read",
                [("backend_id.code", "=", self.hr_codes[key]), ("object_name", "=", "employee")],
                fields=["external_id"],
            )
        }
        first = [
            {k: v for k, v in p.items() if v}
            for p in people
            if not (p["work_email"] in raised_emails and p["external_id"] in bound)
        ]
        counts = self.hr_ingest(key, "employee", first)
        by_email = {p["work_email"]: p for p in people}
        raises = [
            dict(
                {k: v for k, v in by_email[email].items() if v},
                hourly_cost=cost,
                cost_from=self.date(start),
            )
            for email, cost, start in demo_data.COST_RAISES.get(key, [])
        ]
        raised = self.hr_ingest(key, "employee", raises) if raises else {}
        for p in people:
            self.employees[(key, p["work_email"])] = self.odoo.one(
                "hr.employee",
                [("work_email", "=", p["work_email"]), ("company_id", "=", company)],
            )
        print(
            f"  {len(demo_data.ROLES[key])} roles, {len(people)} people through ingest "
            f"({len(vendors)} subcontractor vendor(s)): {counts}; raises: {raised}"
        )

    # costing (issue 15) --------------------------------------------------------
    def hr_backend(self, key):
        code = f"hr-{key}"
        if not self.odoo.one("ps.sync.backend", [("code", "=", code)]):
            self.odoo(
                "ps.sync.backend",
                "create",
                {
                    "name": f"HR, payroll and expenses ({demo_data.COMPANIES[key]['name']})",
                    "code": code,
                    "kind": "generic",
                    "company_id": self.company_ids[key],
                    "user_id": self.odoo.ref("base.user_admin"),
                    "webhook_secret": secrets.token_hex(32),
                },
            )
        self.hr_codes[key] = code

    def hr_ingest(self, key, object_name, records):
        """Send records through the entity's HR backend; tally the outcome."""
        counts = {}
        for i in range(0, len(records), 500):
            for r in self.odoo(
                "ps.sync.backend",
                "ingest",
                self.hr_codes[key],
                object_name,
                records[i : i + 500],
                correlation_id=f"demo-{object_name}-{key}-{i // 500}",
            ):
                self.tally(counts, r["status"])
                if r["status"] == "rejected":
                    self.warnings.append(f"{object_name} {r['external_id']}: {r['message']}")
        return counts

    def skill_types(self):
        for name, skills, levels in demo_data.SKILL_TYPES:
            skill_type, __ = self.upsert("hr.skill.type", [("name", "=", name)], {"name": name})
            for skill in skills:
                self.upsert(
                    "hr.skill",
                    [("name", "=", skill), ("skill_type_id", "=", skill_type)],
                    {"name": skill, "skill_type_id": skill_type},
                )
            for level, progress in levels:
                self.upsert(
                    "hr.skill.level",
                    [("name", "=", level), ("skill_type_id", "=", skill_type)],
                    {"name": level, "skill_type_id": skill_type, "level_progress": progress},
                )

    def costs(self, key):
        """Payroll for the closed months and the month's expenses, through
        ingest; the expense markup of engagements that re-invoice with one."""
        company = self.company_ids[key]
        self.odoo(
            "res.company",
            "write",
            [company],
            {"ps_payroll_variance_spread": key in demo_data.PAYROLL_SPREAD},
        )
        for code, markup in demo_data.EXPENSE_MARKUP.get(key, {}).items():
            write_changes(
                self.odoo,
                "ps.engagement",
                self.engagements[(key, code)],
                {"ps_expense_markup": markup},
                self.ctx(key),
            )
        for ref, name in demo_data.EXPENSE_CATEGORIES:
            self.upsert(
                "product.product",
                [("default_code", "=", ref)],
                {
                    "name": name,
                    "default_code": ref,
                    "can_be_expensed": True,
                    "type": "service",
                    "standard_price": 0.0,
                    "supplier_taxes_id": [(5, 0, 0)],
                    "taxes_id": [(5, 0, 0)],
                },
                create_only=("supplier_taxes_id", "taxes_id"),
            )
        currency = demo_data.COMPANIES[key]["currency"]
        raises = {email: (cost, start) for email, cost, start in demo_data.COST_RAISES.get(key, [])}
        payroll = []
        for month_end in self.closed_month_ends:
            first = month_end.replace(day=1)
            for __, __, email, cost in demo_data.EMPLOYEES[key]:
                raise_ = raises.get(email)
                if raise_ and month_date(self.anchor, raise_[1]) <= first:
                    cost = raise_[0]
                factor = 1 + demo_data.PAYROLL_VARIANCE.get(
                    email, demo_data.PAYROLL_VARIANCE_DEFAULT
                )
                payroll.append(
                    {
                        "external_id": f"PAY-{email.split('@')[0]}-{first:%Y%m}",
                        "employee_email": email,
                        "date_from": first.isoformat(),
                        "date_to": month_end.isoformat(),
                        "amount": round(cost * demo_data.PAYROLL_HOURS * factor, 2),
                        "currency": currency,
                    }
                )
        paid = self.hr_ingest(key, "payroll_cost", payroll)
        expenses = []
        for month in range(3):
            first = month_date(self.anchor, (month, 1))
            for email, code, category, what, amount, billable, day in demo_data.EXPENSES.get(
                key, []
            ):
                date = first.replace(day=day)
                if date >= self.today:
                    continue
                expenses.append(
                    {
                        "external_id": f"EXP-{email.split('@')[0]}-{code}-{date:%Y%m%d}",
                        "employee_email": email,
                        "date": date.isoformat(),
                        "project_code": code,
                        "category": category,
                        "description": what,
                        "amount": amount,
                        "currency": currency,
                        "billable": billable,
                        "receipt_ref": f"RCPT-{zlib.crc32(f'{email}{date}'.encode()):08x}",
                    }
                )
        spent = self.hr_ingest(key, "expense", expenses)
        print(
            f"  {len(payroll)} payroll costs through ingest: {paid}; "
            f"{len(expenses)} expenses: {spent}"
        )

    def subcontractor_bills(self, key, timeout):
        """The monthly subcontractor run of each closed month."""
        for date_to in self.closed_month_ends:
            try:
                run, state, status = self.run("ps.subcontract.run", key, date_to, timeout)
            except xmlrpc.client.Fault as err:
                print(f"  subcontractor run {date_to}: {err.faultString.strip().splitlines()[-1]}")
                continue
            bills = self.odoo(
                "account.move",
                "search_read",
                [("ps_subcontract_run_id", "=", run)],
                fields=["name", "partner_id", "amount_untaxed", "state"],
            )
            print(
                f"  subcontractor run {date_to} ({status}, {state}): "
                + ", ".join(
                    f"{b['partner_id'][1]} {b['amount_untaxed']:,.2f} ({b['state']})" for b in bills
                )
            )

    def rate_card(self, key):
        company = self.company_ids[key]
        currency = self.odoo.one(
            "res.currency", [("name", "=", demo_data.COMPANIES[key]["currency"])]
        )
        name, specials = demo_data.RATE_CARDS[key]
        card, status = self.upsert(
            "ps.rate.card",
            [("name", "=", name), ("company_id", "=", company)],
            {"name": name, "company_id": company, "currency_id": currency},
            key=key,
        )
        wanted = [(self.jobs[(key, role)], False, rate) for role, rate in demo_data.ROLES[key]]
        wanted += [
            (self.jobs[(key, role)], self.partner(key, ext), rate) for role, ext, rate in specials
        ]
        lines = self.odoo(
            "ps.rate.card.line",
            "search_read",
            [("card_id", "=", card)],
            fields=["job_id", "partner_id", "employee_id", "rate", "date_from", "date_to"],
        )
        have = {
            ((ln["job_id"] or [False])[0], (ln["partner_id"] or [False])[0]): ln
            for ln in lines
            if not ln["employee_id"] and not ln["date_from"] and not ln["date_to"]
        }
        commands = []
        for job, partner, rate in wanted:
            line = have.get((job, partner))
            if not line:
                commands.append((0, 0, {"job_id": job, "partner_id": partner, "rate": rate}))
            elif abs(line["rate"] - rate) > 1e-6:
                commands.append((1, line["id"], {"rate": rate}))
        if commands:
            self.odoo(
                "ps.rate.card", "write", [card], {"line_ids": commands}, context=self.ctx(key)
            )
            status = "updated" if status == "unchanged" else status
        self.cards[key] = card
        print(
            f"  rate card {name!r} ({status}): {len(wanted)} rates, "
            f"{len(specials)} customer-specific"
        )

    def project(self, key, code, name, partner=False, start=False, end=False):
        company = self.company_ids[key]
        project, status = self.upsert(
            "project.project",
            [("ps_code", "=", code), ("company_id", "=", company)],
            {
                "name": name,
                "ps_code": code,
                "company_id": company,
                "partner_id": partner,
                "allow_timesheets": True,
                "date_start": start,
                "date": end,
            },
            key=key,
            create_only=("date_start", "date"),
        )
        return project, status

    def engagements_of(self, key):
        company = self.company_ids[key]
        ctx = self.ctx(key)
        currency = self.odoo.one(
            "res.currency", [("name", "=", demo_data.COMPANIES[key]["currency"])]
        )
        terms = self.odoo.ref("account.account_payment_term_30days")
        admin = self.odoo.ref("base.user_admin")
        code, name = demo_data.INTERNAL_PROJECTS[key]
        self.project(key, code, name)
        counts = {}
        for spec in demo_data.ENGAGEMENTS[key]:
            partner = self.partner(key, spec["customer"])
            project, __ = self.project(
                key,
                spec["code"],
                spec["project"],
                partner,
                self.date(spec["start"]),
                self.date(spec["end"]),
            )
            existing = self.odoo(
                "ps.engagement", "search_read", [("project_id", "=", project)], fields=["state"]
            )
            if existing:
                eng, state = existing[0]["id"], existing[0]["state"]
                self.tally(counts, "unchanged")
            else:
                vals = {
                    "name": spec["name"],
                    "partner_id": partner,
                    "company_id": company,
                    "currency_id": currency,
                    "project_id": project,
                    "user_id": admin,
                    "payment_term_id": terms or False,
                    "rate_card_id": self.cards[key],
                    "bill_time": spec["bill_time"],
                    "billing_frequency": "milestone" if spec.get("milestones") else "monthly",
                    "cap_amount": spec.get("cap_amount", 0.0),
                    "cap_policy": spec.get("cap_policy", "hold"),
                    "retainer_expiry": (
                        self.date(spec["retainer_expiry"]) if spec.get("retainer_expiry") else False
                    ),
                    "ps_transaction_price": spec.get("transaction_price", 0.0),
                    "schedule_ids": [
                        (
                            0,
                            0,
                            {"kind": kind, "date": self.date(day), "name": label, "amount": amount},
                        )
                        for kind, day, label, amount in spec.get("schedule", [])
                    ],
                    "milestone_ids": [
                        (0, 0, {"name": label, "amount": amount, "sequence": i})
                        for i, (label, amount, __) in enumerate(spec.get("milestones", []), 1)
                    ],
                }
                eng = self.odoo("ps.engagement", "create", vals, context=ctx)
                state = "draft"
                self.tally(counts, "created")
            self.engagements[(key, spec["code"])] = eng
            for ms in self.odoo(
                "ps.engagement.milestone",
                "search_read",
                [("engagement_id", "=", eng)],
                fields=["name"],
            ):
                self.milestones[(key, spec["code"], ms["name"])] = ms["id"]
            self.obligations(key, spec, eng)
            if state == "draft":
                self.odoo("ps.engagement", "action_activate", [eng], context=ctx)
        print(f"  {len(demo_data.ENGAGEMENTS[key])} engagements (activated): {counts}")

    def obligations(self, key, spec, eng):
        ctx = self.ctx(key)
        have = {
            o["name"]
            for o in self.odoo(
                "ps.revenue.obligation",
                "search_read",
                [("engagement_id", "=", eng)],
                fields=["name"],
            )
        }
        vals_list = []
        for name, method, ssp, start, end, extra in spec.get("obligations", []):
            if name in have:
                continue
            vals = {
                "engagement_id": eng,
                "name": name,
                "method": method,
                "standalone_price": ssp,
                "date_start": self.date(start),
                "date_end": self.date(end),
            }
            if "estimate_hours" in extra:
                vals["estimate_hours"] = extra["estimate_hours"]
            if "milestone" in extra:
                vals["milestone_id"] = self.milestones[(key, spec["code"], extra["milestone"])]
            vals_list.append(vals)
        if vals_list:
            self.odoo("ps.revenue.obligation", "create", vals_list, context=ctx)

    # time ----------------------------------------------------------------------
    def time_entries(self, key):
        """Time as a time tool sends it: one entry per person, project and
        day, from each engagement's start up to yesterday. Closed months and
        anything older than a week are approved; last week's time is
        submitted, the last two days still draft; the odd entry was rejected.
        Hours, days off and rejections derive from the person, project and
        date, so the same day always gives the same entry."""
        starts = {
            spec["code"]: month_date(self.anchor, spec["start"])
            for spec in demo_data.ENGAGEMENTS[key]
        }
        internal = demo_data.INTERNAL_PROJECTS[key][0]
        first_open = self.today.replace(day=1)
        # the last working day is still draft, the five before it submitted
        recent, day = [], self.today
        while len(recent) < 6:
            day -= datetime.timedelta(days=1)
            if day.weekday() < 5:
                recent.append(day)
        records = []
        day = self.anchor
        while day < self.today:
            if day.weekday() < 5:
                for email, lines in demo_data.STAFFING[key].items():
                    who = email.split("@")[0]
                    if zlib.crc32(f"off|{who}|{day}".encode()) % 19 == 0:
                        continue  # a day off
                    for code, weekdays, hours, billable, what in lines:
                        if day.weekday() not in weekdays or day < starts.get(code, self.anchor):
                            continue
                        seed = zlib.crc32(f"{who}|{code}|{billable}|{day}".encode())
                        hours_today = hours + (-0.5, 0.0, 0.0, 0.5)[seed % 4]
                        if day < first_open or day < recent[-1]:
                            status = "approved"
                        elif day < recent[0]:
                            status = "submitted"
                        else:
                            status = "draft"
                        if code != internal and seed % 97 == 0:
                            status, what = "rejected", "Booked to the wrong project"
                        initials = "".join(part[0] for part in who.split(".")).upper()
                        suffix = "" if billable else "-NB"
                        records.append(
                            {
                                "external_id": f"TT-{initials}-{code}{suffix}-{day:%Y%m%d}",
                                "employee_email": email,
                                "project_code": code,
                                "date": day.isoformat(),
                                "hours": hours_today,
                                "status": status,
                                "billable": billable,
                                "description": what,
                            }
                        )
            day += datetime.timedelta(days=1)
        counts = {}
        rejected = []
        for i in range(0, len(records), 500):
            results = self.odoo(
                "ps.sync.backend",
                "ingest",
                self.time_codes[key],
                "timesheet",
                records[i : i + 500],
                correlation_id=f"demo-time-{key}-{i // 500}",
            )
            for r in results:
                self.tally(counts, r["status"])
                if r["status"] == "rejected":
                    rejected.append(f"{r['external_id']}: {r['message']}")
        for line in rejected[:10]:
            print(f"    rejected {line}")
        if rejected:
            self.warnings.append(f"{len(rejected)} time entries rejected by {self.time_codes[key]}")
        by_status = {}
        for r in records:
            self.tally(by_status, r["status"] + ("" if r["billable"] else ", non-billable"))
        print(
            f"  {len(records)} time entries through ingest ({self.time_codes[key]}, "
            f"{self.anchor} to {self.today - datetime.timedelta(days=1)}): {counts}; "
            f"{dict(sorted(by_status.items()))}"
        )

    # runs --------------------------------------------------------------------------
    def wait(self, model, run, timeout, grace=2.0):
        """Wait until the run is closed. A run closes after its last line's
        job commits (the closer runs after that commit, so on a loaded machine
        it can lag the lines by seconds). Returns the run's state, "finished"
        when every line is finished but the run was not closed by the timeout
        (warned), or "running" on timeout."""
        t0 = time.monotonic()
        while True:
            row = self.odoo(model, "read", [run], fields=["state", "line_ids"])[0]
            if row["state"] != "running":
                return row["state"]
            if time.monotonic() - t0 > max(timeout, grace):
                lines = self.odoo(model + ".line", "read", row["line_ids"], fields=["state"])
                if lines and all(line["state"] != "queued" for line in lines):
                    self.warnings.append(
                        f"{model} {row['id']}: all {len(lines)} engagements are finished but the "
                        f"run was not closed after {timeout:.0f}s (see var/odoo.log)"
                    )
                    return "finished"
                return "running"
            time.sleep(0.5)

    def run(self, model, key, date_to, timeout):
        """The run of ``model`` for the entity and month end: found, or
        created and started; waited for. Returns (id, state, status)."""
        company = self.company_ids[key]
        found = self.odoo(
            model,
            "search_read",
            [
                ("company_id", "=", company),
                ("date_to", "=", date_to.isoformat()),
                ("state", "!=", "reversed"),
            ],
            fields=["state"],
            order="id desc",
            limit=1,
        )
        status = "existing"
        if found:
            run, state = found[0]["id"], found[0]["state"]
        else:
            run = self.odoo(
                model,
                "create",
                {"company_id": company, "date_to": date_to.isoformat()},
                context=self.ctx(key),
            )
            state, status = "draft", "created"
        grace = 0.0
        if state == "draft":
            self.odoo(model, "action_start", [run], context=self.ctx(key))
            state, grace = "running", 2.0
        if state == "running":
            state = self.wait(model, run, timeout, grace)
        if state == "running":
            self.warnings.append(
                f"{model} {date_to} still running after {timeout:.0f}s: are queue jobs performed? "
                "(queue_job in server_wide_modules, var/odoo.log)"
            )
        return run, state, status

    def billing(self, key, date_to, timeout):
        run, state, status = self.run("ps.billing.run", key, date_to, timeout)
        lines = self.odoo(
            "ps.billing.run.line",
            "search_read",
            [("run_id", "=", run)],
            fields=["engagement_id", "state", "move_id", "message"],
        )
        outcome = {}
        for line in lines:
            self.tally(outcome, line["state"])
            if line["state"] == "failed":
                self.warnings.append(
                    f"billing {date_to} {line['engagement_id'][1]}: {line['message']}"
                )
        print(f"  billing run {date_to} ({status}, {state}): {outcome}")
        if state not in ("done", "finished"):
            return False
        # finance reviews and posts some proposals; the others stay draft
        post = [self.engagements[(key, code)] for code in demo_data.POST_INVOICES.get(key, [])]
        if key in demo_data.REVIEW_LAST_MONTH and date_to == self.closed_month_ends[-1]:
            post = []
        drafts = self.odoo(
            "account.move",
            "search",
            [
                ("ps_billing_run_id", "=", run),
                ("state", "=", "draft"),
                ("ps_engagement_id", "in", post),
            ],
            order="id",
        )
        if drafts:
            # finance issues them on the first day after the period (a proposal
            # is dated when it is posted, and its due date follows that day)
            issued = min(date_to + datetime.timedelta(days=1), self.today)
            self.odoo(
                "account.move",
                "write",
                drafts,
                {"invoice_date": issued.isoformat()},
                context=self.ctx(key),
            )
            self.odoo("account.move", "action_ps_post_proposals", drafts, context=self.ctx(key))
            print(f"    posted {len(drafts)} invoice proposal(s), dated {issued}")
        # the income account the invoices post to is the recognised revenue account
        accounts = self.odoo(
            "account.move.line",
            "read_group",
            [("move_id.ps_billing_run_id", "=", run), ("display_type", "=", "product")],
            ["account_id"],
            ["account_id"],
            lazy=False,
        )
        for group in accounts:
            if group["account_id"] and group["account_id"][0] != self.revenue_account[key]:
                self.warnings.append(
                    f"invoice lines post to {group['account_id'][1]}, not to the "
                    "recognised revenue account"
                )
        return True

    def accept_milestones(self, key, until):
        for spec in demo_data.ENGAGEMENTS[key]:
            for label, __, accepted in spec.get("milestones", []):
                day = accepted and month_date(self.anchor, accepted)
                if not day or day > until:
                    continue
                ms = self.milestones[(key, spec["code"], label)]
                current = self.odoo(
                    "ps.engagement.milestone", "read", [ms], fields=["accepted_date"]
                )[0]
                if not current["accepted_date"]:
                    self.odoo(
                        "ps.engagement.milestone",
                        "action_accept",
                        [ms],
                        day.isoformat(),
                        context=self.ctx(key),
                    )
                    print(f"  milestone accepted on {day}: {label}")

    def recognition(self, key, date_to, timeout):
        run, state, status = self.run("ps.revenue.run", key, date_to, timeout)
        lines = self.odoo(
            "ps.revenue.run.line",
            "search_read",
            [("run_id", "=", run)],
            fields=["engagement_id", "state", "move_id", "message"],
        )
        outcome = {}
        for line in lines:
            self.tally(outcome, line["state"])
            if line["state"] == "failed":
                self.warnings.append(
                    f"recognition {date_to} {line['engagement_id'][1]}: {line['message']}"
                )
        print(f"  recognition run {date_to} ({status}, {state}): {outcome}")
        return state in ("done", "finished")

    def close_months(self, key, timeout):
        """Bill and recognise the closed months, in order, as finance would:
        bill a month, post some proposals; then recognise each month."""
        for date_to in self.closed_month_ends:
            # milestones the customer accepted during the month, before its run
            self.accept_milestones(key, date_to)
            if not self.billing(key, date_to, timeout):
                return
        for date_to in self.closed_month_ends:
            if not self.recognition(key, date_to, timeout):
                return

    def summary(self):
        o = self.odoo
        print("demo contents:")
        for key, company in self.company_ids.items():
            c = [("company_id", "=", company)]
            entries = o(
                "account.analytic.line",
                "read_group",
                c + [("project_id", "!=", False)],
                ["unit_amount:sum"],
                ["ps_status"],
                lazy=False,
            )
            time_txt = ", ".join(
                f"{g['ps_status']} {g['__count']} ({g['unit_amount']:g} h)" for g in entries
            )
            moves = o(
                "account.move",
                "read_group",
                c + [("ps_engagement_id", "!=", False)],
                ["amount_untaxed_signed:sum"],
                ["move_type", "state"],
                lazy=False,
            )
            moves_txt = ", ".join(f"{g['move_type']}/{g['state']} {g['__count']}" for g in moves)
            active = o("ps.engagement", "search_count", c + [("state", "=", "active")])
            schedule = o(
                "ps.revenue.schedule.line",
                "search_count",
                [("obligation_id.company_id", "=", company)],
            )
            print(
                f"  {demo_data.COMPANIES[key]['name']}: "
                f"{o('hr.employee', 'search_count', c)} employees, {active} active engagements, "
                f"{o('ps.revenue.obligation', 'search_count', c)} obligations, "
                f"{schedule} schedule lines; time: {time_txt or 'none'}; "
                f"moves: {moves_txt or 'none'}"
            )
            engs = o(
                "ps.engagement",
                "search_read",
                c,
                fields=[
                    "reference",
                    "name",
                    "amount_proposed",
                    "ps_revenue_billed",
                    "ps_revenue_recognised",
                    "ps_revenue_deferred",
                    "ps_revenue_unbilled",
                    "cap_burn",
                    "retainer_balance",
                ],
                order="id",
                context=self.ctx(key),
            )
            for e in engs:
                print(
                    f"    {e['reference']} {e['name'][:44]:44}"
                    f" proposed {e['amount_proposed']:>10,.2f}"
                    f"  invoiced {e['ps_revenue_billed']:>10,.2f}"
                    f"  recognised {e['ps_revenue_recognised']:>10,.2f}"
                    f"  deferred {e['ps_revenue_deferred']:>10,.2f}"
                    f"  unbilled {e['ps_revenue_unbilled']:>10,.2f}"
                )

    def load(self, timeout):
        for key in self.company_ids:
            print(f"{demo_data.COMPANIES[key]['name']}:")
            chart = self.chart_of_accounts(key)
            print(f"  chart of accounts: {chart}")
            self.revenue_settings(key)
            self.time_backend(key)
            self.people(key)
            self.rate_card(key)
            self.engagements_of(key)
        # the agreement before the time: it lets the provider's time tool
        # name the receiver's projects
        self.intercompany_agreement()
        for key in self.company_ids:
            print(f"{demo_data.COMPANIES[key]['name']}:")
            self.time_entries(key)
            self.costs(key)
        for key in demo_data.RUN_ENTITIES:
            print(
                f"{demo_data.COMPANIES[key]['name']}: closed months "
                f"{', '.join(str(d) for d in self.closed_month_ends)}"
            )
            self.close_months(key, timeout)
            if demo_data.SUBCONTRACTORS.get(key):
                self.subcontractor_bills(key, timeout)
        self.intercompany_runs(timeout)
        self.analytics()
        self.alerts()

    # intercompany ---------------------------------------------------------------
    def intercompany_agreement(self):
        """The provider's agreement with the receiver (cost plus, GBP), the
        accounts of both sides, and a GBP/USD rate from the anchor month in
        both entities' books where none is there yet."""
        spec = demo_data.INTERCOMPANY
        provider, receiver = (
            self.company_ids[spec["provider"]],
            self.company_ids[spec["receiver"]],
        )
        o = self.odoo
        currency = o.one("res.currency", [("name", "=", spec["currency"])])
        usd_per_gbp = demo_data.INTERCOMPANY_RATE_USD_PER_GBP
        for company, name, rate in (
            (receiver, "GBP", 1 / usd_per_gbp),
            (provider, "USD", usd_per_gbp),
        ):
            cur = o.one("res.currency", [("name", "=", name)])
            o("res.currency", "write", [cur], {"active": True})
            domain = [
                ("currency_id", "=", cur),
                ("company_id", "=", company),
                ("name", "<=", self.anchor.isoformat()),
            ]
            if not o("res.currency.rate", "search", domain, limit=1):
                o(
                    "res.currency.rate",
                    "create",
                    {
                        "currency_id": cur,
                        "company_id": company,
                        "name": self.anchor.isoformat(),
                        "rate": rate,
                    },
                )

        def account(company, account_type):
            return o(
                "account.account",
                "search",
                [("company_ids", "in", [company]), ("account_type", "=", account_type)],
                order="id",
                limit=1,
                context={"allowed_company_ids": [company]},
            )[0]

        agreement, status = self.upsert(
            "ps.intercompany.agreement",
            [("provider_company_id", "=", provider), ("receiver_company_id", "=", receiver)],
            {
                "provider_company_id": provider,
                "receiver_company_id": receiver,
                "method": spec["method"],
                "markup_percent": spec["markup_percent"],
                "currency_id": currency,
                "revenue_account_id": account(provider, "income"),
                "cost_account_id": account(receiver, "expense"),
                "active": True,
            },
            key=spec["provider"],
            create_only=("revenue_account_id", "cost_account_id"),
        )
        self.ic_agreement = agreement
        self.group_settings()
        print(
            f"intercompany agreement {demo_data.COMPANIES[spec['provider']]['name']} -> "
            f"{demo_data.COMPANIES[spec['receiver']]['name']} ({status}): cost plus "
            f"{spec['markup_percent']} % in {spec['currency']}"
        )

    def group_settings(self):
        """The consolidating entity and group currency of the intercompany
        balances, when none is set (an administrator's choice stays)."""
        o = self.odoo
        values = {
            "ps_intercompany.group_company_id": self.company_ids[demo_data.GROUP["company"]],
            "ps_intercompany.group_currency_id": o.one(
                "res.currency", [("name", "=", demo_data.GROUP["currency"])]
            ),
        }
        for name, value in values.items():
            current = o("ir.config_parameter", "get_param", name)
            if not current:
                o("ir.config_parameter", "set_param", name, str(value))
            print(f"  {name}: {current or value} ({'unchanged' if current else 'set'})")

    # analytics ------------------------------------------------------------------
    def analytics(self):
        """Capacity of the demo's months and the WIP as of today, computed as
        *Compute Capacity and WIP* does (the daily jobs would only do it
        tonight), then each entity's report figures."""
        o = self.odoo
        everyone = {"allowed_company_ids": list(self.company_ids.values())}
        date_from, date_to = self.anchor, month_date(self.anchor, (4, "end"))
        o(
            "ps.analytics.capacity",
            "action_ps_refresh",
            date_from.isoformat(),
            date_to.isoformat(),
            context=everyone,
        )
        wip = o("ps.analytics.wip", "action_ps_refresh", context=everyone)
        if isinstance(wip, dict):
            self.warnings.append(f"WIP: {wip['params']['message']}")
        print(f"analytics: capacity {date_from} to {date_to} and WIP as of today computed")
        reports = (
            ("ps.analytics.utilization", ["billable_hours", "capacity_hours", "utilization"]),
            ("ps.analytics.realization", ["standard_value", "billed_amount", "realization"]),
            ("ps.analytics.margin", ["revenue", "cost", "margin", "margin_pct"]),
            ("ps.analytics.backlog", ["to_recognise", "to_bill"]),
            ("ps.analytics.wip", ["hours", "amount"]),
        )
        for key, company in self.company_ids.items():
            figures = []
            for model, measures in reports:
                domain = [("company_id", "=", company)]
                if model == "ps.analytics.utilization":  # the closed months
                    domain.append(("date", "<=", self.closed_month_ends[-1].isoformat()))
                [row] = o(
                    model,
                    "read_group",
                    domain,
                    measures,
                    [],
                    context=self.ctx(key),
                )
                if not row["__count"]:
                    self.warnings.append(f"{model} has no figures for {key}")
                figures.append(
                    f"{model.split('.')[-1]} "
                    + ", ".join(f"{m} {row[m] or 0:,.2f}" for m in measures)
                )
            print(f"  {demo_data.COMPANIES[key]['name']}: " + "; ".join(figures))

    def alerts(self):
        """Evaluate the shipped alert rules now (their scheduled action would
        within minutes), so the demo opens with the alerts the firm's data
        raises, each with the money at stake."""
        o = self.odoo
        everyone = {"allowed_company_ids": list(self.company_ids.values())}
        rules = o("ps.alert.rule", "search", [("active", "=", True)], context=everyone)
        o("ps.alert.rule", "action_evaluate", rules, context=everyone)
        groups = o(
            "ps.alert",
            "read_group",
            [("state", "!=", "closed")],
            ["amount:sum"],
            ["code"],
            context=everyone,
        )
        print(
            f"alerts: {len(rules)} rules evaluated; open: "
            + (
                "; ".join(
                    f"{g['code']} {g['code_count']} ({g['amount'] or 0:,.2f})" for g in groups
                )
                or "none"
            )
        )

    def intercompany_runs(self, timeout):
        """The provider's intercompany run of each closed month, then the
        balances of the pair."""
        key = demo_data.INTERCOMPANY["provider"]
        print(f"{demo_data.COMPANIES[key]['name']}: intercompany runs")
        for date_to in self.closed_month_ends:
            run, state, status = self.run("ps.intercompany.run", key, date_to, timeout)
            lines = self.odoo(
                "ps.intercompany.run.line",
                "search_read",
                [("run_id", "=", run)],
                fields=["receiver_company_id", "state", "move_id", "amount", "message"],
                context=self.ctx(key),
            )
            for line in lines:
                if line["state"] == "failed":
                    self.warnings.append(f"intercompany {date_to}: {line['message']}")
                print(
                    f"  intercompany run {date_to} ({status}, {state}): "
                    f"{line['receiver_company_id'][1]} {line['state']}"
                    f" {line['move_id'][1] if line['move_id'] else ''} {line['amount']:,.2f}"
                )
        rows = self.odoo(
            "ps.intercompany.balance",
            "read_group",
            [],
            ["receivable:sum", "payable:sum", "difference:sum"],
            ["provider_company_id", "receiver_company_id"],
            lazy=False,
            context=self.ctx(key),
        )
        for row in rows:
            print(
                f"  balances {row['provider_company_id'][1]} -> {row['receiver_company_id'][1]}: "
                f"receivable {row['receivable']:,.2f}, payable {row['payable']:,.2f}, "
                f"difference {row['difference']:,.2f}"
            )


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8069")
    ap.add_argument("--db", default="ps_demo")
    ap.add_argument("--login", default="admin")
    ap.add_argument("--password", default="admin")
    ap.add_argument(
        "--today",
        type=datetime.date.fromisoformat,
        default=datetime.date.today(),
        help="date the demo is built for (default: today)",
    )
    ap.add_argument(
        "--job-timeout",
        type=float,
        default=90.0,
        help="seconds to wait for each billing or recognition run's jobs",
    )
    a = ap.parse_args()
    t0 = time.monotonic()
    odoo = Odoo(a.url, a.db, a.login, a.password)
    company_ids = companies(odoo)
    users(odoo, company_ids)
    codes = backends(odoo, company_ids)
    customers(odoo, codes)
    loader = Loader(odoo, company_ids, codes, a.today)
    loader.load(a.job_timeout)
    loader.summary()
    for warning in loader.warnings:
        print(f"WARNING: {warning}")
    print(
        f"demo firm loaded in {time.monotonic() - t0:.1f}s: log in as admin/admin; the "
        "Integrations menu has the sync log, bindings and exception workbench; Engagements "
        "has engagements, time, billing runs and Revenue"
    )


if __name__ == "__main__":
    main()
