# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Alert conditions on revenue recognition (ps_revenue_recognition)."""

from decimal import Decimal

from odoo import _, models
from odoo.exceptions import UserError

from ..conditions import alert_condition
from ..pure import periods as pure_periods
from ..pure.alerts import Subject


class PsAlertConditionRevenue(models.AbstractModel):
    _name = "ps.alert.condition.revenue"
    _description = "Alert Conditions: Revenue Recognition"

    @alert_condition(
        "revenue_run",
        "Revenue: recognition run failed, stuck (N hours) or not run by day D",
        threshold="hours",
    )
    def _ps_alert_revenue_run(self, rule, now):
        return self.env["ps.alert.condition.billing"]._ps_run_subjects(
            rule,
            now,
            "ps.revenue.run",
            _("Recognition run"),
            engagement_domain=[("ps_obligation_ids", "!=", False)],
        )

    @alert_condition(
        "ledger_differences",
        "Revenue: Reconcile to the Ledger not clean N days after month end",
        threshold="days",
    )
    def _ps_alert_ledger_differences(self, rule, now):
        """The differences *Reconcile to the Ledger* shows at the last month
        end closed for at least the threshold (in days): per engagement
        (money at stake: its largest difference) and the contract accounts'
        balances no engagement explains. Companies without revenue
        recognition set up are not checked."""
        period = pure_periods.closed_before(now.date(), int(rule.threshold))
        Wizard = self.env["ps.revenue.reconciliation"]
        subjects = []
        for company in rule._ps_companies():
            try:
                company._ps_revenue_accounts()
            except UserError:
                continue
            wizard = Wizard.with_company(company).create({"company_id": company.id, "date": period})
            wizard.action_compute()
            labels = {
                "revenue": _("revenue"),
                "deferred": _("deferred"),
                "unbilled": _("unbilled"),
            }
            unlinked = {"deferred": _("deferred revenue"), "unbilled": _("unbilled receivable")}
            rows = wizard.line_ids.filtered("has_difference")
            for engagement in rows.engagement_id:
                lines = rows.filtered(lambda r, e=engagement: r.engagement_id == e)
                line = max(lines, key=lambda r: abs(r.difference))
                amount = abs(Decimal(str(line.difference))).quantize(Decimal("0.01"))
                subjects.append(
                    Subject(
                        f"ps.engagement,{engagement.id}",
                        _(
                            "%(eng)s: subledger and ledger differ at %(date)s "
                            "(largest: %(what)s, %(amount)s)",
                            eng=engagement.display_name,
                            date=period,
                            what=labels.get(line.figure, line.figure),
                            amount=amount,
                        ),
                        amount,
                        line.currency_id.id,
                        company.id,
                        "ps.engagement",
                        engagement.id,
                    )
                )
            for line in rows.filtered(lambda r: not r.engagement_id):
                label = unlinked.get(line.figure, line.figure)
                amount = abs(Decimal(str(line.difference))).quantize(Decimal("0.01"))
                subjects.append(
                    Subject(
                        f"unlinked:{label}:{company.id}",
                        _(
                            "%(company)s: %(amount)s on the %(what)s account at %(date)s "
                            "belongs to no engagement",
                            company=company.name,
                            amount=amount,
                            what=label,
                            date=period,
                        ),
                        amount,
                        company.currency_id.id,
                        company.id,
                    )
                )
            wizard.unlink()
        return subjects
