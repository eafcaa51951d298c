# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class PsIntercompanyBalance(models.Model):
    """Intercompany balances, one row per pair of documents: the provider's
    posted customer invoice (or credit note) to the receiver and the
    receiver's posted vendor bill (or refund) it mirrors, side by side.

    Read from the ledger, not from the runs: every posted document between
    two entities counts (a run's, or one made by hand, matched to no
    mirror), so summed per pair up to a date they are the provider's
    receivable from the receiver against the receiver's payable to it, and
    the provider's intercompany revenue against the receiver's cost, in the
    documents' currency (the agreement's), with each entity's own-currency
    figure beside it. A row whose two sides differ (one missing, deleted or
    cancelled, an amount or currency changed) is flagged, and its documents
    explain the difference: the basis for consolidation eliminations.
    """

    _name = "ps.intercompany.balance"
    _description = "Intercompany Balance"
    _auto = False
    _order = "date desc, id desc"

    provider_company_id = fields.Many2one("res.company", string="Provider Entity", readonly=True)
    receiver_company_id = fields.Many2one("res.company", string="Receiver Entity", readonly=True)
    date = fields.Date(readonly=True)
    currency_id = fields.Many2one("res.currency", string="Document Currency", readonly=True)
    invoice_id = fields.Many2one("account.move", string="Provider Invoice", readonly=True)
    bill_id = fields.Many2one("account.move", string="Receiver Bill", readonly=True)
    receivable = fields.Monetary(readonly=True, help="The provider's receivable from the receiver.")
    payable = fields.Monetary(readonly=True, help="The receiver's payable to the provider.")
    difference = fields.Monetary(readonly=True, help="Receivable minus payable.")
    revenue = fields.Monetary(string="IC Revenue", readonly=True)
    cost = fields.Monetary(string="IC Cost", readonly=True)
    receivable_provider_currency = fields.Float(
        string="Receivable (provider currency)", digits=(16, 2), readonly=True
    )
    payable_receiver_currency = fields.Float(
        string="Payable (receiver currency)", digits=(16, 2), readonly=True
    )
    flagged = fields.Boolean(readonly=True, help="The two sides differ.")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
CREATE OR REPLACE VIEW %s AS (
WITH docs AS (
    SELECT m.id AS move_id,
           m.move_type,
           m.company_id,
           other.id AS other_company_id,
           m.date,
           m.currency_id,
           m.ps_ic_mirror_id AS mirror_id,
           SUM(CASE WHEN a.account_type IN ('asset_receivable', 'liability_payable')
                    THEN l.amount_currency ELSE 0 END) AS open_currency,
           SUM(CASE WHEN a.account_type IN ('asset_receivable', 'liability_payable')
                    THEN l.balance ELSE 0 END) AS open_company,
           SUM(CASE WHEN l.display_type = 'product'
                    THEN l.amount_currency ELSE 0 END) AS product_currency
      FROM account_move m
      JOIN res_company other
        ON other.partner_id = m.commercial_partner_id AND other.id != m.company_id
      JOIN account_move_line l ON l.move_id = m.id
      JOIN account_account a ON a.id = l.account_id
     WHERE m.state = 'posted'
       AND m.move_type IN ('out_invoice', 'out_refund', 'in_invoice', 'in_refund')
     GROUP BY m.id, other.id
),
inv AS (SELECT * FROM docs WHERE move_type IN ('out_invoice', 'out_refund')),
bill AS (SELECT * FROM docs WHERE move_type IN ('in_invoice', 'in_refund'))
SELECT ROW_NUMBER() OVER (ORDER BY COALESCE(inv.date, bill.date),
                                   inv.move_id, bill.move_id) AS id,
       COALESCE(inv.company_id, bill.other_company_id) AS provider_company_id,
       COALESCE(inv.other_company_id, bill.company_id) AS receiver_company_id,
       COALESCE(inv.date, bill.date) AS date,
       COALESCE(inv.currency_id, bill.currency_id) AS currency_id,
       inv.move_id AS invoice_id,
       bill.move_id AS bill_id,
       COALESCE(inv.open_currency, 0) AS receivable,
       -COALESCE(bill.open_currency, 0) AS payable,
       COALESCE(inv.open_currency, 0) + COALESCE(bill.open_currency, 0) AS difference,
       -COALESCE(inv.product_currency, 0) AS revenue,
       COALESCE(bill.product_currency, 0) AS cost,
       COALESCE(inv.open_company, 0) AS receivable_provider_currency,
       -COALESCE(bill.open_company, 0) AS payable_receiver_currency,
       (inv.move_id IS NULL OR bill.move_id IS NULL
        OR inv.currency_id != bill.currency_id
        OR ROUND(COALESCE(inv.open_currency, 0) + COALESCE(bill.open_currency, 0), 2) != 0
       ) AS flagged
  FROM inv
  FULL OUTER JOIN bill
    ON bill.move_id = inv.mirror_id
   AND bill.company_id = inv.other_company_id
   AND bill.other_company_id = inv.company_id
)
""",
                SQL.identifier(self._table),
            )
        )
