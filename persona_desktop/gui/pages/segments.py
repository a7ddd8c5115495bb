"""Segments: one persona card per RFM segment (or per behaviour cluster), with the sizes chart.

Everything shown comes from the stored analysis run (``AnalysisState``); groups smaller than the
privacy threshold were already merged into "Other" by the core, so this page cannot show one.
Charts and card texts are imported when the first run arrives: the window opens without
matplotlib or pandas.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QRadioButton, QWidget

from ...core import i18n, services
from ..widgets.common import button, label
from .base import AnalysisPage

COLUMNS = 2


class SegmentsPage(AnalysisPage):
    def __init__(self, context, vault, parent=None, analysis=None):
        super().__init__(context, vault, parent, analysis)
        self.kind = "segment"
        self.run_button = button(accent=True)
        self.run_button.setObjectName("RunAnalysis")
        self.run_button.clicked.connect(self.rerun_analysis)
        self.tags_button = button()
        self.tags_button.setObjectName("EditTags")
        self.tags_button.clicked.connect(self.edit_tags)
        self.actions.addWidget(self.tags_button)
        self.actions.addWidget(self.run_button)

        switch = QHBoxLayout()
        self.by_segment = QRadioButton()
        self.by_segment.setObjectName("BySegment")
        self.by_cluster = QRadioButton()
        self.by_cluster.setObjectName("ByCluster")
        self.by_segment.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_segment)
        group.addButton(self.by_cluster)
        self.by_segment.toggled.connect(self._switch)
        switch.addWidget(self.by_segment)
        switch.addWidget(self.by_cluster)
        switch.addStretch(1)
        self.switch_row = QWidget()
        self.switch_row.setLayout(switch)
        self.content.addWidget(self.switch_row)

        self.notes = label("note", wrap=True)
        self.notes.setObjectName("AnalysisNotes")
        self.content.addWidget(self.notes)
        self.chart_holder = QHBoxLayout()
        self.content.addLayout(self.chart_holder)
        self.chart = None
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        self.content.addLayout(self.grid)
        self.add_analysis_empty_state()
        self.cards: list[QWidget] = []
        if analysis is not None:
            analysis.predictions_changed.connect(self._show)
            analysis.busy_changed.connect(lambda busy: self.run_button.setEnabled(not busy))
        self.retranslate()

    def page_title(self) -> str:
        return self.tr("Segments")

    def retranslate(self) -> None:
        self.title.setText(self.page_title())
        self.subtitle.setText(self.tr("Groups of similar customers and the personas that describe "
                                      "them: who they are, why they belong together, what they are "
                                      "worth and what to do next."))
        self.run_button.setText(self.tr("Re-run analysis"))
        self.tags_button.setText(self.tr("Edit tags…"))
        self.by_segment.setText(self.tr("RFM segments"))
        self.by_cluster.setText(self.tr("Behaviour clusters"))
        self.empty.set_texts(self.tr("No analysis yet"),
                             self.tr("Run the analysis to group your customers into segments "
                                     "and personas. It takes a few seconds and is stored in the "
                                     "vault, so next time it opens at once."),
                             self.tr("Run analysis"))
        # Cards are rebuilt after the language change has reached every widget (replacing
        # widgets while Qt walks the tree is unsafe).
        QTimer.singleShot(0, self._show)

    def set_run(self, run) -> None:
        self.run = run
        self._show()

    def _switch(self) -> None:
        self.kind = "segment" if self.by_segment.isChecked() else "cluster"
        self._show()

    def edit_tags(self) -> None:
        """Open the tag rules editor once the rules are read (in a worker); a save re-runs the
        analysis. ``self.tags_dialog`` is the open dialog (tests)."""
        categories = self.run.meta.get("categories", []) if self.run is not None else []
        self.tags_button.setEnabled(False)
        self.context.jobs.run(services.tag_rules, self.vault, categories,
                              on_success=lambda rules: self._open_tags(categories, rules),
                              on_failure=self._tags_failed)

    def _open_tags(self, categories, rules) -> None:
        from ..dialogs.tag_rules_dialog import TagRulesDialog
        self.tags_button.setEnabled(True)
        if self.vault is None:
            return
        self.tags_dialog = TagRulesDialog(self.context, self.vault, categories, rules, self)
        self.tags_dialog.accepted.connect(self.rerun_analysis)
        self.tags_dialog.open()

    def _tags_failed(self, exc) -> None:
        from ..errors import show_error
        self.tags_button.setEnabled(True)
        if self.vault is not None:
            show_error(self.window(), exc)

    def _clear_cards(self) -> None:
        for card in self.cards:
            self.grid.removeWidget(card)
            card.deleteLater()
        self.cards = []

    def _show(self) -> None:
        self._clear_cards()
        run = self.run
        has_run = run is not None
        personas = []
        if has_run:
            personas = run.segment_personas if self.kind == "segment" else run.cluster_personas
        self.show_empty(not has_run)
        self.switch_row.setVisible(has_run and bool(run.segment_personas))
        self.notes.setVisible(False)
        if not has_run:
            if self.chart is not None:
                self.chart.setVisible(False)
            return
        lang = i18n.language()
        self._show_notes(run, lang)
        self._show_chart(run, lang, bool(personas))
        from ...core.reports.cards import card
        from ...core.reports.charts.personas import cluster_color
        from ...core.reports.charts.style import group_color
        color = group_color if self.kind == "segment" else cluster_color
        currency = run.meta.get("currency", "CNY")
        labels = {"why": self.tr("Why: "), "top": self.tr("Top: "), "lifecycle": self.tr("Stage: "),
                  "do": self.tr("Do: "), "recommend": self.tr("Recommend: ")}
        predicted = self.analysis.persona_predictions if self.analysis is not None else None
        from ..widgets.persona_card import PersonaCard
        for i, persona in enumerate(personas):
            persona.predictions = (predicted.figures(self.kind, persona.group_id)
                                   if predicted is not None else {})
            texts = dict(card(persona, lang, currency), labels=labels)
            widget = PersonaCard(texts, color(persona.group_id))
            self.grid.addWidget(widget, i // COLUMNS, i % COLUMNS)
            self.cards.append(widget)

    def _show_notes(self, run, lang: str) -> None:
        from ...core.analytics.profile import note_text
        notes = [note_text(code, lang) for code in run.meta.get("notes", [])]
        if self.kind == "cluster":
            c = run.meta.get("clustering", {})
            if c.get("status") == "ok":
                notes.append(self.tr("{0} clusters chosen by how well they separate customers "
                                     "(silhouette {1:.2f}).").format(c["k"], c["silhouette"]))
                if c.get("structure") in ("weak", "none"):
                    notes.append(self.tr(
                        "These clusters are weakly separated: a silhouette of 0.50 or less means "
                        "the groups overlap and could be an artefact. The RFM segments are the "
                        "steadier grouping to act on."))
                if c.get("kept_share") is not None:
                    notes.append(self.tr("{0:.1f}% of customers kept their cluster since the "
                                         "previous analysis.").format(100 * c["kept_share"]))
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))

    def _show_chart(self, run, lang: str, visible: bool) -> None:
        from ..widgets.chart_view import ChartView
        from ...core.reports import charts
        name = "segment_sizes" if self.kind == "segment" else "cluster_scatter"
        if self.chart is None:
            self.chart = ChartView()
            self.chart.setMinimumHeight(320)
            self.chart_holder.addWidget(self.chart)
            self._chart_key = None
        # Rebuilt only for a new run or view: the chart follows language changes by itself.
        key = (run.run_id, name)
        if key != self._chart_key:
            self._chart_key = key
            self.chart.set_builder(lambda lg: (charts.render(name, run, lang=lg),
                                               charts.caption(name, lg)))
        self.chart.setVisible(visible)

    def clear(self) -> None:
        super().clear()
        self.run = None
        self._clear_cards()
        self.notes.setText("")
        if self.chart is not None:      # its builder holds the run
            self.chart_holder.removeWidget(self.chart)
            self.chart.retire()
            self.chart = None
