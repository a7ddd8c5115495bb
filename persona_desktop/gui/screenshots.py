"""``persona-desktop --screenshots DIR``: the project's one way to take screenshots (README, docs,
installer checks, reviewing a layout in both languages).

Every page of the workspace (``PAGE_CLASSES``: a page added later is included with no edit here),
the welcome screens (unlock, create) and every dialog (screenshot_dialogs.DIALOGS), in English and
Chinese, at each window size (default 1280x800 and 1024x640), saved as
``<name>_<lang>_<width>.png`` (``dashboard_zh_1280.png``, ``unlock_en_1024.png``). A dialog is
pictured as users see it: the whole main window with the dialog open on top.

On a real X server (``DISPLAY``, e.g. Xvfb) the screen itself is grabbed, so the picture is what
the X server drew; otherwise the app runs offscreen and the window and dialog are composed from
their own renderings. The data: the demo vault built in a temporary folder (removed at the end),
or ``--vault PATH`` with the password in ``PERSONA_PASSWORD`` (its data is not changed: the import
report is a dry run; unlocking and locking are audited as always).
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from ..core import services
from ..core.errors import PersonaError, UsageError
from . import screenshot_dialogs, startup_checks, theme
from .headless import FailureWatch, build_demo_vault, page_name, pump, settle, unlock_window
from .screenshot_dialogs import DIALOGS, NotShown, Stage

LANGS = ("en", "zh")
DIALOG_MARGIN = 24   # a dialog larger than the window is shrunk to fit inside it by this much


def parse_sizes(text: str) -> list[tuple[int, int]]:
    """``"1280x800,1024x640"`` -> [(1280, 800), (1024, 640)]."""
    sizes = []
    for part in text.split(","):
        try:
            width, height = (int(v) for v in part.lower().strip().split("x"))
        except ValueError:
            raise UsageError(what=f"--sizes takes WIDTHxHEIGHT[,...], not {part!r}") from None
        sizes.append((width, height))
    return sizes


def capture(window: QWidget, dialog: QWidget | None = None) -> QPixmap:
    """The main window, with ``dialog`` on top: from the X server's screen when there is one,
    else composed from the two widgets' own renderings."""
    if QGuiApplication.platformName() == "xcb":
        geometry = window.frameGeometry()
        return window.screen().grabWindow(0, geometry.x(), geometry.y(), geometry.width(),
                                          geometry.height())
    picture = window.grab()
    if dialog is not None:
        painter = QPainter(picture)
        top_left = dialog.mapToGlobal(QPoint(0, 0)) - window.mapToGlobal(QPoint(0, 0))
        painter.drawPixmap(top_left, dialog.grab())
        painter.setPen(QColor(theme.colors()["border"]))  # offscreen dialogs have no frame
        painter.drawRect(QRect(top_left, dialog.size()).adjusted(0, 0, -1, -1))
        painter.end()
    return picture


def place(dialog: QWidget, window: QWidget) -> None:
    """Fit the dialog inside the window and centre it there (as window managers do)."""
    width = min(dialog.width(), window.width() - DIALOG_MARGIN)
    height = min(dialog.height(), window.height() - DIALOG_MARGIN)
    dialog.resize(max(width, dialog.minimumWidth()), max(height, dialog.minimumHeight()))
    centre = window.mapToGlobal(window.rect().center())
    dialog.move(centre - dialog.rect().center())
    pump(50)


class Shooter:
    def __init__(self, out: Path, window, context, watch: FailureWatch):
        self.out, self.window, self.context, self.watch = out, window, context, watch
        self.written: list[Path] = []

    def save(self, name: str, lang: str, dialog: QWidget | None = None) -> None:
        settle(self.context, name)
        self.watch.raise_first()
        path = self.out / f"{name}_{lang}_{self.window.width()}.png"
        if not capture(self.window, dialog).save(str(path)):
            raise PersonaError(detail=f"could not write {path}")
        self.written.append(path)
        print(f"screenshot: {path.name}", flush=True)

    def welcome(self, lang: str, vault_folder: Path, empty_folder: Path) -> None:
        welcome = self.window.welcome
        self.save("unlock", lang)
        welcome.set_folder(empty_folder)
        self.save("create", lang)
        welcome.set_folder(vault_folder)

    def pages(self, lang: str) -> None:
        workspace = self.window.workspace
        for index, page in enumerate(workspace.pages):
            workspace.show_page(index)
            self.save(page_name(type(page)), lang)

    def dialogs(self, lang: str, stage: Stage) -> None:
        for shot in DIALOGS:
            try:
                dialog = shot.open(stage)
            except NotShown as why:
                print(f"screenshot: {shot.name}_{lang} skipped ({why})", flush=True)
                continue
            place(dialog, self.window)
            try:
                self.save(shot.name, lang, dialog)
            finally:
                screenshot_dialogs.close(dialog)
                pump(30)
            stage.workspace.show_page(0)


def run(out: Path, args) -> int:
    """Take every screenshot into ``out``; 0 on success, else a message and a non-zero code."""
    try:
        sizes = parse_sizes(args.sizes)
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="persona-screenshots-",
                                         ignore_cleanup_errors=True) as tmp:
            written = _shoot_all(out, Path(tmp), args, sizes)
    except PersonaError as exc:
        startup_checks.tell(startup_checks.bilingual(exc))
        return exc.exit_code
    print(f"screenshots: {len(written)} files in {out}", flush=True)
    return 0


def _shoot_all(out: Path, tmp: Path, args, sizes) -> list[Path]:
    from ..core.app_settings import AppSettings
    from ..core.demo import files as demo_files
    from ..core.demo.shop import generate
    from .bootstrap import make_app
    from .context import AppContext
    from .main_window import MainWindow

    started = time.perf_counter()
    app = make_app(args.qt_args, "light")
    context = AppContext(app, AppSettings(), persist=False)
    watch = FailureWatch(context)
    if args.vault:
        folder, password = Path(args.vault).expanduser(), os.environ.get("PERSONA_PASSWORD", "")
        if not password:
            raise UsageError(what="--screenshots with --vault needs the password in "
                                  "PERSONA_PASSWORD")
    else:
        folder, password = tmp / "vault", services.DEMO_PASSWORD
        vault = build_demo_vault(tmp)
        try:
            services.analyze(vault)
            services.predict(vault)
        finally:
            vault.lock()
    # A small orders file for the import wizard's pictures (synthetic people only).
    sample = demo_files.write_order_csv(generate(seed=11, n_customers=40), tmp / "orders.csv")
    print(f"screenshots: data ready after {time.perf_counter() - started:.1f} s", flush=True)

    window = MainWindow(context, folder)
    window.resize(*sizes[0])
    window.show()
    shooter = Shooter(out, window, context, watch)
    try:
        for size in sizes:
            window.resize(*size)
            for lang in LANGS:
                context.set_language(lang, remember=False)
                shooter.welcome(lang, folder, tmp / "new-vault")
        context.set_language("en", remember=False)
        unlock_window(window, password, watch)
        stage = Stage(window, context, sample)
        for size in sizes:
            window.resize(*size)
            for lang in LANGS:
                context.set_language(lang, remember=False)
                shooter.pages(lang)
                shooter.dialogs(lang, stage)
    finally:
        window.close()
        context.jobs.wait(10000)
        window.deleteLater()
        pump(30)
    print(f"screenshots: done after {time.perf_counter() - started:.1f} s", flush=True)
    return shooter.written
