# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a sync batch create does once per batch instead of once per record.

Defaults
--------

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
the context carries a ``BatchCreate`` (the sync pipeline puts one there for
the handlers that declare ``_batch_create``, for the duration of one batch
create); any other create computes them per record, as Odoo does. A model
whose defaults draw from a sequence or read the records being created must
not opt in.

Configuration read once
-----------------------
``once`` keeps what a model's create reads for every record but cannot
change during the batch (hr_timesheet's analytic plans, per company).

Read once per import
--------------------
``per_import`` keeps what one import batch reads for every record but
cannot change during it (a connector's field mappings), whether or not a
batch create is running: the pipeline puts an ``ImportMemo`` in the context
of each batch it applies.

Deferred per-record work
------------------------
A model may also use ``BatchCreate.deferred`` to postpone what its create
does record by record until the whole batch exists, then do it per group of
records (``account.analytic.line``: the timesheet cost written after create).
"""

import contextlib
import copy
import gc

CONTEXT_KEY = "ps_sync_batch_create"
IMPORT_KEY = "ps_sync_import_memo"


@contextlib.contextmanager
def gc_paused():
    """Python's cyclic garbage collector off for the duration of one batch.

    A batch allocates a few hundred thousand short-lived objects (values,
    records, caches). With the collector on, collections in the middle of the
    batch find them still alive and promote them to the oldest generation,
    whose full collections scan the whole server heap: about 70 ms every
    other batch of 1,000 partners, 5% to 10% of the batch. Paused, they are
    freed by reference counting when the batch ends, and whatever cyclic
    garbage is left is collected as usual once the collector is back on. It
    is back on as soon as the batch ends, whatever happens; a collector that
    was off stays off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class BatchCreate:
    """State of one sync batch create: defaults per (model, set of keys
    given), and the per-record work a model deferred (None: not deferring).

    Hashed by identity, so it can travel in an environment's context.
    """

    __slots__ = ("by_keys", "deferred", "memo")

    def __init__(self):
        self.by_keys = {}
        self.deferred = None
        self.memo = {}  # configuration read once per batch, by key (see once())


def once(env, key, compute):
    """``compute()``, computed once per batch create running in ``env``.

    For configuration that cannot change while one batch is created (a
    model's analytic plan columns); outside a batch create, computed each
    call. ``key`` must name everything the value depends on.
    """
    batch = current(env)
    return _memoized(None if batch is None else batch.memo, key, compute)


class ImportMemo:
    """What one import batch read once, by key (see per_import()).

    Hashed by identity, so it can travel in an environment's context.
    """

    __slots__ = ("values",)

    def __init__(self):
        self.values = {}


def per_import(env, key, compute):
    """``compute()``, computed once per import batch running in ``env``.

    For what cannot change while one batch is applied (a connector's field
    mappings); outside an import batch, computed each call. ``key`` must name
    everything the value depends on. Callers must not mutate the value.
    """
    memo = env.context.get(IMPORT_KEY)
    return _memoized(memo.values if isinstance(memo, ImportMemo) else None, key, compute)


def _memoized(values, key, compute):
    """``values[key]``, computed by ``compute()`` when missing (no ``values``:
    computed each call)."""
    if values is None:
        return compute()
    try:
        return values[key]
    except KeyError:
        value = values[key] = compute()
        return value


def current(env):
    """The ``BatchCreate`` of the batch create running in ``env``, or None."""
    batch = env.context.get(CONTEXT_KEY)
    return batch if isinstance(batch, BatchCreate) else None


def missing_defaults(model, values, compute):
    """``compute(values)`` (Odoo's ``_add_missing_default_values``), cached.

    The first record with a given set of keys pays for ``compute``; the next
    ones get a copy of the same defaults under their own values.
    """
    cache = current(model.env)
    if cache is None:
        return compute(values)
    key = (model._name, frozenset(values))
    entry = cache.by_keys.get(key)
    if entry is None:
        if model._inherits or any(field.type == "properties" for field in model._fields.values()):
            # defaults that depend on the values given: never shared
            cache.by_keys[key] = False
            return compute(values)
        result = compute(values)
        missing = {name: value for name, value in result.items() if name not in values}
        # (defaults, names of the mutable ones): the latter are copied per record
        mutable = [name for name, value in missing.items() if isinstance(value, list | dict)]
        for name in mutable:
            missing[name] = copy.deepcopy(missing[name])
        cache.by_keys[key] = (missing, mutable)
        return result
    if entry is False:
        return compute(values)
    defaults, mutable = entry
    result = dict(defaults)
    for name in mutable:
        result[name] = copy.deepcopy(defaults[name])
    result.update(values)
    return result
