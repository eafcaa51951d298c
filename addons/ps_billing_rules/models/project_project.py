# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProjectProject(models.Model):
    _inherit = "project.project"

    ps_code = fields.Char(
        string="Project Code",
        copy=False,
        index=True,
        help="The code time tools put on time entries for this project.",
    )
    ps_engagement_ids = fields.One2many("ps.engagement", "project_id", string="Engagements")

    _sql_constraints = [
        (
            "ps_code_company_unique",
            "unique(company_id, ps_code)",
            "A project code is unique within a company.",
        )
    ]
