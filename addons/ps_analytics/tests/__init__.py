# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_utilization
from . import test_realization
from . import test_backlog
from . import test_wip
from . import test_margin
from . import test_access
