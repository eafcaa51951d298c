# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .common import CostingCase, D


class TestEmployeeIngest(CostingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        skill_type = cls.env["hr.skill.type"].create(
            {
                "name": "Consulting skills",
                "skill_ids": [(0, 0, {"name": "SAP FI"}), (0, 0, {"name": "Odoo"})],
                "skill_level_ids": [
                    (0, 0, {"name": "Junior", "level_progress": 30}),
                    (0, 0, {"name": "Expert", "level_progress": 100}),
                ],
            }
        )
        cls.skill_type = skill_type
        cls.env["ps.sync.binding"].create(
            {
                "backend_id": cls.backend.id,
                "company_id": cls.company.id,
                "object_name": "partner",
                "external_id": "V-NORTH",
                "res_model": "res.partner",
                "res_id": cls.vendor.id,
            }
        )

    def person(self, ext, **kw):
        rec = {
            "external_id": ext,
            "name": f"Person {ext}",
            "work_email": f"{ext.lower()}@meridian.example",
            "department": "Delivery",
            "job_title": "Consultant",
            "start_date": "2026-01-05",
            "weekly_hours": 40,
        }
        rec.update(kw)
        return rec

    def test_people_with_rates_skills_and_managers(self):
        res = self.ingest_object_ok(
            "employee",
            [
                self.person(
                    "E-2",
                    manager_external_id="E-1",
                    hourly_cost=45,
                    cost_from="2026-01-05",
                    skills=[{"type": "Consulting skills", "skill": "Odoo", "level": "Junior"}],
                ),
                self.person(
                    "E-1", job_title="Senior consultant", hourly_cost=70, cost_from="2026-01-05"
                ),
                self.person(
                    "E-3",
                    employment_type="contractor",
                    vendor_external_id="V-NORTH",
                    hourly_cost=90,
                    cost_from="2026-02-01",
                ),
            ],
        )
        Employee = self.env["hr.employee"]
        e2, e1, e3 = (Employee.browse(r["res_id"]) for r in res)
        self.assertEqual(e2.parent_id, e1)  # the manager came first, in the same batch
        self.assertEqual(e2.department_id.name, "Delivery")
        self.assertEqual(e1.job_id, self.senior)  # an existing role is reused
        self.assertEqual(e2.ps_weekly_hours, 40)
        self.assertEqual(e2.ps_start_date, D(2026, 1, 5))
        self.assertEqual(
            [(s.skill_id.name, s.skill_level_id.name) for s in e2.employee_skill_ids],
            [("Odoo", "Junior")],
        )
        self.assertEqual(e3.ps_employment_type, "contractor")
        self.assertEqual(e3.ps_vendor_id, self.vendor)
        self.assertEqual(e3._ps_hourly_cost_at(D(2026, 2, 1))[0], 90.0)
        # a raise from 1 April closes the open rate the day before
        self.ingest_object_ok(
            "employee",
            [
                self.person(
                    "E-2",
                    manager_external_id="E-1",
                    hourly_cost=50,
                    cost_from="2026-04-01",
                    skills=[{"type": "Consulting skills", "skill": "Odoo", "level": "Expert"}],
                )
            ],
        )
        self.assertEqual(
            [
                (r.date_from, r.date_to, r.hourly_cost)
                for r in e2.ps_cost_rate_ids.sorted("date_from")
            ],
            [(D(2026, 1, 5), D(2026, 3, 31), 45.0), (D(2026, 4, 1), False, 50.0)],
        )
        self.assertEqual(e2.employee_skill_ids.skill_level_id.name, "Expert")
        # a closed rate that a new one would overlap is refused, with the reason
        e2.ps_cost_rate_ids.filtered(lambda r: r.hourly_cost == 50).date_to = D(2026, 6, 30)
        self.env["ps.cost.rate"].create(
            {"employee_id": e2.id, "date_from": D(2026, 7, 1), "hourly_cost": 55.0}
        )
        bad = self.ingest_object(
            "employee",
            [
                self.person(
                    "E-2",
                    manager_external_id="E-1",
                    hourly_cost=52,
                    cost_from="2026-05-01",
                    cost_to="2026-07-15",
                )
            ],
        )
        self.assertEqual(bad[0]["status"], "rejected")
        self.assertIn("overlaps the cost rate", bad[0]["message"])
        log = self.env["ps.sync.log"].search(
            [
                ("object_name", "=", "employee"),
                ("external_id", "=", "E-2"),
                ("state", "=", "failed"),
            ]
        )
        self.assertTrue(log)

    def test_terminated_people_are_archived_never_deleted(self):
        res = self.ingest_object_ok("employee", [self.person("E-9")])
        person = self.env["hr.employee"].browse(res[0]["res_id"])
        self.assertTrue(person.active)
        self.ingest_object_ok("employee", [self.person("E-9", end_date="2026-02-27")])
        self.assertFalse(person.active)
        self.assertEqual(person.departure_date, D(2026, 2, 27))
        # deleted at the source, under a "delete" policy: archived all the same
        self.backend.deletion_policy = "delete"
        handler = self.env["ps.sync.object.employee"]
        handler._apply_deletions(self.backend, [{"external_id": "E-9", "merged_into": None}], "c1")
        self.assertTrue(person.exists())

    def test_bad_people_refused_with_their_reason(self):
        cases = [
            (self.person("B-1", manager_external_id="NOBODY"), "unknown manager_external_id"),
            (self.person("B-2", employment_type="contractor"), "needs 'vendor_external_id'"),
            (
                self.person("B-3", vendor_external_id="V-NONE", employment_type="contractor"),
                "unknown vendor",
            ),
            (
                self.person("B-4", skills=[{"type": "Cooking", "skill": "Pie", "level": "Chef"}]),
                "unknown skill type",
            ),
            (
                self.person("B-5", hourly_cost=0, cost_from="2026-01-01"),
                "'hourly_cost' must be positive",
            ),
            (self.person("B-6", hourly_cost=10), "'cost_from' is required"),
            (
                self.person("B-7", hourly_cost=10, cost_from="2026-01-01", cost_currency="EUR"),
                "no exchange rate",
            ),
            (self.person("B-8", working_schedule="Moon shifts"), "unknown working_schedule"),
        ]
        self.env.ref("base.EUR").active = True
        self.env["res.currency.rate"].search([("currency_id.name", "=", "EUR")]).unlink()
        res = self.ingest_object("employee", [c[0] for c in cases] + [self.person("G-1")])
        for (__, reason), result in zip(cases, res, strict=False):
            with self.subTest(reason=reason):
                self.assertEqual(result["status"], "rejected")
                self.assertIn(reason, result["message"])
        self.assertEqual(res[-1]["status"], "created")  # the good one still lands

    def test_rate_in_a_locked_period_refused(self):
        self.company.fiscalyear_lock_date = D(2026, 2, 28)
        res = self.ingest_object(
            "employee", [self.person("L-1", hourly_cost=30, cost_from="2026-02-01")]
        )
        self.assertEqual(res[0]["status"], "rejected")
        self.assertIn("locked period", res[0]["message"])


class TestPayrollAndExpenseIngest(CostingCase):
    def test_payroll_cost_and_its_refusals(self):
        self.ingest_ok(
            [
                self.time("P-1", self.jane, D(2026, 3, 2), 8),
                self.time("P-2", self.jane, D(2026, 3, 3), 8),
            ]
        )
        res = self.ingest_object_ok(
            "payroll_cost",
            [
                {
                    "external_id": "PAY-JANE-2026-03",
                    "employee_email": "jane@meridian.example",
                    "date_from": "2026-03-01",
                    "date_to": "2026-03-31",
                    "amount": 1000.0,
                }
            ],
        )
        row = self.env["ps.payroll.cost"].browse(res[0]["res_id"])
        # 16 h at 50 = 800 at cost rates; payroll paid 1000
        self.assertEqual((row.hours, row.rate_cost, row.variance), (16.0, 800.0, 200.0))
        bad = self.ingest_object(
            "payroll_cost",
            [
                {
                    "external_id": "PAY-X1",
                    "employee_email": "jane@meridian.example",
                    "date_from": "2026-03-15",
                    "date_to": "2026-04-14",
                    "amount": 900.0,
                },
                {
                    "external_id": "PAY-X2",
                    "employee_email": "ghost@meridian.example",
                    "date_from": "2026-03-01",
                    "date_to": "2026-03-31",
                    "amount": 900.0,
                },
                {
                    "external_id": "PAY-X3",
                    "employee_email": "bob@meridian.example",
                    "date_from": "2026-03-01",
                    "date_to": "2026-03-31",
                    "amount": 0,
                },
            ],
        )
        self.assertEqual([r["status"] for r in bad], ["rejected"] * 3)
        self.assertIn("overlaps", bad[0]["message"])
        self.assertIn("unknown employee", bad[1]["message"])
        self.assertIn("'amount' must be positive", bad[2]["message"])

    def expense(self, ext, **kw):
        rec = {
            "external_id": ext,
            "employee_email": "jane@meridian.example",
            "date": "2026-03-12",
            "project_code": "ACME-ERP",
            "category": "EXP_TRAVEL",
            "description": "Train to Acme",
            "amount": 120.0,
            "billable": True,
            "receipt_ref": f"R-{ext}",
        }
        rec.update(kw)
        return rec

    def test_expenses_and_their_refusals(self):
        res = self.ingest_object_ok("expense", [self.expense("X-1")])
        expense = self.env["hr.expense"].browse(res[0]["res_id"])
        self.assertEqual(expense.ps_engagement_id, self.engagement)
        self.assertTrue(expense.ps_billable)
        self.assertEqual(expense.ps_external_ref, "R-X-1")
        self.assertEqual(expense.total_amount, 120.0)
        self.assertEqual(expense.product_id, self.meal)
        self.assertEqual(expense.employee_id, self.jane)
        self.env.ref("base.EUR").active = True
        self.env["res.currency.rate"].search([("currency_id.name", "=", "EUR")]).unlink()
        self.company.fiscalyear_lock_date = D(2026, 2, 28)
        cases = [
            (self.expense("B-1", employee_email="ghost@meridian.example"), "unknown employee"),
            (self.expense("B-2", project_code="NOPE"), "unknown project_code"),
            (self.expense("B-3", category="Yachts"), "unknown expense category"),
            (self.expense("B-4", amount=0), "'amount' must be positive"),
            (self.expense("B-5", amount=-5), "'amount' must be positive"),
            (self.expense("B-6", date="2026-02-10"), "locked period"),
            (self.expense("B-7", currency="EUR"), "no exchange rate"),
            (self.expense("B-8", tax="No such tax"), "unknown purchase tax"),
        ]
        res = self.ingest_object("expense", [c[0] for c in cases] + [self.expense("G-1")])
        for (__, reason), result in zip(cases, res, strict=False):
            with self.subTest(reason=reason):
                self.assertEqual(result["status"], "rejected")
                self.assertIn(reason, result["message"])
        self.assertEqual(res[-1]["status"], "created")
        failed = self.env["ps.sync.log"].search_count(
            [("object_name", "=", "expense"), ("state", "=", "failed")]
        )
        self.assertEqual(failed, len(cases))


class TestEmployeeAdoption(CostingCase):
    def test_a_person_already_in_odoo_is_taken_over_not_duplicated(self):
        res = self.ingest_object_ok(
            "employee",
            [
                {
                    "external_id": "HR-BOB",
                    "name": "Bob Stone",
                    "work_email": "bob@meridian.example",
                    "job_title": "Consultant",
                    "hourly_cost": 42.0,
                    "cost_from": "2026-04-01",
                }
            ],
        )
        self.assertEqual(res[0]["res_id"], self.bob.id)
        self.assertEqual(
            [
                (r.date_from, r.date_to, r.hourly_cost)
                for r in self.bob.ps_cost_rate_ids.sorted("date_from")
            ],
            [(D(2026, 1, 1), D(2026, 3, 31), 40.0), (D(2026, 4, 1), False, 42.0)],
        )
        # a second external id with the same e-mail is a new person (Bob is bound)
        res = self.ingest_object_ok(
            "employee",
            [
                {
                    "external_id": "HR-BOB-2",
                    "name": "Bob Stone",
                    "work_email": "bob@meridian.example",
                }
            ],
        )
        self.assertNotEqual(res[0]["res_id"], self.bob.id)
