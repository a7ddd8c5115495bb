"""Settings: language (live), auto-lock minutes (app settings), the shop's settings (stored in
the vault through services.update_settings) and the vault's security facts (services.vault_info)."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QSpinBox

from ...core import app_settings, services
from ...core.errors import PersonaError
from ...core.services.results import VaultInfo
from ...core.vault.settings import VaultSettings
from .. import theme
from ..errors import error_text, show_error
from ..widgets.common import Card, button, label
from ..widgets.language_switch import LanguageSwitch
from ..widgets.vault_settings_form import VaultSettingsForm
from .base import Page


class SettingsPage(Page):
    info_changed = Signal()  # the vault's settings were saved: reload vault_info

    def __init__(self, context, vault, parent=None):
        super().__init__(context, vault, parent)
        self._info: VaultInfo | None = None
        self._save_job = None
        for card in (self._language_card(), self._auto_lock_card(), self._shop_card(),
                     self._security_card()):
            self.content.addWidget(card)
        context.settings_changed.connect(self._settings_changed)
        self.retranslate()

    def _language_card(self) -> Card:
        card = Card()
        self.lang_title = label("section")
        self.lang_text = label("muted", wrap=True)
        self.language = LanguageSwitch(self.context)
        self.language.setObjectName("SettingsLanguage")
        row = QHBoxLayout()
        row.addWidget(self.language)
        row.addStretch(1)
        card.body.addWidget(self.lang_title)
        card.body.addWidget(self.lang_text)
        card.body.addLayout(row)
        return card

    def _auto_lock_card(self) -> Card:
        """Minutes without activity before the vault locks (an app setting, not the vault's)."""
        card = Card()
        self.lock_title = label("section")
        self.lock_text = label("muted", wrap=True)
        self.auto_lock = QSpinBox()
        self.auto_lock.setObjectName("AutoLockMinutes")
        self.auto_lock.setRange(app_settings.MIN_AUTO_LOCK_MINUTES,
                                app_settings.MAX_AUTO_LOCK_MINUTES)
        self.auto_lock.setValue(self.context.settings.auto_lock_minutes)
        self.auto_lock.setMinimumWidth(120)
        self.auto_lock.valueChanged.connect(self._auto_lock_changed)
        row = QHBoxLayout()
        self.auto_lock_label = label()
        row.addWidget(self.auto_lock_label)
        row.addWidget(self.auto_lock)
        row.addStretch(1)
        card.body.addWidget(self.lock_title)
        card.body.addWidget(self.lock_text)
        card.body.addLayout(row)
        return card

    def _shop_card(self) -> Card:
        """The vault's own settings; editable once vault_info has arrived."""
        card = Card()
        self.shop_title = label("section")
        self.shop_text = label("muted", wrap=True)
        self.form = VaultSettingsForm()
        self.form.setMaximumWidth(640)
        self.form.setEnabled(False)  # until vault_info has arrived
        self.save = button(accent=True)
        self.save.setObjectName("SaveVaultSettings")
        self.save.setEnabled(False)
        self.save.clicked.connect(self._save)
        self.save_result = label(wrap=True)
        self.save_result.setObjectName("SaveResult")
        self.save_result.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.save)
        row.addStretch(1)
        card.body.addWidget(self.shop_title)
        card.body.addWidget(self.shop_text)
        card.body.addWidget(self.form)
        card.body.addWidget(self.save_result)
        card.body.addLayout(row)
        return card

    def _security_card(self) -> Card:
        card = Card()
        self.security_title = label("section")
        self.facts = QFormLayout()
        self.facts.setHorizontalSpacing(16)
        self.fact_values = {}
        for key in ("folder", "created", "protection", "encryption", "format"):
            value = label(wrap=True, selectable=True)
            value.setObjectName(f"Fact{key.capitalize()}")
            self.fact_values[key] = value
            self.facts.addRow(label("muted"), value)
        card.body.addWidget(self.security_title)
        card.body.addLayout(self.facts)
        return card

    # --- texts --------------------------------------------------------------------------------
    def page_title(self) -> str:
        return self.tr("Settings")

    def retranslate(self) -> None:
        self.title.setText(self.page_title())
        self.subtitle.setText(self.tr("How the app behaves on this computer, and this vault's own "
                                      "settings."))
        self.lang_title.setText(self.tr("Language"))
        self.lang_text.setText(self.tr("Changes at once; no restart needed."))
        self.lock_title.setText(self.tr("Auto-lock"))
        self.lock_text.setText(self.tr("When nobody uses the app for this long, the vault locks: "
                                       "its keys are removed from memory and the password is "
                                       "needed again."))
        self.auto_lock_label.setText(self.tr("Lock after"))
        self.auto_lock.setSuffix(self.tr(" min"))
        self.shop_title.setText(self.tr("This shop"))
        self.shop_text.setText(self.tr("Stored inside this vault, encrypted with its data."))
        self.save.setText(self.tr("Save shop settings"))
        self.security_title.setText(self.tr("Security of this vault"))
        names = {"folder": self.tr("Folder"), "created": self.tr("Created"),
                 "protection": self.tr("Password protection"), "encryption": self.tr("Encryption"),
                 "format": self.tr("Format version")}
        for key, value in self.fact_values.items():
            self.facts.labelForField(value).setText(names[key])
        if self._info is not None:
            self._show_facts(self._info)

    # --- data ---------------------------------------------------------------------------------
    def set_info(self, info: VaultInfo) -> None:
        self._info = info
        self.form.set_settings(VaultSettings(**info.settings))
        self.form.setEnabled(True)
        self.save.setEnabled(True)
        self._show_facts(info)

    def _show_facts(self, info: VaultInfo) -> None:
        kdf = info.kdf
        self.fact_values["folder"].setText(info.path)
        self.fact_values["created"].setText(_local_time(info.created_at))
        self.fact_values["protection"].setText(self.tr(
            "{0}: {1} MiB of memory, {2} passes per guess").format(
            str(kdf.get("id", "")).capitalize(), int(kdf.get("memory_kib", 0)) // 1024,
            kdf.get("iterations", "")))
        self.fact_values["encryption"].setText(self.tr(
            "SQLCipher (AES-256) for both database files; identities are kept in a separate "
            "file with its own key"))
        self.fact_values["format"].setText(str(info.schema_version))

    def _auto_lock_changed(self, minutes: int) -> None:
        if minutes != self.context.settings.auto_lock_minutes:
            self.context.update_settings(auto_lock_minutes=minutes)

    def _settings_changed(self, settings) -> None:
        if self.auto_lock.value() != settings.auto_lock_minutes:
            self.auto_lock.setValue(settings.auto_lock_minutes)

    def _save(self) -> None:
        if self.vault is None:
            return
        self.save.setEnabled(False)
        self.save_result.setVisible(False)
        self._save_job = self.context.jobs.run(
            services.update_settings, self.vault, **self.form.values(),
            on_success=self._saved, on_failure=self._save_failed)

    def _saved(self, _settings) -> None:
        self.save.setEnabled(True)
        self._set_result("success", self.tr("Saved."))
        self.info_changed.emit()

    def _save_failed(self, exc) -> None:
        self.save.setEnabled(True)
        if isinstance(exc, PersonaError):
            self._set_result("error", error_text(exc))
        else:
            show_error(self.window(), exc)

    def _set_result(self, role: str, text: str) -> None:
        self.save_result.setProperty("role", role)
        self.save_result.setText(text)
        self.save_result.setVisible(True)
        theme.repolish(self.save_result)

    def clear(self) -> None:
        super().clear()
        self._info = None
        self.form.set_settings(VaultSettings())
        self.form.setEnabled(False)
        self.save.setEnabled(False)
        for value in self.fact_values.values():
            value.setText("")
        self.save_result.setVisible(False)


def _local_time(iso: str | None) -> str:
    if not iso:
        return "—"
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return str(iso)
