"""The look (ux.md "Visual language"): one palette definition, light and dark, turned into QSS.

8 px grid, cards with 16 px padding and 10 px radius, one accent colour for actions, the system UI
font with a CJK fallback. Widgets opt into styles with dynamic properties (``role``, ``card``,
``accent``) instead of hard-coded colours, so the palette stays the single source.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette

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
_current = "light"


def scheme() -> str:
    return _current


def colors() -> dict[str, str]:
    return PALETTES[_current]


def _available(families: list[str]) -> list[str]:
    have = set(QFontDatabase.families())
    return [f for f in families if f in have]


def ui_font(pixel_size: int = BODY_PX) -> QFont:
    system = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    families = _available(UI_FAMILIES) or [system.family()]
    font = QFont(system)
    font.setFamilies(families + _available(CJK_FAMILIES))
    font.setPixelSize(pixel_size)
    return font


def mono_font(pixel_size: int = 16) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    families = _available(MONO_FAMILIES)
    if families:
        font.setFamilies(families + _available(CJK_FAMILIES))
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
    icons = ICON_DIR.as_posix()
    return f"""
QMainWindow, QDialog, #WelcomePage {{ background: {c['window']}; }}
QToolTip {{ color: {c['text']}; background: {c['surface']}; border: 1px solid {c['border']};
    padding: 4px 8px; }}
QLabel[role="title"] {{ font-size: 20px; font-weight: 600; }}
QLabel[role="section"] {{ font-size: 14px; font-weight: 600; }}
QLabel[role="muted"], QLabel[role="subtitle"] {{ color: {c['muted']}; }}
QLabel[role="kpi"] {{ font-size: 26px; font-weight: 600; }}
QLabel[role="error"] {{ color: {c['error']}; background: {c['error_soft']};
    border-radius: 6px; padding: 8px; }}
QLabel[role="warning"] {{ color: {c['warning']}; background: {c['warning_soft']};
    border-radius: 6px; padding: 8px; }}
QLabel[role="note"] {{ background: {c['accent_soft']}; border-radius: 6px; padding: 8px; }}
QLabel[role="success"] {{ color: {c['success']}; }}
QLabel[role="code"] {{ background: {c['sunken']}; border: 1px solid {c['border']};
    border-radius: 8px; padding: 12px 16px; }}
QFrame[card="true"] {{ background: {c['surface']}; border: 1px solid {c['border']};
    border-radius: 10px; }}
QFrame[card="true"] QLabel {{ background: transparent; }}
QFrame[card="true"] QLabel[role="error"] {{ background: {c['error_soft']}; }}
QFrame[card="true"] QLabel[role="warning"] {{ background: {c['warning_soft']}; }}
QFrame[card="true"] QLabel[role="note"] {{ background: {c['accent_soft']}; }}
QFrame[card="true"] QLabel[role="code"] {{ background: {c['sunken']}; }}
#NavBar {{ background: {c['sunken']}; border-right: 1px solid {c['border']}; }}
#NavBar QToolButton {{ border: none; border-radius: 8px; padding: 8px 12px; text-align: left;
    color: {c['text']}; background: transparent; }}
#NavBar QToolButton:hover {{ background: {c['border']}; }}
#NavBar QToolButton:checked {{ background: {c['accent_soft']}; color: {c['accent']};
    font-weight: 600; }}
#HeaderBar {{ background: {c['surface']}; border-bottom: 1px solid {c['border']}; }}
QPushButton {{ background: {c['surface']}; color: {c['text']}; border: 1px solid {c['border']};
    border-radius: 8px; padding: 6px 16px; min-height: 20px; }}
QPushButton:hover {{ border-color: {c['muted']}; }}
QPushButton:focus {{ border-color: {c['focus']}; }}
QPushButton:disabled {{ color: {c['muted']}; background: {c['sunken']}; }}
QPushButton[accent="true"] {{ background: {c['accent']}; color: {c['on_accent']};
    border-color: {c['accent']}; font-weight: 600; }}
QPushButton[accent="true"]:hover {{ background: {c['accent_hover']}; }}
QPushButton[accent="true"]:disabled {{ background: {c['border']}; color: {c['muted']};
    border-color: {c['border']}; }}
QPushButton[flat="true"], QPushButton[link="true"] {{ border: none; background: transparent;
    color: {c['accent']}; padding: 4px 0px; text-align: left; }}
QPushButton[link="true"]:hover {{ text-decoration: underline; }}
QPushButton[segment="true"] {{ border-radius: 6px; padding: 4px 8px; min-height: 16px; }}
QPushButton[segment="true"]:checked {{ background: {c['accent_soft']}; color: {c['accent']};
    border-color: {c['accent']}; }}
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QLineEdit, QComboBox, QSpinBox, QPlainTextEdit {{ background: {c['surface']}; color: {c['text']};
    border: 1px solid {c['border']}; border-radius: 6px; padding: 5px 8px; min-height: 20px;
    selection-background-color: {c['accent']}; selection-color: {c['on_accent']}; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus {{ border-color: {c['focus']}; }}
QComboBox {{ padding-right: 24px; }}
QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right;
    width: 24px; border: none; }}
QComboBox::down-arrow {{ image: url("{icons}/chevron-down.svg"); width: 12px; height: 12px; }}
QComboBox QAbstractItemView {{ background: {c['surface']}; border: 1px solid {c['border']};
    selection-background-color: {c['accent_soft']}; selection-color: {c['text']}; }}
QSpinBox {{ padding-right: 24px; }}
QSpinBox::up-button, QSpinBox::down-button {{ subcontrol-origin: border; width: 22px;
    border: none; background: transparent; }}
QSpinBox::up-button {{ subcontrol-position: top right; }}
QSpinBox::down-button {{ subcontrol-position: bottom right; }}
QSpinBox::up-arrow {{ image: url("{icons}/chevron-up.svg"); width: 10px; height: 10px; }}
QSpinBox::down-arrow {{ image: url("{icons}/chevron-down.svg"); width: 10px; height: 10px; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 2px; }}
QScrollBar::handle {{ background: {c['border']}; border-radius: 3px; min-height: 32px;
    min-width: 32px; }}
QScrollBar::handle:hover {{ background: {c['muted']}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0px; height: 0px; border: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QProgressBar {{ background: {c['sunken']}; border: none; border-radius: 4px; max-height: 8px;
    text-align: center; }}
QProgressBar::chunk {{ background: {c['accent']}; border-radius: 4px; }}
QProgressBar[strength="0"]::chunk, QProgressBar[strength="1"]::chunk {{
    background: {c['error']}; }}
QProgressBar[strength="2"]::chunk {{ background: {c['warning']}; }}
QProgressBar[strength="3"]::chunk, QProgressBar[strength="4"]::chunk {{
    background: {c['success']}; }}
QStatusBar {{ background: {c['surface']}; border-top: 1px solid {c['border']}; }}
QStatusBar::item {{ border: none; }}
QScrollArea {{ background: transparent; border: none; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
QCheckBox {{ spacing: 8px; }}
QTableView {{ background: {c['surface']}; alternate-background-color: {c['window']};
    border: 1px solid {c['border']}; border-radius: 6px; gridline-color: {c['border']};
    selection-background-color: {c['accent_soft']}; selection-color: {c['text']}; }}
QTableView::item {{ padding: 0px 6px; }}
QHeaderView::section {{ background: {c['sunken']}; color: {c['text']}; border: none;
    border-right: 1px solid {c['border']}; border-bottom: 1px solid {c['border']};
    padding: 4px 6px; font-weight: 600; }}
QTableCornerButton::section {{ background: {c['sunken']}; border: none; }}
#DropZone {{ background: {c['surface']}; border: 2px dashed {c['border']}; border-radius: 10px; }}
#DropZone QLabel {{ background: transparent; }}
"""


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
