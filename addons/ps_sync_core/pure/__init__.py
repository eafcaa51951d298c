# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure-Python kernel of ps_sync_core.

Nothing in this package imports Odoo: the models call these functions, and the
unit tests under ``tests/unit`` exercise them without a database.
"""

from . import batch, connection, context, errors, payload, retry, schema, signature  # noqa: F401
