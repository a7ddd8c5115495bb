"""What must hold before the QApplication is created, checked so a problem reads as a message.

Qt itself reacts to a missing display or a platform plugin it cannot load by aborting the process
("could not load the Qt platform plugin xcb"), which names neither the real missing library nor
the package to install (desktop-testing.md: a missing libxcb-icccm4 makes Qt blame xcb-cursor0).
So before Qt starts:

* on Linux with no DISPLAY, no WAYLAND_DISPLAY and no QT_QPA_PLATFORM: say there is no graphical
  session and what to use instead;
* load the platform plugin Qt is about to use (``libq<platform>.so``) with ctypes: the loader's
  error names a missing library; every library Qt's X11 plugin needs is then probed on its own, so
  the message lists all the Debian/Ubuntu packages to install at once;
* a local X display (``DISPLAY=:0``) has its server's socket, as a file in /tmp/.X11-unix or
  listed in /proc/net/unix (read as files: nothing connects to it), since Qt also aborts when
  DISPLAY names a server that is gone;
* the app's data and config folders can be created and written (a read-only or missing home
  would otherwise fail later with a traceback).

Each problem is a typed error (core/errors/desktop.py) printed in both languages; the app exits
with its code (3).
"""
from __future__ import annotations

import ctypes
import os
import re
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from ..core import paths
from ..core.errors import (DataFolderUnwritable, DisplayNotRunning, NoGraphicalSession,
                           PersonaError, QtLibrariesMissing, QtPluginUnusable)

# soname -> the Debian/Ubuntu package that has it: what Qt's xcb, offscreen and wayland plugins
# load (the xcb list from desktop-testing.md, plus what the offscreen platform needs).
SONAME_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}
# The loader's words for a library that is not installed ("libxcb-cursor.so.0: cannot open ...").
NOT_FOUND = re.compile(r"(lib[A-Za-z0-9_+.-]*?\.so(?:\.\d+)*): cannot open shared object file")
OWN_LIBRARIES = ("libQt6", "libpyside6", "libshiboken6")  # shipped with the app, not by apt

Loader = Callable[[str], object]


def planned_platform(qt_args: list[str], env: Mapping[str, str]) -> str:
    """The Qt platform this run will ask for ("" = Qt's default): ``-platform NAME`` among the
    arguments, else QT_QPA_PLATFORM; the first of a "a;b" list, without ":options"."""
    value = env.get("QT_QPA_PLATFORM", "")
    for i, arg in enumerate(qt_args):
        if arg in ("-platform", "--platform") and i + 1 < len(qt_args):
            value = qt_args[i + 1]
    return value.split(";")[0].split(":")[0].strip().lower()


def check_session(platform: str, env: Mapping[str, str], system: str = sys.platform) -> None:
    if system.startswith("linux") and not platform \
            and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        raise NoGraphicalSession()


def plugin_name(platform: str, env: Mapping[str, str]) -> str | None:
    """The platform plugin Qt will load on Linux, or None when this check cannot tell."""
    if platform:
        return platform
    if env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland":
        return None  # Qt tries Wayland first and falls back to X11 by itself
    return "xcb" if env.get("DISPLAY") else None


def plugin_folders(env: Mapping[str, str]) -> list[Path]:
    """Where Qt looks for plugins: QT_PLUGIN_PATH (set by PyInstaller's runtime hook), then the
    Qt installation's own folder."""
    from PySide6.QtCore import QLibraryInfo  # QtCore only: safe before the QApplication
    folders = [Path(p) for p in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    folders.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)))
    return folders


def check_platform_plugin(name: str, folders: list[Path], load: Loader) -> None:
    """Load ``libq<name>.so`` the way Qt would; raise a typed error naming what is missing."""
    platform_dirs = [f / "platforms" for f in folders if (f / "platforms").is_dir()]
    if not platform_dirs:
        return  # Qt's layout is unknown here (an unusual build): let Qt speak for itself
    candidates = [d / f"libq{name}.so" for d in platform_dirs]
    plugin = next((c for c in candidates if c.is_file()), None)
    if plugin is None:
        available = sorted({p.name[4:-3] for d in platform_dirs for p in d.glob("libq*.so")})
        raise QtPluginUnusable(plugin=name, why=f"not found in {platform_dirs[0]}",
                               available=", ".join(available) or "-")
    try:
        load(str(plugin))
    except OSError as exc:
        raise missing_libraries_error(plugin, str(exc), load) from None


def missing_libraries_error(plugin: Path, message: str, load: Loader) -> PersonaError:
    """The loader names only the first missing library: probe every known one to name them all.
    A library of Qt itself, or a broken file, is an incomplete installation instead."""
    missing = list(dict.fromkeys(NOT_FOUND.findall(message)))
    if any(s.startswith(OWN_LIBRARIES) for s in missing) or not missing:
        return QtPluginUnusable(plugin=plugin.name, why=message.strip(), available="-")
    for soname in SONAME_PACKAGES:
        if soname in missing:
            continue
        try:
            load(soname)
        except OSError:
            missing.append(soname)
    packages = [SONAME_PACKAGES.get(s, s) for s in missing]
    return QtLibrariesMissing(libraries=", ".join(missing),
                              packages=" ".join(dict.fromkeys(packages)))


def import_qt_widgets(load: Loader | None = None):
    """``PySide6.QtWidgets``, or a typed error when a system library it links to is missing
    (QtGui needs libGL, libEGL, libxkbcommon, fontconfig ... before any plugin is loaded)."""
    try:
        from PySide6 import QtWidgets
    except ImportError as exc:
        raise missing_libraries_error(Path("QtWidgets"), str(exc), load or ctypes.CDLL) from None
    return QtWidgets


def check_display_server(env: Mapping[str, str], socket_dir: Path = Path("/tmp/.X11-unix"),
                         unix_sockets: Path = Path("/proc/net/unix")) -> None:
    """A local display's X server is there. Remote displays ("host:0", SSH's "localhost:10")
    are not checked; nor is anything this check cannot read."""
    display = env.get("DISPLAY", "")
    match = re.fullmatch(r"(?:unix)?:(\d+)(?:\.\d+)?", display)
    if not match:
        return
    name = f"{socket_dir.as_posix()}/X{match.group(1)}"
    if Path(name).exists():
        return
    try:
        listed = unix_sockets.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    # Path sockets end the line with the path; abstract ones (Xorg opens both) with "@" + path.
    if not any(line.rstrip().endswith(name) for line in listed.splitlines()):
        raise DisplayNotRunning(display=display)


def check_data_folders(folders: list[Path] | None = None) -> None:
    """The data and config folders exist (created if needed) and a file can be written there."""
    for folder in folders or [paths.data_root(), paths.config_root()]:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError:
            raise DataFolderUnwritable(path=str(folder)) from None


def run(qt_args: list[str], env: Mapping[str, str] | None = None, *,
        load: Loader | None = None, system: str = sys.platform) -> None:
    """Every check, in the order a user would fix them; raises the first problem found."""
    env = os.environ if env is None else env
    load = load or ctypes.CDLL
    platform = planned_platform(qt_args, env)
    check_session(platform, env, system)
    if system.startswith("linux"):
        name = plugin_name(platform, env)
        if name:
            check_platform_plugin(name, plugin_folders(env), load)
        if name == "xcb":
            check_display_server(env)
    check_data_folders()


def bilingual(exc: PersonaError) -> str:
    """Both languages: this is printed before Qt (and its translator) exists."""
    english, chinese = exc.message("en"), exc.message("zh")
    return english if english == chinese else f"{english}\n{chinese}"


def tell(text: str) -> None:
    """Print to stderr; a windowed Windows build has none, so it gets a message box instead."""
    if sys.stderr is not None:
        print(text, file=sys.stderr, flush=True)
    elif sys.platform == "win32":  # pragma: no cover - Windows only
        ctypes.windll.user32.MessageBoxW(None, text, "Persona Desktop", 0x10)
