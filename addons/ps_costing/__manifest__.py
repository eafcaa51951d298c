# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "PS Costing",
    "summary": "People, effective-dated cost rates, payroll costs, expenses and "
    "subcontractors: the cost side of engagements, fed through ingest",
    "version": "18.0.1.0.0",
    "category": "Services/Billing",
    "website": "https://github.com/ps-addons/ps-addons",
    "author": "PS Addons",
    "license": "LGPL-3",
    "maintainers": ["ps-addons"],
    "development_status": "Beta",
    "depends": ["ps_billing_rules", "hr_expense", "hr_skills"],
    "data": [
        "security/ps_costing_security.xml",
        "security/ir.model.access.csv",
        "data/queue_job_data.xml",
        "data/ir_cron_data.xml",
        "views/ps_cost_rate_views.xml",
        "views/hr_employee_views.xml",
        "views/ps_payroll_cost_views.xml",
        "views/hr_expense_views.xml",
        "views/ps_subcontract_run_views.xml",
        "views/res_config_settings_views.xml",
        "views/ps_costing_menus.xml",
    ],
    "assets": {
        "web.assets_tests": ["ps_costing/static/tests/tours/**/*"],
    },
    "installable": True,
}
