# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

#: a delivery received again within this many hours is a duplicate (senders
#: retry for up to a day after a lost answer; HubSpot and Stripe do)
DEDUP_HOURS = 48


class PsSyncWebhookDelivery(models.Model):
    """One accepted webhook delivery, by the digest of its body.

    The dedup key of the webhook endpoint: a sender that lost our 2xx and
    sends the same body again (even signed again with a new timestamp) is
    answered 2xx as a duplicate, and nothing is applied twice. The unique
    index makes two identical deliveries racing in two workers safe: under
    REPEATABLE READ the second one's insert fails to serialise and Odoo runs
    the request again, which then sees the first.
    """

    _name = "ps.sync.webhook.delivery"
    _description = "Webhook Delivery"
    _order = "id desc"
    _log_access = False

    backend_id = fields.Many2one("ps.sync.backend", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    digest = fields.Char(required=True, help="SHA-256 of the delivery's body.")
    correlation_id = fields.Char()
    received = fields.Datetime(required=True, default=fields.Datetime.now)

    _sql_constraints = [
        ("digest_unique", "unique(backend_id, digest)", "A delivery is recorded once per backend."),
    ]

    @api.model
    def _claim(self, backend, digest, correlation_id):
        """Record a delivery; return the correlation id of an earlier identical
        one still inside the dedup window, or None if this one is new."""
        self.env.cr.execute(
            """
            INSERT INTO ps_sync_webhook_delivery
                   (backend_id, company_id, digest, correlation_id, received)
            VALUES (%(backend)s, %(company)s, %(digest)s, %(cid)s, now() at time zone 'UTC')
            ON CONFLICT (backend_id, digest) DO UPDATE
               SET correlation_id = EXCLUDED.correlation_id, received = EXCLUDED.received
             WHERE ps_sync_webhook_delivery.received
                   < (now() at time zone 'UTC') - %(hours)s * interval '1 hour'
            RETURNING id
            """,
            {
                "backend": backend.id,
                "company": backend.company_id.id,
                "digest": digest,
                "cid": correlation_id,
                "hours": DEDUP_HOURS,
            },
        )
        if self.env.cr.fetchone():
            return None
        self.env.cr.execute(
            "SELECT correlation_id FROM ps_sync_webhook_delivery "
            "WHERE backend_id = %s AND digest = %s",
            [backend.id, digest],
        )
        return self.env.cr.fetchone()[0] or "?"

    @api.model
    def _cron_vacuum(self):
        self.env.cr.execute(
            "DELETE FROM ps_sync_webhook_delivery "
            "WHERE received < (now() at time zone 'UTC') - %s * interval '1 hour'",
            [DEDUP_HOURS * 2],
        )
