"""The rules that keep the app easy to change and provably offline (architecture.md, privacy.md E4)."""
from __future__ import annotations

import ast
import json
import re
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


# --- layout (issue 11): no import cycles, a small core root, one way to translate -----------------

def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports_outside_type_checking(tree: ast.AST):
    """Every import statement, module-level or inside functions, except under TYPE_CHECKING."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the app's modules it imports. ``from pkg import name`` points at ``pkg.name``
    when that is a module, else at ``pkg`` (its ``__init__``)."""
    modules = {_module_name(p): p for p in package.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package_name = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in _imports_outside_type_checking(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base = package_name.split(".")
                    base = base[: len(base) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in modules else source
                           for a in node.names]
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    cycles: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        cycles.append(sorted(component))
    return cycles


def test_the_app_has_no_import_cycles_counting_function_level_imports():
    assert import_cycles(import_graph()) == []


def test_cycle_check_finds_a_cycle_through_a_function_level_import(tmp_path):
    # Positive control: the cycle the layout refactor removed (services -> demo -> loader ->
    # services, all inside functions) must be found; a TYPE_CHECKING import must not count.
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "services.py").write_text("def f():\n    from . import demo\n")
    (pkg / "demo.py").write_text("def g():\n    from .loader import h\n")
    (pkg / "loader.py").write_text("def h():\n    from pkg import services\n")
    (pkg / "typed.py").write_text("from typing import TYPE_CHECKING\n"
                                  "if TYPE_CHECKING:\n    from .hinted import X\n")
    (pkg / "hinted.py").write_text("from .typed import TYPE_CHECKING\n")
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        cycles = import_cycles(import_graph(pkg))
    finally:
        ROOT = saved
    assert cycles == [["pkg.demo", "pkg.loader", "pkg.services"]]


def test_the_core_root_holds_at_most_ten_modules():
    root_modules = sorted(p.name for p in (PACKAGE / "core").glob("*.py"))
    assert len(root_modules) <= 10, root_modules


INLINE_LANGUAGE_CHOICE = re.compile(r"""lang\s*[!=]=\s*["'](en|zh)["']""")


def test_core_translates_through_one_helper_not_inline_language_choices():
    found = [f"{p.relative_to(ROOT)}:{n}" for p in (PACKAGE / "core").rglob("*.py")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if INLINE_LANGUAGE_CHOICE.search(line)]
    assert len(found) <= 5, found


def test_importing_the_core_loads_no_qt_sklearn_scipy_or_matplotlib():
    result = run_python("import sys, persona_desktop.core, persona_desktop.core.services; "
                        "print([m for m in ('PySide6', 'sklearn', 'scipy', 'matplotlib') "
                        "if m in sys.modules])")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
