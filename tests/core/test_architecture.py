"""The rules that keep the app easy to change and provably offline (architecture.md, privacy.md E4)."""
from __future__ import annotations

import ast
import json
from pathlib import Path

from tests.conftest import ROOT, run_python

PACKAGE = ROOT / "persona_desktop"
FORBIDDEN_NETWORK = ("socket", "requests", "urllib.request", "urllib3", "http.client", "httpx",
                     "aiohttp", "ftplib", "smtplib", "PySide6.QtNetwork", "PySide6.QtWebEngineCore",
                     "PySide6.QtWebEngineWidgets", "PySide6.QtWebSockets")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) \
                in ("import_module", "__import__") and node.args \
                and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value))
    return names


def test_no_module_of_the_app_imports_network_code():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for name in _imported_modules(path):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN_NETWORK):
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert not offenders, offenders


def test_network_scan_catches_a_forbidden_import(tmp_path):
    # Positive control for the scan above: it must see plain, dotted and from-imports.
    sample = tmp_path / "bad.py"
    sample.write_text("import socket\nfrom urllib.request import urlopen\nfrom PySide6 import QtNetwork\n")
    found = _imported_modules(sample)
    assert {"socket", "urllib.request", "PySide6.QtNetwork"} <= found


def test_core_and_cli_never_load_qt():
    code = """
import importlib, json, pkgutil, sys
import persona_desktop.core as core
import persona_desktop.cli
for mod in pkgutil.walk_packages(core.__path__, "persona_desktop.core."):
    importlib.import_module(mod.name)
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6", "PyQt")))))
"""
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_core_never_imports_qt_or_pyplot_in_source():
    offenders = []
    for path in (PACKAGE / "core").rglob("*.py"):
        for name in _imported_modules(path):
            if name.startswith(("PySide6", "PyQt", "shiboken6", "matplotlib.pyplot")):
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert not offenders, offenders


def test_cli_start_does_not_import_heavy_analytics():
    # `persona info` should answer quickly: scikit-learn and matplotlib load only when needed.
    result = run_python("import sys, persona_desktop.cli; "
                        "print([m for m in ('sklearn', 'matplotlib', 'scipy') if m in sys.modules])")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
