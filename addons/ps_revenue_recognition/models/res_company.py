# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError


class ResCompany(models.Model):
    _inherit = "res.company"

    ps_revenue_journal_id = fields.Many2one(
        "account.journal",
        string="Revenue Recognition Journal",
        domain="[('type', '=', 'general'), ('company_id', '=', id)]",
    )
    ps_revenue_account_id = fields.Many2one(
        "account.account",
        string="Recognised Revenue Account",
        help="Credited with revenue as it is earned. Use the income account your "
        "service invoices post to, so that the ledger's revenue is what was earned.",
    )
    ps_deferred_revenue_account_id = fields.Many2one(
        "account.account",
        string="Deferred Revenue Account",
        help="Contract liability: billed ahead of what was earned.",
    )
    ps_unbilled_revenue_account_id = fields.Many2one(
        "account.account",
        string="Unbilled Receivable Account",
        help="Contract asset: earned ahead of what was billed.",
    )

    def _ps_revenue_accounts(self):
        """{role: account} for recognition entries, or a UserError naming
        what is missing."""
        self.ensure_one()
        accounts = {
            "revenue": self.ps_revenue_account_id,
            "billed": self.ps_revenue_account_id,
            "deferred": self.ps_deferred_revenue_account_id,
            "unbilled": self.ps_unbilled_revenue_account_id,
        }
        labels = {
            _("journal"): self.ps_revenue_journal_id,
            _("recognised revenue account"): self.ps_revenue_account_id,
            _("deferred revenue account"): self.ps_deferred_revenue_account_id,
            _("unbilled receivable account"): self.ps_unbilled_revenue_account_id,
        }
        missing = [label for label, record in labels.items() if not record]
        if missing:
            raise UserError(
                _(
                    "Revenue recognition is not configured for %(company)s: set the %(missing)s "
                    "in Accounting > Configuration > Settings > Revenue Recognition.",
                    company=self.name,
                    missing=", ".join(missing),
                )
            )
        return accounts
