"""The profiling analysis end to end: features -> RFM -> lifecycle -> tags -> clusters -> personas.

``ProfileAnalysis(params).fit(data)`` leaves everything a screen or a report needs in plain
attributes; ``runs.py`` stores it. Degraded data gives a degraded-but-honest result with a note
(``notes_``: codes with English and Chinese text), never a crash or an invented figure.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from ..errors import ClusterCountOutOfRange, IdenticalCustomers
from ..i18n import Text, lookup
from ..jobs import NullProgress
from ..privacy import disclosure
from . import clustering, cohorts
from .features import CustomerFeatures
from .lifecycle import LifecycleStager
from .personas import build_personas
from .rfm import RFMScorer
from .tags import Tagger, TagRule, default_rules

NOTES: dict[str, Text] = {
    "no_orders": Text("This vault has no orders yet: import a file first.",
                      "保险库中还没有订单：请先导入文件。"),
    "no_customers": Text("The orders have no customer identifiers, so only shop-level figures are "
                         "shown.", "订单中没有客户标识，因此只显示店铺整体数据。"),
    "too_few_customers": Text("Too few customers to form groups safely (fewer than the privacy "
                              "threshold); showing shop-level figures only.",
                              "客户数量少于隐私阈值，无法安全分组；仅显示店铺整体数据。"),
    "too_few_to_cluster": Text("Too few customers to cluster; showing RFM segments only.",
                               "客户太少，无法聚类；仅显示 RFM 分群。"),
    "identical_customers": Text("All customers behave the same, so there is nothing to cluster; "
                                "showing RFM segments only.",
                                "所有客户的行为都相同，无法聚类；仅显示 RFM 分群。"),
    "small_shop": Text("Fewer than 200 customers: RFM uses three levels instead of five.",
                       "客户少于 200 人：RFM 使用三档评分而不是五档。"),
    "no_purchases": Text(
        "No order is a purchase (all are returns, adjustments or have zero value).",
        "没有有效的购买订单（全部为退货、调整或金额为零）。"),
    "single_day": Text("All purchases happened on one day: recency and gaps carry no information.",
                       "所有购买都发生在同一天：最近购买时间和购买间隔没有参考意义。"),
}


@dataclass
class ProfileParams:
    as_of: str | None = None
    k: int | str = "auto"
    method: str = "kmeans"
    privacy_k: int = disclosure.DEFAULT_K
    random_state: int = 0
    n_init: int = 4
    sample_size: int = 10_000

    def to_dict(self) -> dict:
        return asdict(self)


class ProfileAnalysis:
    """Fitted attributes: ``as_of_``, ``customers_`` (features + scores + segment + lifecycle +
    cluster per customer), ``tags_``, ``tag_rules_``, ``segment_personas_``,
    ``cluster_personas_``, ``clustering_`` (dict), ``rfm_`` (dict), ``lifecycle_`` (dict),
    ``no_purchase_count_``, ``notes_`` (list of codes), ``categories_``, ``tags_not_applicable_``,
    and ``centers_``, ``monthly_by_segment_``, ``cohorts_`` (None when not computed)."""

    def __init__(self, params: ProfileParams | None = None, tag_rules: list[TagRule] | None = None,
                 previous_centers: pd.DataFrame | None = None,
                 previous_clusters: pd.Series | None = None, progress=None):
        self.params = params
        self.tag_rules = tag_rules
        self.previous_centers = previous_centers
        self.previous_clusters = previous_clusters
        self.progress = progress

    def fit(self, data) -> "ProfileAnalysis":
        params = self.params or ProfileParams()
        progress = self.progress or NullProgress()
        self.notes_ = []
        self.segment_personas_, self.cluster_personas_ = [], []
        self.clustering_ = {"status": "not_run"}
        self.rfm_, self.lifecycle_ = {}, {}
        self.tags_ = pd.DataFrame()
        self.tag_rules_, self.tags_not_applicable_ = [], []
        # None until the clustering, the revenue by segment and the cohorts are computed: the
        # early returns below (no purchases, too few customers) store them as "not computed".
        self.centers_ = self.monthly_by_segment_ = self.cohorts_ = None
        progress.step(0, 6, "features")
        if data.orders.empty:
            self.notes_.append("no_orders")
        elif not data.has_customers:
            self.notes_.append("no_customers")
        feats = CustomerFeatures(as_of=params.as_of).fit(data)
        self.as_of_ = feats.as_of_
        self.categories_ = feats.categories_
        self.no_purchase_count_ = len(feats.no_purchase_)
        features = feats.features_
        self.customers_ = features.copy()
        if features.empty:
            if data.has_customers:
                self.notes_.append("no_purchases")
            return self
        k = disclosure.effective_k(params.privacy_k)
        if len(features) < k:
            self.notes_.append("too_few_customers")
            self.customers_ = features.iloc[0:0].copy()
            return self
        if features["last_purchase"].dt.normalize().nunique() == 1 and \
                features["first_purchase"].dt.normalize().nunique() == 1:
            self.notes_.append("single_day")
        progress.step(1, 6, "RFM")
        rfm = RFMScorer().fit(features)
        self.rfm_ = {"bins": rfm.bins_, "small_shop": rfm.small_shop_}
        if rfm.small_shop_:
            self.notes_.append("small_shop")
        progress.step(2, 6, "lifecycle")
        stager = LifecycleStager().fit(features)
        self.lifecycle_ = {"shop_cycle_days": stager.shop_cycle_days_}
        progress.step(3, 6, "tags")
        rules = self.tag_rules if self.tag_rules is not None else default_rules(feats.categories_)
        tagger = Tagger(rules).fit(features)
        self.tags_, self.tag_rules_ = tagger.tags_, rules
        self.tags_not_applicable_ = tagger.not_applicable_
        customers = features.join(rfm.scores_)
        customers["lifecycle"] = stager.stages_
        progress.step(4, 6, "clusters")
        customers["cluster"] = self._cluster(features, params, progress)
        self.customers_ = customers
        progress.step(5, 6, "personas")
        purchases = data.until(self.as_of_).purchases() if self.as_of_ is not None else \
            data.purchases()
        common = dict(features=features, segments=customers["segment"],
                      lifecycle=customers["lifecycle"], tags=self.tags_, purchases=purchases,
                      products=data.products, k=params.privacy_k)
        self.segment_personas_ = build_personas("segment", customers["segment"].astype(str),
                                                **common)
        self.monthly_by_segment_ = cohorts.monthly_revenue_by_segment(
            purchases, customers["segment"], params.privacy_k)
        self.cohorts_ = cohorts.cohort_retention(purchases, params.privacy_k)
        if customers["cluster"].notna().any():
            labels = customers["cluster"].dropna().astype(np.int64).astype(str)
            self.cluster_personas_ = build_personas("cluster", labels, **common)
        progress.step(6, 6, "")
        return self

    def _cluster(self, features, params, progress) -> pd.Series:
        empty = pd.Series(np.nan, index=features.index)
        if len(features) < clustering.MIN_CUSTOMERS:
            self.notes_.append("too_few_to_cluster")
            self.clustering_ = {"status": "too_few_customers"}
            return empty
        seg = clustering.CustomerSegmenter(
            n_clusters=params.k, method=params.method, sample_size=params.sample_size,
            n_init=params.n_init, random_state=params.random_state,
            previous_centers=self.previous_centers, progress=progress)
        try:
            seg.fit(features)
        except (IdenticalCustomers, ClusterCountOutOfRange):
            self.notes_.append("identical_customers")
            self.clustering_ = {"status": "identical"}
            return empty
        kept = (clustering.kept_share(self.previous_clusters, seg.labels_)
                if self.previous_clusters is not None else None)
        self.clustering_ = {"status": "ok", "k": seg.k_, "silhouette": seg.silhouette_,
                            "structure": clustering.structure_strength(seg.silhouette_),
                            "k_scores": {str(k): v for k, v in seg.k_scores_.items()},
                            "method": params.method, "kept_share": kept,
                            "matched": {str(a): b for a, b in seg.matched_.items()}}
        self.centers_ = seg.centers_
        return seg.labels_.astype(float)


def note_text(code: str, lang: str = "en") -> str:
    return lookup(NOTES, code, lang)
