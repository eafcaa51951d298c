# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.http import request


class PsSfOutboundMessage(http.Controller):
    """Salesforce outbound messages (workflow rules / flows).

    ``POST /ps_sync/salesforce/outbound/<backend code>`` with the SOAP
    notifications Salesforce sends; answered with ``<Ack>true</Ack>`` once
    the records are queued for a fetch-and-apply job, ``<Ack>false</Ack>``
    (Salesforce then retries) when refused: not parseable, or from an org
    that is not the backend's. Signed JSON webhooks carrying Salesforce
    records go through the core endpoint ``/ps_sync/webhook/<code>``.
    """

    @http.route("/ps_sync/salesforce/outbound/<string:backend_code>", type="http",
                auth="none", methods=["POST"], csrf=False, save_session=False)
    def receive(self, backend_code, **kwargs):
        env = request.env(su=True)
        backend = env["ps.sync.backend"].search(
            [("code", "=", backend_code), ("kind", "=", "salesforce"), ("active", "=", True)],
            limit=1)
        if not backend:
            return request.make_response("unknown backend", status=404)
        status, answer = backend._sf_outbound_message(request.httprequest.get_data())
        return request.make_response(answer, headers=[("Content-Type", "text/xml")],
                                     status=status)
