# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "PS Revenue Recognition",
    "summary": "Performance obligations, allocation by standalone selling price, "
    "recognition schedules, monthly revenue entries and contract balances",
    "version": "18.0.1.2.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/ps-addons/ps-addons",
    "author": "PS Addons",
    "license": "LGPL-3",
    "maintainers": ["ps-addons"],
    "development_status": "Beta",
    "depends": ["ps_billing_rules"],
    "data": [
        "security/ps_revenue_security.xml",
        "security/ir.model.access.csv",
        "data/queue_job_data.xml",
        "views/ps_revenue_obligation_views.xml",
        "views/ps_revenue_schedule_line_views.xml",
        "views/ps_revenue_run_views.xml",
        "views/ps_engagement_views.xml",
        "views/account_move_views.xml",
        "views/res_config_settings_views.xml",
        "report/ps_revenue_balance_report_views.xml",
        "wizards/ps_revenue_reconciliation_views.xml",
        "views/ps_revenue_menus.xml",
    ],
    "installable": True,
}
