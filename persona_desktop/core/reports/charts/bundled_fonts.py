"""Font files the app carries for computers without a font that can show Chinese.

The GUI finds them at start (gui/fonts.py) and records them here; the chart style adds them to
matplotlib only when the first chart is built, so the window's start never waits for matplotlib
(desktop-testing.md). Kept apart from style.py because importing that module loads matplotlib.
"""
from __future__ import annotations

import os

_files: list[str] = []


def add(path) -> None:
    """Offer a font file to the charts (used when no CJK font is installed on the system)."""
    path = os.fspath(path)
    if path not in _files:
        _files.append(path)


def files() -> tuple[str, ...]:
    return tuple(_files)
