# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "PS Sync HubSpot",
    "summary": "HubSpot connector: companies and contacts in, closed-won deals become "
    "customers, orders, engagements and projects; delivery and payment status out",
    "version": "18.0.1.0.0",
    "category": "Services/Integrations",
    "website": "https://github.com/ps-addons/ps-addons",
    "author": "PS Addons",
    "license": "LGPL-3",
    "maintainers": ["ps-addons"],
    "development_status": "Beta",
    "depends": ["ps_sync_core", "ps_billing_rules", "sale_project", "mail"],
    "external_dependencies": {"python": ["hubspot-api-client"]},
    "data": [
        "security/ps_hs_security.xml",
        "security/ir.model.access.csv",
        "data/queue_job_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_activity_type_data.xml",
        "views/ps_sync_backend_views.xml",
    ],
    "installable": True,
}
