"""Numbers and identifiers from raw text cells (core/ingest/values.py)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from persona_desktop.core.ingest.values import (
    ID_SCIENTIFIC, MIXED_DECIMAL, UNPARSEABLE_NUMBER, detect_decimal, integral_float_ids, normalise_ids,
    parse_numbers)


def numbers(*texts, **kw):
    values, reasons = parse_numbers(pd.Series(list(texts), dtype=object), **kw)
    return values.tolist(), reasons.tolist()


@pytest.mark.parametrize("text, expected", [
    ("1,234.50", 1234.5), ("1'234.50", 1234.5), ("1’234’567.5", 1234567.5), ("2.55", 2.55),
    ("-3", -3.0), ("+7", 7.0), ("0.5", 0.5), (".5", 0.5), ("5.", 5.0), ("1,234,567", 1234567.0),
    ("¥1,234.50", 1234.5), ("￥12", 12.0), ("$-5", -5.0), ("-$5", -5.0), ("£3", 3.0),
    ("RMB 100", 100.0), ("100 CNY", 100.0), ("USD 12.00", 12.0), ("US$12", 12.0), ("1,234.50 元", 1234.5),
    ("人民币88", 88.0), ("１２３４．５", 1234.5), ("￥１，２３４．５０", 1234.5),
    ("(1,234.50)", -1234.5), ("(¥5)", -5.0), ("1234.50-", -1234.5), ("−7", -7.0),
    ("12.5%", 0.125), ("12.5％", 0.125), ("(5%)", -0.05), ("1e5", 100000.0), ("1.5E+05", 150000.0),
    ("  42  ", 42.0),
])
def test_number_formats_in_a_dot_decimal_column(text, expected):
    values, reasons = numbers(text)
    assert reasons == [None]
    assert values[0] == pytest.approx(expected)


@pytest.mark.parametrize("column, expected", [
    (["1.234,50", "12,5", "1.234"], [1234.5, 12.5, 1234.0]),
    (["1 234,50", "€ 5,00", "0,99"], [1234.5, 5.0, 0.99]),
    (["1.234.567", "3,25"], [1234567.0, 3.25]),
    (["1\u00a0234,5", "12,00"], [1234.5, 12.0]),
])
def test_decimal_comma_is_decided_for_the_whole_column(column, expected):
    values, reasons = parse_numbers(pd.Series(column))
    assert values.attrs["decimal"] == ","
    assert values.tolist() == pytest.approx(expected)
    assert reasons.isna().all()
    assert detect_decimal(pd.Series(column)) == ","


def test_lone_thousands_group_defaults_to_dot_decimal():
    # "1,234" alone proves nothing; the documented default reads it as 1234.
    assert numbers("1,234", "12")[0] == [1234.0, 12.0]
    assert numbers("1.234", "2.55")[0] == [1.234, 2.55]


def test_forced_decimal_overrides_the_evidence():
    assert numbers("1.234", decimal=",")[0] == [1234.0]


def test_value_in_the_other_convention_is_flagged_not_misread():
    values, reasons = numbers("1,234.50", "2,345.10", "99.99", "1.234,50")
    assert values[:3] == [1234.5, 2345.1, 99.99]
    assert math.isnan(values[3]) and reasons[3] == MIXED_DECIMAL


def test_empty_cells_are_missing_not_errors_and_garbage_has_a_reason():
    values, reasons = numbers("", "  ", None, "NULL", "#N/A", "abc", "1 2", "12abc", "inf", "--5")
    assert all(math.isnan(v) for v in values)
    assert reasons[:5] == [None] * 5
    assert reasons[5:] == [UNPARSEABLE_NUMBER] * 5


def test_index_and_length_are_kept():
    s = pd.Series(["1", None, "2", "1"], index=[10, 11, 12, 13])
    values, reasons = parse_numbers(s)
    assert list(values.index) == [10, 11, 12, 13] and list(reasons.index) == [10, 11, 12, 13]
    assert values.dtype == np.float64


def test_long_digit_runs_are_read_exactly():
    values, _ = numbers("12345678901234567.5", "0.1", "123456789012.34")
    assert values == [float("12345678901234567.5"), 0.1, 123456789012.34]


def test_str_dtype_input_and_repeated_values():
    s = pd.Series(["2.55", "3.39", "2.55"] * 1000, dtype="str")
    values, reasons = parse_numbers(s)
    assert values.sum() == pytest.approx(1000 * (2.55 * 2 + 3.39))
    assert reasons.isna().all()


# --- hypothesis --------------------------------------------------------------------------------

STYLES = {
    "plain": lambda x: f"{x:.2f}",
    "grouped": lambda x: f"{x:,.2f}",
    "yuan": lambda x: f"¥{x:,.2f}",
    "german": lambda x: f"{x:,.2f}".replace(",", "_").replace(".", ",").replace("_", "."),
    "french": lambda x: f"{x:,.2f}".replace(",", " ").replace(".", ","),
    "accounting": lambda x: f"({abs(x):,.2f})" if x < 0 else f"{x:,.2f}",
    "trailing_minus": lambda x: f"{abs(x):.2f}-" if x < 0 else f"{x:.2f}",
    "code_suffix": lambda x: f"{x:,.2f} CNY",
}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-10**11, 10**11), min_size=1, max_size=20), st.sampled_from(sorted(STYLES)))
def test_formatted_amounts_round_trip(cents, style):
    amounts = [c / 100 for c in cents]
    values, reasons = parse_numbers(pd.Series([STYLES[style](x) for x in amounts]))
    assert reasons.isna().all()
    assert values.tolist() == pytest.approx(amounts, abs=1e-9)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=30),
                          st.text(alphabet="0123456789.,-+()%¥$€ 元'eE", max_size=20)), max_size=30))
def test_parse_numbers_never_raises(texts):
    values, reasons = parse_numbers(pd.Series(texts, dtype=object))
    assert len(values) == len(reasons) == len(texts)
    # every cell is either a finite number, missing, or carries a reason
    assert ((values.notna() & np.isfinite(values.fillna(0))) | values.isna()).all()


# --- identifiers -------------------------------------------------------------------------------

def ids(*texts):
    values, reasons = normalise_ids(pd.Series(list(texts), dtype=object))
    return values.tolist(), reasons.tolist()


def test_integral_float_ids_lose_their_dot_zero_only_when_the_whole_column_is_integral():
    assert ids("17850.0", None, " 12346.0 ", "", "13047.0")[0] == ["17850", None, "12346", None, "13047"]
    assert ids("17850.0", "17850.5")[0] == ["17850.0", "17850.5"]
    assert ids("17850.0", "A17")[0] == ["17850.0", "A17"]
    # plain integers mixed with float-written ones are still one integral column
    assert ids("17850.0", "12346")[0] == ["17850", "12346"]


def test_long_order_numbers_stay_exact_text():
    nineteen = "2020022100123456789"
    eighteen = "202002210012345678"
    assert ids(nineteen, eighteen, "  " + nineteen)[0] == [nineteen, eighteen, nineteen]


def test_excel_text_wrapper_is_unwrapped_and_keeps_leading_zeros():
    assert ids('="0012"', '="0123456789012345678"', "0012")[0] == ["0012", "0123456789012345678", "0012"]
    # a wrapped value is text on purpose: its ".0" is not dropped
    assert ids('="17850.0"', "12346.0")[0] == ["17850.0", "12346"]


def test_scientific_notation_ids_are_kept_and_flagged():
    values, reasons = ids("1.23457E+17", "202002210012345678")
    assert values == ["1.23457E+17", "202002210012345678"]
    assert reasons == [ID_SCIENTIFIC, None]


def test_full_width_ids_become_half_width_and_whitespace_is_stripped():
    assert ids("ＡＢ１２", "\tC536379 ")[0] == ["AB12", "C536379"]


def test_ids_of_an_empty_column():
    assert ids()[0] == [] and ids(None, "")[0] == [None, None]


def test_a_file_decision_keeps_chunks_consistent():
    # decided once on the sample, applied to a later chunk that alone would not qualify
    assert integral_float_ids(pd.Series(["17850.0", None, "12346.0"]))
    assert not integral_float_ids(pd.Series(["17850.0", "17850.5"]))
    assert not integral_float_ids(pd.Series(["00017", "12"]))
    chunk = pd.Series(["17850.0", "17850.5"])
    assert normalise_ids(chunk, integral=True)[0].tolist() == ["17850", "17850.5"]
    assert normalise_ids(pd.Series(["17850.0"]), integral=False)[0].tolist() == ["17850.0"]
