# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_cross_entity_time
from . import test_intercompany_run
from . import test_record_rules
