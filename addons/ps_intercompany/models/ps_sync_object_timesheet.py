# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PsSyncObjectTimesheet(models.AbstractModel):
    _inherit = "ps.sync.object.timesheet"

    def _ps_timesheet_companies(self, company):
        """Cross-entity time: the time tool of the employing entity sends its
        consultants' time on the projects of the entities it provides staff
        to (an active agreement with it as provider). The entry belongs to
        the project's entity, as any other, and remembers the employing one.
        (Only that direction: Odoo records time only for an employee of the
        companies the sender works in.)"""
        employees, projects = super()._ps_timesheet_companies(company)
        receivers = (
            self.env["ps.intercompany.agreement"]
            .sudo()
            .search([("provider_company_id", "=", company.id), ("active", "=", True)])
            .receiver_company_id
        )
        return employees, projects | receivers
