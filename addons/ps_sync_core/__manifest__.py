# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "PS Sync Core",
    "summary": "Backends, bindings, field ownership, sync log, exception "
    "workbench, inbound RPC API and signed webhooks for integrations",
    "version": "18.0.1.1.0",
    "category": "Services/Integrations",
    "website": "https://github.com/ps-addons/ps-addons",
    "author": "PS Addons",
    "license": "LGPL-3",
    "depends": ["mail", "queue_job"],
    "data": [
        "security/ps_sync_security.xml",
        "security/ir.model.access.csv",
        "data/queue_job_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_activity_type_data.xml",
        "views/ps_sync_backend_views.xml",
        "views/ps_sync_binding_views.xml",
        "views/ps_sync_log_views.xml",
        "views/ps_sync_field_ownership_views.xml",
        "views/ps_sync_reconciliation_views.xml",
        "wizards/ps_sync_log_resolve_views.xml",
        "views/res_partner_views.xml",
        "views/ps_sync_menus.xml",
    ],
    "installable": True,
    "application": True,
}
