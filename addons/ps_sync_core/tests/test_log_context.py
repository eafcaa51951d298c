# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from unittest.mock import patch

from ..logcontext import message_context
from .common import SyncCase

PIPELINE_LOGGER = "odoo.addons.ps_sync_core.models.ps_sync_object"


class TestLogContext(SyncCase):
    def test_lines_about_a_message_carry_its_ids(self):
        handler = type(self.env["ps.sync.object.partner"])
        with (
            patch.object(handler, "_create_records", side_effect=ValueError("boom")),
            self.assertLogs(PIPELINE_LOGGER, "ERROR") as captured,
        ):
            res = self.ingest([self.company_rec("ACC-LOG")])
        self.assertEqual(res[0]["status"], "rejected")
        log = self.logs(backend_id=self.backend.id, external_id="ACC-LOG")
        record = captured.records[0]
        self.assertEqual(
            (record.ps_correlation_id, record.ps_backend, record.ps_object),
            (log.name, "t-crm-us", "partner"),
        )
        self.assertTrue(
            record.getMessage().endswith(
                f"[correlation={log.name} backend=t-crm-us object=partner]"
            ),
            record.getMessage(),
        )

    def test_only_ps_lines_inside_a_message(self):
        ours = logging.getLogger("odoo.addons.ps_sync_core.test")
        theirs = logging.getLogger("odoo.models.test")
        with self.assertLogs(ours, "WARNING") as outside:
            ours.warning("no message here %s%%", 1)
        self.assertEqual(outside.records[0].getMessage(), "no message here 1%")
        with (
            message_context("c-1", "b-1", "o%1"),
            self.assertLogs(ours, "WARNING") as inside,
            self.assertLogs(theirs, "WARNING") as other,
        ):
            ours.warning("applied %s", 3)
            ours.warning("no args, 100%")
            theirs.warning("odoo's own")
        self.assertEqual(
            [r.getMessage() for r in inside.records],
            [
                "applied 3 [correlation=c-1 backend=b-1 object=o%1]",
                "no args, 100% [correlation=c-1 backend=b-1 object=o%1]",
            ],
        )
        self.assertEqual(other.records[0].getMessage(), "odoo's own")
        self.assertFalse(hasattr(other.records[0], "ps_correlation_id"))
