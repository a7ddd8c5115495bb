"""Natural keys of imported rows, so that importing the same rows again adds nothing.

An order is keyed by its order number when the file has one, else each row is its own order; a
line is keyed by its order, product, quantity, price and amount plus its occurrence number among
identical lines of the file, so exact duplicate rows that the user keeps are stored as separate
lines, and the same file (or next month's overlapping export) maps to the same keys. Keys are
128-bit (two independent 64-bit row hashes), stored as BLOBs. The keys are exactly
``pandas.util.hash_pandas_object`` of the text frame described in ``KeyMaker.assign``: vaults hold
them, so any change of that recipe would duplicate re-imports.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

_K1, _K2 = "persona-nkey-001", "persona-nkey-002"  # hash_pandas_object keys: 16 characters
_KEY_TEXT = ["order_no", "customer", "ordered_at", "sku", "quantity", "unit_price", "amount"]


def _column_hash(values: pd.Series, key: str) -> np.ndarray:
    return pd.util.hash_pandas_object(values, index=False, hash_key=key).to_numpy()


def combine_hashes(hashes: list[np.ndarray]) -> np.ndarray:
    """What hash_pandas_object does with the column hashes of a frame (pandas'
    combine_hash_arrays, a copy of CPython's tuple hash): lets a column hash be reused."""
    n = len(hashes)
    mult = np.uint64(1000003)
    out = np.zeros_like(hashes[0]) + np.uint64(0x345678)
    for i, h in enumerate(hashes):
        out ^= h
        out *= mult
        mult += np.uint64(82520 + 2 * (n - i))
    return out + np.uint64(97531)


def _key_array(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """16-byte keys as a numpy "V16" array (a BLOB is half the size of hex text in the UNIQUE
    index). "V16", not "S16": an "S" array drops trailing NUL bytes when its items are read."""
    both = np.empty((len(a), 2), dtype=">u8")
    both[:, 0], both[:, 1] = a, b
    return both.view("V16").reshape(len(a))


def _keys(a: np.ndarray, b: np.ndarray) -> list[bytes]:
    return _key_array(a, b).tolist()  # void items come out as bytes, all 16 of them


def _recipe_codes(coded: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """``_text_codes`` of a text column already factorised (Transformed.texts)."""
    codes, uniques = coded
    texts = np.array(list(uniques) + ["\x00"], dtype=object)
    return np.where(codes < 0, len(texts) - 1, codes), texts


def _text_codes(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``s.astype("string").fillna("\\x00")`` (the key recipe's text) as codes into distinct texts."""
    if isinstance(s.dtype, np.dtype) and s.dtype.kind == "f":
        # str() once per distinct bit pattern: -0.0 and 0.0 must stay apart ("-0.0" != "0.0").
        values = s.to_numpy(dtype=np.float64)
        codes, uniques = pd.factorize(values.view(np.int64))
        texts = ["\x00" if v != v else str(v) for v in uniques.view(np.float64).tolist()]
        return codes, np.array(texts, dtype=object)
    if isinstance(s.dtype, pd.StringDtype):  # already the recipe's text: skip astype's copy
        codes, uniques = pd.factorize(s.to_numpy(dtype=object, na_value=None))
    else:
        codes, uniques = pd.factorize(s.astype("string"))
        uniques = uniques.to_numpy(dtype=object)
    texts = np.array(list(uniques) + ["\x00"], dtype=object)
    codes = np.where(codes < 0, len(texts) - 1, codes)
    return codes, texts


def _hashes(codes: np.ndarray, texts: np.ndarray, key: str) -> np.ndarray:
    """hash_pandas_object of the column's texts, computed once per distinct text (which is what
    pandas does too, after factorising the column again)."""
    return pd.util.hash_array(texts, hash_key=key, categorize=False)[codes]


def sorted_runs(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of equal values of a sorted array starts, and how long it is."""
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    return starts, np.diff(np.append(starts, len(ordered)))


class HashCounts:
    """How often each 64-bit hash was seen, in two sorted numpy arrays: 16 bytes per distinct
    hash where a dict or set of Python ints costs ~100, which matters at millions of rows."""

    def __init__(self) -> None:
        self._hashes = np.empty(0, dtype=np.uint64)
        self._counts = np.empty(0, dtype=np.int64)

    def add_coded(self, codes: np.ndarray, uniq: np.ndarray) -> np.ndarray:
        """Adds the hashes ``uniq[codes]`` (a factorisation); returns, per distinct hash, its
        count before (hashing, not sorting, the rows: only the distinct hashes are sorted)."""
        by_hash = np.argsort(uniq)
        ordered = uniq[by_hash]
        counts = np.bincount(codes, minlength=len(uniq))[by_hash]
        pos = np.searchsorted(self._hashes, ordered)  # once for both the look-up and the add
        found = pos < len(self._hashes)
        found[found] = self._hashes[pos[found]] == ordered[found]
        prior = np.zeros(len(uniq), dtype=np.int64)
        prior[by_hash[found]] = self._counts[pos[found]]
        self._counts[pos[found]] += counts[found]
        self._hashes = np.insert(self._hashes, pos[~found], ordered[~found])
        self._counts = np.insert(self._counts, pos[~found], counts[~found])
        return prior

    def seen_before(self, hashes: np.ndarray) -> np.ndarray:
        """Per row: the hash was added earlier, or occurs earlier in ``hashes``; then adds them.
        (What ``h in seen or duplicated(h)`` followed by ``seen.update(h)`` gives.)"""
        codes, uniq = pd.factorize(hashes)  # numbered in order of first appearance
        out = (self.add_coded(codes, uniq) > 0)[codes]
        before = np.maximum.accumulate(np.concatenate(([-1], codes[:-1])))
        return out | (codes <= before)  # not the first row of its hash


@dataclass
class ChunkKeys:
    """The natural keys of a chunk's rows: each row's line key, and the orders the rows belong to
    (``group[i]`` is row i's position in ``orders``, numbered in order of first appearance)."""
    line: np.ndarray  # "V16", one per row
    group: np.ndarray  # int64, one per row
    orders: list[bytes]  # each order's key, as stored
    sku: tuple | None = None  # the rows' product texts factorised, if at hand (Transformed.texts)


class KeyMaker:
    """Occurrence counting spans chunks, so one KeyMaker lives for the whole file."""

    def __init__(self) -> None:
        self._seen = HashCounts()

    def _occurrence(self, base: np.ndarray) -> np.ndarray:
        codes, uniq = pd.factorize(base)
        # Rank of each row among the rows with the same hash, in row order (groupby().cumcount()):
        # only rows whose hash repeats within the chunk (exact duplicate lines: few) need sorting.
        within = np.zeros(len(base), dtype=np.int64)
        repeated = np.flatnonzero(np.bincount(codes, minlength=len(uniq))[codes] > 1)
        if len(repeated):
            order = np.argsort(codes[repeated], kind="stable")
            starts, runs = sorted_runs(codes[repeated][order])
            within[repeated[order]] = np.arange(len(order)) - np.repeat(starts, runs)
        return self._seen.add_coded(codes, uniq)[codes] + within

    def assign(self, rows: pd.DataFrame, coded: dict | None = None) -> ChunkKeys:
        """Line keys hash the 7 texts of ``_KEY_TEXT`` (customer and date blanked when there is an
        order number) plus the occurrence number; order keys hash the order number, and a row
        without one is its own order, keyed by its line key. ``coded``: text columns of
        ``rows`` already factorised (Transformed.texts)."""
        coded = coded or {}
        text = {c: _recipe_codes(coded[c]) if c in coded else _text_codes(rows[c])
                for c in _KEY_TEXT}
        has_no = rows["order_no"].notna().to_numpy()
        h1, h2 = [], []
        for c in _KEY_TEXT:
            a, b = _hashes(*text[c], _K1), _hashes(*text[c], _K2)
            if c in ("customer", "ordered_at"):
                # Without an order number each row is one order: the line basis is the row itself.
                blank = np.array([""], dtype=object)
                a = np.where(has_no, _hashes(np.zeros(1, np.intp), blank, _K1), a)
                b = np.where(has_no, _hashes(np.zeros(1, np.intp), blank, _K2), b)
            h1.append(a)
            h2.append(b)
        n = pd.Series(self._occurrence(combine_hashes(h1)), dtype=np.int64)
        h1.append(_column_hash(n, _K1))
        h2.append(_column_hash(n, _K2))
        line = _key_array(combine_hashes(h1), combine_hashes(h2))
        # Orders: one per distinct order number text, and one per row without a number. Grouping
        # by these integers is grouping by the order keys (one key per number text; a line key is
        # unique within the file), without hashing 16-byte Python objects per row.
        codes, texts = text["order_no"]
        basis = np.where(has_no, codes, len(texts) + np.arange(len(rows)))
        group, firsts = pd.factorize(basis)
        numbered = firsts < len(texts)
        # A list, never a numpy array of bytes: numpy would turn the keys into "S16" and strip
        # their trailing NUL bytes.
        orders: list[bytes] = [b""] * len(firsts)
        at = np.flatnonzero(numbered)
        if len(at):
            number_texts = texts[firsts[at]]
            hashes = [combine_hashes([pd.util.hash_array(number_texts, hash_key=k,
                                                         categorize=False)])
                      for k in (_K1, _K2)]
            # Stored order keys lack trailing NUL bytes (an earlier version assigned them through
            # a numpy "S16" array, which strips them); vaults hold such keys, so keep doing so.
            for i, key in zip(at.tolist(), _keys(*hashes)):
                orders[i] = key.rstrip(b"\x00")
        at = np.flatnonzero(~numbered)
        if len(at):
            for i, key in zip(at.tolist(), line[firsts[at] - len(texts)].tolist()):
                orders[i] = key
        return ChunkKeys(line, group.astype(np.int64), orders, coded.get("sku"))
