# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError

#: a change to one of these makes an entry worth charging (again)
CHARGE_FIELDS = {
    "unit_amount",
    "date",
    "employee_id",
    "project_id",
    "company_id",
    "ps_status",
}


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    ps_employee_company_id = fields.Many2one(
        "res.company",
        string="Employing Entity",
        compute="_compute_ps_employee_company_id",
        store=True,
        index=True,
        help="The entity that employs the consultant, set when the entry is "
        "recorded. When it is not the project's entity, the work is charged "
        "to the project's entity by intercompany runs.",
    )
    ps_ic_to_charge = fields.Boolean(
        string="To Charge (intercompany)",
        default=True,
        index=True,
        copy=False,
        help="Changed since it was last charged between entities: the next "
        "intercompany run charges it, or the difference (an adjustment).",
    )
    ps_ic_trace_ids = fields.One2many(
        "ps.intercompany.trace", "timesheet_id", string="Charged Between Entities"
    )

    @api.depends("employee_id")
    def _compute_ps_employee_company_id(self):
        # the employee's entity at intake (or when the entry changes hands),
        # read as superuser: it may be an entity the author cannot read
        for line in self:
            line.ps_employee_company_id = line.employee_id.sudo().company_id

    def write(self, vals):
        # evidence of charging: flipping it off over RPC would hide a change
        # from the next intercompany run
        if "ps_ic_to_charge" in vals and not self.env.su:
            raise AccessError(_("Only intercompany runs mark time entries charged."))
        if CHARGE_FIELDS & set(vals) and "ps_ic_to_charge" not in vals:
            vals = dict(vals, ps_ic_to_charge=True)
        return super().write(vals)
