# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import http
from odoo.http import request

from odoo.addons.ps_sync_core.controllers.webhook import read_body
from odoo.addons.ps_sync_core.models.ps_sync_backend import webhook_refusals

#: an outbound message carries at most 100 notifications of ids: small
MAX_BYTES = 512 * 1024
#: the organisation id, found without parsing the XML
ORG_ID_RE = re.compile(rb"<(?:[\w-]+:)?OrganizationId>\s*([A-Za-z0-9]{15,18})\s*<")
NACK = (
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope '
    'xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
    '<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">'
    "<Ack>false</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>"
)


class PsSfOutboundMessage(http.Controller):
    """Salesforce outbound messages (workflow rules / flows).

    ``POST /ps_sync/salesforce/outbound/<backend code>`` with the SOAP
    notifications Salesforce sends; answered with ``<Ack>true</Ack>`` once
    the records are queued for a fetch-and-apply job, ``<Ack>false</Ack>``
    (Salesforce then retries) when refused. Outbound messages are not
    signed: the size and the organisation id are checked on the raw bytes
    before anything is parsed or written, and a message that is not from the
    backend's org (or names no backend) is answered 401 without a log row.
    Signed JSON webhooks carrying Salesforce records go through the core
    endpoint ``/ps_sync/webhook/<code>``.
    """

    @http.route(
        "/ps_sync/salesforce/outbound/<string:backend_code>",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def receive(self, backend_code, **kwargs):
        body = read_body(MAX_BYTES)
        if body is None:
            return self._answer(413, NACK)
        env = request.env(su=True)
        backend = env["ps.sync.backend"].search(
            [
                ("code", "=", backend_code.replace("\x00", "")),
                ("kind", "=", "salesforce"),
                ("active", "=", True),
            ],
            limit=1,
        )
        found = ORG_ID_RE.search(body)
        org_id = found.group(1).decode() if found else ""
        if not backend or not backend.sf_org_id or org_id[:15] != backend.sf_org_id[:15]:
            webhook_refusals.note("salesforce outbound message: not from this backend's org")
            return self._answer(401, NACK)
        status, answer = backend._connector()._outbound_message(backend, body)
        return self._answer(status, answer)

    @staticmethod
    def _answer(status, answer):
        return request.make_response(answer, headers=[("Content-Type", "text/xml")], status=status)
