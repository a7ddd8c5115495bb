"""``persona-desktop --selftest``: does the app work on this computer? (Run it when reporting a
problem; installers run it on the built program.)

Offscreen and self-contained: a demo vault in a temporary folder (removed at the end), built
through the import pipeline; the analysis and predictions; every chart rendered to a PNG in memory;
every workspace page shown in English and Chinese; Chinese text checked to render with a real
font in Qt and in the charts; the vault locked. The user's settings and vaults are not touched.

Output, one line per step, then a summary (the format is stable: scripts grep it):

    selftest: Persona Desktop 0.1.0, Python 3.11.7, Qt 6.12.0, platform offscreen, from source
    selftest: start-up checks ok (0.01 s)
    ...
    selftest: passed, 13 steps in 24.8 s

On a failure the failing step's line says FAILED, the reason follows in English and Chinese, and
the exit code is 1 (exceptions that are not the app's typed errors name their type and place).
"""
from __future__ import annotations

import io
import os
import platform as py_platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from .. import __version__
from ..core import services
from ..core.errors import CjkFontMissing, PersonaError, SelfTestCheckFailed
from . import fonts, startup_checks
from .headless import FailureWatch, error_boxes, open_window, page_name, settle

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class StepFailed(Exception):
    def __init__(self, step: str, cause: BaseException):
        super().__init__(step)
        self.step, self.cause = step, cause


class SelfTest:
    def __init__(self, out: TextIO, qt_args: list[str] | None = None):
        self.out = out
        self.qt_args = qt_args or []
        self.steps = 0
        self.app = self.context = self.watch = self.window = None
        self.vault = self.run = self.folder = None

    # --- reporting ----------------------------------------------------------------------------
    def say(self, text: str) -> None:
        print(f"selftest: {text}", file=self.out, flush=True)

    def step(self, name: str, fn: Callable[[], str | None]) -> None:
        started = time.perf_counter()
        try:
            note = fn()
        except BaseException as exc:  # every failure is reported, then the run exits 1
            self.say(f"{name} FAILED ({time.perf_counter() - started:.2f} s)")
            raise StepFailed(name, exc) from exc
        self.steps += 1
        extra = f" - {note}" if note else ""
        self.say(f"{name} ok ({time.perf_counter() - started:.2f} s){extra}")

    def report_failure(self, failed: StepFailed) -> None:
        exc = failed.cause
        if isinstance(exc, PersonaError):
            text = startup_checks.bilingual(exc)
        else:
            from ..core.startup import crash_summary
            text = f"{type(exc).__name__}: {exc}\n{crash_summary(exc)}"
        for line in text.splitlines():
            print(f"  {line}", file=self.out, flush=True)
        self.say(f'FAILED at step "{failed.step}"')

    # --- the run ------------------------------------------------------------------------------
    def plan(self) -> list[tuple[str, Callable[[], str | None]]]:
        """The steps in order; each needs the ones before it (the Qt steps need "qt")."""
        return [
            ("start-up checks", self.start_up_checks),
            ("qt", self.start_qt),
            ("cjk font (qt)", self.cjk_font_qt),
            ("demo vault", self.demo_vault),
            ("analysis", self.analysis),
            ("predictions", self.predictions),
            ("charts", self.charts),
            ("cjk font (charts)", self.cjk_font_charts),
            ("window", self.open_window),
            ("pages (en)", lambda: self.pages("en")),
            ("pages (zh)", lambda: self.pages("zh")),
            ("lock", self.lock),
        ]

    def run_all(self, only: tuple[str, ...] | None = None) -> int:
        """Every step (or those named in ``only``, for tests of one part); 0 when all passed."""
        from PySide6 import __version__ as pyside_version
        started = time.perf_counter()
        frozen = "frozen build" if getattr(sys, "frozen", False) else "from source"
        self.say(f"Persona Desktop {__version__}, Python {py_platform.python_version()}, "
                 f"Qt {pyside_version}, platform {os.environ.get('QT_QPA_PLATFORM', '-')}, "
                 f"{frozen}")
        failure = None
        with tempfile.TemporaryDirectory(prefix="persona-selftest-",
                                         ignore_cleanup_errors=True) as tmp:
            self.folder = Path(tmp)
            try:
                for name, fn in self.plan():
                    if only is None or name in only:
                        self.step(name, fn)
            except StepFailed as failed:
                failure = failed
            finally:
                self.close()
        if failure is not None:
            self.report_failure(failure)
            return 1
        if self.folder.exists():
            self.say(f"the temporary folder {self.folder} could not be removed")
            return 1
        self.say(f"passed, {self.steps} steps in {time.perf_counter() - started:.1f} s")
        return 0

    def close(self) -> None:
        """Leave nothing open: the window (which locks its vault) and the core's vault."""
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None
        if self.vault is not None and self.vault.is_open:
            self.vault.lock(record=False)
        if self.context is not None:
            self.context.jobs.cancel_all(discard=True)
            self.context.jobs.wait(10000)

    # --- steps --------------------------------------------------------------------------------
    def start_up_checks(self) -> str:
        startup_checks.run(self.qt_args)
        startup_checks.import_qt_widgets()
        return ("display, platform plugin, Qt libraries, data folders; core dumps "
                + _core_dumps_state())

    def start_qt(self) -> str:
        from ..core.app_settings import AppSettings
        from .bootstrap import make_app
        from .context import AppContext
        self.app = make_app(self.qt_args, "light")
        # Default settings, never saved: the self-test leaves the user's settings alone.
        self.context = AppContext(self.app, AppSettings(), persist=False)
        self.context.set_language("en", remember=False)
        self.watch = FailureWatch(self.context)
        return f"platform {self.app.platformName()}"

    def cjk_font_qt(self) -> str:
        from PySide6.QtGui import QFontInfo
        font = self.app.font()
        missing = fonts.qt_missing_glyphs(font)
        if missing:
            raise CjkFontMissing(where="Qt", missing=missing)
        from PySide6.QtGui import QFontDatabase
        chinese = next((f for f in font.families() if QFontDatabase.WritingSystem.SimplifiedChinese
                        in QFontDatabase.writingSystems(f)), "a system fallback")
        bundled = " (bundled)" if chinese in fonts.app_cjk_families() else ""
        return f"UI font {QFontInfo(font).family()}, Chinese via {chinese}{bundled}"

    def demo_vault(self) -> str:
        from .headless import build_demo_vault
        self.vault = build_demo_vault(self.folder)
        counts = services.vault_info(self.vault).counts
        return f"{counts['customers']} customers, {counts['orders']} orders"

    def analysis(self) -> str:
        self.run = services.analyze(self.vault)
        if self.run.customers.empty or "segment" not in self.run.customers:
            raise SelfTestCheckFailed(what="the analysis of the demo shop found no segments")
        return f"{self.run.customers['segment'].nunique()} segments"

    def predictions(self) -> str:
        predictions = services.predict(self.vault)
        if predictions.customers.empty:
            raise SelfTestCheckFailed(what="the predictions of the demo shop are empty")
        return f"{len(predictions.customers)} customers predicted"

    def charts(self) -> str:
        from ..core.reports import charts
        from ..core.reports.charts.style import is_empty_figure
        comparison = services.compare_runs(self.vault, self.run.run_id, self.run.run_id)
        group = str(self.run.customers["segment"].dropna().iloc[0])
        names = charts.names()
        for lang in ("en", "zh"):
            for name in names:
                fig = charts.render(name, self.run, lang=lang, group=group, comparison=comparison)
                if is_empty_figure(fig):
                    raise SelfTestCheckFailed(
                        what=f"chart {name} ({lang}) is empty: {fig.persona_empty}")
                buffer = io.BytesIO()
                fig.savefig(buffer, format="png")
                if not buffer.getvalue().startswith(PNG_MAGIC):
                    raise SelfTestCheckFailed(what=f"chart {name} ({lang}) is not a PNG")
        return f"{len(names)} charts x 2 languages"

    def cjk_font_charts(self) -> str:
        from ..core.reports.charts import style
        path, missing = style.missing_glyphs(fonts.CJK_SAMPLE)
        if missing:
            raise CjkFontMissing(where=f"matplotlib, {path}", missing=missing)
        return f"font {Path(path).name}"

    def open_window(self) -> str:
        self.vault.lock()  # one process, one open vault: the window opens it again
        self.window = open_window(self.context, self.folder / "vault", services.DEMO_PASSWORD,
                                  self.watch, size=(1280, 800))
        return f"unlocked, {len(self.window.workspace.pages)} pages"

    def pages(self, lang: str) -> str:
        if not self.context.language.set_language(lang):
            raise SelfTestCheckFailed(what=f"the {lang} translation (.qm) could not be loaded")
        workspace = self.window.workspace
        for index, page in enumerate(workspace.pages):
            name = page_name(type(page))
            workspace.show_page(index)
            settle(self.context, f"the {name} page")
            self.watch.raise_first()
            if workspace.stack.currentWidget() is not page or not page.isVisible():
                raise SelfTestCheckFailed(what=f"the {name} page did not show")
            if page.grab().isNull():
                raise SelfTestCheckFailed(what=f"the {name} page could not be drawn")
            title = page.page_title()
            if not title or (lang == "zh" and not any("\u4e00" <= c <= "\u9fff" for c in title)):
                raise SelfTestCheckFailed(what=f"the {name} page has no {lang} title ({title!r})")
            boxes = error_boxes()
            if boxes:
                raise SelfTestCheckFailed(what=f"the {name} page showed an error: {boxes[0]}")
        return ", ".join(page_name(type(p)) for p in workspace.pages)

    def lock(self) -> str:
        vault = self.window.vault
        self.window.lock("manual")
        settle(self.context, "locking")
        if not self.window.is_locked or vault.is_open or self.window.workspace is not None:
            raise SelfTestCheckFailed(what="the vault did not lock")
        if not self.window.welcome.unlock.isVisible():
            raise SelfTestCheckFailed(what="the unlock screen did not come back after locking")
        return "keys dropped, unlock screen shown"


def run(qt_args: list[str] | None = None) -> int:
    """The whole self-test; 0 when every step passed. Offscreen unless a platform was chosen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = sys.stdout or _fallback_output()
    try:
        return SelfTest(out, qt_args).run_all()
    finally:
        if out is not sys.stdout:
            out.close()


def _fallback_output() -> TextIO:
    """A windowed Windows build has no stdout: the result goes to the log folder instead."""
    from ..core import paths
    folder = paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return open(folder / "selftest.txt", "w", encoding="utf-8")


def _core_dumps_state() -> str:
    """Whether core dumps are off (core/startup.py turns them off so a crash writes no keys)."""
    try:
        import resource
    except ImportError:
        return "n/a"
    return "off" if resource.getrlimit(resource.RLIMIT_CORE) == (0, 0) else "ON"
