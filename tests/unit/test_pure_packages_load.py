"""Every addons/<addon>/pure package loads as <addon>_pure, without Odoo."""

import subprocess
import sys
import textwrap

import pytest
from conftest import ADDONS_DIR, PURE_PACKAGES, load_pure_package


def test_some_pure_package_exists():
    assert PURE_PACKAGES, f"no addons/<addon>/pure/__init__.py under {ADDONS_DIR}"


@pytest.mark.parametrize("name", sorted(PURE_PACKAGES))
def test_pure_package_loads(name):
    module = load_pure_package(name)
    assert module.__name__ == name
    assert module.__path__ == [str(PURE_PACKAGES[name])]
    # every module of the package imports too
    for path in sorted(PURE_PACKAGES[name].glob("*.py")):
        if path.stem != "__init__":
            submodule = load_pure_package(f"{name}.{path.stem}")
            assert submodule.__file__ == str(path)


@pytest.mark.parametrize("name", sorted(PURE_PACKAGES))
def test_pure_package_does_not_need_odoo(name):
    """Load the package in a fresh interpreter where `import odoo` fails."""
    package_dir = PURE_PACKAGES[name]
    code = textwrap.dedent(
        f"""
        import importlib, importlib.util, pathlib, sys
        sys.modules["odoo"] = None  # any `import odoo...` raises ImportError
        package_dir = pathlib.Path({str(package_dir)!r})
        spec = importlib.util.spec_from_file_location(
            {name!r}, package_dir / "__init__.py",
            submodule_search_locations=[str(package_dir)],
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[{name!r}] = module
        spec.loader.exec_module(module)
        for path in sorted(package_dir.glob("*.py")):
            if path.stem != "__init__":
                importlib.import_module({name!r} + "." + path.stem)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, (
        f"{name} ({package_dir}) does not load without Odoo:\n{result.stderr}"
    )
