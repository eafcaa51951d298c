# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class PsIntercompanyRun(models.Model):
    """Intercompany charging of one provider entity for one period.

    Starting a run enqueues one job per receiving entity (its agreement):
    each makes the provider's invoice to the receiver and the receiver's
    mirrored bill for the time charged, or records why it cannot (no
    agreement, no rate, ...). Progress shows as the jobs finish. The run's
    header, progress and closing are the engagement runs' (billing,
    recognition); its lines are per agreement, not per engagement.
    """

    _name = "ps.intercompany.run"
    _description = "Intercompany Run"
    _inherit = ["mail.thread", "ps.engagement.run.mixin"]
    _order = "date_to desc, id desc"

    company_id = fields.Many2one(string="Provider Entity")
    date_to = fields.Date(help="Time up to this date is charged; the documents are dated on it.")
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Done")],
        default="draft",
        required=True,
        tracking=True,
    )
    agreement_ids = fields.Many2many(
        "ps.intercompany.agreement",
        string="Agreements",
        domain="[('provider_company_id', '=', company_id)]",
        help="Leave empty to charge every receiver of the provider, and to report "
        "cross-entity time that no agreement covers.",
    )
    line_ids = fields.One2many("ps.intercompany.run.line", "run_id", string="Agreement Jobs")
    move_ids = fields.One2many("account.move", "ps_ic_run_id", string="Intercompany Documents")
    count_invoices = fields.Integer(
        string="Invoices", compute="_compute_count_invoices", help="The provider's invoices."
    )

    @api.depends("move_ids")
    def _compute_count_invoices(self):
        for run in self:
            run.count_invoices = len(run.move_ids.filtered(lambda m: m.is_sale_document()))

    def _check_starter(self):
        """Runs write in both entities as superuser (see
        ``ps.intercompany.agreement._ps_ic_charge``): only invoicing users of
        the provider start them (RPC and buttons alike)."""
        if self.env.su:
            return
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(_("Only invoicing users start intercompany runs."))
        foreign = self.company_id - self.env.user.company_ids
        if foreign:
            raise AccessError(_("Only users of %s start its intercompany runs.", foreign[0].name))

    def _engagements_to_start(self):
        """Not engagements: ``(receiver, agreement)`` pairs, one line each.
        A receiver whose cross-entity time no agreement covers gets a line
        too, which fails with that reason. A locked period (either entity)
        refuses the whole run up front."""
        self.ensure_one()
        provider = self.company_id
        Agreement = self.env["ps.intercompany.agreement"].sudo()
        agreements = self.agreement_ids.sudo() or Agreement.search(
            [("provider_company_id", "=", provider.id)]
        )
        agreements = agreements.filtered("active")
        pairs = [(agreement.receiver_company_id, agreement) for agreement in agreements]
        if not self.agreement_ids:
            covered = agreements.receiver_company_id
            limit = min(self.date_to, fields.Date.context_today(self))
            for receiver, __ in (
                self.env["account.analytic.line"]
                .sudo()
                ._read_group(
                    [
                        ("ps_employee_company_id", "=", provider.id),
                        ("company_id", "not in", (covered | provider).ids),
                        ("project_id", "!=", False),
                        ("ps_status", "=", "approved"),
                        ("ps_ic_to_charge", "=", True),
                        ("date", "<=", limit),
                    ],
                    ["company_id"],
                    ["unit_amount:sum"],
                )
            ):
                pairs.append((receiver, Agreement))
        if not pairs:
            raise UserError(
                _(
                    "No intercompany agreement with %s as provider, and no cross-entity "
                    "time to charge.",
                    provider.name,
                )
            )
        for __, agreement in pairs:
            if agreement:
                agreement._ps_ic_check_locks(self.date_to)
        return pairs

    def _run_line_vals(self, pair):
        receiver, agreement = pair
        return {"receiver_company_id": receiver.id, "agreement_id": agreement.id or False}

    def _done_message(self):
        return _(
            "Intercompany run finished: %(docs)s invoice(s) with their bills, "
            "%(failed)s failure(s).",
            docs=self.count_invoices,
            failed=self.count_failed,
        )

    def action_open_documents(self):
        self.ensure_one()
        return self.env["account.move"]._ps_ic_documents_action([("ps_ic_run_id", "=", self.id)])
