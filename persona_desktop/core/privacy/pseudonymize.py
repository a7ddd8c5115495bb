"""Keyed pseudonyms (privacy.md A1): HMAC-SHA256 under a random per-vault key kept in identity.db.

Values are normalised first so one person written three ways gets one pseudonym: trimmed, case-
folded emails, phones in E.164 using the vault's default country. Never a plain or global hash:
unkeyed hashes of emails and phone numbers are reversed by dictionary (ENISA 2019, 5.1.3-5.1.4).
"""
from __future__ import annotations

import hmac
import hashlib
import re
import unicodedata

import numpy as np
import pandas as pd

PREFIX = "c_"
MEMO_LIMIT = 1_000_000  # distinct raw values remembered per kind by pseudonymize_series


def normalise_email(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().lower()


def normalise_phone(value: str, default_country: str = "CN") -> str | None:
    """E.164 (e.g. +8613812345678), or None when the text is not a possible phone number."""
    import phonenumbers
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, default_country)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_text(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(value)).split()).casefold()


def normalise_ref(value: str) -> str:
    """Shop customer numbers are exact codes: "AB1" and "ab1" may be two people, so no case
    folding; only width (ＡＢ１) and surrounding blanks are normalised."""
    return unicodedata.normalize("NFKC", str(value)).strip()


NORMALISERS = {"email": normalise_email, "customer_ref": normalise_ref, "name": normalise_text}


def normalise(kind: str, value, default_country: str = "CN") -> str | None:
    """The normalised form of ``value`` for ``kind`` (None when there is nothing to key on).

    Shared by the pseudonymiser and the block list (blocklist.py), so an erased person matches
    whichever way a later file writes them."""
    if kind == "phone":
        return normalise_phone(value, default_country)
    normalised = NORMALISERS.get(kind, normalise_text)(value)
    return normalised or None


# --- vectorised helpers ------------------------------------------------------------------------------
# Mainland mobiles in the usual export spellings ("+86 138-1234-5678", "(+86) 138 1234 5678",
# "0086 13812345678", "13812345678"). For these phonenumbers always answers "+86" + the 11 digits
# (tests/core/test_blocklist.py checks the equivalence); skipping its ~50 us parse is what makes 50k
# unique phones take a fraction of a second. Anything else still goes through phonenumbers.
_CN_MOBILE_FAST = re.compile(r"(?:\+86|0086)?(1[3-9][0-9]{9})")
_PHONE_SEPARATORS = re.compile(r"[\s\-().]+")


def _normalise_phone_fast(value, default_country: str) -> str | None:
    if default_country == "CN" and isinstance(value, str):
        compact = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", value))
        m = _CN_MOBILE_FAST.fullmatch(compact)
        if m:
            return "+86" + m.group(1)
    return normalise_phone(value, default_country)


def as_text(value):
    """Integral floats back to digits: a phone column with blanks is read as float64 and
    13812345678.0 must not become the different number +86138123456780."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return value


def unique_values(series: pd.Series) -> tuple[np.ndarray, list]:
    """``codes, uniques`` with missing values coded -1: customers repeat on many order rows, so the
    per-value Python work (normalising, HMAC) runs once per distinct value."""
    codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    if pd.api.types.infer_dtype(uniques, skipna=True) in ("string", "empty"):
        return codes, list(uniques)  # the usual case: text only, nothing to convert
    return codes, [as_text(u) for u in uniques]


def spread(per_unique: list, codes: np.ndarray, index) -> pd.Series:
    """Map per-unique results back onto the rows (code -1, a missing value, gives None)."""
    table = np.array(list(per_unique) + [None], dtype=object)  # codes == -1 picks the None
    return pd.Series(table[codes], index=index, dtype=object)


def normalise_uniques(kind: str, uniques: list, default_country: str = "CN") -> list:
    if kind == "phone":
        return [_normalise_phone_fast(u, default_country) for u in uniques]
    return [normalise(kind, u, default_country) for u in uniques]


def normalise_series(kind: str, series: pd.Series, default_country: str = "CN") -> pd.Series:
    """Vectorised ``normalise``: object Series of normalised strings, None where not normalisable."""
    codes, uniques = unique_values(series)
    return spread(normalise_uniques(kind, uniques, default_country), codes, series.index)


class Pseudonymizer:
    """``pseudonym(kind, value)``: same input and key -> same pseudonym; another vault -> another."""

    def __init__(self, key: bytes, default_country: str = "CN"):
        if len(key) < 32:
            raise ValueError("pseudonym key must be 32 bytes")
        self._key = bytes(key)
        self.default_country = default_country
        self._memo: dict[str, dict] = {}

    def normalise(self, kind: str, value: str) -> str | None:
        return normalise(kind, value, self.default_country)

    def pseudonym(self, kind: str, value: str) -> str | None:
        normalised = self.normalise(kind, value)
        if normalised is None:
            return None
        return self._mac(kind, normalised)

    def _mac(self, kind: str, normalised: str) -> str:
        # hmac.digest is the one-shot (OpenSSL) form of hmac.new(...).digest(): same bytes, several
        # times faster, which matters at 500k distinct values.
        mac = hmac.digest(self._key, f"{kind}\x1f{normalised}".encode("utf-8"), hashlib.sha256)
        return PREFIX + mac.hex()[:32]

    def pseudonymize_series(self, kind: str, series: pd.Series) -> tuple[pd.Series, pd.Series]:
        """``(pseudonyms, normalised)`` for a whole column, each an object Series on the same index
        with None where the value is missing or not normalisable.

        Equal to ``pseudonym``/``normalise`` value by value, but the work runs once per distinct
        raw value and the HMAC once per distinct normalised value ("13812345678" and
        "+86 138 1234 5678" share one), so 500k rows with 50k customers cost 50k normalisations.
        """
        codes, uniques = unique_values(series)
        pseudonyms, normalised = self.pseudonymize_uniques(kind, uniques)
        return spread(pseudonyms, codes, series.index), spread(normalised, codes, series.index)

    def pseudonymize_uniques(self, kind: str, uniques) -> tuple[list, list]:
        """``(pseudonyms, normalised)`` of distinct raw values (str; None: missing), one each,
        None where the value is missing or not normalisable."""
        # An import calls this once per chunk: customers seen in earlier chunks are remembered
        # (raw value -> normalised, pseudonym), bounded so a file of millions stays in memory.
        memo = self._memo.setdefault(kind, {})
        if len(memo) > MEMO_LIMIT:
            memo.clear()
        todo = [u for u in uniques if u is not None and u not in memo]
        macs: dict[str, str] = {}
        for u, n in zip(todo, normalise_uniques(kind, todo, self.default_country)):
            if n is None:
                memo[u] = (None, None)
                continue
            p = macs.get(n)
            if p is None:
                p = macs[n] = self._mac(kind, n)
            memo[u] = (n, p)
        found = [(None, None) if u is None else memo[u] for u in uniques]
        return [f[1] for f in found], [f[0] for f in found]


def load_pseudonymizer(iconn, default_country: str = "CN") -> Pseudonymizer:
    row = iconn.execute("SELECT value FROM secrets WHERE name = 'pseudonym_key'").fetchone()
    return Pseudonymizer(row[0], default_country)
