# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields

from odoo.addons.ps_sync_core.tests.common import SyncCase, SyncFixtures  # noqa: F401


class OpsSyncMixin:
    """Sync messages of a chosen age, and the shipped sync rules limited to
    the US entity of ``SyncFixtures``."""

    @classmethod
    def setup_ops(cls):
        cls.Alert = cls.env["ps.alert"]
        cls.failed_rule = cls.env.ref("ps_ops.rule_sync_failed")
        cls.failed_rule.write(
            {"company_id": False, "threshold": 4, "owner_user_id": cls.manager_user.id}
        )
        cls.stale_rule = cls.env.ref("ps_ops.rule_backend_stale")
        cls.stale_rule.write({"company_id": cls.company_us.id, "threshold": 60})

    def message(self, state, hours_old=0.0, backend=None, object_name="partner", ext="X-1"):
        backend = backend or self.backend
        log = self.env["ps.sync.log"].create(
            {
                "name": f"corr-{ext}",
                "backend_id": backend.id,
                "company_id": backend.company_id.id,
                "object_name": object_name,
                "external_id": ext,
                "state": state,
            }
        )
        if hours_old:
            self.env.flush_all()
            self.env.cr.execute(
                "UPDATE ps_sync_log SET create_date = create_date - %s WHERE id = %s",
                [timedelta(hours=hours_old), log.id],
            )
            log.invalidate_recordset(["create_date"])
        return log

    def evaluate(self, rule, now=None):
        rule._evaluate(now or fields.Datetime.now())
        return self.Alert.search([("rule_id", "=", rule.id)])
