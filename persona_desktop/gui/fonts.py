"""A font that can show Chinese, even on a computer that has none installed.

Without one, every Chinese text shows as empty boxes, in Qt and in the charts (desktop-testing.md).
At start, after the QApplication exists and before the theme picks the UI font, ``ensure_cjk_font``
asks Qt whether the system has a Simplified Chinese font; only when it has none does it look for
font files the app carries (.ttc/.otf/.ttf), in this order:

1. ``$PERSONA_FONT_DIR`` (a packager's or user's own choice; also how the tests isolate fonts);
2. ``<sys._MEIPASS>/fonts`` in a frozen (PyInstaller) build;
3. ``<folder of the executable>/fonts`` (installers that put files beside the program);
4. ``persona_desktop/gui/fonts/`` in the package (empty in git: the build copies a free font in).

The first file that brings a Simplified Chinese family is registered with Qt
(``QFontDatabase.addApplicationFont``) and recorded for the charts (``charts.bundled_fonts``),
which add it to matplotlib only when the first chart is built: matplotlib never loads at start.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

from ..core.reports.charts import bundled_fonts

log = logging.getLogger(__name__)

FONT_DIR_ENV = "PERSONA_FONT_DIR"
FONT_SUFFIXES = (".ttc", ".otf", ".ttf")
PACKAGE_FONT_DIR = Path(__file__).resolve().parent / "fonts"
# Words the app shows ("customer order amount"): common, so any real CJK font has them all.
CJK_SAMPLE = "客户订单金额"

_families: list[str] = []   # Chinese-capable families registered from bundled files


def font_dirs() -> list[Path]:
    """Where bundled fonts may be, in the order they are searched."""
    dirs = []
    env = os.environ.get(FONT_DIR_ENV)
    if env:
        dirs.append(Path(env).expanduser())
    meipass = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and meipass:
        dirs.append(Path(meipass) / "fonts")
    if sys.executable:
        dirs.append(Path(sys.executable).resolve().parent / "fonts")
    dirs.append(PACKAGE_FONT_DIR)
    return dirs


def font_files() -> list[Path]:
    """Every bundled font file found, folder by folder (each folder's files sorted by name)."""
    found: list[Path] = []
    seen: set[Path] = set()
    for folder in font_dirs():
        try:
            entries = sorted(folder.iterdir())
        except OSError:  # absent or unreadable: the next place may have one
            continue
        for path in entries:
            real = path.resolve()
            if path.suffix.lower() in FONT_SUFFIXES and path.is_file() and real not in seen:
                seen.add(real)
                found.append(path)
    return found


def system_has_cjk() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def ensure_cjk_font() -> Path | None:
    """Register a bundled CJK font when the system has none; returns the file used, if any.
    Needs a QGuiApplication."""
    if system_has_cjk():
        return None
    for path in font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("bundled font %s could not be loaded", path.name)
            continue
        families = [f for f in QFontDatabase.applicationFontFamilies(font_id)
                    if QFontDatabase.WritingSystem.SimplifiedChinese
                    in QFontDatabase.writingSystems(f)]
        if not families:
            QFontDatabase.removeApplicationFont(font_id)
            continue
        # Simplified-Chinese variants first (a Noto .ttc lists its Japanese face first).
        families.sort(key=lambda f: (" SC" not in f and "CN" not in f, "Mono" in f))
        _families.extend(f for f in families if f not in _families)
        bundled_fonts.add(path)
        log.info("no system font for Chinese: using the bundled %s", path.name)
        return path
    log.warning("no font for Chinese on this system and none bundled: Chinese shows as boxes")
    return None


def app_cjk_families() -> list[str]:
    """Chinese-capable families registered from bundled files (the theme adds them to the UI
    font's fallbacks)."""
    return list(_families)


def qt_missing_glyphs(font: QFont, text: str = CJK_SAMPLE) -> str:
    """The characters of ``text`` that ``font`` (with Qt's fallbacks) cannot draw."""
    metrics = QFontMetrics(font)
    return "".join(ch for ch in text if not ch.isspace() and not metrics.inFontUcs4(ord(ch)))
