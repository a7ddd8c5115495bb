"""Behavioural clusters: ``CustomerSegmenter``.

Money and counts are heavily skewed (a few customers buy a hundred times more than the median), so
they are log-transformed before scaling; otherwise KMeans spends all its clusters on the whales.
k is chosen by the silhouette score on a fixed random sample (silhouette is O(n^2)), or fixed;
the scores of all candidate k come from one pass over the sample's distances (silhouette.py).

Stable ids: KMeans numbers clusters arbitrarily, so a re-run with slightly more data could swap
"cluster 1" and "cluster 3" and every card would change name. Given the previous run's centres
(in the same transformed, unscaled units), the new centres are matched one-to-one to the old ones
by the Hungarian algorithm (scipy's ``linear_sum_assignment``) and take their ids; clusters with
no partner get new ids after the largest old one.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.mixture import GaussianMixture
from sklearn.preprocessing import StandardScaler

from ..errors import ClusterCountOutOfRange, IdenticalCustomers, TooFewToCluster
from ..jobs import NullProgress
from .silhouette import silhouette_many

FEATURES = ("recency_days", "frequency", "monetary", "aov", "tenure_days", "return_rate",
            "n_products")
LOG_FEATURES = ("frequency", "monetary", "aov", "n_products")
MIN_CUSTOMERS = 20


def transform(features: pd.DataFrame, columns=FEATURES) -> pd.DataFrame:
    """The clustering space before scaling: log1p for skewed columns, NaN -> 0 (no returns)."""
    out = pd.DataFrame(index=features.index)
    for col in columns:
        values = features[col].astype(float).fillna(0.0).clip(lower=0)
        out[col] = np.log1p(values) if col in LOG_FEATURES else values
    return out


class CustomerSegmenter:
    """KMeans (or a Gaussian mixture) over transformed behaviour.

    After ``fit``: ``labels_`` (Series of stable cluster ids), ``k_``, ``silhouette_`` (on the
    sample), ``k_scores_`` ({k: silhouette} when k was searched), ``centers_`` (DataFrame in the
    transformed space, index = cluster id) and, when ``previous_centers`` was given,
    ``matched_`` ({new id: old id}). Too few or identical customers, or a fixed k the data cannot
    give, raise TooFewToCluster, IdenticalCustomers or ClusterCountOutOfRange.
    """

    def __init__(self, n_clusters: int | str = "auto", k_range=(2, 10), method: str = "kmeans",
                 sample_size: int = 10_000, n_init: int = 4, random_state: int = 0,
                 previous_centers: pd.DataFrame | None = None, progress=None):
        self.n_clusters = n_clusters
        self.k_range = k_range
        self.method = method
        self.sample_size = sample_size
        self.n_init = n_init
        self.random_state = random_state
        self.previous_centers = previous_centers
        self.progress = progress

    def fit(self, features: pd.DataFrame) -> "CustomerSegmenter":
        progress = self.progress or NullProgress()
        # Reset first: a refit that raises must not leave the previous fit's clusters behind.
        self.labels_ = pd.Series(dtype=float, index=features.index[:0], name="cluster")
        self.k_, self.silhouette_, self.scaler_ = None, None, None
        self.k_scores_, self.matched_ = {}, {}
        self.centers_ = pd.DataFrame(columns=list(FEATURES)).rename_axis("cluster")
        X_raw = transform(features)
        n = len(X_raw)
        if n < MIN_CUSTOMERS:
            raise TooFewToCluster(needed=MIN_CUSTOMERS, found=n)
        scaler = StandardScaler().fit(X_raw)
        X = scaler.transform(X_raw)
        X = np.nan_to_num(X)
        distinct = len(np.unique(X.round(9), axis=0))
        if distinct < 2:
            raise IdenticalCustomers(found=n)
        rng = np.random.default_rng(self.random_state)
        sample = np.sort(rng.choice(n, size=min(self.sample_size, n), replace=False))
        if self.n_clusters == "auto":
            lo, hi = self.k_range
            ks = [k for k in range(lo, hi + 1) if k <= min(distinct, n - 1)]
            models = {}
            for i, k in enumerate(ks):
                progress.step(i, len(ks) + 1, f"k={k}")
                model = self._model(k).fit(X)
                models[k] = (model, model.predict(X))
            progress.step(len(ks), len(ks) + 1, "silhouette")
            values = silhouette_many(X[sample], [models[k][1][sample] for k in ks], progress)
            scores = dict(zip(ks, values))
            best = max(scores, key=lambda k: (round(scores[k], 6), -k))
            model, labels = models[best]
            self.k_scores_ = scores
        else:
            best = int(self.n_clusters)
            if best < 2 or best > min(distinct, n):
                raise ClusterCountOutOfRange(k=best, most=min(distinct, n))
            model = self._model(best).fit(X)
            labels = model.predict(X)
            self.k_scores_ = {}
        self.k_ = best
        self.silhouette_ = (self.k_scores_[best] if self.k_scores_
                            else _silhouette(X[sample], labels[sample], self.random_state))
        centers = pd.DataFrame(scaler.inverse_transform(_centers(model)), columns=X_raw.columns)
        ids = self._stable_ids(centers, scaler)
        self.matched_ = {int(ids[i]): int(old) for i, old in self._matches.items()}
        self.labels_ = pd.Series(ids[labels], index=features.index, name="cluster")
        centers.index = pd.Index(ids, name="cluster")
        self.centers_ = centers.sort_index()
        self.scaler_ = scaler
        return self

    def _model(self, k: int):
        if self.method == "gmm":
            return GaussianMixture(n_components=k, random_state=self.random_state, n_init=1,
                                   covariance_type="full")
        return KMeans(n_clusters=k, n_init=self.n_init, random_state=self.random_state)

    def _stable_ids(self, centers: pd.DataFrame, scaler) -> np.ndarray:
        self._matches = {}
        k = len(centers)
        prev = self.previous_centers
        if prev is None or len(prev) == 0 or list(prev.columns) != list(centers.columns):
            # First run: number clusters by size-independent order (monetary centre, descending)
            # so ids do not depend on KMeans' internal numbering.
            order = np.argsort(-centers["monetary"].to_numpy(), kind="stable")
            ids = np.empty(k, dtype=np.int64)
            ids[order] = np.arange(1, k + 1)
            return ids
        new = scaler.transform(centers)
        old = scaler.transform(prev[centers.columns])
        cost = ((new[:, None, :] - old[None, :, :]) ** 2).sum(axis=2)
        rows, cols = linear_sum_assignment(cost)
        ids = np.zeros(k, dtype=np.int64)
        old_ids = prev.index.to_numpy()
        for r, c in zip(rows, cols):
            ids[r] = old_ids[c]
            self._matches[r] = old_ids[c]
        next_id = int(old_ids.max()) + 1
        for r in range(k):
            if ids[r] == 0:
                ids[r] = next_id
                next_id += 1
        return ids


def kept_share(previous: pd.Series, current: pd.Series) -> float | None:
    """Share of customers present in both runs who kept their cluster id."""
    both = previous.index.intersection(current.index)
    if not len(both):
        return None
    return float((previous.loc[both].to_numpy() == current.loc[both].to_numpy()).mean())


def _centers(model) -> np.ndarray:
    return model.cluster_centers_ if hasattr(model, "cluster_centers_") else model.means_


def _silhouette(X, labels, seed) -> float:
    return silhouette_many(X, [labels])[0]


def structure_strength(silhouette: float | None) -> str:
    """Kaufman & Rousseeuw's reading of an average silhouette ("Finding Groups in Data", 1990):
    above 0.70 a strong structure, 0.51-0.70 a reasonable one, 0.26-0.50 a weak one that could be
    artificial, 0.25 or less no substantial structure (issue 14, item 7)."""
    if silhouette is None or silhouette != silhouette:
        return "none"
    if silhouette > 0.70:
        return "strong"
    if silhouette > 0.50:
        return "reasonable"
    if silhouette > 0.25:
        return "weak"
    return "none"
