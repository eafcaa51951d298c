"""The RPC test server answers and has the ps_* addons installed."""


def test_admin_logs_in_and_ps_sync_core_is_installed(odoo_server):
    uid = odoo_server.authenticate()
    assert uid, f"admin cannot log in on {odoo_server.db}"

    modules = odoo_server.call(
        "ir.module.module",
        "search_read",
        [("name", "=", "ps_sync_core")],
        fields=["name", "state"],
    )
    assert [(m["name"], m["state"]) for m in modules] == [("ps_sync_core", "installed")], modules
