# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Test doubles of ps_sync_salesforce: test support, never runtime code.

Plain Python (no ``import odoo``, relative imports only), so the Odoo tests
import it as ``odoo.addons.ps_sync_salesforce.tests.fakes``, the pure unit
tests as ``ps_sync_salesforce_fakes`` (tests/unit/conftest.py) and the bench
through Odoo's addons path. Runtime code (models, controllers, ``pure/``)
must not import it: tests/unit/test_pure_packages_load.py checks that.
"""
