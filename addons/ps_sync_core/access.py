# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Group checks for public methods.

Every public model method is an RPC endpoint: a method meant to be called by
users (buttons, integrations) checks the group it is meant for at its start,
with these helpers; everything else is private (``_name``).
"""

from odoo import _
from odoo.exceptions import AccessError

SYNC_USER = "ps_sync_core.group_sync_user"
REVIEWER = "ps_sync_core.group_finance_reviewer"
MANAGER = "ps_sync_core.group_sync_manager"
INTEGRATION = "ps_sync_core.group_integration"
#: who may change credentials (and so test them)
ADMIN = "base.group_system"


def check_group(env, *xmlids, action=None):
    """Raise AccessError unless the caller is superuser or holds one of ``xmlids``."""
    if env.su or any(env.user.has_group(xmlid) for xmlid in xmlids):
        return
    names = ", ".join(env.ref(xmlid).sudo().name for xmlid in xmlids if env.ref(xmlid, False))
    raise AccessError(
        _(
            "%(user)s may not %(action)s: it needs the group %(groups)s.",
            user=env.user.login,
            action=action or _("do this"),
            groups=names,
        )
    )
