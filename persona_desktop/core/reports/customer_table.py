"""The Customers page's table: one display row per scored customer, filtered and sorted here in
the core (the GUI never runs pandas itself). Text cells are already in the user's language."""
from __future__ import annotations

import pandas as pd

from ..analytics.lifecycle import stage_label
from ..analytics.rfm import segment_label

COLUMNS = ("customer", "segment", "lifecycle", "cluster", "orders", "spend", "aov",
           "days_since", "return_rate", "tags")
HEADERS = {
    "customer": ("Customer", "客户"), "segment": ("Segment", "分群"),
    "lifecycle": ("Stage", "阶段"), "cluster": ("Cluster", "聚类"), "orders": ("Orders", "订单数"),
    "spend": ("Spend", "消费额"), "aov": ("Avg order", "客单价"),
    "days_since": ("Days since last order", "距上次购买天数"),
    "return_rate": ("Returns", "退货率"), "tags": ("Tags", "标签"),
}


def headers(lang: str = "en") -> list[str]:
    return [HEADERS[c][1 if lang == "zh" else 0] for c in COLUMNS]


def customer_table(run, *, segment: str | None = None, lifecycle: str | None = None,
                   search: str = "", lang: str = "en", sort: str = "spend") -> pd.DataFrame:
    """Rows for the table (index: customer_id); ``search`` matches the customer number."""
    c = run.customers
    if c.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    keep = pd.Series(True, index=c.index)
    if segment:
        keep &= c["segment"].astype(str).eq(segment)
    if lifecycle:
        keep &= c["lifecycle"].astype(str).eq(lifecycle)
    if search.strip():
        keep &= c.index.astype(str).str.contains(search.strip(), regex=False)
    c = c[keep]
    labels = {r["tag"]: (r["label_zh"] if lang == "zh" else r["label_en"])
              for r in run.meta.get("tag_rules", [])}
    tags = run.tags.reindex(c.index).fillna(False).astype(bool)
    tag_text = pd.Series("", index=c.index, dtype=object)
    for col in tags.columns:
        hit = tags[col].to_numpy()
        tag_text[hit] = tag_text[hit] + labels.get(col, col) + "  "
    out = pd.DataFrame({
        "customer": [f"#{i}" for i in c.index],
        "segment": [segment_label(s, lang) for s in c["segment"].astype(str)],
        "lifecycle": [stage_label(s, lang) for s in c["lifecycle"].astype(str)],
        "cluster": c["cluster"] if "cluster" in c else None,
        "orders": c["frequency"], "spend": c["monetary"], "aov": c["aov"],
        "days_since": c["recency_days"], "return_rate": c["return_rate"],
        "tags": tag_text.str.strip().to_numpy(),
    }, index=c.index)
    return out.sort_values(sort if sort in out else "spend", ascending=False, kind="stable")


def customer_detail(run, customer_id: int, lang: str = "en",
                    predictions=None) -> list[tuple[str, str]]:
    """(label, value) pairs for the detail panel of one customer (with the predicted figures and
    next-best products when a prediction run is given)."""
    from .cards import feature_name, feature_value
    c = run.customers.loc[customer_id]
    currency = run.meta.get("currency", "CNY")
    rows = [(HEADERS["segment"][lang == "zh"], segment_label(str(c["segment"]), lang)),
            (HEADERS["lifecycle"][lang == "zh"], stage_label(str(c["lifecycle"]), lang)),
            ("RFM", f"R{int(c['R'])} F{int(c['F'])} M{int(c['M'])}")]
    from .style import format_money
    for feature in ("frequency", "monetary", "aov", "recency_days", "tenure_days", "return_rate",
                    "n_products"):
        value = (format_money(c[feature], currency, lang) if feature in ("monetary", "aov")
                 else feature_value(feature, c[feature], currency, lang))
        rows.append((feature_name(feature, lang), value))
    for col in ("preferred_channel", "province", "country", "age_band", "gender"):
        if col in c and isinstance(c[col], str) and c[col]:
            rows.append(({"preferred_channel": ("Channel", "渠道"), "province": ("Province", "省份"),
                          "country": ("Country", "国家"), "age_band": ("Age", "年龄段"),
                          "gender": ("Gender", "性别")}[col][lang == "zh"], c[col]))
    if predictions is not None and customer_id in predictions.customers.index:
        rows.extend(_predicted(predictions, customer_id, currency, lang))
    return rows


PREDICTED = {
    "clv": ("Predicted 12-month value", "预测 12 个月价值"),
    "p_alive": ("Chance still a customer", "仍是活跃客户的概率"),
    "churn_probability": ("Churn risk (90 days)", "流失风险（90 天）"),
    "expected_purchases": ("Expected orders (12 months)", "预计订单数（12 个月）"),
    "next_order_date": ("Next order around", "预计下次购买"),
}


def _predicted(predictions, customer_id: int, currency: str, lang: str) -> list[tuple[str, str]]:
    from .style import format_money, format_percent
    p = predictions.customers.loc[customer_id]
    zh = lang == "zh"
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
        rows.append((names[zh], text))
    names = predictions.meta.get("products", {})
    recs = [names.get(str(int(v)), f"#{int(v)}") for k, v in p.items()
            if str(k).startswith("rec_") and v == v and v is not None][:3]
    if recs:
        rows.append(("Recommend" if not zh else "推荐", " · ".join(recs)))
    return rows
