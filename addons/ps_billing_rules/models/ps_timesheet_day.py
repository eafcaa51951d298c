# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PsTimesheetDay(models.Model):
    """One row per employee and day that received time through ``ingest``.

    The 24-hours-a-day rule reads the day's total, then adds to it: two
    senders doing that at once would each see the other's hours missing.
    Odoo runs every transaction in REPEATABLE READ, so waiting on a lock does
    not help (the waiting one still reads its old snapshot). Instead each
    transaction that books time on a day bumps that day's row: the second
    writer of the same row fails to serialise, and Odoo's RPC layer (or
    queue_job's runner) runs its whole call again on a fresh snapshot, which
    sees the first one's hours.
    """

    _name = "ps.timesheet.day"
    _description = "Time Booked per Employee and Day (concurrency guard)"
    _log_access = False

    employee_id = fields.Many2one("hr.employee", required=True, ondelete="cascade")
    date = fields.Date(required=True)
    version = fields.Integer(default=0)

    _sql_constraints = [
        ("employee_date_unique", "unique(employee_id, date)", "One row per employee and day."),
    ]

    @api.model
    def _serialise(self, pairs):
        """Claim ``(employee_id, date)`` days for this transaction (see class doc)."""
        pairs = sorted(set(pairs))
        if not pairs:
            return
        self.env.cr.execute(
            """
            INSERT INTO ps_timesheet_day (employee_id, date, version)
            SELECT e, d, 1 FROM unnest(%s::int[], %s::date[]) AS t(e, d)
            ON CONFLICT (employee_id, date)
            DO UPDATE SET version = ps_timesheet_day.version + 1
            """,
            [[e for e, __ in pairs], [d for __, d in pairs]],
        )
