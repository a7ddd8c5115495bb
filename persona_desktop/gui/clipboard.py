"""Copy secrets (the recovery code, later personal data) to the clipboard carefully (privacy.md E3).

The copy is marked as concealed for clipboard managers (KDE's password-manager hint, the Windows
exclusion format, macOS's concealed type) and cleared after ~45 s or when the vault locks, but only
if the clipboard still holds what we put there.
"""
from __future__ import annotations

from PySide6.QtCore import QMimeData, QTimer
from PySide6.QtGui import QGuiApplication

CLEAR_AFTER_MS = 45_000
_CONCEALED_FORMATS = {
    "x-kde-passwordManagerHint": b"secret",
    "ExcludeClipboardContentFromMonitorProcessing": b"\x01\x00\x00\x00",
    "org.nspasteboard.ConcealedType": b"",
}
_state = {"text": None, "timer": None}


def copy_secret(text: str, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
    mime = QMimeData()
    mime.setText(text)
    for fmt, value in _CONCEALED_FORMATS.items():
        mime.setData(fmt, value)
    QGuiApplication.clipboard().setMimeData(mime)
    _state["text"] = text
    timer = _state["timer"]
    if timer is None:
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(clear_secret)
        _state["timer"] = timer
    timer.start(clear_after_ms)


def clear_secret() -> None:
    """Empty the clipboard if it still holds the secret we copied."""
    text = _state["text"]
    _state["text"] = None
    if _state["timer"] is not None:
        _state["timer"].stop()
    if text is None:
        return
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None and clipboard.text() == text:
        clipboard.clear()
