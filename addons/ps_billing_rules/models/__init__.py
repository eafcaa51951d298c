# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# the mixins first: the runs, their lines, schedules and milestones inherit them
from . import (  # isort: skip
    ps_billing_invoiced_mixin,
    ps_engagement_run_line_mixin,
    ps_engagement_part_mixin,
    ps_engagement_run_mixin,
)
from . import (
    account_analytic_line,
    account_move,
    hr_employee,
    project_project,
    project_task,
    ps_billing_run,
    ps_billing_run_line,
    ps_billing_trace,
    ps_billing_writeoff,
    ps_engagement,
    ps_engagement_milestone,
    ps_engagement_schedule,
    ps_rate_card,
    ps_rate_card_line,
    ps_sync_backend,
    ps_sync_log,
    ps_sync_object_deal,
    ps_sync_object_timesheet,
    ps_sync_product_map,
    ps_timesheet_day,
    queue_job,
    res_company,
    sale_order,
    sale_order_line,
)
