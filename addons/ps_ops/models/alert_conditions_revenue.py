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
            for line in wizard.line_ids.filtered("difference"):
                gaps = {
                    _("revenue"): line.recognised - line.gl_revenue,
                    _("deferred"): line.deferred - line.gl_deferred,
                    _("unbilled"): line.unbilled - line.gl_unbilled,
                }
                worst = max(gaps, key=lambda label, gaps=gaps: abs(gaps[label]))
                amount = abs(Decimal(str(gaps[worst]))).quantize(Decimal("0.01"))
                subjects.append(
                    Subject(
                        f"ps.engagement,{line.engagement_id.id}",
                        _(
                            "%(eng)s: subledger and ledger differ at %(date)s "
                            "(largest: %(what)s, %(amount)s)",
                            eng=line.engagement_id.display_name,
                            date=period,
                            what=worst,
                            amount=amount,
                        ),
                        amount,
                        line.currency_id.id,
                        company.id,
                        "ps.engagement",
                        line.engagement_id.id,
                    )
                )
            for label, balance in (
                (_("deferred revenue"), wizard.unlinked_deferred),
                (_("unbilled receivable"), wizard.unlinked_unbilled),
            ):
                if company.currency_id.is_zero(balance):
                    continue
                amount = abs(Decimal(str(balance))).quantize(Decimal("0.01"))
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
