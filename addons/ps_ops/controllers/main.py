# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import hmac
import json
import logging

from prometheus_client import CONTENT_TYPE_LATEST

from odoo import http
from odoo.http import request

from .. import metrics

_logger = logging.getLogger(__name__)

#: ir.config_parameter holding the scrapers' bearer token (set by an administrator)
TOKEN_PARAM = "ps_ops.metrics_token"


def token_matches(expected, header):
    """Whether ``header`` is ``Bearer <expected>``, compared in constant time
    (digests of equal length, so neither content nor length leaks). No
    token configured refuses everyone."""
    if not expected or not header:
        return False
    scheme, __, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return False
    return hmac.compare_digest(
        hashlib.sha256(given.strip().encode()).digest(),
        hashlib.sha256(expected.encode()).digest(),
    )


def text(status, body, content_type="text/plain; charset=utf-8", headers=()):
    return request.make_response(
        body, headers=[("Content-Type", content_type), *headers], status=status
    )


class PsOps(http.Controller):
    @http.route(
        "/ps_ops/metrics",
        type="http",
        auth="none",
        methods=["GET"],
        csrf=False,
        save_session=False,
    )
    def metrics(self, **kwargs):
        """Prometheus text format; ``Authorization: Bearer <token>``."""
        if not request.db:
            return text(404, "no database selected (set dbfilter)\n")
        env = request.env(su=True)
        expected = env["ir.config_parameter"].get_param(TOKEN_PARAM) or ""
        if not token_matches(expected, request.httprequest.headers.get("Authorization")):
            return text(
                401, "missing or wrong bearer token\n", headers=[("WWW-Authenticate", "Bearer")]
            )
        return text(200, metrics.render(env), content_type=CONTENT_TYPE_LATEST)

    @http.route(
        "/ps_ops/health",
        type="http",
        auth="none",
        methods=["GET", "HEAD"],
        csrf=False,
        save_session=False,
    )
    def health(self, **kwargs):
        """For load balancers: 200 while the server answers and its database
        does, 503 when the database does not. Says nothing else."""
        status, payload = 200, {"status": "ok"}
        if request.db:
            try:
                request.env.cr.execute("SELECT 1")
                payload["database"] = "ok"
            except Exception:  # noqa: BLE001 - a health check answers, it does not raise
                _logger.warning("health check: database unreachable", exc_info=True)
                status, payload = 503, {"status": "unavailable", "database": "unreachable"}
        return text(status, json.dumps(payload), content_type="application/json")
