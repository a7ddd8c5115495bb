"""Line icons drawn from the SVG files in gui/icons/, tinted with the palette.

The SVGs use the placeholder ``COLOR`` for their stroke so one file gives the normal (muted) and the
selected (accent) variants; they are rendered at 2x for sharp output on high-DPI screens.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from . import theme

ICON_DIR = Path(__file__).resolve().parent / "icons"


@lru_cache(maxsize=64)
def _svg(name: str) -> str:
    return (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8")


def pixmap(name: str, color: str, size: int = 20, ratio: float = 2.0) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(_svg(name).replace("COLOR", color).encode("utf-8")))
    pm = QPixmap(int(size * ratio), int(size * ratio))
    pm.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pm)
    renderer.render(painter, QRectF(0, 0, pm.width(), pm.height()))
    painter.end()
    pm.setDevicePixelRatio(ratio)
    return pm


def icon(name: str, size: int = 20) -> QIcon:
    """Muted when off, accent when checked (navigation) or active."""
    c = theme.colors()
    ic = QIcon()
    ic.addPixmap(pixmap(name, c["muted"], size), QIcon.Mode.Normal, QIcon.State.Off)
    ic.addPixmap(pixmap(name, c["accent"], size), QIcon.Mode.Normal, QIcon.State.On)
    ic.addPixmap(pixmap(name, c["accent"], size), QIcon.Mode.Active, QIcon.State.On)
    ic.addPixmap(pixmap(name, c["border"], size), QIcon.Mode.Disabled, QIcon.State.Off)
    return ic


def plain_icon(name: str, color_key: str = "text", size: int = 20) -> QIcon:
    return QIcon(pixmap(name, theme.colors()[color_key], size))


def logo(size: int = 40) -> QPixmap:
    return pixmap("logo", theme.colors()["accent"], size)
