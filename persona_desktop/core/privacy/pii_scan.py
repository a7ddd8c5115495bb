"""Find and redact personal data in free-text columns (privacy.md A5).

Order notes, delivery instructions and support comments carry what the identifier columns were
supposed to hold: "请联系我13812345678谢谢", an e-mail, a resident ID number for customs, a card number
typed into the wrong box. ``redact`` replaces each with a placeholder ("[email]", "[phone]",
"[id_number]", "[card]") before anything is stored, and reports counts per kind, never values.

Why our own scanner: none of the common open-source PII tools detects PRC resident ID numbers or +86
mobiles in its default configuration (privacy.md A5; Presidio's phone recogniser, for one, looks for
US, UK, DE, IL, IN, CA and BR numbers unless told otherwise, and none ships a GB 11643 ID check).
Chinese shop data is our main case, so those two are first-class here.

Speed: 500k rows in seconds. A cheap compiled pre-filter (an "@" or a run of 7+ digits) picks the
few rows that can hold anything; only those are scanned, once per distinct text, and the slower
checks (checksums, phonenumbers) run only on what a pattern already matched.

Precision and recall, kind by kind (the order matters: earlier kinds claim their text first):

* email: a plain user@domain.tld pattern. An address whose local part is a phone or QQ number
  ("13812345678@qq.com") counts once, as an e-mail. Addresses with non-Latin domains are missed.
* id_number (18 characters, GB 11643-1999): kept only with a valid ISO 7064 MOD 11-2 check
  character, an existing province code and a real birth date between 1900 and ``as_of``. A random
  18-digit number (a Tmall order number) passes all three about once in 60,000 (measured), so order
  numbers are left alone. The 15-digit first-generation IDs (void since 2013) have no checksum: they are
  scanned only with ``old_ids=True``, because too many 15-digit order numbers look like them.
* card: 13-19 digits, plain or in groups of 4 (or Amex 4-6-5), that pass the Luhn check AND have the
  prefix and length of a real network (Visa 13/16, Mastercard 16, Amex 15, JCB 16, Diners 14/16,
  UnionPay/Discover/mainland bank cards 6... with 16 or 19 digits). Luhn alone passes 1 random number
  in 10; with the prefix and length rules no 17-18 digit number passes (Tmall order numbers are 18)
  and about 4% of random 16-digit and 1% of random 19-digit numbers do (measured). So a 16- or
  19-digit order number starting with 4/5/6 can still be taken for a card: we accept that, since a
  leaked card number is a fraud tool. Maestro's 5x ranges are not checked.
* phone: mainland mobiles (1[3-9] + 9 digits, with +86/0086/86/(+86) and spaces or dashes in the
  3-4-4 places) are accepted on the pattern alone; landlines need the leading 0 area code ("010-
  12345678", "(0755)86001234") and phonenumbers' validity check; other countries need a leading
  "+" or "00" and a possible length, or the NANP "(212) 555-0123" form. Digits glued to other digits
  never match ("2020020113812345678" is an order number), and dates/times ("2020-02-01 10:05:33") do
  not fit any form. An 11-digit order number starting 13-19 is redacted as a phone: a wrongly hidden
  order number costs little, a leaked phone number does not.

Not detected: names, street addresses, QQ/WeChat ids, passport numbers, bank account numbers that
fail the card rules. Fullwidth digits and punctuation ("１３８…", "＋86") are handled.
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from typing import NamedTuple

import numpy as np
import pandas as pd

from .pseudonymize import as_text

log = logging.getLogger(__name__)

KINDS = ("email", "id_number", "card", "phone")
PLACEHOLDERS = {kind: f"[{kind}]" for kind in KINDS}


class PiiScan(NamedTuple):
    redacted: pd.Series
    counts: dict[str, int]
    rows_affected: int


# Fullwidth digits and punctuation, NBSP and dashes -> ASCII, one character for one, so positions in
# the folded copy are positions in the original and the rest of the text is returned untouched.
_FOLD = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                       "＋": "+", "－": "-", "‐": "-", "‑": "-", "–": "-", "—": "-", "（": "(", "）": ")",
                       "＠": "@", "\u3000": " ", "\u00a0": " ", "ｘ": "x", "Ｘ": "X"})
_NEEDS_FOLD = re.compile("[０-９＋－‐‑–—（）＠\u3000\u00a0ｘＸ]")  # translate() is slow; most rows need none
_PREFILTER = re.compile(r"[@＠]|[0-9０-９](?:[ \-－\u3000]?[0-9０-９]){6,}")

# IDs and cards need 13+ digits; most candidate rows hold only a phone, so both passes are skipped.
_LONG_DIGITS = re.compile(r"[0-9](?:[ \-]?[0-9]){12}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@(?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,24}")
_ID18 = re.compile(r"(?<![0-9])[1-9][0-9]{5}[ \-]?(?:18|19|20)[0-9]{2}[01][0-9][0-3][0-9][ \-]?"
                   r"[0-9]{3}[0-9Xx](?![0-9])")
_ID15 = re.compile(r"(?<![0-9])[1-9][0-9]{7}[01][0-9][0-3][0-9][0-9]{3}(?![0-9])")
_CARD = re.compile(r"(?<![0-9])(?:[0-9]{13,19}|[0-9]{4}(?:[ \-][0-9]{4}){2,3}(?:[ \-]?[0-9]{1,3})?"
                   r"|[0-9]{4}[ \-][0-9]{6}[ \-][0-9]{4,5})(?![0-9])")
_PHONE = re.compile(
    r"(?<![0-9])(?:"
    r"(?P<mobile>(?:(?:\+|00)86[ \-]?|\(\+?86\)[ \-]?|86[ \-]?)?1[3-9][0-9](?:[ \-]?[0-9]{4}){2})"
    r"|(?P<land>(?:(?:\+|00)86[ \-]?)?(?:\(0[1-9][0-9]{1,2}\)|0[1-9][0-9]{1,2})[ \-]?[1-9][0-9]{6,7})"
    r"|(?P<intl>(?:\+|00)[1-9][0-9]{0,2}(?:[ \-]?\(?[0-9]{1,4}\)?){2,6})"
    r"|(?P<nanp>\([2-9][0-9]{2}\)[ \-]?[2-9][0-9]{2}[ \-][0-9]{4})"
    r")(?![0-9])")

# First two digits of a resident ID: provinces (GB/T 2260) plus 71 Taiwan, 81 Hong Kong, 82 Macau
# and 83 (residence permits for Taiwan residents).
_ID_PROVINCES = frozenset("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 "
                          "53 54 61 62 63 64 65 71 81 82 83".split())
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def _digits(text: str) -> str:
    # Matches hold only ASCII digits, X and the separators the patterns allow.
    return text.replace(" ", "").replace("-", "").upper()


def id_check_char(first17: str) -> str:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) for the first 17 digits."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def _real_birth_date(yyyymmdd: str, as_of: dt.date) -> bool:
    try:
        born = dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False  # 1990-02-30 and friends
    return dt.date(1900, 1, 1) <= born <= as_of


def is_valid_id18(text: str, as_of: dt.date | None = None) -> bool:
    """A PRC resident ID number: province code, real birth date, valid check character."""
    d = _digits(text.translate(_FOLD))
    if len(d) != 18 or not (d[:17].isascii() and d[:17].isdigit()) or d[:2] not in _ID_PROVINCES:
        return False
    return _real_birth_date(d[6:14], as_of or dt.date.today()) and id_check_char(d[:17]) == d[17]


def _is_valid_id15(text: str, as_of: dt.date) -> bool:
    d = _digits(text)
    return d[:2] in _ID_PROVINCES and _real_birth_date("19" + d[6:12], as_of)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _card_network_ok(d: str) -> bool:
    """Prefix and length of a real card network; rejects most Luhn-valid order numbers."""
    n, p2, p4 = len(d), int(d[:2]), int(d[:4])
    if d[0] == "4":
        return n in (13, 16)  # Visa (its rare 19-digit cards collide with order numbers)
    if 51 <= p2 <= 55 or 2221 <= p4 <= 2720:
        return n == 16  # Mastercard
    if p2 in (34, 37):
        return n == 15  # Amex
    if 3528 <= p4 <= 3589:
        return n == 16  # JCB
    if p2 in (36, 38, 39) or 300 <= int(d[:3]) <= 305:
        return n in (14, 16)  # Diners
    if d[0] == "6":
        # UnionPay (62), Discover (6011, 644-649, 65) and mainland bank cards: 16 (credit) or 19
        # (debit) digits. 17-18 exist but are rare, and 18 is the length of Tmall order numbers.
        return n in (16, 19)
    return False


def _is_card(text: str) -> bool:
    d = _digits(text)
    return 13 <= len(d) <= 19 and _card_network_ok(d) and luhn_ok(d)


@functools.lru_cache(maxsize=65536)
def _phonenumbers_ok(text: str, region: str | None, need_valid: bool) -> bool:
    import phonenumbers  # loaded only when a landline or international candidate shows up
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return False
    if need_valid:
        return phonenumbers.is_valid_number(number)
    # "+" and a possible length: drama ranges (+44 7700 900xxx) are not "valid" but are phones.
    return phonenumbers.is_valid_number(number) or (
        phonenumbers.is_possible_number(number) and len(str(number.national_number)) >= 8)


def _is_phone(m: re.Match) -> bool:
    if m.group("mobile"):
        return True  # the pattern is specific enough; new mobile prefixes need no metadata update
    text = m.group()
    if m.group("land"):
        return _phonenumbers_ok(text, "CN", True)
    if m.group("intl"):
        return _phonenumbers_ok("+" + text[2:] if text.startswith("00") else text, None, False)
    return _phonenumbers_ok(text, "US", False)


def _replace(pattern: re.Pattern, text: str, folded: str, ok, placeholder: str):
    """Replace the matches ``ok`` accepts. A rejected match is retried from its next character, so a
    card after an unrelated number ("2020 4111 1111 1111 1111") is not swallowed by the longer miss."""
    pieces, folded_pieces, last, pos, count = [], [], 0, 0, 0
    while (m := pattern.search(folded, pos)) is not None:
        if ok(m):
            pieces += [text[last:m.start()], placeholder]
            folded_pieces += [folded[last:m.start()], placeholder]
            last = pos = m.end()
            count += 1
        else:
            pos = m.start() + 1
    if not count:
        return text, folded, 0
    return "".join(pieces) + text[last:], "".join(folded_pieces) + folded[last:], count


def redact_text(text: str, as_of: dt.date | None = None, old_ids: bool = False) -> tuple[str, tuple]:
    """One text -> (redacted text, counts in ``KINDS`` order)."""
    as_of = as_of or dt.date.today()
    folded = text.translate(_FOLD) if _NEEDS_FOLD.search(text) else text
    counts = [0, 0, 0, 0]
    if "@" in folded:
        text, folded, counts[0] = _replace(_EMAIL, text, folded, lambda m: True, PLACEHOLDERS["email"])
    if _LONG_DIGITS.search(folded):
        text, folded, counts[1] = _replace(_ID18, text, folded, lambda m: is_valid_id18(m.group(), as_of),
                                           PLACEHOLDERS["id_number"])
        if old_ids:
            text, folded, n = _replace(_ID15, text, folded, lambda m: _is_valid_id15(m.group(), as_of),
                                       PLACEHOLDERS["id_number"])
            counts[1] += n
        text, folded, counts[2] = _replace(_CARD, text, folded, lambda m: _is_card(m.group()),
                                           PLACEHOLDERS["card"])
    text, folded, counts[3] = _replace(_PHONE, text, folded, _is_phone, PLACEHOLDERS["phone"])
    return text, tuple(counts)


def redact(series: pd.Series, *, as_of: dt.date | None = None, old_ids: bool = False) -> PiiScan:
    """Redact emails, phone numbers, PRC ID numbers and card numbers in a text column.

    Returns ``(redacted, counts, rows_affected)``: the column with placeholders (same index, name and
    dtype; missing stays missing), the number of replacements per kind, and how many rows changed.
    ``as_of`` bounds plausible birth dates in ID numbers (default: today)."""
    as_of = as_of or dt.date.today()
    values = series.to_numpy(dtype=object, na_value=None)
    present = pd.notna(series).to_numpy(dtype=bool)
    is_text = np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=len(values))
    if not is_text[present].all():  # numbers in a notes column are scanned as their text
        values = values.copy()
        other = present & ~is_text
        values[other] = [str(as_text(v)) for v in values[other]]
    text = pd.Series(values, dtype=object)
    candidate = np.zeros(len(values), dtype=bool)
    candidate[present] = text[present].str.contains(_PREFILTER).to_numpy(dtype=bool)
    counts = dict.fromkeys(KINDS, 0)
    # A text dtype keeps its type; anything else (numbers, categories) becomes object to take text.
    out = series.copy() if series.dtype == object or isinstance(series.dtype, pd.StringDtype) \
        else series.astype(object)
    rows_affected = 0
    if candidate.any():
        # Notes repeat ("同上", the same template); each distinct text is scanned once.
        codes, uniques = pd.factorize(values[candidate])
        results = [redact_text(u, as_of, old_ids) for u in uniques]
        per_row = np.array([r[1] for r in results], dtype=np.int64)[codes]  # rows x kinds
        for i, kind in enumerate(KINDS):
            counts[kind] = int(per_row[:, i].sum())
        changed = per_row.sum(axis=1) > 0
        rows_affected = int(changed.sum())
        if rows_affected:
            new_text = np.array([r[0] for r in results], dtype=object)[codes]
            positions = np.flatnonzero(candidate)[changed]
            out.iloc[positions] = new_text[changed]
    if rows_affected:
        log.info("free text: %d rows redacted %s", rows_affected, counts)  # counts, never values
    return PiiScan(out, counts, rows_affected)
