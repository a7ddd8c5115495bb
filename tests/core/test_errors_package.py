"""One home for the user-facing errors (core/errors/): every PersonaError subclass is defined
there and importable from ``core.errors``, and the package imports nothing from the rest of the
core but ``i18n``, so any module can raise them without an import cycle."""
from __future__ import annotations

import ast
from pathlib import Path

import persona_desktop
from persona_desktop.core import errors

ROOT = Path(persona_desktop.__file__).parent
ERRORS = ROOT / "core" / "errors"


def _error_classes(tree: ast.Module, known: set[str]) -> set[str]:
    """Classes whose base is a known error (found in rounds, so subclasses of subclasses count)."""
    found: set[str] = set()
    while True:
        more = {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
                and any(isinstance(b, ast.Name) and b.id in known | found for b in node.bases)}
        if more <= found:
            return found
        found |= more


def test_every_persona_error_is_defined_in_the_errors_package():
    known = set(errors.__all__)
    outside = []
    for path in ROOT.rglob("*.py"):
        if ERRORS in path.parents:
            continue
        for name in _error_classes(ast.parse(path.read_text(encoding="utf-8")), known):
            outside.append(f"{path.relative_to(ROOT)}: {name}")
    assert outside == []


def test_the_package_exports_every_error_it_defines():
    defined = set()
    for path in ERRORS.glob("*.py"):
        defined |= _error_classes(ast.parse(path.read_text(encoding="utf-8")),
                                  {"Exception", "PersonaError"})
    assert defined <= set(errors.__all__)
    assert all(issubclass(getattr(errors, name), errors.PersonaError) for name in defined)


def test_the_errors_package_imports_only_i18n_from_the_core():
    for path in ERRORS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level >= 2:
                assert node.module is None and [a.name for a in node.names] == ["i18n"], path
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                assert node.module == "__future__", path
            elif isinstance(node, ast.Import):
                raise AssertionError(f"{path.name} imports {node.names[0].name}")
