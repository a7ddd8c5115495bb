"""Every chart by name, for the CLI (`persona chart NAME`) and the GUI's chart pickers."""
from __future__ import annotations

from ...errors import UsageError
from ...i18n import Text

NO_RUN = Text("Run an analysis first.", "请先运行分析。")


def names() -> list[str]:
    from . import personas, shop as shop_charts
    return sorted(set(personas.PROFILE_CHARTS) | set(personas.OTHER_CHARTS)
                  | set(shop_charts.SHOP_CHARTS))


def caption(name: str, lang: str = "en") -> str:
    from . import personas, shop as shop_charts
    text = personas.CAPTIONS.get(name) or shop_charts.CAPTIONS.get(name) or Text("", "")
    return text.get(lang)


def render(name: str, run, *, lang: str = "en", group: str | None = None, kind: str = "segment",
           comparison=None):
    from . import personas, shop as shop_charts
    from .style import empty_figure
    if name in shop_charts.SHOP_CHARTS:
        from ...analytics.shop import ShopSummary
        shop = run.meta.get("shop") if run is not None else None
        if not shop:
            return empty_figure(NO_RUN.get(lang))
        currency = run.meta.get("currency", "CNY")
        return shop_charts.SHOP_CHARTS[name](ShopSummary.from_dict(shop), lang=lang,
                                              currency=currency)
    if name == "migration_matrix":
        if comparison is None:
            raise UsageError(what="migration_matrix needs --compare RUN_A RUN_B")
        return personas.migration_matrix(comparison, lang=lang)
    if run is None:
        return empty_figure(NO_RUN.get(lang))
    if name == "persona_profile":
        if not group:
            raise UsageError(what="persona_profile needs --group (a segment id such as champions, "
                                  "or a cluster number)")
        return personas.persona_profile(run, group, kind=kind, lang=lang)
    if name in personas.PROFILE_CHARTS:
        return personas.PROFILE_CHARTS[name](run, lang=lang)
    raise UsageError(what=f"unknown chart {name}; known: {', '.join(names())}")
