# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _ps_customer_journal(self):
        """The journal whose locks apply to customer documents (billing,
        time intake): the company's sales journal, or an unsaved one so that
        the sales lock date still counts when the company has none yet."""
        self.ensure_one()
        # which journal, not what is in it: the time intake's users (the
        # integration group) may read no journal
        Journal = self.env["account.journal"].sudo()
        return Journal.search(
            [*Journal._check_company_domain(self), ("type", "=", "sale")], limit=1
        ) or Journal.new({"type": "sale", "company_id": self.id})

    def _ps_lock_date(self, journal=None):
        """The date up to which this company's books are locked for the
        current user, as Odoo 18 computes it (fiscal year, hard and, for a
        sales journal, sales lock dates of the company and its parents, lock
        exceptions included); None when nothing is locked. ``journal``
        defaults to the customer journal (:meth:`_ps_customer_journal`)."""
        self.ensure_one()
        journal = self._ps_customer_journal() if journal is None else journal
        lock = self._get_user_fiscal_lock_date(journal)
        return lock if lock and lock > datetime.date.min else None

    def _ps_violated_lock(self, accounting_date, journal=None):
        """``(lock date, lock date field)`` of the latest lock that
        ``accounting_date`` falls in (Odoo's ``_get_violated_lock_dates``,
        exceptions included), or None when the date is open. The one
        lock-date check of billing, revenue and the time intake."""
        self.ensure_one()
        journal = self._ps_customer_journal() if journal is None else journal
        locks = self._get_violated_lock_dates(accounting_date, False, journal)
        return locks[-1] if locks else None
