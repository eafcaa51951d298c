# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProjectTask(models.Model):
    _inherit = "project.task"

    ps_code = fields.Char(
        string="Task Code",
        copy=False,
        index=True,
        help="The code time tools put on time entries for this task.",
    )
