"""Pages that are not built yet. Each says what it will show; none shows a figure."""
from __future__ import annotations

from .base import PlaceholderPage


class CustomersPage(PlaceholderPage):
    def __init__(self, context, vault, parent=None):
        super().__init__(context, vault, parent)
        self.retranslate()

    def texts(self):
        return (self.tr("Customers"),
                self.tr("Everyone who has bought from you, one row per customer."),
                self.tr("A searchable table of your customers with their orders, total spent, "
                        "segment and predicted value. Names and contact details stay "
                        "pseudonymised (still personal data) until you choose to reveal one; "
                        "revealing asks for your password again and is written to the audit log."))


class SegmentsPage(PlaceholderPage):
    def __init__(self, context, vault, parent=None):
        super().__init__(context, vault, parent)
        self.retranslate()

    def texts(self):
        return (self.tr("Segments"),
                self.tr("Groups of similar customers and the personas that describe them."),
                self.tr("One card per segment: who these customers are, why they belong "
                        "together, what they are worth and what to do next. Groups smaller than "
                        "the privacy threshold are never shown on their own."))


class InsightsPage(PlaceholderPage):
    def __init__(self, context, vault, parent=None):
        super().__init__(context, vault, parent)
        self.retranslate()

    def texts(self):
        return (self.tr("Insights"),
                self.tr("Predictions and patterns: who may stop buying, what sells together."),
                self.tr("Predicted customer value, the risk that a customer stops buying, when the "
                        "next order is likely, and products bought together, each with one line on "
                        "how to read it. Predictions are advice, never automatic decisions."))


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
