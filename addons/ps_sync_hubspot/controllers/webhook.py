# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.http import request

from odoo.addons.ps_sync_core.controllers.webhook import answer, read_body
from odoo.addons.ps_sync_core.models.ps_sync_backend import webhook_refusals

from ..pure import events as pure_events

#: HubSpot sends at most 100 events a request, a few hundred bytes each
MAX_BYTES = 1024 * 1024
SIGNATURE = "X-HubSpot-Signature-v3"
TIMESTAMP = "X-HubSpot-Request-Timestamp"


class PsHsWebhook(http.Controller):
    """HubSpot webhook subscriptions (company, contact, deal events).

    ``POST /ps_sync/hubspot/webhook/<backend code>``: signature v3 with the
    app's client secret is checked on the raw bytes before anything touches
    the database; an unknown backend and a wrong signature are the same 401
    (counted in a rate-limited log line, never a row). A signed delivery is
    deduplicated by its body, its records are fetched by id and applied by a
    job; deletions make a pull check the archived records.
    """

    @http.route(
        "/ps_sync/hubspot/webhook/<string:backend_code>",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def receive(self, backend_code, **kwargs):
        body = read_body(MAX_BYTES)
        if body is None:
            return answer(413, {"status": "rejected", "message": "body too large"})
        env = request.env(su=True)
        backend = env["ps.sync.backend"].search(
            [
                ("code", "=", backend_code.replace("\x00", "")),
                ("kind", "=", "hubspot"),
                ("active", "=", True),
            ],
            limit=1,
        )
        httpreq = request.httprequest
        valid = bool(backend) and pure_events.verify(
            backend.hs_client_secret,
            httpreq.method,
            httpreq.url,
            body,
            httpreq.headers.get(TIMESTAMP),
            httpreq.headers.get(SIGNATURE),
        )
        if not valid:
            webhook_refusals.note("hubspot webhook: unknown backend or bad signature")
            return answer(401, {"status": "rejected", "message": "invalid signature"})
        status, payload = backend._connector()._webhook_events(backend, body)
        return answer(status, payload)
