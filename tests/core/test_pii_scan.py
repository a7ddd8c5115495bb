"""Free-text PII redaction (privacy.md A5): what must be found, and what must be left alone."""
from __future__ import annotations

import datetime as dt
import logging
import time

import numpy as np
import pandas as pd
import pytest

from persona_desktop.core.privacy.pii_scan import KINDS, PiiScan, is_valid_id18, redact

AS_OF = dt.date(2024, 6, 15)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(region: str, birth: str, seq: str) -> str:
    """A valid 18-character resident ID, check character computed here (GB 11643-1999), not by the
    code under test."""
    body = region + birth + seq
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


def with_wrong_check(id18: str) -> str:
    return id18[:17] + ("0" if id18[17] != "0" else "1")


def scan(*texts, **kw) -> PiiScan:
    return redact(pd.Series(list(texts), dtype=object), as_of=AS_OF, **kw)


def one(text, **kw) -> str:
    return scan(text, **kw).redacted.iloc[0]


# --- PRC resident ID numbers -----------------------------------------------------------------------
VALID_IDS = [make_id("110105", "19491231", "002"), make_id("440305", "19900307", "123"),
             make_id("650102", "20000229", "456"), make_id("320102", "19851010", "777"),
             make_id("810000", "19760704", "010")]


def test_generated_ids_cover_the_x_check_character():
    assert any(i.endswith("X") for i in VALID_IDS + [make_id("110105", "19491231", "002")])
    assert make_id("110105", "19491231", "002") == "11010519491231002X"  # the standard's example


@pytest.mark.parametrize("id18", VALID_IDS)
def test_valid_prc_id_is_redacted(id18):
    assert is_valid_id18(id18, AS_OF)
    assert one(f"收件人身份证号：{id18}，清关用") == "收件人身份证号：[id_number]，清关用"
    assert one(f"ID {id18[:6]} {id18[6:14]} {id18[14:]} ok") == "ID [id_number] ok"


def test_lowercase_x_check_character_is_accepted():
    assert one("身份证11010519491231002x") == "身份证[id_number]"


@pytest.mark.parametrize("id18", VALID_IDS)
def test_id_with_wrong_check_character_is_not_an_id(id18):
    bad = with_wrong_check(id18)
    assert not is_valid_id18(bad, AS_OF)
    result = scan(f"身份证 {bad}")
    assert result.counts["id_number"] == 0


@pytest.mark.parametrize("birth", ["19900230", "19901301", "20240616", "18991231"])
def test_id_with_impossible_birth_date_is_not_an_id(birth):
    # Feb 30, month 13, born after as_of, before 1900: the checksum alone is not enough.
    fake = make_id("440305", birth, "123")
    assert not is_valid_id18(fake, AS_OF)
    assert scan(fake).counts["id_number"] == 0


def test_id_with_unknown_province_code_is_not_an_id():
    assert scan(make_id("990305", "19900307", "123")).counts["id_number"] == 0


def test_tmall_like_18_digit_order_numbers_are_not_flagged():
    rng = np.random.default_rng(7)
    orders = []
    while len(orders) < 3000:
        n = str(rng.integers(10**17, 10**18))
        if not is_valid_id18(n, AS_OF):  # order numbers "without a valid ID checksum"
            orders.append(n)
    result = scan(*[f"订单编号 {o} 已发货" for o in orders], *orders)
    assert result.counts == dict.fromkeys(KINDS, 0)
    assert result.rows_affected == 0


def test_old_15_digit_ids_only_when_asked():
    old = "110105491231002"
    assert one(f"旧身份证 {old}") == f"旧身份证 {old}"
    assert one(f"旧身份证 {old}", old_ids=True) == "旧身份证 [id_number]"


# --- phones ----------------------------------------------------------------------------------------
MOBILE_FORMATS = ["13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678",
                  "+86-138-1234-5678", "(+86) 138 1234 5678", "+8613812345678", "0086 13812345678",
                  "86-13812345678"]


@pytest.mark.parametrize("text", MOBILE_FORMATS)
def test_mainland_mobile_in_common_formats(text):
    assert one(f"电话：{text}。") == "电话：[phone]。"


def test_mobile_inside_chinese_text():
    result = scan("请联系我13812345678谢谢")
    assert result.redacted.iloc[0] == "请联系我[phone]谢谢"
    assert result.counts == {"email": 0, "id_number": 0, "card": 0, "phone": 1}


def test_fullwidth_mobile_is_found_and_the_rest_of_the_text_kept():
    assert one("手机：１３８１２３４５６７８，谢谢！") == "手机：[phone]，谢谢！"
    assert one("＋８６ １３８－１２３４－５６７８") == "[phone]"


@pytest.mark.parametrize("text", ["010-12345678", "(010)62345678", "0755-86001234", "021 64371234",
                                  "+86 10 6234 5678"])
def test_landlines(text):
    assert one(f"固话 {text} 转总机") == "固话 [phone] 转总机"


@pytest.mark.parametrize("text", ["+44 7700 900123", "+1 (415) 555-0101", "+1-212-555-0188",
                                  "(212) 555-0123", "0044 20 7946 0958", "+49 30 901820"])
def test_international_numbers(text):
    assert one(f"call {text} after 6pm") == "call [phone] after 6pm"


@pytest.mark.parametrize("text", ["2020-02-01 10:05:33", "2020/02/01 10:05", "20200201100533",
                                  "1580536800000", "订单创建时间 2020-02-21 00:00:00", "01-02-2020 13:45",
                                  "2020-02-21T23:59:54+08:00", "数量 12 单价 138.50 合计 1662.00"])
def test_timestamps_and_amounts_are_not_phones(text):
    assert one(text) == text


def test_digits_glued_to_other_digits_are_not_a_mobile():
    # An order number that happens to contain a mobile-like run.
    assert one("订单2020020113812345678") == "订单2020020113812345678"


# --- e-mail and cards -------------------------------------------------------------------------------
@pytest.mark.parametrize("email", ["Wang.Fang@example.cn", "emma.smith+shop@Gmail.com", "12345678@qq.com",
                                   "li_lei-88@mail.sina.com.cn"])
def test_emails(email):
    assert one(f"邮箱{email}谢谢") == "邮箱[email]谢谢"


def test_phone_shaped_email_counts_once_as_email():
    assert scan("13812345678@163.com").counts == {"email": 1, "id_number": 0, "card": 0, "phone": 0}


# Networks' published test numbers (Luhn valid).
CARDS = ["4111 1111 1111 1111", "4242424242424242", "5555-5555-5555-4444", "3782 822463 10005",
         "6011111111111117", "3566002020360505", "6200000000000005", "36227206271667",
         "2223003122003222", "6222 0200 0000 0000 000"]


def luhn(d: str) -> bool:
    digits = [int(c) for c in d if c.isdigit()][::-1]
    return sum(x if i % 2 == 0 else (2 * x - 9 if x > 4 else 2 * x) for i, x in enumerate(digits)) % 10 == 0


@pytest.mark.parametrize("card", CARDS)
def test_luhn_valid_cards_are_redacted(card):
    assert luhn(card)
    assert one(f"卡号 {card} 有效期 12/27") == "卡号 [card] 有效期 12/27"


@pytest.mark.parametrize("card", ["4111 1111 1111 1112", "4242424242424241", "5555555555554440",
                                  "6200000000000006"])
def test_16_digit_numbers_failing_luhn_are_not_cards(card):
    assert not luhn(card)
    assert one(f"no {card}") == f"no {card}"


def test_card_after_an_unrelated_number_is_still_found():
    assert one("2020 4111 1111 1111 1111") == "2020 [card]"


# --- the whole column -------------------------------------------------------------------------------
def test_counts_and_rows_affected_are_exact_and_missing_stays_missing():
    id18 = VALID_IDS[1]
    notes = pd.Series(["请联系我13812345678谢谢", None, "邮箱 a@b.cn，或者 138-1234-5678",
                       f"身份证{id18} 卡 4111111111111111", "请尽快发货", pd.NA, "请联系我13812345678谢谢",
                       "订单 123456789012345678"], index=list("abcdefgh"), dtype="string", name="备注")
    result = redact(notes, as_of=AS_OF)
    assert result.counts == {"email": 1, "id_number": 1, "card": 1, "phone": 3}
    assert result.rows_affected == 4
    assert result.redacted.tolist()[:5] == ["请联系我[phone]谢谢", pd.NA, "邮箱 [email]，或者 [phone]",
                                            "身份证[id_number] 卡 [card]", "请尽快发货"]
    assert list(result.redacted.index) == list("abcdefgh")
    assert result.redacted.name == "备注" and result.redacted.dtype == notes.dtype
    assert result.redacted.isna().tolist() == notes.isna().tolist()
    redacted, counts, rows = result  # plain tuple unpacking works too
    assert rows == 4


def test_log_holds_counts_never_values(caplog):
    with caplog.at_level(logging.DEBUG, logger="persona_desktop"):
        scan("请联系我13812345678谢谢", "a.b@example.com")
    assert "13812345678" not in caplog.text and "example.com" not in caplog.text
    assert "2 rows" in caplog.text


def test_500k_rows_of_notes_take_seconds():
    n = 500_000
    rng = np.random.default_rng(0)
    mobiles = pd.Series(rng.integers(10**9, size=n)).map("请联系我13{:09d}谢谢".format)
    orders = pd.Series(rng.integers(10**17, 10**18, size=n)).map("订单{}请加急".format)
    emails = pd.Series(rng.integers(10**6, size=n)).map("邮箱user{}@qq.com".format)
    uk = pd.Series(rng.integers(1000, size=n)).map("Please call +44 7700 900{:03d}".format)
    fixed = ["请尽快发货", "送人的，请包装好看一点", None, "下单时间 2020-02-01 10:05:33", "不要放快递柜"]
    pick = np.arange(n) % 9
    rows = np.where(pick == 0, mobiles, np.where(pick == 1, orders, np.where(pick == 2, emails,
                    np.where(pick == 3, uk, np.array(fixed, dtype=object)[pick % 5]))))
    notes = pd.Series(rows, dtype="string")
    start = time.perf_counter()
    result = redact(notes, as_of=AS_OF)
    elapsed = time.perf_counter() - start
    print(f"\nredact: {n:,} rows in {elapsed:.2f} s; {result.rows_affected:,} rows changed {result.counts}")
    per_kind = -(-n // 9)
    assert result.counts["email"] == per_kind and result.counts["phone"] == 2 * per_kind
    assert result.counts["id_number"] <= 5 and result.counts["card"] == 0  # random order numbers


def test_numbers_in_a_notes_column_are_scanned_as_text():
    # A phone typed into a notes cell that a spreadsheet stored as a number (float with blanks).
    result = redact(pd.Series([13812345678.0, np.nan, 5.0]), as_of=AS_OF)
    assert result.redacted.iloc[0] == "[phone]" and result.redacted.iloc[2] == 5.0
    assert result.counts["phone"] == 1 and result.rows_affected == 1
