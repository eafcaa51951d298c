# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HrJob(models.Model):
    _inherit = "hr.job"

    ps_target_utilization = fields.Float(
        string="Target Utilization (%)",
        help="Share of a person's capacity (working schedule minus public holidays and "
        "leave) expected on billable work in this role; the Utilization report shows "
        "the gap to it.",
    )

    _sql_constraints = [
        (
            "ps_target_utilization_range",
            "CHECK(ps_target_utilization >= 0 AND ps_target_utilization <= 100)",
            "A target utilization is a percentage between 0 and 100.",
        )
    ]
