"""Pages that are not built yet. Each says what it will show; none shows a figure."""
from __future__ import annotations

from .base import PlaceholderPage


class PrivacyPage(PlaceholderPage):
    def __init__(self, context, vault, parent=None):
        super().__init__(context, vault, parent)
        self.retranslate()

    def texts(self):
        return (self.tr("Privacy"),
                self.tr("What happens to personal data in this vault, and the tools to respect "
                        "people's rights."),
                self.tr("The audit log of unlocks, imports, exports and erasures; requests from "
                        "the "
                        "people in your data (see what is held, correct it, erase it, stop "
                        "marketing); consent per purpose; and retention rules that delete old "
                        "data on schedule."))
