# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    account_analytic_line,
    account_move,
    ps_engagement,
    ps_intercompany_agreement,
    ps_intercompany_run,
    ps_intercompany_run_line,
    ps_intercompany_trace,
    ps_sync_object_timesheet,
    queue_job,
    res_config_settings,
)
