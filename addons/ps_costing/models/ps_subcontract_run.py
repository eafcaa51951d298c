# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

#: who may start a subcontractor run (it proposes vendor bills as the system)
BILLER_GROUP = "account.group_account_invoice"


class PsSubcontractRun(models.Model):
    """The monthly proposal of subcontractor vendor bills of one company.

    Starting a run enqueues one job per vendor with approved subcontractor
    hours not yet billed up to the period end; each job proposes that
    vendor's draft bill (or credit note) at the buy rates, every bill line
    traced to its hours. Hours are billed once; a cancelled bill releases
    them to the next run; a change after billing is billed as an adjustment.
    """

    _name = "ps.subcontract.run"
    _description = "Subcontractor Bill Run"
    _inherit = ["mail.thread", "ps.engagement.run.mixin"]
    _order = "date_to desc, id desc"

    date_to = fields.Date(help="Approved hours up to this date are billed; bills are dated on it.")
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Done")],
        default="draft",
        required=True,
        tracking=True,
    )
    vendor_ids = fields.Many2many(
        "res.partner", string="Vendors", help="Leave empty to bill every subcontractor vendor."
    )
    line_ids = fields.One2many("ps.subcontract.run.line", "run_id", string="Vendor Jobs")
    move_ids = fields.One2many("account.move", "ps_subcontract_run_id", string="Bill Proposals")
    count_bills = fields.Integer(string="Bills", compute="_compute_progress")

    @api.depends("line_ids.state")
    def _compute_progress(self):
        res = super()._compute_progress()
        for run in self:
            run.count_bills = len(run.line_ids.filtered(lambda line: line.state == "done"))
        return res

    def _check_starter(self):
        if not self.env.su and not self.env.user.has_group(BILLER_GROUP):
            raise AccessError(_("Only invoicing users start subcontractor bill runs."))

    def _engagements_to_start(self):
        """The vendors to bill (the run's lines are per vendor, not per engagement)."""
        self.ensure_one()
        Line = self.env["account.analytic.line"].sudo()
        domain = self._hours_domain()
        employees = Line._read_group(domain, ["employee_id"])
        vendors = self.env["res.partner"].browse(
            {emp.sudo().ps_vendor_id.id for (emp,) in employees if emp.sudo().ps_vendor_id}
        )
        # hours billed before and changed since, or on cancelled bills, are
        # found by the same domain (to bill again)
        if self.vendor_ids:
            vendors &= self.vendor_ids
        if not vendors:
            raise UserError(_("No subcontractor hours to bill for %s.", self.company_id.name))
        violated = self.company_id._ps_violated_lock(self.date_to, self._journal())
        if violated:
            raise UserError(
                _(
                    "The period ending %(date)s is locked (lock date %(lock)s): bill it in an "
                    "open period.",
                    date=self.date_to,
                    lock=violated[0],
                )
            )
        return vendors

    def _run_line_vals(self, vendor):
        return {"vendor_id": vendor.id}

    def _done_message(self):
        return _(
            "Subcontractor run finished: %(bills)s bill proposal(s), %(failed)s failure(s).",
            bills=self.count_bills,
            failed=self.count_failed,
        )

    def _hours_domain(self, vendor=None):
        """Subcontractor time of the run's company up to its period end that
        the vendor may have to be billed for (or credited): approved, or
        billed before (then its change or its removal is an adjustment)."""
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("project_id", "!=", False),
            ("ps_cost_kind", "=", "subcontractor"),
            ("ps_vendor_to_bill", "=", True),
            ("date", "<=", min(self.date_to, fields.Date.context_today(self))),
        ]
        if vendor is not None:
            domain.append(("employee_id.ps_vendor_id", "=", vendor.id))
        return domain

    def _journal(self):
        company = self.company_id
        Journal = self.env["account.journal"].sudo()
        return company.ps_subcontract_journal_id or Journal.search(
            [*Journal._check_company_domain(company), ("type", "=", "purchase")], limit=1
        )

    def action_open_bills(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Subcontractor Bills"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("ps_subcontract_run_id", "=", self.id)],
            "context": {"default_move_type": "in_invoice"},
        }
