"""Start the desktop app: ``persona-desktop`` / ``python -m persona_desktop``.

Order matters for a fast first window (desktop-testing.md): only Qt and the light core modules are
imported before ``show()``; pandas, scikit-learn and matplotlib load later, when a page needs them.
Core dumps are disabled before anything else so a crash never writes keys to disk. What Qt would
answer with an abort (no display, a missing system library, no writable home) is checked before the
QApplication exists and printed as a message (startup_checks.py).

``--selftest`` and ``--screenshots DIR`` are unattended runs of the same app (selftest.py,
screenshots.py); the tests run ``--selftest`` in a namespace with no network as the no-network
proof, and benchmarks/startup_bench.py times the first window with PERSONA_TIMING=exit.
"""
from __future__ import annotations

# First, so its fallback clock (where /proc is missing) starts as early as possible.
from ..core.startup import seconds_since_process_start

import argparse  # noqa: E402 (the clock above must start first)
import logging  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

log = logging.getLogger("persona_desktop.gui")

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="persona-desktop",
        description="Persona Desktop: understand your customers, privately, on this computer.")
    parser.add_argument("--vault", metavar="PATH", help="the vault folder to open or create")
    parser.add_argument("--demo", action="store_true",
                        help="open the demo vault (synthetic customers), building it if needed")
    parser.add_argument("--lang", choices=("en", "zh"), help="language for this run")
    parser.add_argument("--selftest", action="store_true",
                        help="check that the app works on this computer (offscreen, with a "
                             "temporary demo vault): one line per step, exit 0 when all pass. "
                             "Run it when you report a problem")
    parser.add_argument("--screenshots", metavar="DIR",
                        help="save every page and dialog, in English and Chinese, to DIR (the "
                             "demo vault in a temporary folder, or --vault PATH with its password "
                             "in PERSONA_PASSWORD)")
    parser.add_argument("--sizes", metavar="WxH,...", default="1280x800,1024x640",
                        help="window sizes for --screenshots (default: %(default)s)")
    # Qt options (-platform, -style ...) pass through to QApplication.
    args, qt_args = parser.parse_known_args(argv)
    args.qt_args = qt_args
    return args


def main(argv: list[str] | None = None) -> int:
    from ..core import startup
    startup.disable_core_dumps()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    startup.configure_logging()
    if args.selftest:  # runs the start-up checks itself, as its first step
        from .selftest import run as run_selftest
        return run_selftest(args.qt_args)
    if args.screenshots and not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ..core.errors import PersonaError
    from . import startup_checks
    try:
        startup_checks.run(args.qt_args)
        startup_checks.import_qt_widgets()
    except PersonaError as exc:
        startup_checks.tell(startup_checks.bilingual(exc))
        return exc.exit_code
    from ..core.vault.staging import remove_stale_at_start
    remove_stale_at_start()  # what a killed restore left beside the default vault
    if args.screenshots:
        from .screenshots import run as run_screenshots
        return run_screenshots(Path(args.screenshots), args)

    from PySide6.QtCore import QTimer

    from ..core import i18n, paths
    from .bootstrap import make_app
    from .context import AppContext
    from .errors import install_excepthook
    from .main_window import MainWindow

    app = make_app(args.qt_args)
    context = AppContext(app)
    lang = args.lang or context.settings.language or i18n.system_language()
    context.set_language(lang, remember=False)

    if args.demo:
        folder = paths.demo_vault_dir()
    elif args.vault:
        folder = Path(args.vault).expanduser()
    else:
        folder = None
    window = MainWindow(context, folder)
    install_excepthook(lambda: window)
    app.aboutToQuit.connect(lambda: window.lock("closing"))
    window.show()

    timing = {}

    def shown() -> None:
        if os.environ.get("PERSONA_TIMING") == "exit":
            window.grab()  # one full paint of the window, as the screen gets it, before the clock
        timing["shown"] = seconds_since_process_start()
        log.info("window shown %.3f s after the process started", timing["shown"])
        if os.environ.get("PERSONA_TIMING"):
            print(f"window shown after {timing['shown']:.3f} s", file=sys.stderr, flush=True)
            if os.environ["PERSONA_TIMING"] == "exit":  # benchmarks/startup_bench.py
                app.quit()

    QTimer.singleShot(0, shown)
    if args.demo:
        QTimer.singleShot(0, window.open_demo)

    # Ctrl+C in a terminal, or a session logout, closes the app properly (locking the vault first).
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, lambda *_: app.quit())
    tick = QTimer()
    tick.start(250)
    tick.timeout.connect(lambda: None)
    return app.exec()


def _has_display() -> bool:
    """A platform was chosen or a display exists (else the screenshots are taken offscreen)."""
    return bool(os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY")
                or os.environ.get("WAYLAND_DISPLAY") or not sys.platform.startswith("linux"))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
