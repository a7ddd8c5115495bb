"""Vault settings: chosen at creation, editable later, stored inside the (encrypted) vault.

They describe the shop, not its customers: shop name, currency, time zone, and the country used
to read phone numbers written without a country code.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace

from ..errors import InvalidSetting

SETTINGS_VERSION = 1

# ISO 4217 codes a shop is likely to use; others are accepted if they look like a code.
COMMON_CURRENCIES = ("CNY", "USD", "EUR", "GBP", "JPY", "HKD", "TWD", "SGD", "AUD", "CAD", "CHF",
                     "KRW", "INR", "SEK", "NOK", "DKK", "PLN", "CZK", "NZD", "MYR", "THB")
CURRENCY_SYMBOLS = {"CNY": "¥", "JPY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "HKD": "HK$",
                    "TWD": "NT$", "KRW": "₩", "INR": "₹"}


@dataclass(frozen=True)
class VaultSettings:
    shop_name: str = "My shop"
    currency: str = "CNY"
    timezone: str = "Asia/Shanghai"
    phone_country: str = "CN"
    schema_version: int = SETTINGS_VERSION

    def validated(self) -> "VaultSettings":
        name = self.shop_name.strip()
        if not name or len(name) > 120:
            raise InvalidSetting(name="shop_name", value=repr(self.shop_name), why="1-120 characters")
        currency = self.currency.strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            raise InvalidSetting(name="currency", value=self.currency, why="a 3-letter code such as CNY")
        _check_timezone(self.timezone)
        country = self.phone_country.strip().upper()
        _check_phone_country(country)
        return replace(self, shop_name=name, currency=currency, phone_country=country)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "VaultSettings":
        data = json.loads(text)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def updated(self, **changes) -> "VaultSettings":
        unknown = set(changes) - {f.name for f in fields(self)} - {"schema_version"}
        if unknown:
            name = sorted(unknown)[0]
            raise InvalidSetting(name=name, value=str(changes[name]),
                                 why="known settings are shop_name, currency, timezone, phone_country")
        return replace(self, **changes).validated()


def _check_timezone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise InvalidSetting(name="timezone", value=name, why="an IANA name such as Asia/Shanghai") from None


def _check_phone_country(code: str) -> None:
    import phonenumbers
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidSetting(name="phone_country", value=code, why="a 2-letter country code such as CN")
