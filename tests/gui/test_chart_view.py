"""ChartView: shows a core Figure with its caption, replaces it, follows the device pixel ratio and
the language, and shows a bar's exact figure on hover."""
from __future__ import annotations

import pytest
import shiboken6
from matplotlib.backend_bases import MouseEvent
from PySide6.QtWidgets import QToolTip

from persona_desktop.core.analytics.shop import shop_summary
from persona_desktop.core.reports.charts import shop as shop_charts, style
from persona_desktop.gui.widgets.chart_view import ChartView
from tests.core import test_shop_analytics as shops


@pytest.fixture(scope="module")
def summary():
    return shop_summary(shops.make_shop())


@pytest.fixture
def make_view(qtbot):
    views = []

    def make(*args, **kwargs):
        view = ChartView(*args, **kwargs)
        qtbot.addWidget(view)
        view.resize(720, 420)
        view.show()
        qtbot.waitExposed(view)
        views.append(view)
        return view

    yield make
    qtbot.wait(50)  # let matplotlib's queued idle draws run before the widgets go


def test_shows_the_figure_and_its_caption(make_view, summary):
    fig = shop_charts.revenue_by_month(summary, lang="en")
    view = make_view(fig, shop_charts.CAPTIONS["revenue_by_month"])
    assert view.figure is fig
    assert view.caption.isVisible()
    assert view.caption.text() == shop_charts.CAPTIONS["revenue_by_month"][0]
    assert view.canvas.device_pixel_ratio == view.canvas.devicePixelRatioF()


def test_set_figure_replaces_the_chart(make_view, qtbot, summary):
    view = make_view(shop_charts.revenue_by_month(summary), "first")
    canvas = view.canvas
    fig = shop_charts.revenue_by_region(summary)
    view.set_figure(fig, "second")
    # The same canvas shows the new figure (replacing canvases crashed natively), sized to it.
    assert view.figure is fig and view.canvas is canvas and fig.canvas is canvas
    assert view.caption.text() == "second"
    w, h = fig.get_size_inches() * fig.dpi
    assert (round(w), round(h)) == (round(canvas.width() * canvas.device_pixel_ratio),
                                    round(canvas.height() * canvas.device_pixel_ratio))
    qtbot.wait(50)
    assert shiboken6.isValid(canvas)
    assert view.findChildren(type(view.canvas)) == [view.canvas]


def test_an_empty_figure_shows_no_caption(make_view):
    view = make_view(style.empty_figure("No sale orders yet"), "how to read it")
    assert not view.caption.isVisible()


def test_hovering_a_bar_shows_its_exact_value(make_view, qtbot, summary):
    view = make_view(shop_charts.revenue_by_region(summary, lang="en", currency="CNY"))
    view.canvas.draw()
    ax = view.figure.axes[0]
    bar = ax.patches[0]
    x, y = ax.transData.transform((bar.get_x() + bar.get_width() / 2,
                                   bar.get_y() + bar.get_height() / 2))
    with qtbot.waitSignal(view.hovered) as signal:
        MouseEvent("motion_notify_event", view.canvas, x, y)._process()
    assert signal.args == ["浙江省: ¥1,820.00 · 19 orders · 12 customers"]
    assert view.hover_value == signal.args[0]
    x, y = ax.transAxes.transform((0.99, 0.01))
    with qtbot.waitSignal(view.hovered) as signal:
        MouseEvent("motion_notify_event", view.canvas, x, y)._process()
    assert signal.args == [""]
    QToolTip.hideText()


def test_a_built_chart_follows_the_language(make_view, qtbot, context, summary):
    view = make_view()
    calls = []

    def build(lang):
        calls.append(lang)
        return (shop_charts.revenue_by_region(summary, lang=lang),
                shop_charts.CAPTIONS["revenue_by_region"])

    view.set_builder(build)
    assert calls == ["en"]
    context.set_language("zh", remember=False)
    qtbot.waitUntil(lambda: calls == ["en", "zh"], timeout=5000)
    assert view.caption.text() == shop_charts.CAPTIONS["revenue_by_region"][1]
    labels = [t.get_text() for t in view.figure.axes[0].get_yticklabels()]
    assert "其他" in labels
    context.set_language("en", remember=False)
    qtbot.waitUntil(lambda: calls == ["en", "zh", "en"], timeout=5000)
