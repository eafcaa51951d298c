# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


def _group_rate(alias, currency):
    """A lateral join giving ``<alias>.rate``: the consolidating entity's rate
    of ``currency`` (an SQL expression) on the pair's date, as Odoo reads it
    (its own rates first, then shared ones; 1 for its currency), never a
    later rate: a missing one stays NULL and flags the row."""
    return SQL(
        """CROSS JOIN LATERAL (
      SELECT COALESCE(
          (SELECT r.rate FROM res_currency_rate r
            WHERE r.currency_id = %(currency)s AND r.name <= pairs.date
              AND (r.company_id = cfg.root_id OR r.company_id IS NULL)
            ORDER BY r.company_id NULLS LAST, r.name DESC LIMIT 1),
          CASE WHEN %(currency)s = cfg.root_currency_id THEN 1.0 END) AS rate
  ) %(alias)s""",
        currency=SQL(currency),
        alias=SQL.identifier(alias),
    )


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

    Both sides are also shown in the group's reporting currency: each
    entity's own-currency figure converted at the consolidating entity's rate
    of the document date (the settings name the entity and the currency;
    by default the first company and its currency). A difference there (the
    entities' books hold the charge at rates that are not the group's, or the
    group has no rate for the date) is flagged too, with its reason.
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
    group_currency_id = fields.Many2one(
        "res.currency",
        readonly=True,
        help="The group's reporting currency (Settings > Invoicing > Intercompany).",
    )
    receivable_group = fields.Monetary(
        string="Receivable (group currency)",
        currency_field="group_currency_id",
        readonly=True,
        help="The provider's receivable as its books hold it, converted to the group "
        "currency at the consolidating entity's rate of the document date.",
    )
    payable_group = fields.Monetary(
        string="Payable (group currency)",
        currency_field="group_currency_id",
        readonly=True,
        help="The receiver's payable as its books hold it, converted to the group "
        "currency at the consolidating entity's rate of the document date.",
    )
    difference_group = fields.Monetary(
        string="Difference (group currency)",
        currency_field="group_currency_id",
        readonly=True,
        help="What consolidation cannot eliminate: the sides differ, or the two "
        "entities' books hold them at rates that are not the group's. Up to a cent "
        "per document line is the rounding of books that convert line by line: "
        "shown, not flagged.",
    )
    flagged = fields.Boolean(
        readonly=True, help="The two sides differ, in the documents or in the group currency."
    )
    flag_reason = fields.Selection(
        [
            ("no_bill", "No mirrored bill"),
            ("no_invoice", "No provider invoice"),
            ("currency", "Currencies differ"),
            ("amount", "Amounts differ"),
            ("no_rate", "No group currency rate"),
            ("fx", "Difference in group currency"),
        ],
        readonly=True,
        help="Why the row is flagged; its documents explain it.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
CREATE OR REPLACE VIEW %s AS (
WITH cfg AS (
    -- the consolidating entity (its rate table) and the group currency
    SELECT gc.id AS company_id,
           SPLIT_PART(gc.parent_path, '/', 1)::int AS root_id,
           root.currency_id AS root_currency_id,
           COALESCE(
               (SELECT p.value::int FROM ir_config_parameter p
                 WHERE p.key = 'ps_intercompany.group_currency_id' AND p.value ~ '^[0-9]+$'),
               gc.currency_id) AS currency_id
      FROM res_company gc
      JOIN res_company root ON root.id = SPLIT_PART(gc.parent_path, '/', 1)::int
     WHERE gc.id = COALESCE(
               (SELECT p.value::int FROM ir_config_parameter p
                 WHERE p.key = 'ps_intercompany.group_company_id' AND p.value ~ '^[0-9]+$'
                   AND EXISTS (SELECT 1 FROM res_company c WHERE c.id = p.value::int)),
               (SELECT MIN(c.id) FROM res_company c WHERE c.parent_id IS NULL))
),
docs AS (
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
                    THEN l.amount_currency ELSE 0 END) AS product_currency,
           -- lines the books convert one by one (each rounded to the cent)
           COUNT(*) FILTER (WHERE l.display_type IN ('product', 'tax')) AS converted_lines
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
bill AS (SELECT * FROM docs WHERE move_type IN ('in_invoice', 'in_refund')),
pairs AS (
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
       COALESCE(inv.currency_id != bill.currency_id, FALSE) AS currency_differs,
       GREATEST(COALESCE(inv.converted_lines, 0), COALESCE(bill.converted_lines, 0), 1)
           AS converted_lines,
       (inv.move_id IS NULL OR bill.move_id IS NULL
        OR inv.currency_id != bill.currency_id
        OR ROUND(COALESCE(inv.open_currency, 0) + COALESCE(bill.open_currency, 0), 2) != 0
       ) AS flagged
  FROM inv
  FULL OUTER JOIN bill
    ON bill.move_id = inv.mirror_id
   AND bill.company_id = inv.other_company_id
   AND bill.other_company_id = inv.company_id
),
-- g, pc, rc: the group currency's, the provider's and the receiver's
-- rates on the pair's date (_group_rate)
converted AS (
SELECT pairs.*,
       cfg.currency_id AS group_currency_id,
       pairs.receivable_provider_currency * g.rate / pc.rate AS receivable_group_raw,
       pairs.payable_receiver_currency * g.rate / rc.rate AS payable_group_raw
  FROM pairs
 CROSS JOIN cfg
  JOIN res_company provider ON provider.id = pairs.provider_company_id
  JOIN res_company receiver ON receiver.id = pairs.receiver_company_id
  %s
  %s
  %s
),
final AS (
SELECT converted.*,
       ROUND(receivable_group_raw, 2) AS receivable_group,
       ROUND(payable_group_raw, 2) AS payable_group,
       ROUND(receivable_group_raw, 2) - ROUND(payable_group_raw, 2) AS difference_group,
       -- books that convert a document line by line may differ from the
       -- document's total converted at once by up to a cent a line: rounding,
       -- shown in the difference, not a rate difference to flag
       ABS(ROUND(receivable_group_raw, 2) - ROUND(payable_group_raw, 2))
           > 0.01 * converted_lines AS fx_differs
  FROM converted
)
SELECT final.id, final.provider_company_id, final.receiver_company_id, final.date,
       final.currency_id, final.invoice_id, final.bill_id, final.receivable, final.payable,
       final.difference, final.revenue, final.cost, final.receivable_provider_currency,
       final.payable_receiver_currency, final.group_currency_id, final.receivable_group,
       final.payable_group, final.difference_group,
       (final.flagged OR final.difference_group IS NULL OR final.fx_differs) AS flagged,
       CASE WHEN final.bill_id IS NULL THEN 'no_bill'
            WHEN final.invoice_id IS NULL THEN 'no_invoice'
            WHEN final.currency_differs THEN 'currency'
            WHEN final.flagged THEN 'amount'
            WHEN final.difference_group IS NULL THEN 'no_rate'
            WHEN final.fx_differs THEN 'fx'
       END AS flag_reason
  FROM final
)
""",
                SQL.identifier(self._table),
                _group_rate("g", "cfg.currency_id"),
                _group_rate("pc", "provider.currency_id"),
                _group_rate("rc", "receiver.currency_id"),
            )
        )
