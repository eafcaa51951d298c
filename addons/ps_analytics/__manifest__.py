# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "PS Analytics",
    "summary": "Utilization, realization, margin, backlog and WIP reports for a "
    "professional services firm, each figure open to the records behind it",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/ps-addons/ps-addons",
    "author": "PS Addons",
    "license": "LGPL-3",
    "maintainers": ["ps-addons"],
    "development_status": "Alpha",
    "depends": [
        "ps_costing",
        "ps_revenue_recognition",
        "ps_intercompany",
        "project_timesheet_holidays",
    ],
    "data": [
        "security/ps_analytics_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/hr_job_views.xml",
        "views/ps_engagement_views.xml",
        "views/ps_analytics_capacity_views.xml",
        "views/ps_analytics_utilization_views.xml",
        "views/ps_analytics_realization_views.xml",
        "views/ps_analytics_margin_views.xml",
        "views/ps_analytics_backlog_views.xml",
        "views/ps_analytics_wip_views.xml",
        "wizards/ps_analytics_refresh_views.xml",
        "views/ps_analytics_menus.xml",
    ],
    "assets": {
        "web.assets_tests": ["ps_analytics/static/tests/tours/**/*"],
    },
    "installable": True,
}
