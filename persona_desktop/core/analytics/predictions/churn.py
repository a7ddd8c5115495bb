"""Who is about to stop buying? A supervised churn model trained on the shop's own past.

The label needs a future we can see, so the model is trained one horizon ``h`` back in time:
features are computed as of ``T - h`` (``CustomerFeatures(as_of=T - h)``, T = the day after the
last order), and a customer "churned" when they made no purchase in [T - h, T). The fitted model
then scores every customer's features as of T: the probability of no purchase in the next h days.

* Classifier: scikit-learn's HistGradientBoostingClassifier (handles missing values, e.g. the
  gaps of one-time buyers), wrapped in CalibratedClassifierCV so a score of 0.7 means about 70 %
  of such customers churn (isotonic calibration from 1,000 training customers on, Platt's sigmoid
  below, where isotonic regression overfits; Niculescu-Mizil & Caruana 2005).
* Honesty: before the final fit, a stratified customer holdout (25 %) gives the backtest AUC,
  precision, recall and F1 at the chosen threshold, the Brier score, and the main drivers by
  permutation importance (Breiman 2001; scikit-learn's ``permutation_importance`` on AUC).
* Below ``min_customers`` labelled customers or ``min_class`` of either class the model refuses
  (``NotEnoughChurnData``) instead of predicting from noise.

The other churn figure, 1 - P(alive) from the BG/NBD model, is computed in ``predictions``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...errors import NotEnoughChurnData, UsageError
from ...i18n import Text, lookup, pick
from ...jobs import NullProgress, Progress
from ..features import CATEGORY_PREFIX, NUMERIC, CustomerFeatures
from ..transactions import ShopData

MIN_LABELLED = 200
MIN_CLASS = 20
TEST_SHARE = 0.25
ISOTONIC_FROM = 1000
PARALLEL_FROM = 500_000
N_DRIVERS = 5
# feature -> (English, Chinese) for the drivers list; category shares are labelled on the fly.
FEATURE_LABELS: dict[str, Text] = {
    "recency_days": Text("days since the last purchase", "距上次购买的天数"),
    "frequency": Text("number of orders", "订单数"),
    "monetary": Text("total spend", "累计消费"),
    "net_revenue": Text("spend after returns", "扣除退货后的消费"),
    "returns_value": Text("value returned", "退货金额"),
    "aov": Text("average order value", "平均订单金额"),
    "tenure_days": Text("days since the first purchase", "距首次购买的天数"),
    "mean_gap_days": Text("average days between orders", "平均购买间隔天数"),
    "median_gap_days": Text("typical days between orders", "典型购买间隔天数"),
    "return_rate": Text("return rate", "退货率"),
    "n_products": Text("number of different products", "购买的商品种数"),
    "n_categories": Text("number of categories", "购买的品类数"),
    "weekend_share": Text("share of weekend orders", "周末订单占比"),
    "discount_share": Text("share of discounted lines", "折扣商品占比"),
    "main_hour": Text("usual hour of ordering", "常用下单时段"),
}


def feature_label(name: str, lang: str = "en") -> str:
    if name.startswith(CATEGORY_PREFIX):
        cat = name[len(CATEGORY_PREFIX):]
        return pick(f"share of spend on {cat}", f"{cat} 类消费占比", lang)
    return lookup(FEATURE_LABELS, name, lang)


def _matrix(features: pd.DataFrame, columns: list[str]) -> np.ndarray:
    return features.reindex(columns=columns).to_numpy(dtype=float)


class ChurnModel:
    """Calibrated gradient-boosting churn classifier on time-split labels.

    Parameters: ``horizon_days`` (h), ``threshold`` (probability above which a customer counts
    as "will churn" for precision/recall/F1), ``random_state``.

    Attributes after ``fit``: ``as_of_``, ``cutoff_``, ``n_labelled_``, ``n_churned_``,
    ``churn_rate_``, ``n_test_``, ``auc_``, ``precision_``, ``recall_``, ``f1_``, ``brier_``,
    ``drivers_`` ([{"feature", "importance"}], most important first), ``features_used_``,
    ``probabilities_`` (Series, index customer_id: churn probability over the next h days).
    """

    def __init__(self, horizon_days: int = 90, threshold: float = 0.5, random_state: int = 0,
                 min_customers: int = MIN_LABELLED, min_class: int = MIN_CLASS):
        self.horizon_days = horizon_days
        self.threshold = threshold
        self.random_state = random_state
        self.min_customers = min_customers
        self.min_class = min_class

    def fit(self, data: ShopData, as_of=None, progress: Progress | None = None) -> "ChurnModel":
        from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: F401 (see below)
        from threadpoolctl import threadpool_limits
        # Shop-sized tables (thousands of customers) train faster on one OpenMP thread than on
        # several fighting for a busy laptop's cores (measured 4x on 3,000 rows, 2 cores).
        # threadpoolctl limits only libraries already loaded: scikit-learn's OpenMP is imported
        # above, before the limit is set.
        threads = 1 if len(data.orders) < PARALLEL_FROM else None
        with threadpool_limits(limits=threads, user_api="openmp"):
            return self._fit(data, as_of, progress)

    def _fit(self, data: ShopData, as_of, progress: Progress | None) -> "ChurnModel":
        from sklearn.metrics import brier_score_loss, precision_recall_fscore_support, roc_auc_score
        from sklearn.model_selection import train_test_split

        progress = progress or NullProgress()
        # Every fitted attribute is set before any check can raise, so a failed (re)fit leaves
        # "nothing fitted" rather than half of this fit or the whole of a previous one.
        self.as_of_ = self.cutoff_ = self.model_ = None
        self.n_labelled_ = self.n_churned_ = self.n_test_ = 0
        self.churn_rate_ = self.auc_ = self.precision_ = self.recall_ = None
        self.f1_ = self.brier_ = None
        self.drivers_, self.features_used_ = [], []
        self.probabilities_ = pd.Series(dtype=float, name="churn_probability")
        as_of = pd.Timestamp(as_of) if as_of is not None else data.default_as_of()
        horizon = int(self.horizon_days)
        if horizon < 1 or not 0 < float(self.threshold) < 1:
            raise UsageError(what="the churn period must be 1 day or more and the threshold "
                                  "between 0 and 1")
        if as_of is None:
            raise self._not_enough(None, 0, 0, 0)
        cutoff = as_of - pd.Timedelta(days=horizon)
        self.as_of_, self.cutoff_ = as_of, cutoff
        progress.step(0, 5, "churn features")
        past = CustomerFeatures(as_of=cutoff).fit(data).features_
        purchases = data.until(as_of).purchases()
        came_back = purchases.loc[purchases["ordered_at"] >= cutoff, "customer_id"].unique()
        y = (~past.index.isin(came_back)).astype(int)
        churned = int(y.sum())
        stayed = len(y) - churned
        if len(y) < self.min_customers or min(churned, stayed) < self.min_class:
            raise self._not_enough(cutoff, len(y), churned, stayed)
        columns = [c for c in past.columns
                   if (c in NUMERIC or c == "main_hour" or c.startswith(CATEGORY_PREFIX))
                   and pd.api.types.is_numeric_dtype(past[c]) and past[c].notna().any()]
        X = _matrix(past, columns)
        self.features_used_ = columns
        self.n_labelled_, self.n_churned_ = len(y), churned
        self.churn_rate_ = churned / len(y)

        progress.step(1, 5, "churn backtest")
        X_train, X_test, y_train, y_test = train_test_split(
            X, y, test_size=TEST_SHARE, stratify=y, random_state=self.random_state)
        backtest = self._classifier(len(y_train)).fit(X_train, y_train)
        proba = backtest.predict_proba(X_test)[:, 1]
        self.n_test_ = len(y_test)
        self.auc_ = float(roc_auc_score(y_test, proba))
        self.brier_ = float(brier_score_loss(y_test, proba))
        precision, recall, f1, _ = precision_recall_fscore_support(
            y_test, (proba >= self.threshold).astype(int), average="binary", zero_division=0)
        self.precision_, self.recall_, self.f1_ = float(precision), float(recall), float(f1)
        progress.step(2, 5, "churn drivers")
        self.drivers_ = self._drivers(backtest, X_test, y_test, columns)

        progress.step(3, 5, "churn model")
        self.model_ = self._classifier(len(y)).fit(X, y)
        progress.step(4, 5, "churn scores")
        current = CustomerFeatures(as_of=as_of).fit(data).features_
        scores = (self.model_.predict_proba(_matrix(current, columns))[:, 1]
                  if len(current) else np.array([], dtype=float))
        self.probabilities_ = pd.Series(scores, index=current.index, name="churn_probability")
        progress.step(5, 5, "")
        return self

    def _classifier(self, n_train: int):
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.ensemble import HistGradientBoostingClassifier
        booster = HistGradientBoostingClassifier(
            learning_rate=0.1, max_iter=100, max_leaf_nodes=15, min_samples_leaf=20,
            l2_regularization=1.0, early_stopping=False, random_state=self.random_state)
        method = "isotonic" if n_train >= ISOTONIC_FROM else "sigmoid"
        return CalibratedClassifierCV(booster, method=method, cv=3)

    def _drivers(self, model, X_test, y_test, columns) -> list[dict]:
        from sklearn.inspection import permutation_importance
        result = permutation_importance(model, X_test, y_test, scoring="roc_auc", n_repeats=5,
                                        random_state=self.random_state)
        order = np.argsort(-result.importances_mean, kind="stable")
        return [{"feature": columns[i], "importance": float(result.importances_mean[i])}
                for i in order[:N_DRIVERS] if result.importances_mean[i] > 0]

    def _not_enough(self, cutoff, labelled: int, churned: int, stayed: int) -> NotEnoughChurnData:
        when = cutoff.date().isoformat() if cutoff is not None else "-"
        return NotEnoughChurnData(needed=self.min_customers, min_class=self.min_class,
                                  days=self.horizon_days, cutoff=when, labelled=labelled,
                                  churned=churned, stayed=stayed)
