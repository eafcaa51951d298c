# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    hr_employee,
    hr_job,
    ps_analytics_capacity,
    ps_analytics_report_mixin,
    ps_analytics_wip,
    ps_engagement,
    resource_calendar_leaves,
)
