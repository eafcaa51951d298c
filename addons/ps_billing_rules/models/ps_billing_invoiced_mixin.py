# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import AccessError


class PsBillingInvoicedMixin(models.AbstractModel):
    """A source billed once (a schedule line, a milestone): its
    ``invoice_line_id`` is the evidence that it was billed, so only billing
    runs (as the superuser) set it; over RPC it would mark it billed without
    an invoice."""

    _name = "ps.billing.invoiced.mixin"
    _description = "Billed Once (mixin)"

    def _check_invoice_line_vals(self, vals_list):
        if not self.env.su and any(
            vals.get("invoice_line_id") or ("invoice_line_id" in vals and self.ids)
            for vals in vals_list
        ):
            raise AccessError(
                _("Only billing runs link %(what)s to an invoice line.", what=self._description)
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_invoice_line_vals(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_invoice_line_vals([vals])
        return super().write(vals)
