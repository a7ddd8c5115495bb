"""The QApplication as every run of the app gets it: names, a font that shows Chinese, the theme.

Shared by the normal start, ``--selftest`` and ``--screenshots`` so the self-test checks the very
set-up users get (a self-test with its own set-up would prove nothing about theirs).
"""
from __future__ import annotations

import sys

from . import fonts, theme


def make_app(qt_args: list[str] | None = None, scheme: str | None = None):
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication([sys.argv[0], *(qt_args or [])])
    app.setApplicationName("Persona Desktop")
    app.setOrganizationName("PersonaDesktop")
    app.setDesktopFileName("persona-desktop")
    fonts.ensure_cjk_font()  # before the theme: the UI font lists the Chinese families it finds
    theme.apply(app, scheme)
    return app
