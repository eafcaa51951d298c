# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Helpers around OCA queue_job shared by every ps_* addon."""

import logging

import psycopg2

from odoo import SUPERUSER_ID, api, models
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

_logger = logging.getLogger(__name__)


def stored_job(env, delayed):
    """The ``queue.job`` record behind what ``with_delay().method()`` returned.

    queue_job returns a Job, or the existing ``queue.job`` record when a job
    with the same identity key is already waiting. Users who start jobs need
    not read the job queue, so the record is looked up as superuser.
    """
    if isinstance(delayed, models.BaseModel):
        return delayed.sudo()
    return env["queue.job"].sudo().search([("uuid", "=", delayed.uuid)], limit=1)


def call_after_commit(record, method):
    """Call ``record.<method>()`` in a new transaction once this one commits.

    Jobs of one run that finish at the same moment each see the other's line
    still queued (Odoo runs REPEATABLE READ), so neither closes the run. With
    this, the last job to commit closes it from a fresh snapshot. Should two
    closers race, the loser fails to serialise and is dropped: the run is
    closed by the other.
    """
    env = record.env
    model, ids, uid, context = record._name, record.ids, env.uid, dict(env.context)
    registry = env.registry

    def _call():
        try:
            with registry.cursor() as cr:
                getattr(api.Environment(cr, uid, context)[model].browse(ids), method)()
        except psycopg2.OperationalError as err:
            if err.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                raise
            _logger.info("%s(%s).%s left to a concurrent transaction", model, ids, method)

    env.cr.postcommit.add(_call)


def rename_pending_jobs(cr, model, old, new):
    """Migration helper: jobs still waiting under a job method's old name run
    under its new one (job methods became private: no RPC caller may run them)."""
    cr.execute(
        """
        UPDATE queue_job
           SET method_name = %(new)s,
               channel_method_name = replace(channel_method_name, %(old_dot)s, %(new_dot)s),
               func_string = replace(func_string, %(old_call)s, %(new_call)s)
         WHERE model_name = %(model)s AND method_name = %(old)s
           AND state NOT IN ('done', 'cancelled')
        """,
        {
            "model": model,
            "old": old,
            "new": new,
            "old_dot": f".{old}",
            "new_dot": f".{new}",
            "old_call": f".{old}(",
            "new_call": f".{new}(",
        },
    )
    return cr.rowcount


def set_job_function(env, xmlid, **values):
    """Migration helper: job function records load ``noupdate`` (tuning in the
    UI survives an update), so a change the code needs is written here."""
    function = env.ref(xmlid, raise_if_not_found=False)
    if function:
        function.write(values)


def migrate_private_job(cr, version, model, old, xmlid, related_action):
    """Migration of a job method made private (``old`` -> ``_old``): rename
    its queued jobs and write its job function, which loads noupdate."""
    if not version:
        return
    rename_pending_jobs(cr, model, old, f"_{old}")
    set_job_function(
        api.Environment(cr, SUPERUSER_ID, {}),
        xmlid,
        method=f"_{old}",
        related_action={"enable": True, "func_name": related_action},
    )


def migrate_moved_job(env, model, old, new, old_xmlid):
    """Migration of a job method renamed (a connector's job that became the
    backend's generic one): its queued jobs run under the new name, and the
    old job function (noupdate data, so never removed by an update) goes."""
    rename_pending_jobs(env.cr, model, old, new)
    function = env.ref(old_xmlid, raise_if_not_found=False)
    if function:
        function.unlink()
