"""Common frame of a page: title (20 px semibold), a one-line explanation, scrollable content."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from ...core.services.results import VaultInfo
from ..widgets.common import Card, EmptyStateCard, Retranslatable, label


class Page(Retranslatable, QWidget):
    """Pages get the app context and the open vault; they never keep data after ``clear()``."""

    def __init__(self, context, vault, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.vault = vault
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        scroll.setWidget(inner)
        outer.addWidget(scroll)
        self.layout_ = QVBoxLayout(inner)
        self.layout_.setContentsMargins(32, 24, 32, 24)
        self.layout_.setSpacing(8)
        top = QHBoxLayout()
        self.title = label("title")
        self.title.setObjectName("PageTitle")
        top.addWidget(self.title, 1)
        self.actions = QHBoxLayout()
        top.addLayout(self.actions)
        self.layout_.addLayout(top)
        self.subtitle = label("subtitle", wrap=True)
        self.subtitle.setObjectName("PageSubtitle")
        self.layout_.addWidget(self.subtitle)
        self.layout_.addSpacing(16)
        self.content = QVBoxLayout()
        self.content.setSpacing(16)
        self.layout_.addLayout(self.content)
        self.layout_.addStretch(1)

    def add_empty_state(self, on_click, name: str = "EmptyState") -> EmptyStateCard:
        """The page's empty state (ux.md: every page says what to do next), added to the content
        where the page wants it; hidden until the page shows it."""
        card = EmptyStateCard()
        card.setObjectName(name)
        card.button.clicked.connect(on_click)
        self.content.addWidget(card)
        return card

    def page_title(self) -> str:
        """The title in the current language (also for the window title, which may be asked for
        before this page has handled the language change)."""
        return self.title.text()

    def set_info(self, info: VaultInfo) -> None:
        """Called with services.vault_info(vault) whenever it has been (re)loaded."""

    def clear(self) -> None:
        """Drop every reference to vault data (the vault is locking)."""
        self.vault = None


class AnalysisPage(Page):
    """A page showing the vault's stored analysis (``AnalysisState``): it follows
    ``run_changed`` into ``set_run``, and its empty state offers to run the analysis."""

    def __init__(self, context, vault, parent: QWidget | None = None, analysis=None):
        super().__init__(context, vault, parent)
        self.analysis = analysis
        self.run = None
        if analysis is not None:
            analysis.run_changed.connect(self.set_run)

    def set_run(self, run) -> None:  # pragma: no cover - overridden
        self.run = run

    def add_analysis_empty_state(self) -> EmptyStateCard:
        """``self.empty``: "No analysis yet" with a button that runs it."""
        self.empty = self.add_empty_state(self.rerun_analysis)
        return self.empty

    def rerun_analysis(self) -> None:
        if self.analysis is not None:
            self.analysis.rerun()

    def show_empty(self, nothing_to_show: bool) -> None:
        """Shown only once the stored runs have been looked for (never flashing at unlock)."""
        self.empty.setVisible(nothing_to_show and self.vault is not None
                              and bool(self.analysis and self.analysis.loaded))


class PlaceholderPage(Page):
    """A page that is not built yet says so plainly: what it will show, and no figures."""

    def __init__(self, context, vault, parent: QWidget | None = None):
        super().__init__(context, vault, parent)
        card = Card()
        card.setObjectName("NotBuiltCard")
        self.badge = label("note")
        self.badge.setObjectName("NotBuiltBadge")
        self.badge.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.will_show_heading = label("section")
        self.will_show = label(wrap=True)
        self.will_show.setObjectName("WillShow")
        card.body.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignLeft)
        card.body.addSpacing(8)
        card.body.addWidget(self.will_show_heading)
        card.body.addWidget(self.will_show)
        self.content.addWidget(card)

    def page_title(self) -> str:
        return self.texts()[0]

    def texts(self) -> tuple[str, str, str]:  # pragma: no cover - overridden
        """(title, subtitle, what it will show) in the current language."""
        raise NotImplementedError

    def retranslate(self) -> None:
        title, subtitle, body = self.texts()
        self.title.setText(title)
        self.subtitle.setText(subtitle)
        self.badge.setText(self.tr("Not built yet: this page is coming in a later version."))
        self.will_show_heading.setText(self.tr("What this page will show"))
        self.will_show.setText(body)
