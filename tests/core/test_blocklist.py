"""Block list of erased people (privacy.md B3/B4) and the vectorised pseudonymiser it shares its
normalisation with (privacy.md A1)."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from persona_desktop.core.errors import VaultDamaged
from persona_desktop.core.privacy.blocklist import (blocklist_hash, blocklist_hash_series, is_blocked,
                                                    load_blocklist_key, load_hashes, rows_blocked)
from persona_desktop.core.privacy.pseudonymize import (Pseudonymizer, _normalise_phone_fast,
                                                       load_pseudonymizer, normalise_phone)

PSEUDONYM_KEY = bytes(range(32))
BLOCK_KEY = bytes(range(32, 64))
SAME_PERSON = ["+86 138 1234 5678", "13812345678", "138-1234-5678"]


def identity_db(**secrets) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL)")
    conn.executemany("INSERT INTO secrets VALUES (?, ?)", secrets.items())
    return conn


# --- block-list hashes -------------------------------------------------------------------------------
def test_blocklist_hash_is_keyed_and_stable():
    h = blocklist_hash(BLOCK_KEY, "email", "wang.fang@example.cn")
    assert h == blocklist_hash(BLOCK_KEY, "email", "wang.fang@example.cn")
    assert h.startswith("b_") and len(h) == 2 + 64
    assert h != blocklist_hash(os.urandom(32), "email", "wang.fang@example.cn")  # another vault
    assert h != blocklist_hash(BLOCK_KEY, "customer_ref", "wang.fang@example.cn")  # kind is inside
    assert hashlib.sha256(b"wang.fang@example.cn").hexdigest() not in h  # never a plain hash


@pytest.mark.parametrize("kind, value", [("email", "Wang.Fang@example.cn"), ("phone", "13812345678"),
                                         ("customer_ref", "C-0042"), ("name", "王芳")])
def test_blocklist_hash_never_equals_the_pseudonym_of_the_same_value(kind, value):
    p = Pseudonymizer(PSEUDONYM_KEY)
    normalised = p.normalise(kind, value)
    pseudonym = p.pseudonym(kind, value)
    assert blocklist_hash(BLOCK_KEY, kind, normalised) != pseudonym
    # Even with the same key bytes (a refactoring mistake), the domain tag keeps them apart.
    same_key = blocklist_hash(PSEUDONYM_KEY, kind, normalised)
    assert same_key != pseudonym and pseudonym[2:] not in same_key


def test_load_blocklist_key_reads_identity_secrets():
    conn = identity_db(pseudonym_key=PSEUDONYM_KEY, blocklist_key=BLOCK_KEY)
    assert load_blocklist_key(conn) == BLOCK_KEY


def test_missing_blocklist_key_is_a_damaged_vault_not_a_silent_skip():
    with pytest.raises(VaultDamaged):
        load_blocklist_key(identity_db(pseudonym_key=PSEUDONYM_KEY))


def test_a_new_vault_has_a_blocklist_key_apart_from_the_pseudonym_key(new_vault):
    with new_vault.identity_reader() as iconn:
        key = load_blocklist_key(iconn)
        pseudonymizer = load_pseudonymizer(iconn)
    assert len(key) == 32 and key != pseudonymizer._key
    normalised = pseudonymizer.normalise("phone", "13812345678")
    assert blocklist_hash(key, "phone", normalised) != pseudonymizer.pseudonym("phone", "13812345678")


def test_is_blocked_matches_the_person_however_the_file_writes_them():
    erased = {blocklist_hash(BLOCK_KEY, "phone", "+8613812345678"),
              blocklist_hash(BLOCK_KEY, "email", "wang.fang@example.cn")}
    phones = pd.Series(SAME_PERSON + ["13912345678", None, "", "not a phone"], index=range(10, 17))
    assert is_blocked(phones, "phone", BLOCK_KEY, erased).tolist() == [True, True, True] + [False] * 4
    emails = pd.Series([" Wang.Fang@Example.cn", "li.lei@example.cn", pd.NA], dtype="string")
    blocked = is_blocked(emails, "email", BLOCK_KEY, erased)
    assert blocked.tolist() == [True, False, False] and blocked.dtype == bool
    # The same phone under the email kind is not blocked: kinds never collide.
    assert not is_blocked(pd.Series(["+8613812345678"]), "customer_ref", BLOCK_KEY, erased).any()


def test_is_blocked_with_an_empty_list_blocks_nothing():
    values = pd.Series(SAME_PERSON, index=[3, 1, 2])
    result = is_blocked(values, "phone", BLOCK_KEY, set())
    assert result.tolist() == [False] * 3 and list(result.index) == [3, 1, 2]


def test_block_hashes_from_the_pseudonymiser_normalised_values():
    p = Pseudonymizer(PSEUDONYM_KEY)
    _, normalised = p.pseudonymize_series("phone", pd.Series(SAME_PERSON + [None]))
    hashes = blocklist_hash_series(normalised, "phone", BLOCK_KEY, normalised=True)
    assert hashes.iloc[:3].nunique() == 1 and hashes.iloc[3] is None
    assert is_blocked(normalised, "phone", BLOCK_KEY, {hashes.iloc[0]}, normalised=True).tolist() == [
        True, True, True, False]
    assert blocklist_hash_series(pd.Series(SAME_PERSON), "phone", BLOCK_KEY).tolist() == [hashes.iloc[0]] * 3


# --- pseudonymize_series ------------------------------------------------------------------------------
def test_same_person_written_three_ways_gets_one_pseudonym():
    p = Pseudonymizer(PSEUDONYM_KEY)
    pseudonyms, normalised = p.pseudonymize_series("phone", pd.Series(SAME_PERSON))
    assert pseudonyms.nunique() == 1 and normalised.tolist() == ["+8613812345678"] * 3
    assert pseudonyms.iloc[0] == p.pseudonym("phone", "13812345678")


MOBILE_FORMATS = [lambda d: d, lambda d: f"{d[:3]} {d[3:7]} {d[7:]}", lambda d: f"+86 {d}",
                  lambda d: f"+86-{d[:3]}-{d[3:7]}-{d[7:]}", lambda d: f"{d[:3]}-{d[3:7]}-{d[7:]}",
                  lambda d: f"(+86) {d[:3]} {d[3:7]} {d[7:]}", lambda d: f"0086{d}",
                  lambda d: f"86 {d}", lambda d: f"{d[:3]}.{d[3:7]}.{d[7:]}", lambda d: f" ＋８６{d} "]
mobiles = st.from_regex(r"\A1[3-9][0-9]{9}\Z")


@settings(max_examples=300, deadline=None)
@given(mobiles, st.integers(0, len(MOBILE_FORMATS) - 1))
def test_fast_mobile_normaliser_agrees_with_phonenumbers(digits, fmt):
    text = MOBILE_FORMATS[fmt](digits)
    assert _normalise_phone_fast(text, "CN") == normalise_phone(text, "CN")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=12), mobiles.map(MOBILE_FORMATS[3]),
                          st.emails()), max_size=30))
def test_pseudonymize_series_equals_the_scalar_pseudonym_for_each_value(values):
    p = Pseudonymizer(PSEUDONYM_KEY)
    series = pd.Series(values, dtype=object)
    for kind in ("phone", "email", "name", "customer_ref"):
        pseudonyms, normalised = p.pseudonymize_series(kind, series)
        expected = [None if v is None else p.pseudonym(kind, v) for v in values]
        assert pseudonyms.tolist() == expected
        assert normalised.tolist() == [None if v is None else p.normalise(kind, v) for v in values]


def test_pseudonymize_series_keeps_index_and_missing_values():
    p = Pseudonymizer(PSEUDONYM_KEY)
    s = pd.Series(["a@b.cn", pd.NA, "", "A@B.cn "], index=list("wxyz"), dtype="string")
    pseudonyms, normalised = p.pseudonymize_series("email", s)
    assert list(pseudonyms.index) == list("wxyz")
    assert pseudonyms.isna().tolist() == [False, True, True, False]
    assert pseudonyms["w"] == pseudonyms["z"] and normalised["z"] == "a@b.cn"


def test_phone_column_read_as_float_keeps_its_number():
    # pandas reads a phone column with blanks as float64: 13812345678.0 must not gain a digit.
    p = Pseudonymizer(PSEUDONYM_KEY)
    _, normalised = p.pseudonymize_series("phone", pd.Series([13812345678.0, np.nan]))
    assert normalised.tolist() == ["+8613812345678", None]


def test_500k_phones_with_50k_customers_take_seconds():
    rng = np.random.default_rng(0)
    digits = pd.Series(rng.integers(3 * 10**9, 10 * 10**9, size=50_000) + 10 * 10**9).astype(str)
    # Each customer's number written in one of three ways on their different rows.
    people = rng.integers(0, 50_000, size=500_000)
    style = rng.integers(0, 3, size=500_000)
    d = digits.to_numpy()[people]
    ds = pd.Series(d)
    spaced = ds.str.slice(0, 3) + " " + ds.str.slice(3, 7) + " " + ds.str.slice(7)
    values = pd.Series(np.where(style == 0, d, np.where(style == 1, "+86 " + spaced, "+86-" + pd.Series(d))))
    p = Pseudonymizer(PSEUDONYM_KEY)
    start = time.perf_counter()
    pseudonyms, _ = p.pseudonymize_series("phone", values)
    elapsed = time.perf_counter() - start
    print(f"\npseudonymize_series: 500,000 phones ({values.nunique():,} distinct spellings, "
          f"{pseudonyms.nunique():,} people) in {elapsed:.2f} s")
    assert pseudonyms.nunique() == pd.Series(d).nunique()  # one pseudonym per number, any spelling


# --- what the import pipeline calls -------------------------------------------------------------------
def test_load_hashes_is_empty_before_the_table_exists_and_reads_it_after():
    conn = identity_db(blocklist_key=BLOCK_KEY)
    assert load_hashes(conn) == set()
    conn.execute("CREATE TABLE blocklist (hash TEXT PRIMARY KEY, kind TEXT, added_at TEXT)")
    h = blocklist_hash(BLOCK_KEY, "email", "a@b.cn")
    conn.execute("INSERT INTO blocklist VALUES (?, 'email', '2024-06-15T00:00:00+00:00')", (h,))
    assert load_hashes(conn) == {h}


def test_rows_blocked_checks_every_strong_identifier_column_of_a_raw_chunk():
    erased = {blocklist_hash(BLOCK_KEY, "phone", "+8613812345678"),
              blocklist_hash(BLOCK_KEY, "customer_ref", "17850"),
              blocklist_hash(BLOCK_KEY, "name", "王芳")}
    frame = pd.DataFrame({"客户": ["17850.0", "17851.0", "", "17852.0"],
                          "手机": ["138-1234-5678", None, "+86 138 1234 5678", "13912345678"],
                          "姓名": ["王芳", "王芳", "李雷", "王芳"]}, index=[4, 5, 6, 7])
    mapping = {"客户": "customer_id", "手机": "phone", "姓名": "name"}
    hit = rows_blocked(frame, mapping, BLOCK_KEY, erased)
    # Names never block (namesakes); the float-written id and both phone spellings do.
    assert hit.tolist() == [True, False, True, False] and list(hit.index) == [4, 5, 6, 7]
    assert not rows_blocked(frame, mapping, None, set()).any()
