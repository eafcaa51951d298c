# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from .common import AnalyticsCase, D

MEASURES = [
    "hours:sum",
    "billable_hours:sum",
    "capacity_hours:sum",
    "leave_hours:sum",
    "holiday_hours:sum",
    "target_hours:sum",
    "utilization:avg",
    "total_utilization:avg",
    "target_utilization:avg",
    "utilization_gap:avg",
]


@freeze_time("2026-05-05")
class TestUtilization(AnalyticsCase):
    """Jane works the company's 40-hour week (8 h a day, Monday to Friday).
    April 2026 has 22 working days (176 h); Easter Monday (6 April) is a
    public holiday (8 h) and she takes 14-15 April off (16 h): capacity
    176 - 8 - 16 = 152 h. Her role's target is 75 %."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.senior.ps_target_utilization = 75.0
        cls.calendar = cls.jane.resource_calendar_id
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Easter Monday",
                "calendar_id": cls.calendar.id,
                "company_id": cls.company.id,
                "date_from": "2026-04-06 00:00:00",
                "date_to": "2026-04-06 23:59:59",
            }
        )
        cls.leave_type = cls.env["hr.leave.type"].create(
            {
                "name": "Paid time off",
                "requires_allocation": "no",
                "leave_validation_type": "no_validation",
                "company_id": cls.company.id,
            }
        )

    def take_leave(self, employee, first, last):
        leave = (
            self.env["hr.leave"]
            .sudo()
            .create(
                {
                    "employee_id": employee.id,
                    "holiday_status_id": self.leave_type.id,
                    "request_date_from": first,
                    "request_date_to": last,
                }
            )
        )
        if leave.state != "validate":
            leave.action_validate()
        return leave

    def capacity(self, employee, month):
        return self.env["ps.analytics.capacity"].search(
            [("employee_id", "=", employee.id), ("date", "=", month)]
        )

    def test_capacity_is_the_schedule_minus_public_holidays_and_leave(self):
        Capacity = self.env["ps.analytics.capacity"].with_user(self.finance_user)
        Capacity.action_ps_refresh(D(2026, 4, 1), D(2026, 4, 30), [self.jane.id])
        cap = self.capacity(self.jane, D(2026, 4, 1))
        self.assertEqual(
            (cap.scheduled_hours, cap.holiday_hours, cap.leave_hours, cap.capacity_hours),
            (176.0, 8.0, 0.0, 168.0),
        )
        # validated time off computes its month again, by itself
        leave = self.take_leave(self.jane, D(2026, 4, 14), D(2026, 4, 15))
        self.assertEqual((cap.leave_hours, cap.capacity_hours), (16.0, 152.0))
        # refused, it gives the hours back
        leave.action_refuse()
        self.assertEqual((cap.leave_hours, cap.capacity_hours), (0.0, 168.0))
        # computing again changes nothing
        Capacity.action_ps_refresh(D(2026, 4, 1), D(2026, 4, 30), [self.jane.id])
        self.assertEqual(len(self.capacity(self.jane, D(2026, 4, 1))), 1)

    def test_capacity_counts_only_the_days_employed(self):
        """Kim starts on Wednesday 15 April: 12 working days (15-17, 20-24,
        27-30) = 96 h, none before. Lou leaves on Wednesday 8 April: 1-3, 6-8
        April = 6 days, 48 h scheduled, Easter Monday 8 h off: 40 h; none in
        May, even once archived."""
        Employee = self.env["hr.employee"]
        kim, lou = Employee.create(
            [
                {
                    "name": "Kim Newcomer",
                    "resource_calendar_id": self.calendar.id,
                    "company_id": self.company.id,
                    "ps_start_date": D(2026, 4, 15),
                },
                {
                    "name": "Lou Leaver",
                    "resource_calendar_id": self.calendar.id,
                    "company_id": self.company.id,
                    "departure_date": D(2026, 4, 8),
                },
            ]
        )
        lou.active = False
        Capacity = self.env["ps.analytics.capacity"].with_user(self.finance_user)
        Capacity.action_ps_refresh(D(2026, 3, 1), D(2026, 5, 31))

        def hours(employee):
            caps = self.env["ps.analytics.capacity"].search(
                [("employee_id", "=", employee.id)], order="date"
            )
            return [(c.date, c.scheduled_hours, c.holiday_hours, c.capacity_hours) for c in caps]

        self.assertEqual(
            hours(kim),
            [
                (D(2026, 3, 1), 0.0, 0.0, 0.0),
                (D(2026, 4, 1), 96.0, 0.0, 96.0),
                (D(2026, 5, 1), 168.0, 0.0, 168.0),
            ],
        )
        self.assertEqual(
            hours(lou),
            [
                (D(2026, 3, 1), 176.0, 0.0, 176.0),
                (D(2026, 4, 1), 48.0, 8.0, 40.0),
                (D(2026, 5, 1), 0.0, 0.0, 0.0),
            ],
        )
        # a start date moved computes the months again, by itself
        kim.ps_start_date = D(2026, 4, 27)  # 27-30 April: 4 days
        self.assertEqual(hours(kim)[1], (D(2026, 4, 1), 32.0, 0.0, 32.0))

    def test_utilization_with_leave_and_a_public_holiday(self):
        self.take_leave(self.jane, D(2026, 4, 14), D(2026, 4, 15))
        self.env["ps.analytics.capacity"].with_user(self.pm_user).action_ps_refresh(
            D(2026, 4, 1), D(2026, 4, 30), [self.jane.id]
        )
        for day in range(1, 11):  # 10 x 10 h billable, 1-10 April
            self.entry(self.jane, D(2026, 4, day), 10.0)
        self.entry(self.jane, D(2026, 4, 20), 12.0, ps_billable=False)
        self.entry(self.jane, D(2026, 4, 21), 8.0, ps_billable=False)
        self.entry(self.jane, D(2026, 4, 22), 5.0, ps_status="rejected")  # not counted
        self.entry(self.jane, D(2026, 5, 4), 7.0)  # another month
        # Odoo logs the time off as timesheets (8 h holiday, 16 h leave): not work
        time_off = self.env["account.analytic.line"].search(
            [
                ("employee_id", "=", self.jane.id),
                "|",
                ("holiday_id", "!=", False),
                ("global_leave_id", "!=", False),
            ]
        )
        self.assertEqual(sum(time_off.mapped("unit_amount")), 24.0)
        domain = [("employee_id", "=", self.jane.id)]
        rows = self.group("ps.analytics.utilization", domain, MEASURES, ["date:month"])
        april = next(r for r in rows if r["date:month"].startswith("April"))
        self.assertEqual(april["hours"], 120.0)
        self.assertEqual(april["billable_hours"], 100.0)
        self.assertEqual(
            (april["capacity_hours"], april["leave_hours"], april["holiday_hours"]),
            (152.0, 16.0, 8.0),
        )
        self.assertEqual(april["target_hours"], 114.0)  # 152 x 75 %
        self.assertEqual(april["utilization"], 65.79)  # 100 / 152
        self.assertEqual(april["total_utilization"], 78.95)  # 120 / 152
        self.assertEqual(april["target_utilization"], 75.0)
        self.assertEqual(april["utilization_gap"], -9.21)  # 65.79 - 75
        # per role: the same figures (Jane is the role's only person with time)
        [role] = self.group(
            "ps.analytics.utilization",
            [
                ("job_id", "=", self.senior.id),
                ("date", ">=", D(2026, 4, 1)),
                ("date", "<", D(2026, 5, 1)),
            ],
            ["utilization:avg", "billable_hours:sum"],
            ["job_id"],
        )
        self.assertEqual((role["billable_hours"], role["utilization"]), (100.0, 65.79))

    def test_drilldown_opens_the_time_entries_behind_a_row(self):
        entry = self.entry(self.jane, D(2026, 4, 1), 6.0)
        Report = self.env["ps.analytics.utilization"].with_user(self.finance_user)
        rows = Report.search([("employee_id", "=", self.jane.id), ("date", "=", D(2026, 4, 1))])
        rows = rows.filtered(lambda r: r.res_model == "account.analytic.line")
        action = rows.with_context(ps_res_model="account.analytic.line").action_ps_open_records()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("account.analytic.line", entry.id)
        )
