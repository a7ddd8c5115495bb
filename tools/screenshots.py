#!/usr/bin/env python3
"""Screenshots of the real app for the README: run under a virtual X server, e.g.

    xvfb-run -s "-screen 0 1440x960x24" python tools/screenshots.py VAULT_FOLDER PASSWORD OUT_DIR

Opens VAULT_FOLDER, unlocks it, runs the analysis when it has none, and grabs the screen (the X
server's framebuffer, not an offscreen render) on each page in English and Chinese.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

PAGES = {"dashboard": 0, "customers": 1, "segments": 2, "insights": 3}


def main() -> int:
    folder, password, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    from persona_desktop.gui import theme
    from persona_desktop.gui.context import AppContext
    from persona_desktop.gui.main_window import MainWindow
    app = QApplication([])
    theme.apply(app, "light")
    ctx = AppContext(app, persist=False)
    ctx.set_language("en", remember=False)
    window = MainWindow(ctx, folder)
    window.resize(1400, 920)
    window.show()
    steps = []

    def wait_until(cond, then):
        def tick():
            if cond():
                then()
            else:
                QTimer.singleShot(200, tick)
        tick()

    def shoot(name):
        app.processEvents()
        window.screen().grabWindow(0).save(str(out / f"{name}.png"))
        print("wrote", out / f"{name}.png")

    def unlocked():
        ws = window.workspace
        def start():
            if ws.analysis.run is None or ws.analysis.predictions is None:
                ws.analysis.rerun()
            wait_until(lambda: ws.analysis.predictions is not None and not ws.analysis.busy
                       and bool(ws.analysis.persona_predictions), lambda: run(0))
        QTimer.singleShot(2000, start)   # let the stored runs load first

    def run(i):
        if i >= len(steps):
            app.quit()
            return
        lang, page = steps[i]
        ctx.set_language(lang, remember=False)
        window.workspace.show_page(PAGES[page])
        QTimer.singleShot(1500, lambda: (shoot(f"{page}_{lang}"), run(i + 1)))

    for lang in ("en", "zh"):
        for page in PAGES:
            steps.append((lang, page))
    panel = window.welcome.unlock
    panel.password.setText(password)
    panel.unlock_button.click()
    wait_until(lambda: window.workspace is not None and window.workspace.analysis.loaded, unlocked)
    app.exec()
    window.lock("closing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
