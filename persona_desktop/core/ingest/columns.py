"""Columns of a chunk, each factorised once: codes per row (-1 when missing) and distinct values.

Both the exact-duplicate check (a hash per row) and ``transform`` (work once per distinct text)
start by factorising every raw column; after transform, the file counts, the natural keys and
the product look-up all need the customer, order number and product texts factorised, which
transform hands on (``canonical``: per distinct text, then integer codes). Doing each once saves
~0.7 s on Online Retail.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .writing.natural_keys import combine_hashes

Coded = dict[str, tuple[np.ndarray, np.ndarray]]
_PANDAS_KEY = "0123456789123456"  # hash_pandas_object's default hash_key
_MISSING = np.uint64(np.iinfo(np.uint64).max)  # what pandas gives a missing value


def factorize(frame: pd.DataFrame) -> Coded:
    """column -> (codes, distinct values): exactly ``pd.factorize`` of each column as an object
    array (first-appearance order, -1 for a missing cell)."""
    return {c: pd.factorize(frame[c].to_numpy(dtype=object)) for c in frame.columns}


def row_hashes(frame: pd.DataFrame, coded: Coded) -> np.ndarray:
    """``pd.util.hash_pandas_object(frame, index=False)`` as uint64, from ``coded``.

    pandas hashes an object column by factorising it, hashing the distinct values and taking
    them by code (max uint64 for a missing value), then combines the columns; this is the same
    computation on the factorisation already made."""
    if any(frame[c].dtype != object for c in frame.columns):
        return pd.util.hash_pandas_object(frame, index=False).to_numpy()
    hashes = []
    for c in frame.columns:
        codes, uniques = coded[c]
        hashed = pd.util.hash_array(np.asarray(uniques, dtype=object), hash_key=_PANDAS_KEY,
                                    categorize=False)
        column = hashed.take(codes) if len(hashed) else np.zeros(len(codes), dtype=np.uint64)
        column[codes < 0] = _MISSING
        hashes.append(column)
    if not hashes:
        return pd.util.hash_pandas_object(frame, index=False).to_numpy()
    return combine_hashes(hashes)


def canonical(codes: np.ndarray, uniques) -> tuple[np.ndarray, np.ndarray]:
    """What ``pd.factorize`` gives for the column ``uniques[codes]`` (code -1, or a None/NA in
    ``uniques``: missing): codes numbered in order of first appearance, distinct values only.
    ``uniques`` may repeat values or hold unused ones (texts that became equal once cleaned):
    work per distinct text, then one factorisation of integer codes instead of the texts."""
    mapped, distinct = merged(codes, uniques)
    present = mapped >= 0
    numbers, used = pd.factorize(mapped[present])
    out = np.full(len(codes), -1, dtype=np.intp)
    out[present] = numbers
    return out, np.asarray(distinct, dtype=object)[used]


def merged(codes: np.ndarray, uniques) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, uniques)`` with equal values sharing one code and None/NA values coded -1
    (numbered as they come in ``uniques``, not by first appearance in the rows)."""
    u = np.asarray(uniques, dtype=object)
    if not len(u):
        return np.full(len(codes), -1, dtype=np.intp), u
    merged_codes, distinct = pd.factorize(u)
    return np.append(merged_codes, -1)[codes], np.asarray(distinct, dtype=object)


def subset(coded: Coded, keep: np.ndarray | None) -> Coded:
    """``coded`` for the rows ``keep`` (a boolean mask; None: all rows)."""
    if keep is None:
        return coded
    return {c: (codes[keep], uniques) for c, (codes, uniques) in coded.items()}
