# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging

from werkzeug.exceptions import RequestEntityTooLarge

from odoo import http
from odoo.http import request

_logger = logging.getLogger(__name__)

#: default cap on a delivery's body, in bytes (ir.config_parameter
#: ``ps_sync_core.webhook_max_bytes`` overrides it)
DEFAULT_MAX_BYTES = 2 * 1024 * 1024


def read_body(max_bytes):
    """The request body, or None when it is larger than ``max_bytes``.

    Reads at most ``max_bytes + 1`` bytes whatever the sender claims: a
    declared length over the cap is refused unread, a chunked body is cut.
    """
    httpreq = request.httprequest
    if httpreq.content_length is not None and httpreq.content_length > max_bytes:
        return None
    # werkzeug stops reading a body without a declared length at this limit
    httpreq.max_content_length = max_bytes
    try:
        body = httpreq.get_data()
    except RequestEntityTooLarge:
        return None
    return None if len(body) > max_bytes else body


def max_body_bytes(env):
    value = env["ir.config_parameter"].sudo().get_param("ps_sync_core.webhook_max_bytes")
    try:
        return max(1024, int(value)) if value else DEFAULT_MAX_BYTES
    except ValueError:
        return DEFAULT_MAX_BYTES


def answer(status, payload):
    return request.make_response(
        json.dumps(payload),
        headers=[("Content-Type", "application/json")],
        status=status,
    )


class PsSyncWebhook(http.Controller):
    """Signed webhook endpoint: verify, log, enqueue, answer fast.

    ``POST /ps_sync/webhook/<backend code>`` with a JSON body
    ``{"object": "partner", "records": [...]}`` and the header
    ``X-PS-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">``
    (several ``v1`` while a secret is rotated). Answers 202 with a correlation
    id once the records are queued; 200 ``duplicate`` for a delivery already
    accepted; 401 for a missing, wrong or stale signature and for a backend
    code that does not exist (the two cannot be told apart); 400/413 for a bad
    or oversize body. Unsigned traffic writes nothing to the database.
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
        max_bytes = max_body_bytes(env)
        body = read_body(max_bytes)
        if body is None:
            return answer(
                413, {"status": "rejected", "message": f"body larger than {max_bytes} bytes"}
            )
        backend = env["ps.sync.backend"].search(
            [("code", "=", backend_code.replace("\x00", "")), ("active", "=", True)],
            limit=1,
        )
        status, payload = backend._webhook_receive(request.httprequest.headers, body)
        return answer(status, payload)
