"""The stylesheet lives in gui/resources/style.qss and takes its colours from theme.PALETTES only,
so a scheme (the dark one, a future one) is one palette and never a second copy of the QSS."""
from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path
from string import Template

import pytest

from tests.conftest import ROOT

GUI = ROOT / "persona_desktop" / "gui"
# A colour value: #rgb, #rrggbb or #aarrggbb (object-name selectors such as #NavBar never match:
# they are not all hex digits), or a functional colour.
COLOUR = re.compile(r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b|\brgba?\(|\bhsla?\(")


def _template() -> str:
    from persona_desktop.gui import theme
    return theme._qss_template()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_rendered_stylesheet_has_no_unfilled_placeholders(scheme):
    from persona_desktop.gui import theme
    qss = theme.stylesheet(theme.PALETTES[scheme])
    assert "$" not in qss
    assert theme.PALETTES[scheme]["accent"] in qss
    assert (theme.ICON_DIR.as_posix() + "/chevron-down.svg") in qss


def test_every_placeholder_is_a_key_of_every_palette():
    from persona_desktop.gui import theme
    names = {m.group("braced") or m.group("named")
             for m in Template.pattern.finditer(_template()) if not m.group("escaped")}
    assert names - {"icons"}
    keys = [set(p) for p in theme.PALETTES.values()]
    assert all(k == keys[0] for k in keys), "every scheme defines the same colours"
    assert names - {"icons"} <= keys[0]


def test_the_qss_resource_holds_no_colour_of_its_own():
    assert not COLOUR.findall(_template())


def test_colours_in_gui_code_are_defined_only_in_the_palette():
    palettes = None
    tree = ast.parse((GUI / "theme.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "PALETTES"
                                                for t in node.targets):
            palettes = node
    assert palettes is not None
    inside = {id(n) for n in ast.walk(palettes)}
    for path in GUI.rglob("*.py"):
        module = tree if path.name == "theme.py" and path.parent == GUI \
            else ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(module):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and COLOUR.search(node.value):
                assert path.name == "theme.py" and id(node) in inside, (path, node.value)


def test_the_qss_resource_is_shipped_with_the_package():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = data["tool"]["setuptools"]["package-data"]["persona_desktop"]
    from persona_desktop.gui import theme
    resource = Path("gui") / theme.QSS_RESOURCE
    assert any(resource.match(pattern) for pattern in shipped)
    assert (GUI / theme.QSS_RESOURCE).is_file()
