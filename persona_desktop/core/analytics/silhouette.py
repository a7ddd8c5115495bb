"""Silhouette scores of several labelings of the same sample in one pass over the distances.

Choosing k compares the silhouette of k = 2..10 on one fixed sample. scikit-learn's
``silhouette_score`` recomputes every pairwise distance for each k and reduces row by row in
Python; here the distances of a block of rows are computed once and every labeling is reduced
from that block with one matrix product (block x one-hot labels), which gives per-cluster
distance sums for all rows of the block at once. Same definition as scikit-learn (Rousseeuw 1987):
s(i) = (b - a) / max(a, b), 0 for points alone in their cluster; checked against it in tests.
"""
from __future__ import annotations

import numpy as np
from sklearn.metrics import pairwise_distances

BLOCK = 1024


def silhouette_many(X: np.ndarray, labelings: list[np.ndarray], progress=None) -> list[float]:
    n = len(X)
    onehots, sizes, codes = [], [], []
    for labels in labelings:
        uniq, code = np.unique(labels, return_inverse=True)
        onehot = np.zeros((n, len(uniq)))
        onehot[np.arange(n), code] = 1.0
        onehots.append(onehot)
        sizes.append(np.bincount(code).astype(float))
        codes.append(code)
    totals = [np.zeros(n) for _ in labelings]
    for start in range(0, n, BLOCK):
        if progress is not None:
            progress.check_cancelled()
        stop = min(n, start + BLOCK)
        block = pairwise_distances(X[start:stop], X)
        rows = np.arange(stop - start)
        for j, onehot in enumerate(onehots):
            sums = block @ onehot                               # rows x clusters (BLAS)
            own = codes[j][start:stop]
            size = sizes[j]
            own_size = size[own]
            a = sums[rows, own] / np.maximum(own_size - 1, 1)
            others = sums / size
            others[rows, own] = np.inf
            b = others.min(axis=1)
            with np.errstate(invalid="ignore"):   # one cluster only: b is inf, result unused
                s = np.where(own_size > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-300), 0.0)
            totals[j][start:stop] = s
    return [float(np.nanmean(t)) if len(np.unique(lab)) > 1 else float("nan")
            for t, lab in zip(totals, labelings)]
