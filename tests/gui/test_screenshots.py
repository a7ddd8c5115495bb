"""``persona-desktop --screenshots DIR``: every page of the workspace's list, the welcome screens
and every dialog, in both languages, named ``<name>_<lang>_<width>.png`` at the window's size;
no dialog class of the GUI is left out of the registry."""
from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QDialog

from tests.conftest import ROOT


def expected_names(width: int) -> set[str]:
    from persona_desktop.gui.headless import page_name
    from persona_desktop.gui.screenshot_dialogs import DIALOGS
    from persona_desktop.gui.workspace import PAGE_CLASSES
    screens = [page_name(c) for c in PAGE_CLASSES] + ["unlock", "create"] + [d.name for d in
                                                                            DIALOGS]
    return {f"{name}_{lang}_{width}.png" for name in screens for lang in ("en", "zh")}


def test_screenshots_cover_every_page_dialog_and_language(tmp_path):
    out = tmp_path / "shots"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PERSONA_HOME=str(tmp_path / "home"))
    result = subprocess.run([sys.executable, "-m", "persona_desktop", "--screenshots", str(out),
                             "--sizes", "1024x640"], check=False, cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    written = {p.name for p in out.iterdir()}
    assert written == expected_names(1024)
    assert {"dashboard_zh_1024.png", "unlock_en_1024.png", "import_mapping_zh_1024.png"} <= written

    from PySide6.QtGui import QImage
    for name in ("dashboard_en_1024.png", "tag_rules_zh_1024.png"):
        image = QImage(str(out / name))
        assert (image.width(), image.height()) == (1024, 640), name


def test_page_names_come_from_the_page_classes():
    from persona_desktop.gui.headless import page_name

    class ImportHistoryPage:
        pass
    assert page_name(ImportHistoryPage) == "import_history"
    assert "dashboard_en_1280.png" in expected_names(1280)


def test_every_dialog_class_of_the_gui_has_a_screenshot():
    from persona_desktop import gui
    from persona_desktop.gui.screenshot_dialogs import DIALOGS
    found = set()
    for module in pkgutil.walk_packages(gui.__path__, "persona_desktop.gui."):
        for name, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(cls, QDialog) and cls.__module__.startswith("persona_desktop."):
                found.add(name)
    assert found, "the scan must see the app's dialogs"
    assert found <= {shot.shows for shot in DIALOGS}


@pytest.mark.parametrize("text, sizes", [("1280x800,1024x640", [(1280, 800), (1024, 640)]),
                                         (" 800X600 ", [(800, 600)])])
def test_sizes_are_read_as_width_by_height(text, sizes):
    from persona_desktop.gui.screenshots import parse_sizes
    assert parse_sizes(text) == sizes


def test_a_bad_size_is_a_usage_error():
    from persona_desktop.core.errors import UsageError
    from persona_desktop.gui.screenshots import parse_sizes
    with pytest.raises(UsageError):
        parse_sizes("1280by800")
