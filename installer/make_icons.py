"""Render the app icon (persona_desktop/gui/icons/logo.svg) for the installers, at build time:

    python installer/make_icons.py build/icons

writes persona-16.png ... persona-512.png (the .deb's hicolor sizes), rendered with Qt's SVG
renderer, then persona.ico (Windows: 16 to 256 in one file) and persona.icns (macOS) with Pillow.
Nothing it writes is committed.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "persona_desktop" / "gui" / "icons" / "logo.svg"


def render(size: int):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    return image


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (Qt needs one)
    out = Path(argv[0] if argv else "build/icons")
    out.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        if not render(size).save(str(out / f"persona-{size}.png")):
            raise SystemExit(f"could not write persona-{size}.png")
    # Several sizes in one .ico / .icns: Pillow (already there, matplotlib needs it) writes both
    # from the largest rendering; Qt's writers store one image per file.
    from PIL import Image
    big = Image.open(out / "persona-512.png")
    big.save(out / "persona.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(out / "persona.icns")
    print(f"icons written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
