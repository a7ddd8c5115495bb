"""Shop name, currency, time zone and phone country: the vault settings, used when creating a vault
and on the Settings page. Defaults CNY / Asia/Shanghai / CN (core.vault.settings.VaultSettings)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from ...core.vault.settings import COMMON_CURRENCIES, VaultSettings
from .common import Retranslatable

COMMON_TIMEZONES = ("Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Macau",
                    "Asia/Singapore", "Asia/Kuala_Lumpur", "Asia/Tokyo", "Asia/Seoul",
                    "Asia/Bangkok", "Asia/Kolkata", "Australia/Sydney", "Europe/London",
                    "Europe/Berlin", "Europe/Paris", "Europe/Madrid", "America/New_York",
                    "America/Chicago", "America/Los_Angeles", "America/Toronto", "UTC")
COUNTRY_CODES = ("CN", "HK", "MO", "TW", "SG", "MY", "JP", "KR", "TH", "IN", "AU", "NZ", "GB",
                 "DE", "FR", "ES", "IT", "NL", "US", "CA")


class VaultSettingsForm(Retranslatable, QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setHorizontalSpacing(16)
        self.form.setVerticalSpacing(8)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.shop_name = QLineEdit()
        self.shop_name.setObjectName("ShopName")
        self.shop_name.setMaxLength(120)
        self.currency = QComboBox()
        self.currency.setObjectName("Currency")
        self.currency.setEditable(True)
        self.currency.addItems(list(COMMON_CURRENCIES))
        self.timezone = QComboBox()
        self.timezone.setObjectName("TimeZone")
        self.timezone.setEditable(True)
        self.timezone.addItems(list(COMMON_TIMEZONES))
        self.phone_country = QComboBox()
        self.phone_country.setObjectName("PhoneCountry")
        self.phone_country.setEditable(True)
        for code in COUNTRY_CODES:
            self.phone_country.addItem(code, code)
        self._labels = {}
        for key, widget in (("shop", self.shop_name), ("currency", self.currency),
                            ("timezone", self.timezone), ("phone", self.phone_country)):
            self._labels[key] = self.add_row(widget)
        self.set_settings(VaultSettings())
        self.retranslate()

    def add_row(self, widget: QWidget) -> QLabel:
        """Add a field with its (retranslated by the owner) label; returns the label."""
        lab = QLabel()
        lab.setBuddy(widget)
        self.form.addRow(lab, widget)
        return lab

    def _country_names(self) -> dict[str, str]:
        return {
            "CN": self.tr("China mainland"), "HK": self.tr("Hong Kong, China"),
            "MO": self.tr("Macao, China"), "TW": self.tr("Taiwan, China"),
            "SG": self.tr("Singapore"), "MY": self.tr("Malaysia"), "JP": self.tr("Japan"),
            "KR": self.tr("South Korea"), "TH": self.tr("Thailand"), "IN": self.tr("India"),
            "AU": self.tr("Australia"), "NZ": self.tr("New Zealand"),
            "GB": self.tr("United Kingdom"), "DE": self.tr("Germany"), "FR": self.tr("France"),
            "ES": self.tr("Spain"), "IT": self.tr("Italy"), "NL": self.tr("Netherlands"),
            "US": self.tr("United States"), "CA": self.tr("Canada"),
        }

    def retranslate(self) -> None:
        self._labels["shop"].setText(self.tr("Shop name"))
        self._labels["currency"].setText(self.tr("Currency"))
        self._labels["timezone"].setText(self.tr("Time zone"))
        self._labels["phone"].setText(self.tr("Default phone country"))
        self.shop_name.setPlaceholderText(self.tr("e.g. Green Leaf Tea"))
        self.currency.setToolTip(self.tr("The currency of your order amounts (a 3-letter code "
                                         "such as CNY)."))
        self.timezone.setToolTip(self.tr("Order times are read in this time zone (an IANA name "
                                         "such as Asia/Shanghai)."))
        self.phone_country.setToolTip(self.tr("Phone numbers written without a country code (+86, "
                                              "+1…) are read as numbers from this country."))
        current = self.phone_country_code()
        names = self._country_names()
        for i in range(self.phone_country.count()):
            code = self.phone_country.itemData(i)
            self.phone_country.setItemText(i, f"{names.get(code, code)} ({code})")
        self._select_country(current)

    def _select_country(self, code: str) -> None:
        index = self.phone_country.findData(code)
        if index >= 0:
            self.phone_country.setCurrentIndex(index)
        else:
            self.phone_country.setEditText(code)

    def phone_country_code(self) -> str:
        text = self.phone_country.currentText().strip()
        index = self.phone_country.findText(text)
        if index >= 0 and self.phone_country.itemData(index):
            return self.phone_country.itemData(index)
        if text.endswith(")") and "(" in text:  # "China mainland (CN)" typed or pasted back
            text = text.rsplit("(", 1)[1].rstrip(")")
        return text.upper()

    def set_settings(self, s: VaultSettings) -> None:
        self.shop_name.setText(s.shop_name)
        self.currency.setEditText(s.currency)
        self.timezone.setEditText(s.timezone)
        self._select_country(s.phone_country)

    def values(self) -> dict:
        """The fields as VaultSettings keyword arguments (validated by the core, not here)."""
        return {"shop_name": self.shop_name.text().strip(),
                "currency": self.currency.currentText().strip().upper(),
                "timezone": self.timezone.currentText().strip(),
                "phone_country": self.phone_country_code()}
