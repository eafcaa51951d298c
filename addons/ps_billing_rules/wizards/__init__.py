# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import ps_billing_adjust_wizard, ps_engagement_instalment_wizard
