"""The look (ux.md "Visual language"): one palette definition, light and dark, turned into QSS.

The stylesheet itself is resources/style.qss with ``${key}`` placeholders for the palette's
colours; a new scheme is one more entry in ``PALETTES`` with the same keys.

8 px grid, cards with 16 px padding and 10 px radius, one accent colour for actions, the system UI
font with a CJK fallback. Widgets opt into styles with dynamic properties (``role``, ``card``,
``accent``) instead of hard-coded colours, so the palette stays the single source.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from string import Template

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette

from . import fonts

# Text contrast on its surface is at least 4.5:1 in both themes (checked with WCAG's formula).
PALETTES = {
    "light": {
        "window": "#F5F6F8", "surface": "#FFFFFF", "sunken": "#EDF0F4", "border": "#DDE1E7",
        "text": "#1D2329", "muted": "#56606B", "accent": "#2158C9", "accent_hover": "#1A4AAD",
        "accent_soft": "#E3ECFC", "on_accent": "#FFFFFF", "error": "#B42318",
        "error_soft": "#FEF1F0", "warning": "#8A4B08", "warning_soft": "#FFF6E0",
        "success": "#18794E", "focus": "#5B8DEF",
    },
    "dark": {
        "window": "#1A1C20", "surface": "#23262B", "sunken": "#1F2226", "border": "#353941",
        "text": "#E7E9EC", "muted": "#A3ABB5", "accent": "#6E9CFF", "accent_hover": "#8AB0FF",
        "accent_soft": "#2A3550", "on_accent": "#0E1524", "error": "#FF8A80",
        "error_soft": "#3A2222", "warning": "#F3C26B", "warning_soft": "#3A3020",
        "success": "#5BD39A", "focus": "#6E9CFF",
    },
}

# First family that exists wins for Latin text; Qt falls back per glyph to the CJK families.
UI_FAMILIES = ["Segoe UI", "SF Pro Text", "Helvetica Neue", "Noto Sans", "Cantarell", "Ubuntu",
               "DejaVu Sans"]
CJK_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB",
                "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                "Droid Sans Fallback"]
MONO_FAMILIES = ["Cascadia Mono", "Consolas", "SF Mono", "Menlo", "Noto Sans Mono",
                 "DejaVu Sans Mono", "Noto Sans Mono CJK SC"]

BODY_PX = 13
ICON_DIR = Path(__file__).resolve().parent / "icons"
QSS_RESOURCE = "resources/style.qss"  # in this package; pyproject ships it (package-data)
_current = "light"


def scheme() -> str:
    return _current


def colors() -> dict[str, str]:
    return PALETTES[_current]


def _available(families: list[str]) -> list[str]:
    have = set(QFontDatabase.families())
    return [f for f in families if f in have]


def _cjk_fallbacks() -> list[str]:
    """Installed CJK families, then any the app registered from its bundled fonts (fonts.py)."""
    found = _available(CJK_FAMILIES)
    return found + [f for f in fonts.app_cjk_families() if f not in found]


def ui_font(pixel_size: int = BODY_PX) -> QFont:
    system = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    families = _available(UI_FAMILIES) or [system.family()]
    font = QFont(system)
    font.setFamilies(families + _cjk_fallbacks())
    font.setPixelSize(pixel_size)
    return font


def mono_font(pixel_size: int = 16) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    families = _available(MONO_FAMILIES)
    if families:
        font.setFamilies(families + _cjk_fallbacks())
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPixelSize(pixel_size)
    return font


def _palette(c: dict[str, str]) -> QPalette:
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: "window", QPalette.ColorRole.WindowText: "text",
        QPalette.ColorRole.Base: "surface", QPalette.ColorRole.AlternateBase: "sunken",
        QPalette.ColorRole.Text: "text", QPalette.ColorRole.Button: "surface",
        QPalette.ColorRole.ButtonText: "text", QPalette.ColorRole.Highlight: "accent",
        QPalette.ColorRole.HighlightedText: "on_accent", QPalette.ColorRole.ToolTipBase: "surface",
        QPalette.ColorRole.ToolTipText: "text", QPalette.ColorRole.PlaceholderText: "muted",
        QPalette.ColorRole.Link: "accent",
    }
    for role, key in roles.items():
        pal.setColor(role, QColor(c[key]))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(c["muted"]))
    return pal


def stylesheet(c: dict[str, str]) -> str:
    """The QSS of resources/style.qss with ``${key}`` filled from palette ``c`` (and ``${icons}``,
    the icon folder): the palette stays the one place colours are defined."""
    return Template(_qss_template()).substitute(c, icons=ICON_DIR.as_posix())


@lru_cache(maxsize=1)
def _qss_template() -> str:
    # importlib.resources, not a path beside this file: also works from a zip or an installer.
    return resources.files(__package__).joinpath(QSS_RESOURCE).read_text(encoding="utf-8")


def apply(app, scheme_name: str | None = None) -> None:
    """Style the whole application; the scheme follows the OS unless one is given."""
    global _current
    if scheme_name is None:
        hints = QGuiApplication.styleHints()
        dark = hasattr(hints, "colorScheme") and hints.colorScheme() == Qt.ColorScheme.Dark
        scheme_name = "dark" if dark else "light"
    _current = scheme_name
    c = PALETTES[scheme_name]
    app.setStyle("Fusion")
    app.setFont(ui_font())
    app.setPalette(_palette(c))
    app.setStyleSheet(stylesheet(c))


def repolish(widget) -> None:
    """Re-apply the stylesheet after a dynamic property (role, strength) changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.updateGeometry()  # a role may change padding, hence the size hint
    widget.update()
