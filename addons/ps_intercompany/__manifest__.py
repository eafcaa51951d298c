# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "PS Intercompany",
    "summary": "Cross-entity time, transfer pricing agreements and intercompany runs "
    "making the provider's invoice and the receiver's mirrored bill",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/ps-addons/ps-addons",
    "author": "PS Addons",
    "license": "LGPL-3",
    "maintainers": ["ps-addons"],
    "development_status": "Alpha",
    "depends": ["ps_billing_rules"],
    "data": [
        "security/ps_intercompany_security.xml",
        "security/ir.model.access.csv",
        "data/queue_job_data.xml",
        "views/ps_intercompany_agreement_views.xml",
        "views/ps_intercompany_run_views.xml",
        "views/ps_intercompany_trace_views.xml",
        "views/account_move_views.xml",
        "views/account_analytic_line_views.xml",
        "views/ps_engagement_views.xml",
        "views/res_config_settings_views.xml",
        "report/ps_intercompany_balance_views.xml",
        "views/ps_intercompany_menus.xml",
    ],
    "installable": True,
}
