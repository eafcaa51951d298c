# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import hr_job
from . import ps_engagement
from . import ps_analytics_report_mixin
from . import ps_analytics_capacity
from . import resource_calendar_leaves
from . import ps_analytics_wip
