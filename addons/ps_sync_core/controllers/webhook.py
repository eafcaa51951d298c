# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging

from odoo import http
from odoo.http import request

_logger = logging.getLogger(__name__)


class PsSyncWebhook(http.Controller):
    """Signed webhook endpoint: verify, log, enqueue, answer fast.

    ``POST /ps_sync/webhook/<backend code>`` with a JSON body
    ``{"object": "partner", "records": [...]}`` and the header
    ``X-PS-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">``.
    Answers 202 with a correlation id once the records are queued; 401 for a
    missing, wrong or stale signature, 409 for a replay, 400/413 for a bad
    body, 404 for an unknown backend. Every refusal is logged.
    """

    @http.route(
        "/ps_sync/webhook/<string:backend_code>",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def receive(self, backend_code, **kwargs):
        env = request.env(su=True)
        backend = env["ps.sync.backend"].search(
            [("code", "=", backend_code), ("active", "=", True)], limit=1
        )
        if not backend:
            return self._answer(404, {"status": "rejected",
                                      "message": f"unknown backend {backend_code!r}"})
        status, answer = backend._webhook_receive(
            request.httprequest.headers, request.httprequest.get_data()
        )
        return self._answer(status, answer)

    @staticmethod
    def _answer(status, answer):
        return request.make_response(
            json.dumps(answer),
            headers=[("Content-Type", "application/json")],
            status=status,
        )
