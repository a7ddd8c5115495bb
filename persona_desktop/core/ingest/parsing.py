"""The pipeline's narrow view of values.py and dates.py: what transform/plan need, in one place.

Reason codes from the parsers are mapped to the quarantine codes the report knows.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import dates as _dates
from . import values as _values

_GENDER = {"m": "M", "male": "M", "man": "M", "男": "M", "先生": "M", "f": "F", "female": "F",
           "woman": "F", "女": "F", "女士": "F"}


def numbers(series: pd.Series, coded=None) -> tuple[pd.Series, pd.Series]:
    """(float values, bool mask of values that are present but not numbers). ``coded``: the
    column's codes and texts if at hand (values.factorize)."""
    values, reasons = _values.parse_numbers(series, coded=coded)
    return values, reasons.notna()


def dates(series: pd.Series, dayfirst: bool | None, coded=None) -> tuple[pd.Series, pd.Series]:
    """(datetime values, reason code or NA); empty cells are missing, not errors."""
    values, reasons, _decision = _dates.parse_dates(series, dayfirst=dayfirst, coded=coded)
    reasons = reasons.where(reasons.isna(), reasons.replace({"implausible_date": "unparseable_date"}))
    return values, reasons


def dayfirst_decision(sample: pd.Series) -> tuple[bool | None, bool]:
    _values_, _reasons, decision = _dates.parse_dates(sample)
    return decision.dayfirst, decision.ambiguous


def id_texts(coded: tuple[np.ndarray, np.ndarray], integral: bool) -> np.ndarray:
    """The normalised id of each distinct text of ``coded`` (codes, texts); None when empty."""
    return _values.normalise_id_texts(None, integral, coded)[1]


def ids_coded(series: pd.Series, integral: bool, coded=None
              ) -> tuple[pd.Series, tuple[np.ndarray, np.ndarray]]:
    """``(ids, (codes, normalised texts))``: values.normalise_ids as a "string" column, and the
    normalised ids per distinct text too (None for an empty one), so that nothing after this
    needs to factorise the column again."""
    codes, normalised, _reasons = _values.normalise_id_texts(series, integral, coded)
    table = pd.array(np.append(normalised, np.array([pd.NA], dtype=object)), dtype="string")
    return pd.Series(table[codes], index=series.index, name=series.name), (codes, normalised)


def integral_floats(sample: pd.Series) -> bool:
    return _values.integral_float_ids(sample)


def iso(values: pd.Series) -> pd.Series:
    return iso_coded(values)[0]


def iso_coded(values: pd.Series) -> tuple[pd.Series, tuple[np.ndarray, np.ndarray]]:
    """``(iso(values), (codes, texts))``: the texts also per distinct time (they may repeat:
    times a fraction of a second apart print alike)."""
    # Formatted once per distinct time: order lines repeat their order's time.
    codes, uniques = pd.factorize(values)
    text = pd.Series(uniques).dt.strftime("%Y-%m-%d %H:%M:%S").astype("string")
    # to_numpy, not list(): iterating a pandas array is one Python call per value.
    texts = text.to_numpy(dtype=object, na_value=None)
    table = pd.array(np.append(texts, np.array([pd.NA], dtype=object)), dtype="string")
    return pd.Series(table[codes], index=values.index, name=values.name), (codes, texts)


def gender(series: pd.Series) -> pd.Series:
    return series.astype("string").str.strip().str.lower().map(_GENDER).astype("string")
