# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The context one level of a batch hands to an object handler's hooks."""

from dataclasses import dataclass, field


@dataclass
class BatchContext:
    """What the pipeline knows about the batch a hook works on.

    ``items``: the batch's records by external id (pipeline items, with
    their ``status``: a child can see that its parent was rejected);
    ``bindings``: the bindings loaded for the batch by external id (a hook
    may add the ones it looks up); ``caches``: what the handler's
    ``_prepare_batch`` loaded for ``_odoo_values`` (by name, the handler's
    own); ``created``: ``(item, record)`` pairs the level created, for
    ``_after_create``.
    """

    backend_id: int
    object_name: str
    correlation_id: str | None = None
    source: str | None = None
    items: dict = field(default_factory=dict)
    bindings: dict = field(default_factory=dict)
    caches: dict = field(default_factory=dict)
    created: list = field(default_factory=list)
