# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import ps_analytics_utilization
from . import ps_analytics_realization
from . import ps_analytics_margin
from . import ps_analytics_backlog
