"""Errors of the desktop app's start and of its self-test: what stops the window from opening on
this computer (no display, missing system libraries, no writable folder) and what the self-test
found broken (no font that can show Chinese, a check that did not hold).

They are printed before Qt is running (no translator yet), so the app prints both languages."""
from __future__ import annotations

from .base import PersonaError

# The desktop app could not start in this environment (the message says why and what to do).
EXIT_CANNOT_START = 3


class NoGraphicalSession(PersonaError):
    exit_code = EXIT_CANNOT_START
    en = ("No graphical session was found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the "
          "window cannot open. Use `persona` on the command line, or run with "
          "QT_QPA_PLATFORM=offscreen.")
    zh = ("未找到图形界面会话（DISPLAY 和 WAYLAND_DISPLAY 都未设置），因此无法打开窗口。请在命令行中使用 "
          "`persona`，或以 QT_QPA_PLATFORM=offscreen 运行。")


class DisplayNotRunning(PersonaError):
    exit_code = EXIT_CANNOT_START
    en = ("No X server is running on the display {display} named by DISPLAY, so the window cannot "
          "open. Start Persona Desktop from your desktop session (or correct DISPLAY); without a "
          "desktop, use `persona` on the command line or run with QT_QPA_PLATFORM=offscreen.")
    zh = ("DISPLAY 指定的显示 {display} 上没有正在运行的 X 服务器，因此无法打开窗口。请在桌面会话中启动 "
          "Persona Desktop（或更正 DISPLAY）；没有桌面时，请在命令行中使用 `persona`，或以 "
          "QT_QPA_PLATFORM=offscreen 运行。")


class QtLibrariesMissing(PersonaError):
    exit_code = EXIT_CANNOT_START
    en = ("The window cannot open: the system libraries {libraries} are missing. On Debian or "
          "Ubuntu install them with:\n  sudo apt install {packages}\nthen start Persona Desktop "
          "again.")
    zh = ("无法打开窗口：缺少系统库 {libraries}。在 Debian 或 Ubuntu 上请用以下命令安装：\n"
          "  sudo apt install {packages}\n然后重新启动 Persona Desktop。")


class QtPluginUnusable(PersonaError):
    exit_code = EXIT_CANNOT_START
    en = ("The window cannot open: Qt's platform plugin \"{plugin}\" cannot be used ({why}). "
          "Reinstall Persona Desktop, or choose another platform with QT_QPA_PLATFORM "
          "(available here: {available}).")
    zh = ("无法打开窗口：Qt 平台插件“{plugin}”无法使用（{why}）。请重新安装 Persona Desktop，"
          "或用 QT_QPA_PLATFORM 选择其他平台（此处可用：{available}）。")


class DataFolderUnwritable(PersonaError):
    exit_code = EXIT_CANNOT_START
    en = ("Persona Desktop cannot create or write its folder {path}, so it cannot start. Check "
          "that your home folder exists and that you can write to it, or set PERSONA_HOME to a "
          "folder you can write to.")
    zh = ("Persona Desktop 无法创建或写入其文件夹 {path}，因此无法启动。请检查你的主目录是否存在且可写，"
          "或将 PERSONA_HOME 设为一个可写的文件夹。")


class CjkFontMissing(PersonaError):
    """``where``: the part that draws the text, by its name ("Qt", "matplotlib, DejaVuSans.ttf")."""
    en = ("No font that can show Chinese was found ({where}; missing: {missing}): Chinese text "
          "would show as empty boxes. Install a Chinese font (Debian/Ubuntu: sudo apt install "
          "fonts-noto-cjk), or put one (.ttc/.otf/.ttf) in the folder named by PERSONA_FONT_DIR.")
    zh = ("没有找到可以显示中文的字体（{where}；缺少：{missing}），中文会显示为空白方框。请安装中文字体"
          "（Debian/Ubuntu：sudo apt install fonts-noto-cjk），或把字体文件（.ttc/.otf/.ttf）放入 "
          "PERSONA_FONT_DIR 指定的文件夹。")


class SelfTestCheckFailed(PersonaError):
    en = "A self-test check did not hold: {what}"
    zh = "自检未通过：{what}"
