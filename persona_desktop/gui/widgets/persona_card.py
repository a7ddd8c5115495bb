"""A persona card (ux.md's "product signature"): name, size, one sentence, three figures, the
"why", top categories, lifecycle mix, what to do and a small-group warning.

The texts come from ``core.reports.cards.card`` (both languages are built there from the
persona's numbers), so the card, the CLI and exports always say the same thing.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from .common import Card, label


class PersonaCard(Card):
    def __init__(self, texts: dict, color: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("PersonaCard")
        self.setMinimumWidth(300)
        top = QHBoxLayout()
        dot = QLabel("●")
        dot.setStyleSheet(f"color: {color}; font-size: 16px;")
        top.addWidget(dot)
        self.title = label("section", texts["title"])
        self.title.setObjectName("PersonaTitle")
        top.addWidget(self.title, 1)
        self.size = label("muted", texts["size"])
        self.size.setObjectName("PersonaSize")
        top.addWidget(self.size, 0, Qt.AlignmentFlag.AlignRight)
        self.body.addLayout(top)
        self.description = label("", texts["description"], wrap=True)
        self.description.setObjectName("PersonaDescription")
        self.body.addWidget(self.description)
        chips = QHBoxLayout()
        chips.setSpacing(6)
        for text in texts["chips"]:
            chip = label("chip", text)
            chip.setObjectName("PersonaChip")
            chips.addWidget(chip)
        chips.addStretch(1)
        self.body.addLayout(chips)
        self.lines = {}
        for key in ("why", "top", "lifecycle", "predicted", "recommend", "do"):
            value = texts.get(key)
            if not value:
                continue
            text = " · ".join(value) if isinstance(value, list) else value
            prefix = texts.get("labels", {}).get(key, "")
            line = label("muted" if key != "do" else "", f"{prefix}{text}", wrap=True)
            line.setObjectName(f"Persona_{key}")
            self.lines[key] = line
            self.body.addWidget(line)
        if texts.get("note"):
            note = label("warning", "⚠ " + texts["note"], wrap=True)
            note.setObjectName("PersonaNote")
            self.lines["note"] = note
            self.body.addWidget(note)
        self.body.addStretch(1)
