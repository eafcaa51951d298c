"""Every addons/<addon>/pure package loads as <addon>_pure, and every
addons/<addon>/tests/fakes package as <addon>_fakes, without Odoo; runtime
code never imports the fakes."""

import re
import subprocess
import sys
import textwrap

import pytest
from conftest import ADDONS_DIR, FAKE_PACKAGES, PURE_PACKAGES, load_pure_package

PACKAGES = {**PURE_PACKAGES, **FAKE_PACKAGES}
IMPORTS_A_FAKE = re.compile(
    r"^\s*(from|import)\s[^#\n]*\b(fakes|fake_org|salesforce_org)\b", re.MULTILINE
)


def test_some_pure_package_exists():
    assert PURE_PACKAGES, f"no addons/<addon>/pure/__init__.py under {ADDONS_DIR}"


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_pure_package_loads(name):
    module = load_pure_package(name)
    assert module.__name__ == name
    assert module.__path__ == [str(PACKAGES[name])]
    # every module of the package imports too
    for path in sorted(PACKAGES[name].glob("*.py")):
        if path.stem != "__init__":
            submodule = load_pure_package(f"{name}.{path.stem}")
            assert submodule.__file__ == str(path)


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_pure_package_does_not_need_odoo(name):
    """Load the package in a fresh interpreter where `import odoo` fails."""
    package_dir = PACKAGES[name]
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


def test_runtime_code_does_not_import_the_fakes():
    """Test doubles are test support: nothing outside an addon's tests/ (its
    models, controllers, pure/ rules) imports them."""
    assert FAKE_PACKAGES, f"no addons/<addon>/tests/fakes/__init__.py under {ADDONS_DIR}"
    offenders = []
    for path in sorted(ADDONS_DIR.glob("*/**/*.py")):
        relative = path.relative_to(ADDONS_DIR)
        if relative.parts[1] == "tests":
            continue
        text = path.read_text(encoding="utf-8")
        if IMPORTS_A_FAKE.search(text):
            offenders.append(str(relative))
    assert not offenders, f"runtime code imports test doubles: {offenders}"
