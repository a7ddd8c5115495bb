"""What every window and page shares: app settings, the language, the job runner.

Pages receive the context instead of reaching for globals, so tests can build a window with their
own settings (a 200 ms auto-lock) and nothing leaks between tests.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from ..core import app_settings
from ..core.app_settings import AppSettings
from .language import LanguageManager
from .workers import JobRunner

log = logging.getLogger(__name__)


class AppContext(QObject):
    settings_changed = Signal(object)  # the new AppSettings

    def __init__(self, app, settings: AppSettings | None = None, *, persist: bool = True,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.app = app
        self.settings = settings or app_settings.load()
        self.persist = persist
        self.language = LanguageManager(app, self)
        self.jobs = JobRunner(self)

    def update_settings(self, **changes) -> AppSettings:
        """Validate, save (JSON under the config folder) and announce new app settings."""
        self.settings = self.settings.updated(**changes)
        if self.persist:
            try:
                app_settings.save(self.settings)
            except OSError as exc:
                log.warning("could not save app settings (%s)", type(exc).__name__)
        self.settings_changed.emit(self.settings)
        return self.settings

    def set_language(self, lang: str, *, remember: bool = True) -> None:
        self.language.set_language(lang)
        if remember and self.settings.language != self.language.language:
            self.update_settings(language=self.language.language)
