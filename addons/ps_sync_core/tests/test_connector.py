# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The connector contract in the core: one dispatch by kind, declared object
handlers, the typed batch context and the after-create hook."""

from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError

from ..pure.context import BatchContext
from ..pure.errors import TransientSyncError
from .common import SyncCase


class TestConnectorDispatch(SyncCase):
    def test_generic_backends_route_to_the_generic_connector(self):
        connector = self.backend._connector()
        self.assertEqual(connector._name, "ps.sync.connector.generic")
        self.assertEqual(self.backend._secrets(), ["s3cr3t-us-webhook-key"])
        self.assertEqual(self.backend._scrub("key s3cr3t-us-webhook-key"), "key ***")
        # a generic backend's source pushes: it cannot be asked for its ids,
        # and nothing is pulled from it
        self.assertIsNone(self.backend._source_external_ids("partner"))
        self.assertFalse(self.backend.can_pull)
        with self.assertRaisesRegex(UserError, "do not pull"):
            self.backend._pull()
        # an Outbound URL is what there is to test
        answer = self.backend.action_test_connection()["params"]
        self.assertIn("Nothing to test", answer["message"])
        self.assertEqual(self.backend.connection_state, "failed")

    def test_a_kind_without_connector_is_a_clear_error(self):
        # a backend left behind by an uninstalled connector addon
        self.env.cr.execute(
            "UPDATE ps_sync_backend SET kind = 'crm_gone' WHERE id = %s", [self.backend.id]
        )
        self.backend.invalidate_recordset(["kind"])
        with self.assertRaisesRegex(UserError, "No connector serves backends of kind 'crm_gone'"):
            self.backend._connector()
        with self.assertRaisesRegex(UserError, "install the connector's addon"):
            self.backend._send("partner", [{"external_id": "X"}])

    def test_connectors_are_found_among_the_contract_s_descendants_once(self):
        kinds = self.env["ps.sync.backend"]._connector_models()
        self.assertEqual(kinds["generic"], "ps.sync.connector.generic")
        self.assertNotIn(None, kinds)  # the contract itself serves no kind
        self.assertIs(kinds, self.env["ps.sync.backend"]._connector_models())  # cached

    def test_buttons_check_their_group(self):
        for user, method in (
            (self.manager_user, "action_test_connection"),  # administrators only
            (self.sync_user, "action_pull"),
            (self.sync_user, "action_push_status"),
        ):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(self.backend.with_user(user), method)()


class TestObjectHandlers(SyncCase):
    def test_handlers_are_declared_not_found_by_name(self):
        registry = self.env["ps.sync.backend"]._object_handler_registry()
        self.assertEqual(registry["partner"], ("ps.sync.object.partner", None))
        self.assertNotIn(None, registry)  # the pipeline itself is no object
        self.assertIs(registry, self.env["ps.sync.backend"]._object_handler_registry())
        # what a backend takes: the handlers of every kind, and its kind's
        self.assertEqual(self.backend._get_handler("partner")._name, "ps.sync.object.partner")
        self.assertTrue(
            all(
                kinds is None or "generic" in kinds
                for __, kinds in (registry[name] for name in self.backend._object_handlers())
            )
        )

    def test_hooks_get_a_typed_batch_context_and_after_create_runs_on_creation(self):
        Handler = type(self.env["ps.sync.object.partner"])
        seen = {}

        def prepare(handler, backend, items, ctx):
            seen["prepare"] = ctx
            ctx.caches["countries"] = {"US": self.env.ref("base.us").id}
            ctx.caches["company_id"] = backend.company_id.id

        def after_create(handler, backend, records, ctx):
            seen["created"] = ([item.external_id for item in ctx.created], records)

        with (
            patch.object(Handler, "_prepare_batch", prepare),
            patch.object(Handler, "_after_create", after_create),
        ):
            results = (
                self.env["ps.sync.backend"]
                .with_user(self.integration_user)
                .ingest(
                    "t-crm-us", "partner", [self.company_rec("ACC-CTX")], correlation_id="corr-ctx"
                )
            )
        self.assertEqual(results[0]["status"], "created")
        ctx = seen["prepare"]
        self.assertIsInstance(ctx, BatchContext)
        self.assertEqual(
            (ctx.backend_id, ctx.object_name, ctx.correlation_id, ctx.source),
            (self.backend.id, "partner", "corr-ctx", "rpc"),
        )
        self.assertIn("ACC-CTX", ctx.items)
        exts, records = seen["created"]
        self.assertEqual(exts, ["ACC-CTX"])
        self.assertEqual(records.ids, [results[0]["res_id"]])


class _Fault(Exception):
    def __init__(self, kind, message="remote said no", retry_after=None):
        super().__init__(message)
        self.kind, self.message, self.retry_after = kind, message, retry_after


class TestSharedConnectorPieces(SyncCase):
    def test_send_fault_retries_transient_kinds_and_fails_the_rest_in_words(self):
        connector = self.backend._connector()
        payloads = [{"a": 1}, {"b": 2}]
        with self.assertRaises(TransientSyncError) as caught:
            connector._send_fault(self.backend, _Fault("limit", retry_after=30), payloads)
        self.assertEqual((caught.exception.retry_after, caught.exception.rate_limited), (30, True))
        # a kind is transient only when the connector says so
        fault = _Fault("session", "session refused s3cr3t-us-webhook-key")
        with self.assertRaises(TransientSyncError) as caught:
            connector._send_fault(self.backend, fault, payloads, ("transient", "session"))
        self.assertFalse(caught.exception.rate_limited)
        self.assertNotIn("s3cr3t", str(caught.exception))
        results = connector._send_fault(self.backend, fault, payloads, ("transient",))
        self.assertEqual([r["status"] for r in results], ["failed", "failed"])
        self.assertIn("session refused ***", results[0]["message"])
        # a refused login also tells the responsible user
        with patch.object(type(connector), "_login_refused") as told:
            results = connector._send_fault(self.backend, _Fault("auth"), payloads)
        told.assert_called_once()
        self.assertIn("login was refused", results[0]["message"])

    def test_api_usage_is_kept_without_rewriting_quiet_readings(self):
        backend = self.backend
        self.assertTrue(backend._ps_record_api_usage(5_000, 10_000))
        self.assertEqual((backend.api_daily_used, backend.api_daily_limit), (5_000, 10_000))
        read_at = backend.api_usage_date
        # about the same a moment later: the backend's row is not written again
        self.assertFalse(backend._ps_record_api_usage(5_099, 10_000))
        self.assertEqual(backend.api_daily_used, 5_000)
        # one percent more, a new allowance, or a minute later: written
        self.assertTrue(backend._ps_record_api_usage(5_100, 10_000))
        self.assertTrue(backend._ps_record_api_usage(5_100, 20_000))
        with freeze_time(read_at + timedelta(seconds=120)):
            self.assertTrue(backend._ps_record_api_usage(5_101, 20_000))
            self.assertEqual(backend.api_usage_date, read_at + timedelta(seconds=120))
        # a reading with its own time is always kept; nonsense is clamped
        self.assertTrue(backend._ps_record_api_usage(-3, None, when=read_at))
        self.assertEqual((backend.api_daily_used, backend.api_daily_limit), (0, 0))

    def test_api_usage_is_on_the_form_of_administrators_only(self):
        Backend = self.env["ps.sync.backend"]
        arch = Backend.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="api_daily_used"', arch)
        arch = Backend.with_user(self.manager_user).get_views([(False, "form")])["views"]["form"]
        self.assertNotIn('name="api_daily_used"', arch["arch"])
        self.assertTrue(Backend._fields["api_daily_used"].readonly)
