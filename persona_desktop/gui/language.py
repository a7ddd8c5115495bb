"""Live language switching: English (the source strings) and Simplified Chinese (persona_zh_CN.qm).

Installing or removing a QTranslator makes Qt send ``LanguageChange`` to every widget; each widget
re-sets its texts in ``retranslate()``. The core's language (error messages, strength labels) is
switched at the same time, before the event goes out, so both agree.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator, Signal

from ..core import i18n

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
QM_NAME = "persona_zh_CN.qm"


def qm_path() -> Path:
    return TRANSLATIONS_DIR / QM_NAME


class LanguageManager(QObject):
    language_changed = Signal(str)

    def __init__(self, app, parent: QObject | None = None):
        super().__init__(parent)
        self._app = app
        self._translators: list[QTranslator] = []
        self._lang = "en"

    @property
    def language(self) -> str:
        return self._lang

    def set_language(self, lang: str | None) -> bool:
        """Switch now; returns False if the Chinese translation could not be loaded."""
        lang = i18n.normalise(lang)
        for tr in self._translators:
            self._app.removeTranslator(tr)
        self._translators.clear()
        ok = True
        if lang == "zh":
            ok = self._install(str(qm_path()))
            # Qt's own strings (standard buttons, context menus of text fields)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            self._install(str(Path(qt_dir) / "qtbase_zh_CN.qm"))
            if not ok:
                log.warning("Chinese translation missing; staying in English")
                self._translators.clear()
                lang = "en"
        self._lang = lang
        i18n.set_language(lang)
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China)
                           if lang == "zh" else QLocale(QLocale.Language.English,
                                                         QLocale.Country.UnitedStates))
        for tr in self._translators:
            self._app.installTranslator(tr)
        self.language_changed.emit(lang)
        return ok

    def _install(self, path: str) -> bool:
        tr = QTranslator(self)
        if Path(path).exists() and tr.load(path):
            self._translators.append(tr)
            return True
        return False
