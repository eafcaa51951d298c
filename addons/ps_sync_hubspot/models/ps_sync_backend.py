# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..pure import client as pure_client
from ..pure import ratelimit as pure_rate

RATE_TIERS = [
    ("starter", "Free / Starter (100 calls per 10 s)"),
    ("professional", "Professional (190 calls per 10 s)"),
    ("enterprise", "Enterprise (190 calls per 10 s)"),
    ("oauth_app", "Public OAuth app (110 calls per 10 s)"),
]


class PsSyncBackend(models.Model):
    _inherit = "ps.sync.backend"

    kind = fields.Selection(
        selection_add=[("hubspot", "HubSpot")],
        ondelete={"hubspot": "set default"},
    )
    hs_auth = fields.Selection(
        [
            ("private_app", "Private app access token"),
            ("oauth", "OAuth 2.0 (public app, refresh token)"),
        ],
        string="HubSpot Login",
        default="private_app",
    )
    hs_access_token = fields.Char(string="Access Token", groups="base.group_system", copy=False)
    hs_client_id = fields.Char(string="Client ID", groups="base.group_system", copy=False)
    hs_client_secret = fields.Char(
        string="Client Secret",
        groups="base.group_system",
        copy=False,
        help="The app's client secret: refreshes OAuth tokens, and checks the signature "
        "of HubSpot's webhooks (private apps have one too, on their Auth tab).",
    )
    hs_refresh_token = fields.Char(string="Refresh Token", groups="base.group_system", copy=False)
    hs_portal_id = fields.Char(
        string="Portal (Hub) ID",
        copy=False,
        help="The HubSpot account this backend reads. Test connection checks the token "
        "belongs to it (and sets it when empty); pulls refuse another portal's token.",
    )
    hs_host = fields.Char(
        string="API Host",
        default=pure_client.API,
        groups="base.group_system",
        help="https://api.hubapi.com unless your network goes through a proxy host.",
    )
    hs_rate_tier = fields.Selection(RATE_TIERS, string="Rate Tier", default="starter")
    hs_burst = fields.Integer(
        string="Calls per 10 s",
        help="0: the tier's burst. Lower it when other integrations share the portal.",
    )
    hs_daily_limit = fields.Integer(string="Daily Allowance", help="0: the tier's allowance.")
    hs_checked_at = fields.Datetime(string="Last Checked", readonly=True, copy=False)
    hs_missing_scopes = fields.Char(string="Missing Scopes", readonly=True, copy=False)
    hs_overlap_seconds = fields.Integer(
        string="HubSpot Overlap Window (s)",
        default=300,
        help="Pulls ask for records modified since the watermark minus this window: "
        "HubSpot's search index lags a few seconds behind its writes.",
    )
    hs_timeout = fields.Integer(string="HubSpot Timeout (s)", default=30)
    hs_pipeline_ids = fields.One2many("ps.hs.pipeline", "backend_id", string="Deal Pipelines")

    @api.constrains("hs_burst", "hs_daily_limit", "hs_overlap_seconds", "hs_timeout")
    def _check_hs_limits(self):
        for backend in self.filtered(lambda b: b.kind == "hubspot"):
            if backend.hs_burst < 0 or backend.hs_daily_limit < 0:
                raise ValidationError(_("HubSpot call limits cannot be negative."))
            if not 0 <= backend.hs_overlap_seconds <= 86400:
                raise ValidationError(_("The overlap window is between 0 s and one day."))
            if not 1 <= backend.hs_timeout <= 600:
                raise ValidationError(_("The HubSpot timeout is between 1 and 600 seconds."))

    def _hs_limits(self):
        """(burst per 10 s, daily allowance) in force."""
        return pure_rate.tier_limits(
            self.hs_rate_tier or "starter", self.hs_burst or None, self.hs_daily_limit or None
        )
