"""Start-up failures read as messages, never as Qt's abort or a traceback: no graphical session, a
platform plugin whose system libraries are missing (naming the Debian/Ubuntu packages), no
writable home, and a vault already open in another instance."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from persona_desktop.core.errors import (EXIT_CANNOT_START, DataFolderUnwritable,
                                         DisplayNotRunning, NoGraphicalSession,
                                         QtLibrariesMissing, QtPluginUnusable, VaultInUse)
from persona_desktop.gui import startup_checks
from tests.conftest import PASSWORD, ROOT

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux start-up")
CURSOR_MISSING = "libxcb-cursor.so.0: cannot open shared object file: No such file or directory"


def _start(env_changes: dict, drop=()) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_changes)
    return subprocess.run([sys.executable, "-m", "persona_desktop"], check=False, cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def fake_loader(missing: set[str], plugin_error: str = CURSOR_MISSING):
    """A ctypes.CDLL stand-in: the plugin fails with ``plugin_error``; sonames in ``missing``
    are not installed."""
    def load(name: str):
        if name.endswith(("libqxcb.so", "QtWidgets")):
            raise OSError(plugin_error)
        if name in missing:
            raise OSError(f"{name}: cannot open shared object file: No such file or directory")
        return object()
    return load


@pytest.fixture
def plugins(tmp_path) -> Path:
    folder = tmp_path / "plugins"
    (folder / "platforms").mkdir(parents=True)
    for name in ("libqxcb.so", "libqoffscreen.so"):
        (folder / "platforms" / name).write_bytes(b"")
    return folder


@linux_only
def test_no_display_says_there_is_no_graphical_session_instead_of_aborting(tmp_path):
    result = _start({"PERSONA_HOME": str(tmp_path)},
                    drop=("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"))
    assert result.returncode == EXIT_CANNOT_START, result.stdout + result.stderr
    assert NoGraphicalSession.en in result.stderr and NoGraphicalSession.zh in result.stderr
    assert "Traceback" not in result.stderr and "Aborted" not in result.stderr


@linux_only
@linux_only
def test_a_display_with_no_x_server_says_so_instead_of_aborting(tmp_path):
    result = _start({"PERSONA_HOME": str(tmp_path), "DISPLAY": ":4242"},
                    drop=("QT_QPA_PLATFORM", "WAYLAND_DISPLAY"))
    assert result.returncode == EXIT_CANNOT_START, result.stdout + result.stderr
    assert "No X server is running on the display :4242" in result.stderr
    assert "Traceback" not in result.stderr and "Aborted" not in result.stderr


def test_an_x_server_is_found_by_its_socket_file_or_its_abstract_socket(tmp_path):
    sockets = tmp_path / "X11-unix"
    sockets.mkdir()
    (sockets / "X0").write_text("")
    listed = tmp_path / "unix"
    listed.write_text("Num RefCount Protocol Flags Type St Inode Path\n"
                      f"0000: 00000002 00000000 00010000 0001 01 1 @{sockets}/X1\n")
    for display in (":0", ":0.0", "unix:1", "remote:5", "localhost:10.0"):
        startup_checks.check_display_server({"DISPLAY": display}, sockets, listed)
    with pytest.raises(DisplayNotRunning):
        startup_checks.check_display_server({"DISPLAY": ":2"}, sockets, listed)
    # what cannot be read is not held against the display
    startup_checks.check_display_server({"DISPLAY": ":2"}, sockets, tmp_path / "absent")


def test_a_home_that_cannot_be_written_gives_a_message_not_a_traceback(tmp_path):
    home = tmp_path / "home-is-a-file"
    home.write_text("")  # a file: no folder can be made inside it, even as root
    result = _start({"HOME": str(home), "QT_QPA_PLATFORM": "offscreen"},
                    drop=("PERSONA_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"))
    assert result.returncode == EXIT_CANNOT_START, result.stdout + result.stderr
    assert "cannot create or write its folder" in result.stderr
    assert str(home) in result.stderr and "PERSONA_HOME" in result.stderr
    assert "无法创建或写入其文件夹" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_xcb_libraries_are_all_named_with_their_packages(plugins):
    load = fake_loader({"libxcb-cursor.so.0", "libxcb-icccm.so.4"})
    with pytest.raises(QtLibrariesMissing) as caught:
        startup_checks.check_platform_plugin("xcb", [plugins], load)
    err = caught.value
    assert err.fields["libraries"] == "libxcb-cursor.so.0, libxcb-icccm.so.4"
    assert err.fields["packages"] == "libxcb-cursor0 libxcb-icccm4"
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in err.message("en")
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in err.message("zh")
    assert err.exit_code == EXIT_CANNOT_START


@linux_only
def test_main_prints_the_message_and_exits_3_when_the_xcb_plugin_cannot_load(monkeypatch, capsys):
    from persona_desktop.gui import app
    if not any((f / "platforms" / "libqxcb.so").is_file()
               for f in startup_checks.plugin_folders(os.environ)):
        pytest.skip("this Qt has no xcb plugin")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(startup_checks.ctypes, "CDLL", fake_loader({"libxcb-cursor.so.0"}))
    monkeypatch.setattr(startup_checks, "check_display_server", lambda env: None)
    assert app.main([]) == 3
    err = capsys.readouterr().err
    assert "libxcb-cursor.so.0" in err and "sudo apt install libxcb-cursor0" in err
    assert "缺少系统库" in err


def test_a_missing_qt_library_of_the_app_is_not_blamed_on_the_system(plugins):
    load = fake_loader(set(), "libQt6XcbQpa.so.6: cannot open shared object file: No such file")
    with pytest.raises(QtPluginUnusable) as caught:
        startup_checks.check_platform_plugin("xcb", [plugins], load)
    assert "Reinstall Persona Desktop" in caught.value.message("en")


def test_an_unknown_platform_lists_the_available_ones(plugins):
    with pytest.raises(QtPluginUnusable) as caught:
        startup_checks.check_platform_plugin("xbc", [plugins], fake_loader(set()))
    assert caught.value.fields["available"] == "offscreen, xcb"


@pytest.mark.parametrize("env, qt_args, plugin", [
    ({"DISPLAY": ":0"}, [], "xcb"),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, [], "offscreen"),
    ({"DISPLAY": ":0"}, ["-platform", "offscreen"], "offscreen"),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, [], "wayland"),
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, [], None),
    ({"WAYLAND_DISPLAY": "wayland-0"}, [], None),
])
def test_the_plugin_checked_is_the_one_qt_will_load(env, qt_args, plugin):
    platform = startup_checks.planned_platform(qt_args, env)
    assert startup_checks.plugin_name(platform, env) == plugin


def test_no_session_is_only_a_problem_on_linux_without_a_platform():
    with pytest.raises(NoGraphicalSession):
        startup_checks.check_session("", {}, "linux")
    startup_checks.check_session("offscreen", {}, "linux")
    startup_checks.check_session("", {"WAYLAND_DISPLAY": "w"}, "linux")
    startup_checks.check_session("", {}, "win32")


def test_an_unwritable_folder_is_named(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(DataFolderUnwritable) as caught:
        startup_checks.check_data_folders([tmp_path / "ok", blocker / "data"])
    assert caught.value.fields["path"] == str(blocker / "data")
    assert (tmp_path / "ok").is_dir()


def test_a_second_instance_on_the_same_vault_says_it_is_open_elsewhere(qtbot, make_window,
                                                                        existing_vault):
    from persona_desktop.core import services
    other = services.open_vault(existing_vault, PASSWORD)  # "the other instance" holds the lock
    try:
        window = make_window(existing_vault)
        panel = window.welcome.unlock
        panel.password.setText(PASSWORD)
        panel.unlock_button.click()
        qtbot.waitUntil(lambda: not panel.busy_now and panel.error.isVisible(), timeout=15000)
        assert panel.error.text() == VaultInUse.en
        assert "already open in another Persona Desktop window" in panel.error.text()
        assert window.is_locked
    finally:
        other.lock()
