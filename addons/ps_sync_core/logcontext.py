# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every log line about a message says which message it is.

``message_context(correlation_id, backend, object_name)`` is set around the
processing of messages (``ps.sync.object._import``, ``ps.sync.log._send``);
while it is, each log record made by a ``ps_*`` addon (a logger under
``odoo.addons.ps_``) carries ``ps_correlation_id``, ``ps_backend`` and
``ps_object`` attributes and ends with
``[correlation=<id> backend=<code> object=<name>]``, so one search of the
server log follows a record across systems. No call site changes: the log
record factory adds it (installed once, chained with any other factory).
"""

import contextlib
import contextvars
import logging

PREFIX = "odoo.addons.ps_"
_current = contextvars.ContextVar("ps_sync_message", default=None)


@contextlib.contextmanager
def message_context(correlation_id, backend, object_name):
    """Log lines of ``ps_*`` addons made inside carry these three ids."""
    token = _current.set((str(correlation_id or "-"), str(backend or "-"), str(object_name or "-")))
    try:
        yield
    finally:
        _current.reset(token)


def current():
    """``(correlation id, backend, object)`` being processed, or None."""
    return _current.get()


def _tag(record):
    ids = _current.get()
    if ids is None or not record.name.startswith(PREFIX) or hasattr(record, "ps_correlation_id"):
        return record
    record.ps_correlation_id, record.ps_backend, record.ps_object = ids
    suffix = " [correlation={} backend={} object={}]".format(*ids)
    # the message may be formatted with args later: keep the suffix literal
    record.msg = f"{record.msg}{suffix.replace('%', '%%') if record.args else suffix}"
    return record


def install():
    """Chain the tagging into the log record factory, once per process."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "_ps_message_context", False):
        return

    def tagged_factory(*args, **kwargs):
        return _tag(factory(*args, **kwargs))

    tagged_factory._ps_message_context = True
    logging.setLogRecordFactory(tagged_factory)


install()
