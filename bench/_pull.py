"""What the connector benches (HubSpot, Salesforce) share: one pull as the
scheduled action runs it, then its queued jobs as a job runner with one
worker would run them. Imported inside Odoo's Python (the benches run Odoo
as a library)."""

import time

import odoo
from odoo import api


def pull_then_run_jobs(registry, backend_id, objects, context=None):
    """Pulls ``objects`` on the backend (reads and queues, committed), then
    performs the queued jobs one after the other, each in its own committed
    transaction. Returns (pull summary, seconds reading, seconds in all)."""
    from odoo.addons.queue_job.job import Job

    context = context or {}
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, context)
        last_job = env["queue.job"].search([], order="id desc", limit=1).id or 0
        started = time.perf_counter()
        summary = env["ps.sync.backend"].browse(backend_id)._pull(objects)
        uuids = env["queue.job"].search([("id", ">", last_job)], order="id").mapped("uuid")
        cr.commit()
    read = time.perf_counter() - started
    for uuid in uuids:
        with registry.cursor() as cr:
            job = Job.load(api.Environment(cr, odoo.SUPERUSER_ID, context), uuid)
            job.set_started()
            job.store()
            job.perform()
            job.set_done()
            job.store()
    return summary, len(uuids), read, time.perf_counter() - started


def bound_count(registry, backend_id, object_name=None):
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        domain = [("backend_id", "=", backend_id)]
        if object_name:
            domain.append(("object_name", "=", object_name))
        return env["ps.sync.binding"].search_count(domain)
