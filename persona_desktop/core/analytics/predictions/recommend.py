"""Next-best products per customer: item-based collaborative filtering blended with association
rules, checked against "recommend the best sellers" on a time split.

* Collaborative filtering (Sarwar et al. 2001; Deshpande & Karypis 2004, "Item-based top-N
  recommendation algorithms"): cosine similarity between products over the binary customer x
  product matrix; each product keeps only its ``n_neighbors`` most similar products (a sparse
  item x item model), and a customer's score for a product is the sum of its similarities to the
  products they bought, divided by the customer's best score (so it lies in 0..1).
* Association rules (``baskets.mine_rules`` over orders, a basket = the distinct products of one
  order): every rule whose left-hand side the customer has bought votes for its right-hand side;
  votes combine as a noisy-OR, 1 - prod(1 - confidence), computed as one sparse product.
* Products already bought are left out, except repeat-purchase products (at least
  ``repeat_share`` of their buyers, and ``min_repeat_buyers`` people, bought them in two or more
  orders), which get an extra ``repeat_weight`` x that share.
* Popularity (distinct buyers) breaks ties and fills the list of customers with no signal.

Nothing is ever dense in customers x products: scores are computed for a block of customers at
a time (``block_cells`` cells), so hundreds of thousands of customers and thousands of products
fit in a few tens of megabytes.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ...errors import NoTestCustomers, NotEnoughForRecommendations, TooManyItemsets
from ...jobs import NullProgress, Progress
from ..baskets import encode_baskets, mine_rules

N_RECOMMENDATIONS = 10
RULE_ITEMSETS_LIMIT = 200_000


def _purchase_pairs(purchases: pd.DataFrame) -> pd.DataFrame:
    p = purchases.loc[purchases["product_id"].notna(), ["customer_id", "order_id", "product_id"]]
    p = p.astype({"customer_id": np.int64, "order_id": np.int64, "product_id": np.int64})
    return p.drop_duplicates(["customer_id", "order_id", "product_id"])


class Recommender:
    """``fit(purchases)`` (columns customer_id, order_id, product_id) learns the item model,
    repeat-purchase products, popularity and rules; ``recommend(customer_ids, n)`` returns a
    frame with columns rec_1..rec_n (product ids, NaN when fewer are available).

    Attributes: ``items_`` (product ids), ``customers_`` (customer ids), ``popularity_``
    (distinct buyers per item), ``repeat_rate_`` (share of buyers who bought again),
    ``repeat_items_`` (bool mask), ``similarity_`` (sparse item x item), ``rules_`` (DataFrame
    of rules in product ids), ``rules_note_`` (None, "single_item_baskets" or "too_many").
    """

    def __init__(self, n_neighbors: int = 50, rule_weight: float = 0.3,
                 repeat_weight: float = 0.5, repeat_share: float = 0.25,
                 min_repeat_buyers: int = 5, min_support: float = 0.01,
                 min_confidence: float = 0.2, max_rule_length: int = 3,
                 block_cells: int = 4_000_000):
        self.n_neighbors = n_neighbors
        self.rule_weight = rule_weight
        self.repeat_weight = repeat_weight
        self.repeat_share = repeat_share
        self.min_repeat_buyers = min_repeat_buyers
        self.min_support = min_support
        self.min_confidence = min_confidence
        self.max_rule_length = max_rule_length
        self.block_cells = block_cells

    def fit(self, purchases: pd.DataFrame, rules: pd.DataFrame | None = None,
            progress: Progress | None = None) -> "Recommender":
        """``rules`` (from ``mine_rules`` on product ids) may be passed when already mined."""
        progress = progress or NullProgress()
        # rules_note_ is reset here, not kept from a previous fit whose rules were mined.
        self.rules_note_ = None
        pairs = _purchase_pairs(purchases)
        items = np.sort(pairs["product_id"].unique())
        customers = np.sort(pairs["customer_id"].unique())
        if len(items) < 2 or len(customers) < 1:
            raise NotEnoughForRecommendations(products=len(items), customers=len(customers))
        self.items_, self.customers_ = items, customers
        rows = np.searchsorted(customers, pairs["customer_id"].to_numpy())
        cols = np.searchsorted(items, pairs["product_id"].to_numpy())
        counts = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                               shape=(len(customers), len(items)))
        counts.sum_duplicates()  # distinct orders per (customer, product)
        bought = counts.copy()
        bought.data[:] = 1.0
        self.bought_ = bought
        buyers = np.asarray(bought.sum(axis=0)).ravel()
        again = np.bincount(counts.indices[counts.data >= 2], minlength=len(items))
        self.popularity_ = buyers
        self.repeat_rate_ = np.where(buyers > 0, again / np.maximum(buyers, 1), 0.0)
        self.repeat_items_ = ((self.repeat_rate_ >= self.repeat_share)
                              & (again >= self.min_repeat_buyers))
        progress.step(1, 3, "similar products")
        self.similarity_ = _top_k_cosine(bought, self.n_neighbors, self.block_cells, progress)
        progress.step(2, 3, "rules")
        if rules is None:
            rules = self._mine(pairs, progress)
        self._rule_matrices(rules)
        progress.step(3, 3, "")
        return self

    def _mine(self, pairs: pd.DataFrame, progress: Progress) -> pd.DataFrame:
        encoded = encode_baskets(pairs[["order_id", "product_id"]]
                                 .rename(columns={"order_id": "basket_id", "product_id": "item"}))
        if encoded.matrix.shape[0] == 0 or np.diff(encoded.matrix.indptr).max() < 2:
            self.rules_note_ = "single_item_baskets"
            return pd.DataFrame(columns=["antecedents", "consequent", "confidence"])
        try:
            return mine_rules(encoded, self.min_support, self.min_confidence, min_length=2,
                              max_length=self.max_rule_length, progress=progress,
                              max_itemsets=RULE_ITEMSETS_LIMIT)
        except TooManyItemsets:
            self.rules_note_ = "too_many"
            return pd.DataFrame(columns=["antecedents", "consequent", "confidence"])

    def _rule_matrices(self, rules: pd.DataFrame) -> None:
        known = {int(p): i for i, p in enumerate(self.items_)}
        lhs_rows, lhs_cols, lens, rhs, conf = [], [], [], [], []
        for lhs, y, c in zip(rules["antecedents"], rules["consequent"], rules["confidence"]):
            if not lhs or int(y) not in known or any(int(x) not in known for x in lhs):
                continue
            r = len(lens)
            lhs_rows += [r] * len(lhs)
            lhs_cols += [known[int(x)] for x in lhs]
            lens.append(len(lhs))
            rhs.append(known[int(y)])
            conf.append(min(float(c), 0.999))
        n, m = len(lens), len(self.items_)
        self.rules_ = rules
        self.rule_lhs_ = sp.csr_matrix((np.ones(len(lhs_rows), dtype=np.float32),
                                        (lhs_rows, lhs_cols)), shape=(n, m))
        self.rule_len_ = np.asarray(lens, dtype=np.float32)
        # log(1 - confidence) at the consequent: a sum of these is the log of a noisy-OR miss.
        self.rule_rhs_ = sp.csr_matrix((np.log1p(-np.asarray(conf, dtype=np.float64)),
                                        (np.arange(n), np.asarray(rhs, dtype=np.int64))),
                                       shape=(n, m))

    def recommend(self, customer_ids=None, n: int = N_RECOMMENDATIONS, *,
                  baseline: bool = False, progress: Progress | None = None) -> pd.DataFrame:
        """Top ``n`` products per customer (index customer_id; columns rec_1..rec_n, product ids
        as floats, NaN when fewer products qualify). Customers unknown to the model get the most
        popular products. ``baseline=True`` ranks by popularity alone, with the same exclusion
        of products already bought (the yardstick of ``evaluate``)."""
        progress = progress or NullProgress()
        ids = self.customers_ if customer_ids is None else np.asarray(customer_ids, dtype=np.int64)
        pos = np.searchsorted(self.customers_, ids)
        pos = np.minimum(pos, len(self.customers_) - 1)
        known = self.customers_[pos] == ids
        n = max(1, min(int(n), len(self.items_)))
        out = np.full((len(ids), n), np.nan)
        block = max(1, self.block_cells // len(self.items_))
        pop = (self.popularity_ / max(self.popularity_.max(), 1)).astype(np.float32)
        for start in range(0, len(ids), block):
            progress.step(start, len(ids), "recommendations")
            stop = min(start + block, len(ids))
            rows = np.where(known[start:stop], pos[start:stop], -1)
            scores = self._scores(rows, pop, baseline)
            out[start:stop] = _top_n(scores, n, self.items_)
        progress.step(len(ids), len(ids), "")
        return pd.DataFrame(out, index=pd.Index(ids, name="customer_id"),
                            columns=[f"rec_{i + 1}" for i in range(n)])

    def _scores(self, rows: np.ndarray, pop: np.ndarray, baseline: bool) -> np.ndarray:
        has = (rows >= 0).astype(np.float32)
        user = (sp.diags(has) @ self.bought_[np.maximum(rows, 0)]).tocsr()
        user.eliminate_zeros()
        if baseline:
            scores = np.tile(pop * 1e-3, (len(rows), 1))
        else:
            scores = (user @ self.similarity_).toarray()
            best = scores.max(axis=1, keepdims=True)
            np.divide(scores, best, out=scores, where=best > 0)
            scores += pop * 1e-3
            if self.rule_lhs_.shape[0]:
                matched = (user @ self.rule_lhs_.T).toarray() >= self.rule_len_ - 0.5
                miss = (sp.csr_matrix(matched, dtype=np.float64) @ self.rule_rhs_).tocoo()
                scores[miss.row, miss.col] -= self.rule_weight * np.expm1(miss.data)
        r, c = user.nonzero()
        repeat = self.repeat_items_[c]
        if not baseline:
            scores[r[repeat], c[repeat]] += self.repeat_weight * self.repeat_rate_[c[repeat]]
        # Already bought and not a repeat-purchase product: never recommended.
        scores[r[~repeat], c[~repeat]] = -np.inf
        return scores


def _top_k_cosine(bought: sp.csr_matrix, k: int, block_cells: int,
                  progress: Progress) -> sp.csr_matrix:
    """Item x item cosine similarity keeping each item's ``k`` most similar items (row i holds
    item i's neighbours), computed a block of items at a time."""
    m = bought.shape[1]
    csc = bought.tocsc()
    norms = np.sqrt(np.asarray(bought.sum(axis=0)).ravel()).astype(np.float32)
    inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    gram_t = bought.T.tocsr()
    k = max(1, min(int(k), m - 1))
    block = max(1, block_cells // m)
    rows, cols, vals = [], [], []
    for start in range(0, m, block):
        progress.check_cancelled()
        stop = min(start + block, m)
        co = (gram_t @ csc[:, start:stop]).toarray().T  # (block, m): co-buyers
        sim = co * inv[None, :] * inv[start:stop, None]
        sim[np.arange(stop - start), np.arange(start, stop)] = 0.0
        top = np.argpartition(-sim, k - 1, axis=1)[:, :k]
        val = np.take_along_axis(sim, top, axis=1)
        keep = val > 0
        rows.append(np.repeat(np.arange(start, stop), k)[keep.ravel()])
        cols.append(top.ravel()[keep.ravel()])
        vals.append(val.ravel()[keep.ravel()])
    return sp.csr_matrix((np.concatenate(vals).astype(np.float32),
                          (np.concatenate(rows), np.concatenate(cols))), shape=(m, m))


def _top_n(scores: np.ndarray, n: int, items: np.ndarray) -> np.ndarray:
    top = np.argpartition(-scores, n - 1, axis=1)[:, :n]
    val = np.take_along_axis(scores, top, axis=1)
    order = np.argsort(-val, axis=1, kind="stable")
    top = np.take_along_axis(top, order, axis=1)
    val = np.take_along_axis(val, order, axis=1)
    return np.where(np.isfinite(val), items[top].astype(float), np.nan)


@dataclass(frozen=True)
class RecommendationCheck:
    """Hit-rate@k on a time split: the share of customers (who bought before ``split`` and again
    in the test window) for whom at least one of the top k was bought in the window."""
    split: str
    k: int
    n_customers: int
    hit_rate: float
    popularity_hit_rate: float

    def to_dict(self) -> dict:
        return {"split": self.split, "k": self.k, "n_customers": self.n_customers,
                "hit_rate": self.hit_rate, "popularity_hit_rate": self.popularity_hit_rate}


def evaluate(purchases: pd.DataFrame, split, end=None, k: int = N_RECOMMENDATIONS,
             progress: Progress | None = None, **params) -> RecommendationCheck:
    """Fit on purchases before ``split``, recommend ``k`` products to every customer who bought
    before it and bought again in [split, end), and count hits, for our blend and for the most
    popular products (same exclusion of products already bought)."""
    split = pd.Timestamp(split)
    when = purchases["ordered_at"]
    train = purchases[when < split]
    window = when >= split
    if end is not None:
        window &= when < pd.Timestamp(end)
    test = purchases[window]
    model = Recommender(**params).fit(train, progress=progress)
    test = _purchase_pairs(test)
    test = test[test["customer_id"].isin(model.customers_)]
    customers = np.sort(test["customer_id"].unique())
    if not len(customers):
        raise NoTestCustomers(split=split.date().isoformat())
    width = int(max(test["product_id"].max(), np.nanmax(model.items_))) + 1
    bought = np.unique(test["customer_id"].to_numpy() * width + test["product_id"].to_numpy())
    rates = []
    for baseline in (False, True):
        recs = model.recommend(customers, k, baseline=baseline).to_numpy()
        keys = customers[:, None] * width + np.nan_to_num(recs, nan=-1).astype(np.int64)
        hits = (np.isin(keys, bought) & ~np.isnan(recs)).any(axis=1)
        rates.append(float(hits.mean()))
    return RecommendationCheck(split.date().isoformat(), k, len(customers), rates[0], rates[1])


def top_by_group(recommendations: pd.DataFrame, labels: pd.Series, n: int = 5) -> dict:
    """{group: [[product_id, share of the group's customers recommended it], ...]}, the ``n``
    products most often among a group's recommendations (the customers' own lists)."""
    out = {}
    common = recommendations.index.intersection(labels.dropna().index)
    for group, members in labels.loc[common].groupby(labels.loc[common], sort=False):
        out[group] = group_top(recommendations.loc[members.index], n)
    return out


def group_top(recommendations: pd.DataFrame, n: int = 5) -> list:
    """[[product_id, share], ...] for one group of customers' recommendation rows."""
    if recommendations.empty:
        return []
    values = recommendations.to_numpy().ravel()
    counts = pd.Series(values[~np.isnan(values)]).astype(np.int64).value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")
    return [[int(p), float(c) / len(recommendations)] for p, c in counts.head(n).items()]
