# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models

from odoo.addons.ps_sync_core.access import MANAGER, check_group


class PsSyncBackend(models.Model):
    _name = "ps.sync.backend"
    # activities: the responsible user is told once per Salesforce login outage
    _inherit = ["ps.sync.backend", "mail.activity.mixin"]
    # what a Salesforce backend does is ps.sync.connector.salesforce; here are
    # its settings and credentials

    kind = fields.Selection(
        selection_add=[("salesforce", "Salesforce")],
        ondelete={"salesforce": "set default"},
    )
    sf_auth = fields.Selection(
        [
            ("jwt", "OAuth 2.0 JWT bearer (connected app)"),
            ("password", "Username, password and security token"),
        ],
        string="Login",
        default="jwt",
    )
    sf_environment = fields.Selection(
        [("production", "Production"), ("sandbox", "Sandbox")],
        string="Environment",
        default="production",
    )
    sf_my_domain = fields.Char(
        string="My Domain",
        help="Optional My Domain login host prefix, e.g. 'acme.my' for "
        "acme.my.salesforce.com; empty uses login.salesforce.com (production) or "
        "test.salesforce.com (sandbox).",
    )
    sf_api_version = fields.Char(string="API Version", default="59.0")
    sf_username = fields.Char(string="Salesforce Username", groups="base.group_system", copy=False)
    sf_password = fields.Char(string="Salesforce Password", groups="base.group_system", copy=False)
    sf_security_token = fields.Char(string="Security Token", groups="base.group_system", copy=False)
    sf_consumer_key = fields.Char(
        string="Consumer Key",
        groups="base.group_system",
        copy=False,
        help="Connected app consumer key (JWT bearer flow).",
    )
    sf_private_key = fields.Text(
        string="Private Key (PEM)",
        groups="base.group_system",
        copy=False,
        help="Key whose certificate is uploaded to the connected app.",
    )
    sf_org_id = fields.Char(
        string="Organization ID",
        readonly=True,
        copy=False,
        help="Set by 'Test connection'; outbound messages from another org are refused.",
    )
    sf_overlap_seconds = fields.Integer(
        string="Overlap Window (s)",
        default=300,
        help="Incremental pulls ask for records modified since the watermark minus "
        "this window, so records committed late in Salesforce are not missed.",
    )
    sf_bulk_threshold = fields.Integer(
        string="Bulk API Above",
        default=10000,
        help="An initial load of more records than this uses Bulk API 2.0; 0 never does.",
    )
    sf_bulk_poll_seconds = fields.Float(string="Bulk Poll Interval (s)", default=2.0)
    sf_limit_retry_seconds = fields.Integer(
        string="Request Limit Pause (s)",
        default=3600,
        help="How long a job waits after REQUEST_LIMIT_EXCEEDED before it runs again.",
    )
    sf_timeout = fields.Integer(string="Timeout (s)", default=60)
    sf_project_template_id = fields.Many2one(
        "project.project",
        string="Project Template",
        help="Won opportunities get a copy of this project (stages, tasks, settings).",
    )
    sf_rate_card_id = fields.Many2one(
        "ps.rate.card",
        string="Rate Card",
        help="Rate card of engagements that bill time and materials.",
    )
    sf_multi_currency = fields.Boolean(
        string="Multi-currency Org",
        readonly=True,
        copy=False,
        help="Set when Salesforce records carry CurrencyIsoCode (found by Test connection "
        "and by pulls): opportunities then become orders in their own currency, through "
        "the company's pricelist in that currency.",
    )
    sf_fallback_user_id = fields.Many2one(
        "res.users",
        string="Fallback Salesperson",
        domain=[("share", "=", False)],
        help="Salesperson of orders whose opportunity owner has no Odoo user with the "
        "same login or e-mail; empty leaves those orders without salesperson.",
    )
    sf_push_status = fields.Boolean(string="Push Status to Salesforce", default=True)
    sf_field_map_ids = fields.One2many("ps.sf.field.map", "backend_id", string="Field Mappings")
    sf_product_map_ids = fields.One2many(
        "ps.sf.product.map", "backend_id", string="Product Mappings"
    )

    def action_sf_reset_mappings(self):
        """Button: replace the field mappings with the defaults (sync managers)."""
        check_group(self.env, MANAGER, action=_("reset a backend's Salesforce mappings"))
        for backend in self:
            backend._connector()._write_default_mappings(backend)
        return True
