"""English / 简体中文 toggle (bottom of the navigation, top of the welcome screen).

Language names are written in their own language, so they read the same in both translations.
"""
from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QWidget

from .common import Retranslatable, button


class LanguageSwitch(Retranslatable, QWidget):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("LanguageSwitch")
        self._context = context
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.english = button()
        self.chinese = button()
        self.english.setObjectName("LangEnglish")
        self.chinese.setObjectName("LangChinese")
        self._group = QButtonGroup(self)
        for btn in (self.english, self.chinese):
            btn.setCheckable(True)
            btn.setProperty("segment", True)
            self._group.addButton(btn)
            layout.addWidget(btn)
        self.english.clicked.connect(lambda: self._context.set_language("en"))
        self.chinese.clicked.connect(lambda: self._context.set_language("zh"))
        context.language.language_changed.connect(self._sync)
        self._sync(context.language.language)
        self.retranslate()

    def _sync(self, lang: str) -> None:
        (self.chinese if lang == "zh" else self.english).setChecked(True)

    def retranslate(self) -> None:
        self.english.setText(self.tr("English"))
        self.chinese.setText(self.tr("简体中文"))
        self.setToolTip(self.tr("Language of the app (switches at once)"))
