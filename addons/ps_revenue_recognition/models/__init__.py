# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    account_move,
    account_move_line,
    ps_engagement,
    ps_engagement_milestone,
    ps_revenue_obligation,
    ps_revenue_run,
    ps_revenue_run_line,
    ps_revenue_schedule_line,
    res_company,
    res_config_settings,
)
