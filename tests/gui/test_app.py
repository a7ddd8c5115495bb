"""Starting the app: fast (no heavy analytics at start), never networked, core dumps off, and the
--selftest run used as the no-network proof (privacy.md E4 c)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import run_python

HEAVY = ("sklearn", "matplotlib", "pandas", "scipy")
NETWORK = ("PySide6.QtNetwork", "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets",
           "requests", "http.client", "urllib.request")


def test_building_the_window_loads_no_heavy_or_network_module(tmp_path):
    code = """
import json, sys
from PySide6.QtWidgets import QApplication
from persona_desktop.gui import app as gui_app, theme
from persona_desktop.gui.context import AppContext
from persona_desktop.gui.main_window import MainWindow
app = QApplication([])
theme.apply(app)
ctx = AppContext(app)
ctx.set_language("zh", remember=False)
w = MainWindow(ctx, None)
w.show()
app.processEvents()
print(json.dumps(sorted(m for m in sys.modules)))
"""
    result = run_python(code, env={"QT_QPA_PLATFORM": "offscreen", "PERSONA_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}
    assert not loaded & set(NETWORK)


def test_entry_points_exist():
    from persona_desktop.gui.app import main, parse_args
    assert callable(main)
    args = parse_args(["--vault", "/x", "--lang", "zh", "--demo"])
    assert (args.vault, args.lang, args.demo, args.selftest) == ("/x", "zh", True, False)
    main_module = (__import__("tests.conftest").conftest.ROOT / "persona_desktop" / "__main__.py")
    assert "gui.app import main" in main_module.read_text(encoding="utf-8")


def _unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True,
                              timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.mark.skipif(not _unshare_works(), reason="unshare -rn not available here")
def test_selftest_builds_analyses_and_shows_every_page_without_any_network(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PERSONA_HOME=str(tmp_path),
               PERSONA_KDF="floor")
    result = subprocess.run(["unshare", "-rn", sys.executable, "-m", "persona_desktop",
                             "--selftest"],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "selftest: passed" in result.stdout
    assert "core dumps off" in result.stdout
    assert "Traceback" not in result.stderr


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_palette_text_contrast_is_at_least_4_5(qapp, scheme):
    # ux.md: text contrast at least 4.5:1, in both themes
    from persona_desktop.gui import theme
    c = theme.PALETTES[scheme]
    for fg, bg in (("text", "surface"), ("text", "window"), ("muted", "surface"),
                   ("muted", "window"), ("on_accent", "accent"), ("accent", "surface"),
                   ("error", "error_soft"), ("warning", "warning_soft"),
                   ("accent", "accent_soft")):
        assert _contrast(c[fg], c[bg]) >= 4.5, (scheme, fg, bg, round(_contrast(c[fg], c[bg]), 2))
    theme.apply(qapp, scheme)
    assert c["accent"] in qapp.styleSheet()
    theme.apply(qapp, "light")
