"""Profile charts (core/reports/charts.py): every chart renders in both languages without missing
glyphs, empty runs say why, and no group or cell under the privacy threshold is ever drawn."""
from __future__ import annotations

import copy
import io
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from persona_desktop.core import services
from persona_desktop.core.analytics import compare
from persona_desktop.core.analytics.rfm import SEGMENTS
from persona_desktop.core.privacy import disclosure
from persona_desktop.core.services.results import RunComparison
from persona_desktop.core.reports import charts as chart_registry
from persona_desktop.core.reports.charts import personas as charts, style

LANGS = ("en", "zh")
TINY = "tiny_test_segment"
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    home = tmp_path_factory.mktemp("charts-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PERSONA_HOME", str(home))
        vault = services.create_demo_vault(tmp_path_factory.mktemp("charts") / "demo")
        try:
            run = services.analyze(vault)
        finally:
            vault.lock(record=False)
    assert len(run.customers) > 100 and run.meta["clustering"]["status"] == "ok"
    return run


def _copy(run):
    out = copy.copy(run)
    out.customers = run.customers.copy()
    out.meta = copy.deepcopy(run.meta)
    return out


def _render(fig) -> list[str]:
    """Save to PNG; returns the warnings raised while drawing."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    assert buffer.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    return [str(w.message) for w in caught]


def _glyph_warnings(messages) -> list[str]:
    return [m for m in messages if "Glyph" in m or "missing from" in m]


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _comparison(run, k):
    later = run.customers.copy()
    seg = later["segment"].astype(str).to_numpy().copy()
    rng = np.random.default_rng(3)
    moved = rng.choice(len(seg), 150, replace=False)
    seg[moved] = rng.choice(list(SEGMENTS), 150)
    later["segment"] = pd.Categorical(seg)
    return RunComparison.from_migration(compare.migration(run.customers, later, k))


def _all_figures(run, lang):
    figs = {name: fn(run, lang=lang) for name, fn in charts.PROFILE_CHARTS.items()}
    figs["segment_boxplots:frequency"] = charts.segment_boxplots(run, lang=lang,
                                                                 feature="frequency")
    figs["persona_profile:segment"] = charts.persona_profile(run, "champions", lang=lang)
    cluster = run.meta["cluster_personas"][0]["group_id"]
    figs["persona_profile:cluster"] = charts.persona_profile(run, cluster, kind="cluster",
                                                             lang=lang)
    figs["migration_matrix"] = charts.migration_matrix(_comparison(run, 10), lang=lang)
    return figs


def test_registry_and_captions():
    assert set(charts.PROFILE_CHARTS) == {"segment_sizes", "rfm_heatmap", "cluster_scatter",
                                          "segment_boxplots", "monthly_revenue_by_segment",
                                          "cohort_retention"}
    assert set(charts.OTHER_CHARTS) == {"persona_profile", "migration_matrix"}
    for name in (*charts.PROFILE_CHARTS, *charts.OTHER_CHARTS):
        en, zh = charts.CAPTIONS[name]
        assert en and "\n" not in en and not CJK.search(en)
        assert zh and "\n" not in zh and CJK.search(zh)
        assert chart_registry.caption(name, "zh") == zh


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_renders_without_missing_glyphs(demo_run, lang):
    if lang == "zh" and style.cjk_font_family() is None:
        pytest.skip("no CJK font installed on this machine")
    for name, fig in _all_figures(demo_run, lang).items():
        assert not style.is_empty_figure(fig), f"{name}: {fig.persona_empty}"
        assert _glyph_warnings(_render(fig)) == [], name
        texts = " ".join(_texts(fig))
        if lang == "zh":
            assert CJK.search(texts), name   # axis labels are translated


def test_glyph_check_catches_a_missing_glyph():
    # Positive control for the check above: Chinese in a Latin-only font is reported.
    fig = style.new_figure()
    fig.text(0.5, 0.5, "冠军客户", fontfamily="DejaVu Sans")
    assert _glyph_warnings(_render(fig))


@pytest.mark.parametrize("lang", LANGS)
def test_segment_names_follow_the_language(demo_run, lang):
    fig = charts.segment_sizes(demo_run, lang=lang)
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    names = {pair[1] if lang == "zh" else pair[0] for pair in SEGMENTS.values()}
    assert ticks and set(ticks) <= names | {"Other", "其他"}
    bars = [p for p in fig.axes[0].patches if getattr(p, style.TOOLTIP_ATTR, None)]
    assert len(bars) == len(ticks)


def test_empty_run_says_why(new_vault):
    run = services.analyze(new_vault)
    assert run.customers.empty
    for lang, word in (("en", "import"), ("zh", "导入")):
        figs = [fn(run, lang=lang) for fn in charts.PROFILE_CHARTS.values()]
        figs.append(charts.persona_profile(run, "champions", lang=lang))
        for fig in figs:
            assert style.is_empty_figure(fig)
            assert word in fig.persona_empty.lower()
            assert _glyph_warnings(_render(fig)) == []
    assert style.is_empty_figure(charts.migration_matrix(None))
    assert style.is_empty_figure(charts.segment_sizes(None, lang="zh"))


def test_missing_clusters_and_cohorts_say_why(demo_run):
    run = _copy(demo_run)
    run.meta["clustering"] = {"status": "too_few_customers"}
    run.meta["cohorts"] = {"cohorts": [], "sizes": [], "offsets": [], "shares": []}
    run.meta["monthly_by_segment"] = {"months": [], "segments": [], "values": []}
    fig = charts.cluster_scatter(run, lang="en")
    assert style.is_empty_figure(fig) and "cluster" in fig.persona_empty
    fig = charts.cluster_scatter(run, lang="zh")
    assert style.is_empty_figure(fig) and "聚类" in fig.persona_empty
    fig = charts.cohort_retention(run, lang="en")
    assert style.is_empty_figure(fig) and "10" in fig.persona_empty
    assert style.is_empty_figure(charts.monthly_revenue_by_segment(run, lang="en"))
    fig = charts.persona_profile(run, "no_such_group", lang="en")
    assert style.is_empty_figure(fig) and "no_such_group" in fig.persona_empty


def _with_tiny_segment(run, size=3):
    run = _copy(run)
    seg = run.customers["segment"].cat.add_categories([TINY])
    seg.iloc[:size] = TINY
    run.customers["segment"] = seg
    return run


def test_a_small_segment_is_never_drawn_alone(demo_run):
    run = _with_tiny_segment(demo_run)
    k = disclosure.effective_k(run.meta["privacy_k"])
    sizes = run.customers["segment"].astype(str).value_counts()
    mapping = disclosure.merge_small_groups(sizes, k)
    in_other = [g for g, shown in mapping.items() if shown == disclosure.OTHER]
    assert TINY in in_other and len(in_other) >= 2
    expected_other = int(sizes[in_other].sum())
    total = len(run.customers)

    fig = charts.segment_sizes(run, lang="en")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    counts = [int(round(p.get_width())) for p in ax.patches]
    assert all(TINY not in text for text in _texts(fig))
    assert sum(counts) == total
    assert all(n >= k for n in counts)
    assert counts[labels.index("Other")] == expected_other

    for feature in ("monetary", "frequency"):
        fig = charts.segment_boxplots(run, lang="en", feature=feature)
        ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        assert all(TINY not in text for text in _texts(fig))
        drawn = {re.sub(r" \([\d,]+\)$", "", t): int(re.search(r"\(([\d,]+)\)$", t).group(1)
                                                         .replace(",", "")) for t in ticks}
        assert sum(drawn.values()) == total
        assert drawn["Other"] == expected_other
        assert all(n >= k for n in drawn.values())


def _drawn_counts(ax) -> list[int]:
    return [int(t.get_text().replace(",", "")) for t in ax.texts
            if re.fullmatch(r"[\d,]+", t.get_text())]


def test_rfm_heatmap_never_shows_a_count_below_k(demo_run):
    run = _copy(demo_run)
    k = disclosure.effective_k(run.meta["privacy_k"])
    # Put three customers in a cell of their own so the heatmap has a small cell to hide.
    bins = run.meta["rfm"]["bins"]
    counts = run.customers.groupby(["R", "F"]).size()
    empty_cells = [(r, f) for r in range(1, bins + 1) for f in range(1, bins + 1)
                   if (r, f) not in counts.index]
    r, f = empty_cells[0] if empty_cells else (1, bins)
    run.customers.loc[run.customers.index[:3], ["R", "F"]] = [r, f]
    for lang in LANGS:
        fig = charts.rfm_heatmap(run, lang=lang)
        ax = fig.axes[0]
        drawn = _drawn_counts(ax)
        assert drawn and all(n == 0 or n >= k for n in drawn)
        hidden = [p for p in ax.patches if p.get_hatch()]
        assert len(hidden) >= 2      # the small cell and its complementary partner
        grid = getattr(ax, style.GRID_ATTR)
        for row in grid:
            for text in row:
                m = re.search(r": ([\d,]+) (customers|位客户)", text)
                n = int(m.group(1).replace(",", "")) if m else 0
                assert n == 0 or n >= k, text


def test_small_clusters_are_drawn_as_other(demo_run):
    run = _copy(demo_run)
    k = disclosure.effective_k(run.meta["privacy_k"])
    run.customers.loc[run.customers.index[:3], "cluster"] = 99.0
    fig = charts.cluster_scatter(run, lang="en")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert not any("99" in label for label in labels)
    sizes = [int(re.search(r"\(([\d,]+)\)$", label).group(1).replace(",", "")) for label in labels]
    assert sum(sizes) == len(run.customers) and all(n >= k for n in sizes)
    assert any(label.startswith("Other") for label in labels)


def test_migration_matrix_hides_suppressed_cells(demo_run):
    k = 10
    comparison = _comparison(demo_run, k)
    assert comparison.suppressed.to_numpy().any()
    fig = charts.migration_matrix(comparison, lang="en", k=k)
    ax = fig.axes[0]
    drawn = _drawn_counts(ax)
    shown = comparison.counts.to_numpy()[~comparison.suppressed.to_numpy()]
    assert sorted(drawn) == sorted(int(n) for n in shown if n > 0)
    assert all(n >= k for n in drawn)
    assert sum(1 for p in ax.patches if p.get_hatch()) == int(comparison.suppressed.sum().sum())


def test_cohort_retention_hides_none_cells(demo_run):
    fig = charts.cohort_retention(demo_run, lang="en")
    ax = fig.axes[0]
    shares = demo_run.meta["cohorts"]["shares"]
    if any(v is None for row in shares for v in row):
        assert any(p.get_hatch() for p in ax.patches)
        assert any("privacy" in t for t in _texts(fig))
    grid = getattr(ax, style.GRID_ATTR)
    assert len(grid) == len(demo_run.meta["cohorts"]["cohorts"])
