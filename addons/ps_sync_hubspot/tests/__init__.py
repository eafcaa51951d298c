# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_flows, test_hubspot, test_throttle, test_webhook
