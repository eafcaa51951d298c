# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    ps_analytics_backlog,
    ps_analytics_margin,
    ps_analytics_realization,
    ps_analytics_utilization,
)
