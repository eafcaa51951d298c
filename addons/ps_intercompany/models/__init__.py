# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import account_analytic_line
from . import account_move
from . import ps_intercompany_agreement
from . import ps_intercompany_run
from . import ps_intercompany_run_line
from . import ps_intercompany_trace
from . import ps_sync_object_timesheet
from . import queue_job
