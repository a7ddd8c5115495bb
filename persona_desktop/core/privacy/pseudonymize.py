"""Keyed pseudonyms (privacy.md A1): HMAC-SHA256 under a random per-vault key kept in identity.db.

Values are normalised first so one person written three ways gets one pseudonym: trimmed, case-
folded emails, phones in E.164 using the vault's default country. Never a plain or global hash:
unkeyed hashes of emails and phone numbers are reversed by dictionary (ENISA 2019, 5.1.3-5.1.4).
"""
from __future__ import annotations

import hmac
import hashlib
import unicodedata

PREFIX = "c_"


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


NORMALISERS = {"email": normalise_email, "customer_ref": normalise_text, "name": normalise_text}


class Pseudonymizer:
    """``pseudonym(kind, value)``: same input and key -> same pseudonym; another vault -> another."""

    def __init__(self, key: bytes, default_country: str = "CN"):
        if len(key) < 32:
            raise ValueError("pseudonym key must be 32 bytes")
        self._key = bytes(key)
        self.default_country = default_country

    def normalise(self, kind: str, value: str) -> str | None:
        if kind == "phone":
            return normalise_phone(value, self.default_country)
        normalised = NORMALISERS.get(kind, normalise_text)(value)
        return normalised or None

    def pseudonym(self, kind: str, value: str) -> str | None:
        normalised = self.normalise(kind, value)
        if normalised is None:
            return None
        mac = hmac.new(self._key, f"{kind}\x1f{normalised}".encode("utf-8"), hashlib.sha256)
        return PREFIX + mac.hexdigest()[:32]


def load_pseudonymizer(iconn, default_country: str = "CN") -> Pseudonymizer:
    row = iconn.execute("SELECT value FROM secrets WHERE name = 'pseudonym_key'").fetchone()
    return Pseudonymizer(row[0], default_country)
