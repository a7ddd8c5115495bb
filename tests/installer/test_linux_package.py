"""The PyInstaller spec and the Linux package's files (the build itself runs in .ci/run through
installer/check_deb.sh: too slow for the unit tests)."""
from __future__ import annotations

import ast
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "installer" / "persona.spec"


def _spec_list(name: str) -> list[str]:
    """A list literal assigned in the spec (QT_UNUSED is built from a tuple of module names)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == name:
            return [n.value for n in ast.walk(node.value)
                    if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    raise AssertionError(f"{name} not in the spec")


def test_the_spec_leaves_out_no_qt_module_the_app_imports():
    left_out = {m for m in _spec_list("QT_UNUSED") if m.startswith("Qt")}
    imported = set()
    for path in (ROOT / "persona_desktop").rglob("*.py"):
        imported |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert imported, "the scan should find the app's Qt modules"
    assert not imported & left_out, imported & left_out


def test_the_spec_ships_no_network_module_and_never_strips():
    text = SPEC.read_text(encoding="utf-8")
    left_out = set(_spec_list("QT_UNUSED"))
    assert {"QtNetwork", "QtWebEngineCore", "QtWebEngineWidgets"} <= left_out
    assert {"libqvnc", "libQt6Network"} <= set(_spec_list("DROPPED"))
    assert "upx=True" not in text and "strip=True" not in text
    assert '"backends": ["QtAgg"]' in text


def test_desktop_entry_and_mime_type_are_valid():
    desktop = ROOT / "installer" / "linux" / "persona-desktop.desktop"
    text = desktop.read_text(encoding="utf-8")
    assert "Exec=persona-desktop %f" in text and "Name[zh_CN]=" in text
    assert "MimeType=application/x-persona-backup;" in text
    mime = ET.parse(ROOT / "installer" / "linux" / "persona-desktop-mime.xml").getroot()
    assert any(g.get("pattern") == "*.pvbackup" for g in mime.iter() if g.tag.endswith("glob"))
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
        assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


@pytest.mark.parametrize("script", ["build_deb.sh", "check_deb.sh"])
def test_linux_scripts_parse(script):
    subprocess.run(["bash", "-n", str(ROOT / "installer" / script)], check=True)


def test_icons_render_at_every_size_with_a_multi_size_ico(tmp_path):
    subprocess.run([__import__("sys").executable, str(ROOT / "installer" / "make_icons.py"),
                    str(tmp_path)], check=True, capture_output=True)
    from PIL import Image
    for size in (16, 48, 256, 512):
        assert Image.open(tmp_path / f"persona-{size}.png").size == (size, size)
    assert len(Image.open(tmp_path / "persona.ico").info["sizes"]) == 7
    assert (tmp_path / "persona.icns").stat().st_size > 10_000
