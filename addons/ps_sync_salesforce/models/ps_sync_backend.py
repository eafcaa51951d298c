# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


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
    sf_multi_currency = fields.Boolean(
        string="Multi-currency Org",
        readonly=True,
        copy=False,
        help="Set when Salesforce records carry CurrencyIsoCode (found by Test connection "
        "and by pulls): opportunities then become orders in their own currency, through "
        "the company's pricelist in that currency.",
    )
