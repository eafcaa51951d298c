# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..pure import figures

#: the groups that read every analytics report (finance)
FINANCE_GROUPS = "account.group_account_invoice,ps_sync_core.group_finance_reviewer"


class PsAnalyticsReportMixin(models.AbstractModel):
    """What the analytics reports share: ratios computed from a group's sums
    (``_ps_ratios``) and the drilldown from a row to the record behind it
    (``res_model``, ``res_id``).

    ``_ps_ratios``: ``{ratio field: (numerator field, denominator field)}``,
    each a percentage of summed figures; ``_ps_gaps``: ``{gap field: (ratio
    field, ratio field)}``, the difference of two ratios. The SQL view gives
    these fields 0 on every row; ``read_group`` (pivot, graph, grouped lists)
    fills them per group.
    """

    _name = "ps.analytics.report.mixin"
    _description = "Analytics Report (mixin)"
    _ps_ratios = {}
    _ps_gaps = {}

    res_model = fields.Char(string="Source", readonly=True)
    res_id = fields.Integer(string="Source Record", readonly=True, aggregator=False)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        derived = {**self._ps_ratios, **self._ps_gaps}
        wanted = [spec for spec in fields if spec.split(":")[0] in derived]
        if not wanted:
            return super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        names = {spec.split(":")[0] for spec in wanted}
        for gap in names & set(self._ps_gaps):
            names |= set(self._ps_gaps[gap])
        sums = set()
        for name in names & set(self._ps_ratios):
            sums |= set(self._ps_ratios[name])
        kept = [spec for spec in fields if spec.split(":")[0] not in derived]
        present = {spec.split(":")[0] for spec in kept}
        kept += [f"{name}:sum" for name in sorted(sums - present)]
        if orderby and any(name in orderby for name in derived):
            orderby = False  # a ratio is not a column to sort by in SQL
        rows = super().read_group(domain, kept, groupby, offset, limit, orderby, lazy)
        for row in rows:
            for name, (numerator, denominator) in self._ps_ratios.items():
                if name in names:
                    row[name] = figures.ratio(row.get(numerator), row.get(denominator))
            for name, (minuend, subtrahend) in self._ps_gaps.items():
                if name in names:
                    row[name] = round(row[minuend] - row[subtrahend], 2)
        return rows

    def action_ps_open_records(self):
        """The records behind the selected rows, of one source model: the one
        given in the context (``ps_res_model``, the list's buttons) or the
        only one the rows have. The user's own rights apply to them."""
        wanted = self.env.context.get("ps_res_model")
        rows = self.filtered(lambda r: r.res_model == wanted) if wanted else self
        models_ = set(rows.mapped("res_model"))
        if not rows:
            raise UserError(_("None of the selected rows comes from these records."))
        if len(models_) > 1:
            raise UserError(
                _(
                    "The selected rows come from several kinds of records (%s): open one kind "
                    "at a time with the buttons of the list.",
                    ", ".join(sorted(self.env[m]._description for m in models_)),
                )
            )
        model = models_.pop()
        ids = sorted(set(rows.mapped("res_id")))
        action = {
            "type": "ir.actions.act_window",
            "name": self.env[model]._description,
            "res_model": model,
            "context": {"create": False},
        }
        if len(ids) == 1:
            return {**action, "view_mode": "form", "res_id": ids[0]}
        return {**action, "view_mode": "list,form", "domain": [("id", "in", ids)]}
