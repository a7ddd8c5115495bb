"""Insights: the shop at a glance (revenue, orders, refunds, repeat buyers) and every chart of the
last analysis, one at a time, each with its one-line "how to read it".

Shop-level figures exist for any vault, also when orders carry no customer (marketplace
exports); customer-level charts then say why they are empty instead of pretending.
"""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLineEdit, QTableView

from ...core import i18n
from ..models.frame_model import FrameModel
from ..widgets.common import Card, KpiTile, label
from .base import AnalysisPage

SHOP_CHARTS = ("revenue_by_month", "revenue_by_day", "orders_by_weekday_hour", "revenue_by_region",
               "revenue_by_channel", "revenue_by_category", "top_products")
CUSTOMER_CHARTS = ("rfm_heatmap", "monthly_revenue_by_segment", "cohort_retention",
                   "segment_boxplots", "cluster_scatter")
KPIS = ("revenue", "orders", "average_order_value", "refund_rate", "repeat_purchase_rate")


class InsightsPage(AnalysisPage):
    def __init__(self, context, vault, parent=None, analysis=None):
        super().__init__(context, vault, parent, analysis)
        self.comparison = None      # the stored migration since the previous run, when shown
        self.content.addLayout(self._kpi_grid())
        self.content.addLayout(self._chart_picker())
        self.chart_row = QHBoxLayout()
        self.content.addLayout(self.chart_row)
        self.chart = None
        self.content.addWidget(self._predictions_card())
        self.add_analysis_empty_state()
        if analysis is not None:
            analysis.predictions_changed.connect(self._show_predictions)
        self.retranslate()

    def _kpi_grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(16)
        self.tiles: dict[str, KpiTile] = {}
        for i, key in enumerate(KPIS):
            tile = KpiTile()
            tile.setObjectName(f"Kpi_{key}")
            self.tiles[key] = tile
            grid.addWidget(tile, 0, i)
        return grid

    def _chart_picker(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.picker_label = label("section")
        row.addWidget(self.picker_label)
        self.picker = QComboBox()
        self.picker.setObjectName("ChartPicker")
        self.picker.currentIndexChanged.connect(self._show_chart)
        row.addWidget(self.picker, 1)
        return row

    def _predictions_card(self) -> Card:
        """Predictions with how they held up, and the products bought together (filterable)."""
        self.predictions_card = Card()
        self.predictions_card.setObjectName("PredictionsCard")
        self.predictions_title = label("section")
        self.predictions_headline = label("", wrap=True)
        self.predictions_headline.setObjectName("PredictionsHeadline")
        self.how_title = label("muted")
        self.predictions_text = label("muted", wrap=True, selectable=True)
        self.predictions_text.setObjectName("PredictionsText")
        self.statuses_text = label("muted", wrap=True)
        self.statuses_text.setObjectName("PredictionStatuses")
        self.rules_title = label("section")
        self._build_rules_table()
        self.predictions_card.add(self.predictions_title, self.predictions_headline,
                                  self.how_title, self.predictions_text, self.statuses_text,
                                  self.rules_title, self.rules_filters, self.rules_table)
        self.predictions_card.setVisible(False)
        return self.predictions_card

    def _build_rules_table(self) -> None:
        """Rules "who buys A also buys B", filtered by segment and product."""
        self.rules_filters = QHBoxLayout()
        self.rules_segment = QComboBox()
        self.rules_segment.setObjectName("RulesSegment")
        self.rules_segment.currentIndexChanged.connect(self._show_rules)
        self.rules_search = QLineEdit()
        self.rules_search.setObjectName("RulesSearch")
        self.rules_search.setClearButtonEnabled(True)
        self.rules_search.textChanged.connect(self._show_rules)
        self.rules_filters.addWidget(self.rules_segment)
        self.rules_filters.addWidget(self.rules_search, 1)
        self.rules_model = FrameModel(headers=self._rule_headers)
        self.rules_table = QTableView()
        self.rules_table.setObjectName("RulesTable")
        self.rules_table.setModel(self.rules_model)
        self.rules_table.verticalHeader().setVisible(False)
        self.rules_table.horizontalHeader().setStretchLastSection(True)
        self.rules_table.setMinimumHeight(240)

    def page_title(self) -> str:
        return self.tr("Insights")

    def retranslate(self) -> None:
        self.title.setText(self.page_title())
        self.subtitle.setText(self.tr("Your shop at a glance and every chart of the last analysis, "
                                      "each with one line on how to read it."))
        captions = {"revenue": self.tr("Revenue"), "orders": self.tr("Orders"),
                    "average_order_value": self.tr("Average order"),
                    "refund_rate": self.tr("Refunded"),
                    "repeat_purchase_rate": self.tr("Repeat buyers")}
        for key, tile in self.tiles.items():
            tile.caption.setText(captions[key])
        self.picker_label.setText(self.tr("Chart"))
        self.empty.set_texts(self.tr("No analysis yet"),
                             self.tr("Run the analysis to see revenue over time, by region and "
                                     "channel, what sells, and how customers come back."),
                             self.tr("Run analysis"))
        self.predictions_title.setText(self.tr("Predictions and how well they held up"))
        self.how_title.setText(self.tr("How this is computed and checked:"))
        self.rules_title.setText(self.tr("Products bought together"))
        self.rules_search.setPlaceholderText(self.tr("Find a product"))
        self._fill_picker()
        self._show_kpis()
        self._show_predictions()

    def _rule_headers(self) -> list[str]:
        return [self.tr("Customers who buy"), self.tr("also buy"), self.tr("Support"),
                self.tr("Confidence"), self.tr("Lift")]

    def _show_predictions(self) -> None:
        pred = self.analysis.predictions if self.analysis is not None else None
        self.predictions_card.setVisible(pred is not None)
        if pred is None:
            self.rules_model.clear()
            return
        from ...core.reports.prediction_text import headline_lines, status_lines, summary_lines
        lang = i18n.language()
        self.predictions_headline.setText("\n\n".join(headline_lines(pred, lang)))
        self.predictions_text.setText("\n".join(summary_lines(pred, lang)))
        problems = [line for line, s in zip(status_lines(pred, lang), pred.meta.get("statuses", []))
                    if not s["ok"]]
        self.statuses_text.setText("\n".join(problems))
        self.statuses_text.setVisible(bool(problems))
        self._fill_rule_segments(pred, lang)
        self._show_rules()

    def _fill_rule_segments(self, pred, lang: str) -> None:
        from ...core.analytics.rfm import segment_label
        from ...core.reports.prediction_text import rule_segments
        current = self.rules_segment.currentData()
        self.rules_segment.blockSignals(True)
        self.rules_segment.clear()
        self.rules_segment.addItem(self.tr("All orders"), None)
        for seg in rule_segments(pred):
            self.rules_segment.addItem(segment_label(seg, lang), seg)
        self.rules_segment.setCurrentIndex(max(self.rules_segment.findData(current), 0))
        self.rules_segment.blockSignals(False)

    def _show_rules(self) -> None:
        pred = self.analysis.predictions if self.analysis is not None else None
        if pred is None:
            self.rules_model.clear()
            return
        from ...core.reports.prediction_text import rules_table
        from ...core.reports.formatting import format_percent
        lang = i18n.language()
        frame = rules_table(pred, segment=self.rules_segment.currentData(),
                            search=self.rules_search.text())
        has_any = bool(pred.meta.get("rules"))
        for widget in (self.rules_title, self.rules_table, self.rules_segment, self.rules_search):
            widget.setVisible(has_any)
        self.rules_model.set_formatters({2: lambda v: format_percent(v, lang, 2),
                                         3: lambda v: format_percent(v, lang),
                                         4: lambda v: f"{v:.2f}"})
        self.rules_model.set_frame(frame)

    def _chart_titles(self) -> dict[str, str]:
        return {
            "revenue_by_month": self.tr("Revenue by month"),
            "revenue_by_day": self.tr("Revenue by day"),
            "orders_by_weekday_hour": self.tr("Orders by weekday and hour"),
            "revenue_by_region": self.tr("Revenue by region"),
            "revenue_by_channel": self.tr("Revenue by channel"),
            "revenue_by_category": self.tr("Revenue by category"),
            "top_products": self.tr("Top products"),
            "rfm_heatmap": self.tr("Recency × frequency (RFM)"),
            "monthly_revenue_by_segment": self.tr("Monthly revenue by segment"),
            "cohort_retention": self.tr("Customers coming back (cohorts)"),
            "segment_boxplots": self.tr("Spend per customer by segment"),
            "cluster_scatter": self.tr("Behaviour clusters"),
            "migration_matrix": self.tr("Segment changes since the previous analysis"),
        }

    def _fill_picker(self) -> None:
        current = self.picker.currentData()
        self.picker.blockSignals(True)
        self.picker.clear()
        titles = self._chart_titles()
        names = list(SHOP_CHARTS)
        if self.run is not None and not self.run.customers.empty:
            names += list(CUSTOMER_CHARTS)
            if self.run.meta.get("migration"):
                names.append("migration_matrix")
        for name in names:
            self.picker.addItem(titles[name], name)
        self.picker.setCurrentIndex(max(self.picker.findData(current), 0))
        self.picker.blockSignals(False)
        self._show_chart()

    def set_run(self, run) -> None:
        self.run = run
        self.comparison = None
        self._fill_picker()
        self._show_kpis()

    def _show_kpis(self) -> None:
        shop = (self.run.meta.get("shop") or {}) if self.run is not None else {}
        self.show_empty(self.run is None)
        if not shop:
            for tile in self.tiles.values():
                tile.set_value("—")
            return
        from ...core.reports.formatting import format_count, format_money, format_percent
        lang, currency = i18n.language(), self.run.meta.get("currency", "CNY")
        values = {"revenue": format_money(shop.get("revenue"), currency, lang, compact=True),
                  "orders": format_count(shop.get("orders"), lang),
                  "average_order_value": format_money(shop.get("average_order_value"), currency,
                                                      lang),
                  "refund_rate": format_percent(shop.get("refund_rate"), lang),
                  "repeat_purchase_rate": format_percent(shop.get("repeat_purchase_rate"), lang)}
        for key, tile in self.tiles.items():
            tile.set_value(values[key])

    def _show_chart(self) -> None:
        name = self.picker.currentData()
        if self.run is None or not name:
            if self.chart is not None:
                self.chart.setVisible(False)
            return
        from ..widgets.chart_view import ChartView
        from ...core.reports import charts
        if self.chart is None:
            self.chart = ChartView()
            self.chart.setObjectName("InsightsChart")
            self.chart.setMinimumHeight(380)
            self.chart_row.addWidget(self.chart)
        run = self.run
        self.chart.setVisible(True)
        # Rebuilt only for another run, chart or comparison: language changes rebuild by themselves.
        key = (run.run_id, name)
        if key == getattr(self, "_chart_key", None):
            return
        if name == "migration_matrix":
            from ...core.services.analysis import comparison_from_meta
            comparison = comparison_from_meta(run.meta["migration"])
            self.comparison = comparison
            self._chart_key = key
            self.chart.set_builder(lambda lg: (
                charts.render(name, run, lang=lg, comparison=comparison),
                charts.caption(name, lg)))
            return
        self._chart_key = key
        self.chart.set_builder(lambda lg: (charts.render(name, run, lang=lg),
                                           charts.caption(name, lg)))

    def clear(self) -> None:
        super().clear()
        self.run = None
        self.comparison = None
        self.rules_model.clear()
        self.predictions_headline.setText("")
        self.predictions_text.setText("")
        self.statuses_text.setText("")
        for tile in self.tiles.values():
            tile.set_value("…")
        if self.chart is not None:      # its builder holds the run
            self.chart_row.removeWidget(self.chart)
            self.chart.retire()
            self.chart = None
        self._chart_key = None
