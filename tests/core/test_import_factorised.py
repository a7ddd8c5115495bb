"""transform factorises the customer, order number and product columns on its way (issue: import
speed): what it hands on must be exactly what ``pd.factorize`` of the finished column gives
(codes in first-appearance order, distinct values), and the identities it lists must be the
distinct (pseudonym, value) pairs of the kept rows, first seen first."""
from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from persona_desktop.core.ingest import columns
from persona_desktop.core.ingest.transform import Context, transform
from persona_desktop.core.privacy.pseudonymize import Pseudonymizer

KEY = bytes(range(32))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "c", "a ", "17850"])),
                min_size=0, max_size=8),
       st.data())
def test_canonical_is_factorize_of_the_column_it_stands_for(uniques, data):
    codes = np.array(data.draw(st.lists(st.integers(-1, len(uniques) - 1), max_size=30)),
                     dtype=np.intp)
    got_codes, got_uniques = columns.canonical(codes, uniques)
    column = np.array([None if c < 0 else uniques[c] for c in codes.tolist()], dtype=object)
    want_codes, want_uniques = pd.factorize(column)
    assert got_codes.tolist() == want_codes.tolist()
    assert list(got_uniques) == list(want_uniques)


def _context(mapping: dict, integral=()) -> Context:
    return Context(mapping, Pseudonymizer(KEY, "CN"), pd.Timestamp("2026-01-01"),
                   {"when": False}, set(integral), {})


def _frame(**cols) -> pd.DataFrame:
    return pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in cols.items()})


MESSY = _frame(
    cust=["17850.0", " 17850", None, "nan", "13047.0", "", "17850.0", None],
    mail=["A@x.cn", None, "b@x.cn ", "c@x.cn", None, "c@x.cn", "a@x.cn", None],
    order=["536365.0", "536365", " C536379", None, "536366.0", "536366", "536365.0", "536367"],
    name=["Mug ", "Mug", None, "Plate", "mug", "", "Mug", "Plate"],
    when=["2011-12-01 08:26", "2011-12-01 08:26:00.2", "2011-12-01 08:26:00.7", "",
          "2011-12-02 09:00", "2011-12-01 08:26", "2011-12-02 09:00", "2011-12-03"],
    qty=["1", "2", "3", "-1", "1", "1", "1", "2"],
    price=["1.5"] * 8)
MAPPING = {"cust": "customer_id", "mail": "email", "order": "order_id", "name": "product_name",
           "when": "order_date", "qty": "quantity", "price": "unit_price"}


def _assert_texts_are_factorize(t) -> None:
    for name in ("customer", "order_no", "sku", "ordered_at"):
        want_codes, want_uniques = pd.factorize(t.rows[name].to_numpy(dtype=object, na_value=None))
        got_codes, got_uniques = t.texts[name]
        assert got_codes.tolist() == want_codes.tolist(), name
        assert list(got_uniques) == list(want_uniques), name


def test_factorised_columns_equal_factorize_with_float_ids_blanks_and_an_email_fallback():
    t = transform(MESSY, np.arange(2, 10), _context(MAPPING, integral={"cust", "order"}))
    assert t.rows["order_no"].tolist()[:2] == ["536365", "536365"]
    _assert_texts_are_factorize(t)
    # Rows without a usable customer id are keyed by their email instead.
    assert t.rows["customer"].isna().tolist() == [False, False, False, False, False, False,
                                                  False, True]


def test_factorised_columns_without_integral_ids_or_an_email():
    mapping = {k: v for k, v in MAPPING.items() if k != "mail"}
    t = transform(MESSY.drop(columns="mail"), np.arange(2, 10), _context(mapping))
    assert t.rows["order_no"].tolist()[0] == "536365.0"
    _assert_texts_are_factorize(t)


def _naive_identities(t, frame: pd.DataFrame, ctx: Context) -> list[tuple]:
    """The definition: per identity column, the distinct (pseudonym, kind, normalised value) of
    the valid rows with a customer, in row order."""
    out = []
    valid = (t.rows["reason"] == "") & t.rows["customer"].notna()
    for col, kind in (("cust", "customer_ref"), ("mail", "email")):
        if col not in frame:
            continue
        seen = set()
        for i in np.flatnonzero(valid.to_numpy()).tolist():
            raw = frame[col].iloc[i]
            text = None if raw is None else raw.strip()
            if kind == "customer_ref" and text is not None:
                text = text[:-2] if text.endswith(".0") else text
                text = None if text.lower() in ("", "nan") else text
            value = ctx.pseudonymizer.normalise(kind, text) if text else None
            if value is None:
                continue
            pair = (t.rows["customer"].iloc[i], kind, value)
            if pair not in seen:
                seen.add(pair)
                out.append(pair)
    return out


def test_identities_are_the_distinct_pairs_of_kept_rows_first_seen_first():
    ctx = _context(MAPPING, integral={"cust", "order"})
    t = transform(MESSY, np.arange(2, 10), ctx)
    got = list(t.identities.itertuples(index=False, name=None))
    assert got == _naive_identities(t, MESSY, ctx)
    assert ("customer_ref", "17850") in {(k, v) for _p, k, v in got}
    assert len({p for p, k, _v in got if k == "customer_ref"}) == 2  # 17850 and 13047


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), max_size=25), min_size=1, max_size=4))
def test_duplicate_check_and_occurrence_numbers_follow_their_definitions(chunks):
    """Across chunks: a row is a duplicate when its hash was seen before (earlier chunk or earlier
    row); a line's occurrence number counts the rows with its hash before it."""
    from persona_desktop.core.ingest.writing.natural_keys import HashCounts, KeyMaker
    seen, keys = HashCounts(), KeyMaker()
    counts: dict[int, int] = {}
    for chunk in chunks:
        hashes = (np.array(chunk, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15))
        want_dup, want_occ = [], []
        for h in hashes.tolist():
            want_dup.append(counts.get(h, 0) > 0)
            want_occ.append(counts.get(h, 0))
            counts[h] = counts.get(h, 0) + 1
        assert keys._occurrence(hashes).tolist() == want_occ
        assert seen.seen_before(hashes).tolist() == want_dup
