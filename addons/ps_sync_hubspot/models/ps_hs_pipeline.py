# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class PsHsPipeline(models.Model):
    """A HubSpot deal pipeline and its closed-won stage, per backend.

    Only deals in a listed pipeline whose stage is that pipeline's closed-won
    stage become orders; *Read pipelines* on the backend fills the list from
    HubSpot (the stage HubSpot marks ``isClosed`` with probability 1).
    """

    _name = "ps.hs.pipeline"
    _description = "HubSpot Deal Pipeline"
    _order = "backend_id, name"

    backend_id = fields.Many2one(
        "ps.sync.backend",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("kind", "=", "hubspot")],
    )
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    name = fields.Char(required=True)
    pipeline_id = fields.Char(string="Pipeline ID", required=True)
    won_stage_id = fields.Char(string="Closed-won Stage ID", required=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "pipeline_unique",
            "unique(backend_id, pipeline_id)",
            "A HubSpot pipeline is listed once per backend.",
        ),
    ]

    @api.constrains("pipeline_id", "won_stage_id")
    def _check_ids(self):
        for row in self:
            for value in (row.pipeline_id, row.won_stage_id):
                if not ID_RE.match(value or ""):
                    raise ValidationError(_("%r is not a HubSpot pipeline or stage id.", value))
