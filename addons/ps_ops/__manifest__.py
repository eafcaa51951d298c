# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "PS Operations",
    "summary": "Business-impact alert rules and alerts (money at stake, owners, "
    "activities, signed webhooks), Prometheus metrics and a health endpoint",
    "version": "18.0.1.0.0",
    "category": "Services/Integrations",
    "website": "https://github.com/ps-addons/ps-addons",
    "author": "PS Addons",
    "license": "LGPL-3",
    "maintainers": ["ps-addons"],
    "development_status": "Alpha",
    "depends": ["ps_sync_core", "ps_billing_rules", "ps_revenue_recognition"],
    "external_dependencies": {"python": ["prometheus_client"]},
    "data": [
        "security/ps_ops_security.xml",
        "security/ir.model.access.csv",
        "data/queue_job_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "data/ps_alert_rule_data.xml",
        "wizards/ps_alert_snooze_views.xml",
        "views/ps_alert_views.xml",
        "views/ps_alert_rule_views.xml",
        "views/ps_ops_menus.xml",
    ],
    "installable": True,
    "application": False,
}
