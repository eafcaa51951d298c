"""Pure-Python test suite: no Odoo, no database.

Every ``addons/<addon>/pure/`` package (an ``__init__.py``, relative imports
only, no ``import odoo``) is importable here as the top-level package
``<addon>_pure``::

    from ps_sync_core_pure import signature
    from ps_sync_core_pure.retry import backoff

Test doubles that need no Odoo either (``addons/<addon>/tests/fakes/``, e.g.
the HTTP-level fake Salesforce org) are importable the same way as
``<addon>_fakes``; they are test support, kept out of the runtime ``pure``
packages::

    from ps_sync_salesforce_fakes import salesforce_org

The packages are loaded lazily by a meta-path finder (importlib
``spec_from_file_location`` with ``submodule_search_locations``), so one broken
package fails the tests that import it, not the whole run.
"""

import importlib.abc
import importlib.util
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ADDONS_DIR = REPO_ROOT / "addons"
PURE_SUFFIX = "_pure"
FAKES_SUFFIX = "_fakes"
FAKES_DIR = Path("tests") / "fakes"


def discover_packages(addons_dir=ADDONS_DIR, subdir="pure", suffix=PURE_SUFFIX):
    """Return {"<addon><suffix>": Path("addons/<addon>/<subdir>")} for every
    addon that has a ``<subdir>/__init__.py``."""
    if not addons_dir.is_dir():
        return {}
    return {
        addon.name + suffix: addon / subdir
        for addon in sorted(addons_dir.iterdir())
        if (addon / subdir / "__init__.py").is_file()
    }


def discover_pure_packages(addons_dir=ADDONS_DIR):
    """Return {"<addon>_pure": Path("addons/<addon>/pure")} for every addon
    that has a ``pure/__init__.py``."""
    return discover_packages(addons_dir, "pure", PURE_SUFFIX)


def discover_fake_packages(addons_dir=ADDONS_DIR):
    """Return {"<addon>_fakes": Path("addons/<addon>/tests/fakes")} for every
    addon that has a ``tests/fakes/__init__.py`` (test support)."""
    return discover_packages(addons_dir, FAKES_DIR, FAKES_SUFFIX)


class PurePackageFinder(importlib.abc.MetaPathFinder):
    """Map the top-level name ``<addon>_pure`` to ``addons/<addon>/pure``.

    Submodules (``<addon>_pure.signature``) are then found by the regular path
    finder through the package's ``__path__``.
    """

    def __init__(self, packages):
        self.packages = dict(packages)

    def find_spec(self, fullname, path=None, target=None):
        package_dir = self.packages.get(fullname)
        if package_dir is None:
            return None
        return importlib.util.spec_from_file_location(
            fullname,
            package_dir / "__init__.py",
            submodule_search_locations=[str(package_dir)],
        )


PURE_PACKAGES = discover_pure_packages()
FAKE_PACKAGES = discover_fake_packages()


def install_finder(packages=None):
    """Put the finder on ``sys.meta_path`` once (idempotent)."""
    for finder in sys.meta_path:
        if isinstance(finder, PurePackageFinder):
            finder.packages.update(packages or {**PURE_PACKAGES, **FAKE_PACKAGES})
            return finder
    finder = PurePackageFinder(packages or {**PURE_PACKAGES, **FAKE_PACKAGES})
    sys.meta_path.insert(0, finder)
    return finder


def load_pure_package(name):
    """Import ``<addon>_pure`` or ``<addon>_fakes`` (or return it if already
    imported)."""
    install_finder()
    return importlib.import_module(name)


install_finder()


@pytest.fixture(scope="session")
def pure_packages():
    """{"<addon>_pure": Path to addons/<addon>/pure} for every addon."""
    return dict(PURE_PACKAGES)
