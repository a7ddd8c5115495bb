"""A chart from the core (a matplotlib Figure) on a page: canvas, caption, exact values on hover.

The core builds every chart (core/reports); this widget only shows it:

* ``set_figure(figure, caption)`` shows a Figure (a new FigureCanvasQTAgg per figure; the canvas
  follows the screen's device pixel ratio, so charts stay sharp on high-DPI displays). ``caption``
  is the one-line "how to read it" text, either a string or an (en, zh) pair that follows the
  language switch. An empty-state figure (style.empty_figure) shows no caption: it says why itself.
* ``set_builder(builder)`` with ``builder(lang) -> (figure, caption)``: the chart is rebuilt in the
  new language on every language change (axis labels and captions live in the figure).
* Hover: the chart functions tag what can be pointed at with its exact figure (a Python attribute
  on each bar patch, ``style.TOOLTIP_ATTR``; per-axes attributes for heatmap cells and line points);
  ``style.hover_text`` finds it and the widget shows it as a tooltip and emits ``hovered``.

There are no texts of its own to translate: captions come from the core in both languages.
"""
from __future__ import annotations

from typing import Callable

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCursor, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QVBoxLayout, QWidget

from ...core import i18n
from ...core.reports.charts import style
from .common import SPACING, Retranslatable, label

Caption = str | tuple[str, str]
Builder = Callable[[str], tuple[Figure, Caption]]


def retire_canvas(canvas: FigureCanvasQTAgg) -> None:
    """Delete a canvas that may still have a paint event or an idle draw queued: hidden, its idle
    draw cancelled, and deleted later by Qt. It keeps its parent until then on purpose: without a
    parent Python would own it, and dropping the last reference would delete it at once, even in
    the middle of Qt delivering an event (a language change) to a list of children holding it."""
    canvas._draw_pending = False  # a queued idle draw must not touch the deleted canvas
    canvas.hide()
    canvas.deleteLater()


class ChartView(Retranslatable, QWidget):
    hovered = Signal(str)  # the exact figure under the mouse, "" when nothing is under it

    def __init__(self, figure: Figure | None = None, caption: Caption = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ChartView")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(SPACING)
        self.caption = label("muted", wrap=True)
        self.caption.setObjectName("ChartCaption")
        self.canvas: FigureCanvasQTAgg | None = None
        self._caption: Caption = ""
        self._builder: Builder | None = None
        self._built_lang: str | None = None
        self.hover_value = ""
        self._layout.addWidget(self.caption)
        self.set_figure(figure if figure is not None else style.empty_figure(""), caption)

    def retire(self) -> None:
        """Leave the page for good (the vault is locking): drop the builder, which holds data,
        and delete the widget safely."""
        self._builder = None
        if self.canvas is not None:
            retire_canvas(self.canvas)
            self.canvas = None
        self.hide()
        self.deleteLater()

    @property
    def figure(self) -> Figure:
        return self.canvas.figure

    def set_figure(self, figure: Figure, caption: Caption = "") -> None:
        """Show ``figure`` (replacing the current one) with its caption below.

        One canvas per view for its whole life: a new figure is put on the existing canvas.
        Replacing canvases (deleteLater with a paint or idle draw queued) crashed natively in our
        GUI tests, intermittently and far from the cause ("malloc_consolidate(): unaligned
        fastbin chunk")."""
        width, height = figure.get_size_inches() * style.DPI
        if self.canvas is None:
            self.canvas = FigureCanvasQTAgg(figure)
            self.canvas.setObjectName("ChartCanvas")
            self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            self.canvas.mpl_connect("motion_notify_event", self._on_motion)
            self.canvas.mpl_connect("figure_leave_event", self._on_leave)
            self._layout.insertWidget(0, self.canvas, 1)
        else:
            canvas = self.canvas
            figure.set_canvas(canvas)
            canvas.figure = figure
            # What the canvas does for its first figure: scale for the screen's pixel ratio
            # (sharp on high-DPI), then size the figure to the widget as a resize would.
            figure._set_dpi(figure._original_dpi * canvas.device_pixel_ratio, forward=False)
            size = canvas.size()
            canvas.resizeEvent(QResizeEvent(size, size))
        self.canvas.setMinimumSize(int(min(width, 480) * 0.6), int(min(height, 1400) * 0.6))
        self._caption = caption
        self.hover_value = ""
        self._show_caption()
        self.canvas.draw_idle()

    def set_builder(self, builder: Builder) -> None:
        """Build the chart now, and again in the new language after each language change."""
        self._builder = builder
        self._build()

    def retranslate(self) -> None:
        if self._builder is not None and self._built_lang != i18n.language():
            # After the language change has reached every widget: rebuilding replaces the
            # canvas, which must not happen while Qt is still walking the widget tree.
            QTimer.singleShot(0, self._rebuild_if_needed)
        elif self.canvas is not None:
            self._show_caption()

    def _rebuild_if_needed(self) -> None:
        if self._builder is not None and self._built_lang != i18n.language():
            self._build()

    def _build(self) -> None:
        lang = i18n.language()
        figure, caption = self._builder(lang)
        self._built_lang = lang
        self.set_figure(figure, caption)

    def _show_caption(self) -> None:
        text = self._caption
        if isinstance(text, tuple):
            en, zh = text
            text = i18n.pick(en, zh)
        empty = style.is_empty_figure(self.canvas.figure)
        self.caption.setText(text)
        self.caption.setVisible(bool(text) and not empty)

    def _on_motion(self, event) -> None:
        text = style.hover_text(self.canvas.figure, event) or ""
        if text == self.hover_value:
            return
        self.hover_value = text
        if text:
            QToolTip.showText(QCursor.pos(), text, self.canvas)
        else:
            QToolTip.hideText()
        self.hovered.emit(text)

    def _on_leave(self, _event) -> None:
        if self.hover_value:
            self.hover_value = ""
            QToolTip.hideText()
            self.hovered.emit("")
