"""Column values as SQLite parameters (issue: import speed).

Measured on Online Retail's 541,909 lines: sqlcipher3 runs its adaptation protocol (two failed
attribute look-ups, each building an AttributeError) for every parameter that is not exactly int,
float, str or bytearray, None and bytes included; that alone made the inserts 4-7x slower. So
parameters are built column-wise as plain Python values, with NaN for a missing value (SQLite
stores a bound NaN as NULL) and bytearray for BLOB keys. The large inserts go through
``bulk.insert`` (multi-row VALUES; see there why).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .bulk import NULL as NULL_LITERAL, Literal

BATCH = 900  # keys per look-up statement: under SQLite's default limit of bound parameters
NULL = float("nan")  # binds as NULL without sqlcipher3's slow adaptation of None


def bindable(s: pd.Series) -> list:
    """A column as parameters: Python str/int/float, NaN where missing."""
    if isinstance(s.dtype, np.dtype) and s.dtype.kind in "fiu":
        return s.to_numpy().tolist()
    if isinstance(s.dtype, pd.StringDtype):  # its own missing mask, not a scan of the objects
        values = s.to_numpy(dtype=object, na_value=NULL)
        return values.tolist()
    values = s.to_numpy(dtype=object)
    missing = pd.isna(values)
    if missing.any():
        values = values.copy()
        values[missing] = NULL
    return values.tolist()


def column(s: pd.Series) -> list | Literal:
    """``bindable``, or a NULL literal when the whole column is missing (bulk.Literal: one
    value in the statement instead of one bound per row)."""
    if isinstance(s.dtype, np.dtype) and s.dtype.kind == "f":
        values = s.to_numpy()
        return NULL_LITERAL if np.isnan(values).all() else values.tolist()
    if s.isna().all():
        return NULL_LITERAL
    return bindable(s)


def blobs(keys) -> list[bytearray]:
    """16-byte keys (a numpy "V16" array, or bytes) as bytearray parameters."""
    if isinstance(keys, np.ndarray):
        # One bytearray sliced per key: half the allocations of bytes items turned into bytearrays.
        buf = bytearray(keys.tobytes())
        width = keys.dtype.itemsize
        return [buf[i:i + width] for i in range(0, len(buf), width)]
    return list(map(bytearray, keys))


def lookup_coded(coded: tuple[np.ndarray, np.ndarray], cache: dict) -> np.ndarray:
    """``values.map(cache)`` as float (NaN when absent) for a column already factorised (codes,
    distinct values; code -1: missing), looking up each distinct value once: Series.map(dict)
    would first turn the whole cache (millions of keys) into an index."""
    codes, uniques = coded
    table = np.array([cache.get(u, NULL) for u in uniques.tolist()] + [NULL], dtype=float)
    return table[codes]
