# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools


class PsRevenueBalanceReport(models.Model):
    """Invoiced, recognised, deferred and unbilled movements per engagement,
    read from posted journal items (so it is the ledger, not a copy of it),
    and what is proposed: product lines of draft invoice proposals of billing
    runs, which no other measure counts until they are posted.

    Each row is one journal item of an engagement: a product line of a
    customer invoice or credit note (invoiced, and revenue until
    reclassified; proposed while a draft of a billing run), or a line of a
    recognition entry. Summed up to a date, the measures are the contract's
    balances at that date; grouped by month, its movements. Amounts are in
    the engagement's currency.
    """

    _name = "ps.revenue.balance.report"
    _description = "Contract Balances (invoiced, recognised, deferred, unbilled)"
    _auto = False
    _order = "date desc"
    # what the view reads: flushed before it is queried
    _depends = {
        "account.move.line": [
            "date",
            "company_id",
            "ps_line_engagement_id",
            "ps_obligation_id",
            "account_id",
            "move_id",
            "amount_currency",
            "ps_revenue_role",
            "parent_state",
            "display_type",
        ],
        "account.move": ["move_type", "ps_billing_run_id"],
        "ps.engagement": ["partner_id", "currency_id"],
    }

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    engagement_id = fields.Many2one("ps.engagement", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    obligation_id = fields.Many2one("ps.revenue.obligation", readonly=True)
    account_id = fields.Many2one("account.account", readonly=True)
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    proposed = fields.Monetary(
        readonly=True, help="Draft invoice proposals of billing runs, untaxed: not posted yet."
    )
    billed = fields.Monetary(
        string="Invoiced",
        readonly=True,
        help="Posted customer invoices net of credit notes, untaxed.",
    )
    recognised = fields.Monetary(readonly=True)
    deferred = fields.Monetary(string="Deferred Revenue", readonly=True)
    unbilled = fields.Monetary(string="Unbilled Receivable", readonly=True)

    @api.private
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT aml.id,
                       aml.date,
                       aml.company_id,
                       aml.ps_line_engagement_id AS engagement_id,
                       eng.partner_id,
                       aml.ps_obligation_id AS obligation_id,
                       aml.account_id,
                       aml.move_id,
                       eng.currency_id,
                       CASE WHEN aml.parent_state = 'draft'
                            THEN -aml.amount_currency ELSE 0 END AS proposed,
                       CASE WHEN aml.parent_state = 'posted' AND aml.ps_revenue_role IS NULL
                            THEN -aml.amount_currency ELSE 0 END AS billed,
                       CASE WHEN aml.parent_state = 'posted'
                                 AND (aml.ps_revenue_role IS NULL
                                      OR aml.ps_revenue_role IN ('revenue', 'billed'))
                            THEN -aml.amount_currency ELSE 0 END AS recognised,
                       CASE WHEN aml.ps_revenue_role = 'deferred'
                            THEN -aml.amount_currency ELSE 0 END AS deferred,
                       CASE WHEN aml.ps_revenue_role = 'unbilled'
                            THEN aml.amount_currency ELSE 0 END AS unbilled
                  FROM account_move_line aml
                  JOIN account_move move ON move.id = aml.move_id
                  JOIN ps_engagement eng ON eng.id = aml.ps_line_engagement_id
                 WHERE (aml.parent_state = 'posted'
                        AND (aml.ps_revenue_role IS NOT NULL
                             OR (aml.display_type = 'product'
                                 AND move.move_type IN ('out_invoice', 'out_refund'))))
                    OR (aml.parent_state = 'draft'
                        AND move.ps_billing_run_id IS NOT NULL
                        AND aml.display_type = 'product'
                        AND move.move_type IN ('out_invoice', 'out_refund'))
            )
        """)
