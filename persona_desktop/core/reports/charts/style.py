"""The one chart style of the app (ux.md "Charts"), for the GUI, PNG export and reports alike.

* Figures come from ``new_figure()`` (``matplotlib.figure.Figure``, never pyplot: no global figure
  manager, safe in worker threads, works with Agg and with FigureCanvasQTAgg).
* Build a chart inside ``with chart_rc():`` and pass each axes through ``style_axes(ax)``: no
  top/right spines, a light horizontal grid, 10-11 pt labels, a CJK-capable font family (found once
  via matplotlib.font_manager), ``axes.unicode_minus = False``. Global rcParams are never changed;
  the font family is also set on tick labels so a later redraw (Qt resize) keeps the CJK font.
* Colours: the Okabe-Ito palette (colour-blind safe). ``group_color(name)`` gives a segment or
  group the same colour everywhere (a hash of the name, not its place in a list); "Other" is grey.
* Axis numbers: ``money_formatter`` / ``count_formatter`` / ``percent_formatter`` write tick
  labels with reports/formatting.py, the same texts as cards, tables and the CLI.
* Hover values: chart functions tag what the user can point at (``tag_bars``, ``tag_points``,
  ``tag_grid``) with the exact figure as text; ``hover_text(figure, event)`` finds it for a
  matplotlib mouse event. The text is kept in a Python attribute (``TOOLTIP_ATTR``) on each bar
  patch and in per-axes attributes for lines and heatmaps (not in ``gid``: SVG exports stay valid).
* ``empty_figure(message)``: a chart with no data says why instead of showing an empty axis.
"""
from __future__ import annotations

import contextlib
import logging
import math
import os
import textwrap
import threading
import zlib
from functools import lru_cache

import matplotlib
from cycler import cycler
from matplotlib import font_manager
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ...privacy.disclosure import OTHER
from ..formatting import format_count, format_money, format_percent
from . import bundled_fonts

log = logging.getLogger(__name__)

OKABE_ITO = {
    "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7", "black": "#000000",
}
# Order for groups: yellow and black last (yellow is faint on white, black reads as text).
PALETTE = tuple(OKABE_ITO[c] for c in ("blue", "orange", "bluish_green", "vermillion",
                                        "reddish_purple", "sky_blue", "yellow", "black"))
GROUP_PALETTE = PALETTE[:7]
ACCENT = OKABE_ITO["blue"]
SECOND = OKABE_ITO["orange"]
OTHER_COLOR = "#9E9E9E"
TEXT_COLOR = "#333333"
MUTED_COLOR = "#6B6B6B"
GRID_COLOR = "#E6E6E6"
HEAT_CMAP = LinearSegmentedColormap.from_list(
    "persona_heat", ["#F4F8FB", "#56B4E9", "#0072B2", "#08306B"])

LABEL_PT = 11
TICK_PT = 10
FIG_WIDTH = 7.5   # inches; the Qt canvas resizes the figure to the widget anyway
FIG_HEIGHT = 3.6
DPI = 100

# First found wins; regional variants of Noto/Source Han still hold every Simplified glyph.
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Source Han Sans",
                "Noto Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei",
                "PingFang SC", "SimHei", "Noto Sans CJK JP", "Noto Sans CJK TC",
                "Source Han Sans JP", "Droid Sans Fallback")
CJK_FILE_HINTS = ("notosanscjk", "sourcehansans", "notosanssc", "wqy", "msyh", "pingfang",
                  "simhei", "droidsansfallback")
LATIN_FALLBACK = "DejaVu Sans"
TOOLTIP_ATTR = "persona_tooltip"      # on bar patches: the exact figure as text
POINTS_ATTR = "persona_points"        # on axes: (x values, y values, texts) of a line
GRID_ATTR = "persona_grid"            # on axes: rows of texts of an imshow heatmap
_RC_LOCK = threading.RLock()


# --- fonts ----------------------------------------------------------------------------------------

def register_font(path) -> str | None:
    """Make a font file (e.g. one bundled with the app) known to matplotlib; returns its family."""
    try:
        return _add_font_file(path)
    finally:
        cjk_font_family.cache_clear()


def _add_font_file(path) -> str | None:
    try:
        font_manager.fontManager.addfont(os.fspath(path))
        return font_manager.FontProperties(fname=os.fspath(path)).get_name()
    except (OSError, RuntimeError, ValueError) as exc:
        log.warning("could not register font %s: %s", path, exc)
        return None


def _known_families() -> set[str]:
    return {f.name for f in font_manager.fontManager.ttflist}


@lru_cache(maxsize=1)
def cjk_font_family() -> str | None:
    """The first CJK-capable family matplotlib can use, or None (Chinese then shows as boxes).

    matplotlib's font cache may predate a font installed later, so when none of the known families
    is in it, the fonts the app carries (bundled_fonts, recorded by the GUI at start) are added,
    then system font files whose names look CJK, before giving up."""
    known = _known_families()
    for family in CJK_FAMILIES:
        if family in known:
            return family
    for path in bundled_fonts.files():
        family = _add_font_file(path)
        if family:
            return family
    added = []
    try:
        paths = font_manager.findSystemFonts()
    except OSError:  # pragma: no cover - unreadable font folders
        paths = []
    for path in paths:
        base = os.path.basename(path).lower().replace("-", "").replace("_", "")
        if any(hint in base for hint in CJK_FILE_HINTS):
            try:
                font_manager.fontManager.addfont(path)
                added.append(font_manager.FontProperties(fname=path).get_name())
            except (OSError, RuntimeError, ValueError):
                continue
    known = _known_families()
    for family in CJK_FAMILIES:
        if family in known:
            return family
    if added:
        return added[0]
    log.warning("no CJK font found: Chinese chart labels will not render")
    return None


def missing_glyphs(text: str) -> tuple[str, str]:
    """The font file charts draw text with, and the characters of ``text`` it has no glyph for
    (the self-test's proof that Chinese labels render as letters, not boxes)."""
    from matplotlib.ft2font import FT2Font
    path = font_manager.findfont(font_manager.FontProperties(family=font_families()[0]))
    font = FT2Font(path)  # matplotlib >= 3.10 returns a FontPath that also names the face of a .ttc
    missing = [ch for ch in text if not ch.isspace() and font.get_char_index(ord(ch)) == 0]
    return os.fspath(path), "".join(missing)


def font_families() -> list[str]:
    cjk = cjk_font_family()
    return [cjk, LATIN_FALLBACK] if cjk else [LATIN_FALLBACK]


def rc_params() -> dict:
    return {
        "font.family": font_families(),
        "font.size": TICK_PT,
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": MUTED_COLOR,
        "axes.labelcolor": TEXT_COLOR,
        "axes.labelsize": LABEL_PT,
        "axes.titlesize": LABEL_PT,
        "axes.prop_cycle": cycler(color=list(PALETTE)),
        "axes.grid": True,
        "axes.grid.axis": "y",
        "axes.axisbelow": True,
        "grid.color": GRID_COLOR,
        "grid.linewidth": 0.8,
        "xtick.labelsize": TICK_PT,
        "ytick.labelsize": TICK_PT,
        "xtick.color": MUTED_COLOR,
        "ytick.color": MUTED_COLOR,
        "legend.fontsize": TICK_PT,
        "legend.frameon": False,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
    }


@contextlib.contextmanager
def chart_rc():
    """rcParams for building (and saving) a chart, restored afterwards.

    rcParams are process-wide: the lock keeps charts built in worker threads from restoring each
    other's values out of order (what a chart needs is also set on its artists, see style_axes)."""
    with _RC_LOCK, matplotlib.rc_context(rc_params()):
        yield


def new_figure(width: float = FIG_WIDTH, height: float = FIG_HEIGHT) -> Figure:
    """A blank figure in the app style (constrained layout so long CJK labels are not clipped)."""
    with chart_rc():
        fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    fig.set_facecolor("white")
    return fig


def style_axes(ax, grid: str | None = "y") -> None:
    """Spines, grid, tick and label fonts set on the axes itself (they outlive any rc context)."""
    families = font_families()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED_COLOR)
        ax.spines[side].set_linewidth(0.8)
    ax.tick_params(labelsize=TICK_PT, colors=MUTED_COLOR, labelcolor=TEXT_COLOR,
                   labelfontfamily=families, length=3)
    ax.set_axisbelow(True)
    ax.grid(False)
    if grid:
        ax.grid(True, axis=grid, color=GRID_COLOR, linewidth=0.8)
    for text in (ax.xaxis.label, ax.yaxis.label):
        text.set_fontfamily(families)
        text.set_fontsize(LABEL_PT)
        text.set_color(TEXT_COLOR)


def empty_figure(message: str, width: float = FIG_WIDTH, height: float = FIG_HEIGHT) -> Figure:
    """A figure that says why there is no chart (no axes, so nothing looks like a zero)."""
    fig = new_figure(width, height)
    wrapped = "\n".join(textwrap.wrap(message, width=36 if _has_cjk(message) else 64)) or message
    fig.text(0.5, 0.5, wrapped, ha="center", va="center", fontsize=LABEL_PT, color=MUTED_COLOR,
             fontfamily=font_families(), wrap=False)
    fig.persona_empty = message
    return fig


def is_empty_figure(fig: Figure) -> bool:
    return getattr(fig, "persona_empty", None) is not None


def _has_cjk(text: str) -> bool:
    return any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)


# --- colours --------------------------------------------------------------------------------------

# The eleven RFM segments each get their own colour (Okabe-Ito plus Paul Tol's "muted" extras,
# both designed to stay distinguishable with colour-vision deficiency); the segment's name is always
# printed next to its colour as the second cue ux.md asks for.
SEGMENT_COLORS = {
    "champions": "#0072B2", "loyal": "#009E73", "potential_loyalists": "#56B4E9",
    "new_customers": "#44AA99", "promising": "#999933", "need_attention": "#F0E442",
    "about_to_sleep": "#E69F00", "at_risk": "#D55E00", "cannot_lose_them": "#882255",
    "hibernating": "#CC79A7", "lost": "#332288",
}


def group_color(name) -> str:
    """The colour of a segment or group, the same for the same name in every chart and card."""
    text = str(name)
    if text in (OTHER, "other"):
        return OTHER_COLOR
    if text in SEGMENT_COLORS:
        return SEGMENT_COLORS[text]
    return GROUP_PALETTE[zlib.crc32(text.encode("utf-8")) % len(GROUP_PALETTE)]


def colorbar(fig: Figure, ax, image, label: str, formatter=None):
    """The colour scale beside a heatmap, in the app style (no outline, muted ticks)."""
    fonts = font_families()
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.ax.tick_params(labelsize=TICK_PT, colors=MUTED_COLOR, labelfontfamily=fonts)
    if formatter is not None:
        bar.ax.yaxis.set_major_formatter(formatter)
    bar.outline.set_visible(False)
    bar.set_label(label, fontfamily=fonts, fontsize=TICK_PT, color=TEXT_COLOR)
    return bar


# --- axis numbers (the texts themselves: reports/formatting.py) -------------------------------

def money_formatter(currency: str = "CNY", lang: str = "en") -> FuncFormatter:
    """Axis tick labels: compact money (the exact figure is in the hover text)."""
    return FuncFormatter(lambda v, _pos: format_money(v, currency, lang, compact=True))


def count_formatter(lang: str = "en") -> FuncFormatter:
    return FuncFormatter(lambda v, _pos: format_count(v, lang, compact=True))


def percent_formatter(lang: str = "en") -> FuncFormatter:
    return FuncFormatter(lambda v, _pos: format_percent(v, lang, digits=0))


def thin_xticks(ax, labels, most: int = 12, most_long: int | None = None) -> None:
    """Label at most ``most`` evenly spaced x ticks (``most_long`` instead when any label is
    longer than 7 characters), with tick marks only when some labels are skipped."""
    if most_long is not None and labels and max(len(label) for label in labels) > 7:
        most = most_long
    step = max(1, math.ceil(len(labels) / most))
    ticks = list(range(0, len(labels), step))
    ax.set_xticks(ticks, [labels[i] for i in ticks])
    ax.tick_params(axis="x", length=0 if step == 1 else 3)


# --- hover values ---------------------------------------------------------------------------------

def tag_bars(bars, texts) -> None:
    """Attach the exact figure (text) to each bar patch of a bar chart."""
    for patch, text in zip(bars, texts):
        setattr(patch, TOOLTIP_ATTR, text)


def tag_points(ax, xs, ys, texts) -> None:
    """For a line: hover shows the text of the nearest point (in screen distance)."""
    setattr(ax, POINTS_ATTR, (list(xs), list(ys), list(texts)))


def tag_grid(ax, texts) -> None:
    """For an imshow heatmap at integer cells: ``texts[row][col]``."""
    setattr(ax, GRID_ATTR, [list(row) for row in texts])


def hover_text(figure: Figure, event, radius_px: float = 12.0) -> str | None:
    """The exact figure under a matplotlib mouse event, or None."""
    ax = getattr(event, "inaxes", None)
    if ax is None or ax.figure is not figure:
        return None
    for patch in ax.patches:
        text = getattr(patch, TOOLTIP_ATTR, None)
        if text is not None and patch.contains(event)[0]:
            return text
    grid = getattr(ax, GRID_ATTR, None)
    if grid is not None and event.xdata is not None and event.ydata is not None:
        row, col = int(round(event.ydata)), int(round(event.xdata))
        if 0 <= row < len(grid) and 0 <= col < len(grid[row]):
            return grid[row][col]
    points = getattr(ax, POINTS_ATTR, None)
    if points is not None and points[0]:
        xs, ys, texts = points
        screen = ax.transData.transform(list(zip(xs, ys)))
        dist = ((screen[:, 0] - event.x) ** 2 + (screen[:, 1] - event.y) ** 2) ** 0.5
        best = int(dist.argmin())
        if dist[best] <= radius_px * max(1.0, figure.dpi / DPI):
            return texts[best]
    return None
