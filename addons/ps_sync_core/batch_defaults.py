# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Default values computed once per batch create instead of once per record.

``BaseModel.create`` calls ``default_get`` for every record of a batch: for a
partner that is some 150 fields and a few queries per record (account's
default invoice report template is a ``search_count``), about a fifth of a
batch create. Within one ``ingest`` call every record of a model is created
by the same user, company and context, so where the model's defaults depend
on nothing else they are the same for each record with the same set of given
keys.

A model opts in by routing ``_add_missing_default_values`` through
``missing_defaults`` below (``res.partner`` in ps_sync_core,
``account.analytic.line`` in ps_billing_rules). It only reuses defaults when
the context carries a ``DefaultsCache`` (the sync pipeline puts one there for
the handlers that declare ``_batch_defaults``, for the duration of one batch
create); any other create computes them per record, as Odoo does. A model
whose defaults draw from a sequence or read the records being created must
not opt in.
"""

import copy

CONTEXT_KEY = "ps_sync_defaults_cache"


class DefaultsCache:
    """Defaults per (model, set of keys given), for one batch create.

    Hashed by identity, so it can travel in an environment's context.
    """

    __slots__ = ("by_keys",)

    def __init__(self):
        self.by_keys = {}


def missing_defaults(model, values, compute):
    """``compute(values)`` (Odoo's ``_add_missing_default_values``), cached.

    The first record with a given set of keys pays for ``compute``; the next
    ones get a copy of the same defaults under their own values.
    """
    cache = model.env.context.get(CONTEXT_KEY)
    if not isinstance(cache, DefaultsCache) or model._inherits or any(
        field.type == "properties" for field in model._fields.values()
    ):
        return compute(values)
    key = (model._name, frozenset(values))
    defaults = cache.by_keys.get(key)
    if defaults is None:
        result = compute(values)
        cache.by_keys[key] = {
            name: copy.deepcopy(value) if isinstance(value, list | dict) else value
            for name, value in result.items() if name not in values
        }
        return result
    result = {
        name: copy.deepcopy(value) if isinstance(value, list | dict) else value
        for name, value in defaults.items()
    }
    result.update(values)
    return result
