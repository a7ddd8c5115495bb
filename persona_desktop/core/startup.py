"""Process-wide safety settings applied at start by both the CLI and the GUI.

* No core dumps (RLIMIT_CORE = 0): a crash must not leave keys or customer data in a core file.
* Logs record events and counts only. Crash reports keep the exception type and the code
  location (file, line, function) but drop exception messages, which can quote a customer's value
  (a pandas parse error shows the cell that failed).
"""
from __future__ import annotations

import time

_IMPORTED = time.perf_counter()

import logging  # noqa: E402 (the fallback clock above starts first)
import logging.handlers  # noqa: E402
import os  # noqa: E402
import traceback  # noqa: E402
from pathlib import Path

from . import paths  # noqa: E402
from .vault.fsutil import open_private, private_mkdir


def disable_core_dumps() -> bool:
    try:
        import resource
    except ImportError:  # Windows: no core dumps to disable
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        return True
    except (ValueError, OSError):
        return False


def crash_summary(exc: BaseException) -> str:
    """Type and frames of an exception, without its message."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}:{f.name}" for f in reversed(frames))
    return f"{type(exc).__module__}.{type(exc).__qualname__} at {where}"


class _NoExceptionTextFormatter(logging.Formatter):
    def formatException(self, ei) -> str:  # noqa: N802 (logging's API)
        return crash_summary(ei[1]) if ei and ei[1] else ""


class _PrivateLogHandler(logging.handlers.RotatingFileHandler):
    """The log holds events and counts only, yet it tells when and what was done with which
    vault: owner-only, and so is each file a rollover opens."""

    def _open(self):
        return open_private(Path(self.baseFilename), "a", encoding=self.encoding,
                            errors=self.errors)


def configure_logging(level: int = logging.INFO) -> None:
    """A small rotating log file under the app's data folder (no customer values go in it)."""
    root = logging.getLogger("persona_desktop")
    if any(getattr(h, "_persona", False) for h in root.handlers):
        return
    try:
        folder = paths.log_dir()
        private_mkdir(folder, parents=True, exist_ok=True)
        handler = _PrivateLogHandler(folder / "persona.log", maxBytes=1_000_000, backupCount=2,
                                     encoding="utf-8")
    except OSError:
        return  # no writable log folder: run without a log rather than fail
    handler._persona = True
    handler.setFormatter(_NoExceptionTextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)



def seconds_since_process_start() -> float:
    """Wall time since the process started (Linux /proc), else since this module was imported."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _IMPORTED
