"""Step 4: what privacy protection does to each column, in plain words, before anything is stored;
and the one remaining choice (drop exact duplicate rows, off by default)."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFrame, QScrollArea, QVBoxLayout, QWidget

from . import texts as texts
from ..widgets.common import Card, label
from .base import WizardStep

ORDER = ("pseudonymised", "generalised", "scanned", "kept", "ignored")


class PrivacyStep(WizardStep):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("PrivacyStep")
        self.mapping: dict[str, str] = {}
        self.privacy: dict[str, str] = {}
        self.intro = label("note", wrap=True)
        self.intro.setObjectName("PrivacyIntro")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        self.groups = QVBoxLayout(inner)
        self.groups.setContentsMargins(0, 0, 4, 0)
        self.groups.setSpacing(8)
        self.groups.addStretch(1)
        scroll.setWidget(inner)
        self.cards: dict[str, Card] = {}
        self.drop_duplicates = QCheckBox()
        self.drop_duplicates.setObjectName("DropDuplicates")
        self.drop_duplicates.setChecked(False)
        self.duplicates_hint = label("muted", wrap=True)
        self.body.addWidget(self.intro)
        self.body.addWidget(scroll, 1)
        self.body.addWidget(self.drop_duplicates)
        self.body.addWidget(self.duplicates_hint)
        self.retranslate()

    def title(self) -> str:
        return self.tr("What happens to personal data")

    def subtitle(self) -> str:
        return self.tr("Check this before importing; go back to change what a column holds.")

    def next_text(self) -> str:
        return self.tr("Import")

    def retranslate(self) -> None:
        self.intro.setText(self.tr(
            "Everything is stored in your encrypted vault on this computer. Names and contact "
            "details are replaced by pseudonyms for analysis; the real values are kept "
            "encrypted in a separate file. This data is pseudonymised (still personal data): "
            "the law still treats it as personal data, and so does this app."))
        self.drop_duplicates.setText(self.tr("Drop exact duplicate rows"))
        self.duplicates_hint.setText(self.tr(
            "Off: rows that are exact copies of another row are kept, because a customer may "
            "really order the same thing twice. Either way the report says how many there "
            "were."))
        if self.mapping:
            self._build()

    def set_mapping(self, mapping: dict[str, str], privacy: dict[str, str]) -> None:
        self.mapping = dict(mapping)
        self.privacy = dict(privacy)
        self._build()

    def _build(self) -> None:
        for card in self.cards.values():
            self.groups.removeWidget(card)
            card.deleteLater()
        self.cards = {}
        by_action: dict[str, list[str]] = {}
        for column, role in self.mapping.items():
            by_action.setdefault(self.privacy.get(column, "kept"), []).append(column)
        for position, action in enumerate(a for a in ORDER if a in by_action):
            card = Card()
            card.setObjectName(f"Privacy_{action}")
            heading = label("section", texts.privacy_action(action))
            card.body.addWidget(heading)
            columns = by_action[action]
            explanations = {texts.privacy_explanation(self.mapping[c], action) for c in columns}
            if len(explanations) == 1:
                card.body.addWidget(label("", self._columns_text(columns), wrap=True))
                card.body.addWidget(label("muted", explanations.pop(), wrap=True))
            else:  # generalised: an address and a birth date are generalised differently
                for column in columns:
                    card.body.addWidget(label("", self._columns_text([column]), wrap=True))
                    card.body.addWidget(label("muted", texts.privacy_explanation(
                        self.mapping[column], action), wrap=True))
            self.groups.insertWidget(position, card)
            self.cards[action] = card

    def _columns_text(self, columns: list[str]) -> str:
        parts = [self.tr("{0} ({1})").format(c, texts.role_label(self.mapping[c]))
                 for c in columns]
        return "、".join(parts) if texts.lang() == "zh" else ", ".join(parts)

    def card_text(self, action: str) -> str:
        """All the text of one group (for tests and accessibility)."""
        from PySide6.QtWidgets import QLabel
        card = self.cards.get(action)
        return " ".join(w.text() for w in card.findChildren(QLabel)) if card else ""

    def clear(self) -> None:
        self.mapping = {}
        self.privacy = {}
        for card in self.cards.values():
            card.deleteLater()
        self.cards = {}
