"""The Customers page's table: one display row per scored customer, filtered and sorted here in
the core (the GUI never runs pandas itself). Text cells are already in the user's language."""
from __future__ import annotations

import pandas as pd

from ..analytics.lifecycle import stage_label
from ..analytics.rfm import segment_label
from ..i18n import Text, pick

COLUMNS = ("customer", "segment", "lifecycle", "cluster", "orders", "spend", "aov",
           "days_since", "return_rate", "tags")
HEADERS: dict[str, Text] = {
    "customer": Text("Customer", "客户"), "segment": Text("Segment", "分群"),
    "lifecycle": Text("Stage", "阶段"), "cluster": Text("Cluster", "聚类"),
    "orders": Text("Orders", "订单数"), "spend": Text("Spend", "消费额"),
    "aov": Text("Avg order", "客单价"), "days_since": Text("Days since last order", "距上次购买天数"),
    "return_rate": Text("Returns", "退货率"), "tags": Text("Tags", "标签"),
}
# Rows of the detail panel shown only when the file had the column.
DETAIL_HEADERS: dict[str, Text] = {
    "preferred_channel": Text("Channel", "渠道"), "province": Text("Province", "省份"),
    "country": Text("Country", "国家"), "age_band": Text("Age", "年龄段"),
    "gender": Text("Gender", "性别"),
}


def headers(lang: str = "en") -> list[str]:
    return [HEADERS[c].get(lang) for c in COLUMNS]


def customer_table(run, *, segment: str | None = None, lifecycle: str | None = None,
                   search: str = "", lang: str = "en") -> pd.DataFrame:
    """Rows for the table (index: customer_id), biggest spenders first."""
    return filter_rows(customer_rows(run, lang), segment=segment, lifecycle=lifecycle,
                       search=search)


def customer_rows(run, lang: str = "en") -> pd.DataFrame:
    """Every scored customer's display row, biggest spenders first, with the ids the filters
    need (built once per run and language; ``filter_rows`` is then only masks, fast enough to
    follow typing on 200,000 customers)."""
    c = run.customers
    if c.empty:
        return pd.DataFrame(columns=list(COLUMNS) + ["_segment", "_stage", "_number"])
    labels = {r["tag"]: pick(r["label_en"], r["label_zh"], lang)
              for r in run.meta.get("tag_rules", [])}
    tags = run.tags.reindex(c.index).fillna(False).astype(bool)
    tag_text = pd.Series("", index=c.index, dtype=object)
    for col in tags.columns:
        hit = tags[col].to_numpy()
        tag_text[hit] = tag_text[hit] + labels.get(col, col) + "  "
    segment = c["segment"].astype(str)
    stage = c["lifecycle"].astype(str)
    out = pd.DataFrame({
        "customer": "#" + c.index.astype(str),
        "segment": segment.map({s: segment_label(s, lang) for s in segment.unique()}),
        "lifecycle": stage.map({s: stage_label(s, lang) for s in stage.unique()}),
        "cluster": c["cluster"] if "cluster" in c else None,
        "orders": c["frequency"], "spend": c["monetary"], "aov": c["aov"],
        "days_since": c["recency_days"], "return_rate": c["return_rate"],
        "tags": tag_text.str.strip().to_numpy(),
        "_segment": segment, "_stage": stage, "_number": c.index.astype(str),
    }, index=c.index)
    return out.sort_values("spend", ascending=False, kind="stable")


def filter_rows(rows: pd.DataFrame, *, segment: str | None = None, lifecycle: str | None = None,
                search: str = "") -> pd.DataFrame:
    """The display columns of the rows matching the filters (``search``: customer number)."""
    keep = pd.Series(True, index=rows.index)
    if segment:
        keep &= rows["_segment"].eq(segment)
    if lifecycle:
        keep &= rows["_stage"].eq(lifecycle)
    if search.strip():
        keep &= rows["_number"].str.contains(search.strip(), regex=False)
    return rows.loc[keep, list(COLUMNS)]


def customer_detail(run, customer_id: int, lang: str = "en",
                    predictions=None) -> list[tuple[str, str]]:
    """(label, value) pairs for the detail panel of one customer (with the predicted figures and
    next-best products when a prediction run is given)."""
    from .feature_names import feature_name, feature_value
    c = run.customers.loc[customer_id]
    currency = run.meta.get("currency", "CNY")
    rows = [(HEADERS["segment"].get(lang), segment_label(str(c["segment"]), lang)),
            (HEADERS["lifecycle"].get(lang), stage_label(str(c["lifecycle"]), lang)),
            ("RFM", f"R{int(c['R'])} F{int(c['F'])} M{int(c['M'])}")]
    for feature in ("frequency", "monetary", "aov", "recency_days", "tenure_days", "return_rate",
                    "n_products"):
        rows.append((feature_name(feature, lang),
                     feature_value(feature, c[feature], lang, currency, plain=True)))
    for col, header in DETAIL_HEADERS.items():
        if col in c and isinstance(c[col], str) and c[col]:
            rows.append((header.get(lang), c[col]))
    if predictions is not None and customer_id in predictions.customers.index:
        rows.extend(_predicted(predictions, customer_id, currency, lang))
    return rows


PREDICTED: dict[str, Text] = {
    "clv": Text("Predicted 12-month value", "预测 12 个月价值"),
    "p_alive": Text("Chance still a customer", "仍是活跃客户的概率"),
    "churn_probability": Text("Churn risk (90 days)", "流失风险（90 天）"),
    "expected_purchases": Text("Expected orders (12 months)", "预计订单数（12 个月）"),
    "next_order_date": Text("Next order around", "预计下次购买"),
}


def _predicted(predictions, customer_id: int, currency: str, lang: str) -> list[tuple[str, str]]:
    from .formatting import format_money, format_percent
    p = predictions.customers.loc[customer_id]
    rows = []
    for col, names in PREDICTED.items():
        if col not in p or p[col] is None or p[col] != p[col]:
            continue
        value = p[col]
        if col == "clv":
            text = format_money(value, currency, lang)
        elif col in ("p_alive", "churn_probability"):
            text = format_percent(value, lang, 0)
        elif col == "next_order_date":
            text = pd.Timestamp(value).date().isoformat()
        else:
            text = f"{value:.1f}"
        rows.append((names.get(lang), text))
    names = predictions.meta.get("products", {})
    recs = [names.get(str(int(v)), f"#{int(v)}") for k, v in p.items()
            if str(k).startswith("rec_") and v == v and v is not None][:3]
    if recs:
        rows.append((pick("Recommend", "推荐", lang), " · ".join(recs)))
    return rows
