# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "PS Sync Salesforce",
    "summary": "Salesforce connector: accounts and contacts in, closed-won "
    "opportunities become customers, orders, engagements and projects; "
    "delivery and billing status out",
    "version": "18.0.1.3.1",
    "category": "Services/Integrations",
    "website": "https://github.com/ps-addons/ps-addons",
    "author": "PS Addons",
    "license": "LGPL-3",
    "maintainers": ["ps-addons"],
    "development_status": "Beta",
    "depends": ["ps_sync_core", "ps_billing_rules", "sale_project", "mail"],
    "external_dependencies": {"python": ["simple-salesforce"]},
    "data": [
        "data/queue_job_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/ps_sync_backend_views.xml",
    ],
    "assets": {
        "web.assets_tests": ["ps_sync_salesforce/static/tests/tours/**/*"],
    },
    "installable": True,
}
