# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Helpers around OCA queue_job shared by every ps_* addon."""

from odoo import models


def stored_job(env, delayed):
    """The ``queue.job`` record behind what ``with_delay().method()`` returned.

    queue_job returns a Job, or the existing ``queue.job`` record when a job
    with the same identity key is already waiting. Users who start jobs need
    not read the job queue, so the record is looked up as superuser.
    """
    if isinstance(delayed, models.BaseModel):
        return delayed.sudo()
    return env["queue.job"].sudo().search([("uuid", "=", delayed.uuid)], limit=1)
