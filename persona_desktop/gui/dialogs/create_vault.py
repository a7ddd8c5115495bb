"""Create screen: the shop's settings, a password typed twice with a live strength hint, and an
explicit "use it anyway" for a weak password. Creation (Argon2id calibration + key derivation)
runs in a worker; the recovery code comes back with the vault and is shown by RecoveryCodeDialog."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from ...core import services
from ...core.errors import PasswordMismatch, PersonaError
from ...core.vault.settings import VaultSettings
from ..errors import error_text, show_error
from ..widgets.common import button, label
from ..widgets.strength import StrengthHint
from ..widgets.vault_settings_form import VaultSettingsForm
from .vault_panel import VaultPanel


def _lock_quietly(result) -> None:
    vault, _code = result
    vault.lock()


class CreateVaultPanel(VaultPanel):
    created = Signal(object, str)  # the open Vault, the recovery code (show it once)

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.setObjectName("CreateVaultPanel")
        self._error = None  # an exception or a function returning the message
        self._build_form()
        self._build_messages()
        self._lay_out()
        self.retranslate()
        self._update()

    def _build_form(self) -> None:
        """The shop's settings and the password typed twice, with its strength."""
        self.heading = label("title")
        self.heading.setObjectName("CreateHeading")
        self.intro = label("muted", wrap=True)
        self.folder_label = label("muted", wrap=True, selectable=True)
        self.form = VaultSettingsForm()
        self.form.shop_name.clear()
        self.password = QLineEdit()
        self.password.setObjectName("NewPassword")
        self.confirm = QLineEdit()
        self.confirm.setObjectName("ConfirmPassword")
        for field in (self.password, self.confirm):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self._update)
        self.confirm.returnPressed.connect(self.create)
        self.password_label = self.form.add_row(self.password)
        self.confirm_label = self.form.add_row(self.confirm)
        self.strength = StrengthHint()
        self.form.form.addRow(QLabel(), self.strength)

    def _build_messages(self) -> None:
        """What the form says back (mismatch, weak password, error), the Create button."""
        self.mismatch = label("muted", wrap=True)
        self.mismatch.setObjectName("PasswordMismatch")
        self.weak_warning = label("warning", wrap=True)
        self.weak_warning.setObjectName("WeakWarning")
        self.weak_ok = QCheckBox()
        self.weak_ok.setObjectName("UseWeakAnyway")
        self.weak_ok.toggled.connect(self._update)
        self.error = label("error", wrap=True)
        self.error.setObjectName("CreateError")
        self.create_button = button(accent=True)
        self.create_button.setObjectName("CreateButton")
        self.create_button.clicked.connect(self.create)

    def _lay_out(self) -> None:
        layout = self._new_layout()
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.folder_label)
        layout.addSpacing(8)
        layout.addWidget(self.form)
        layout.addWidget(self.mismatch)
        layout.addWidget(self.weak_warning)
        layout.addWidget(self.weak_ok)
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        row = QHBoxLayout()
        row.addWidget(self.other)
        row.addStretch(1)
        row.addWidget(self.create_button)
        layout.addLayout(row)
        for w in (self.mismatch, self.weak_warning, self.weak_ok, self.error):
            w.setVisible(False)

    def set_folder(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.retranslate()

    # --- texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(self.tr("Create your vault"))
        self.intro.setText(self.tr("Your customers' data stays on this computer, encrypted with "
                                   "your password. Without the password or the recovery code "
                                   "nobody can open it, not even us."))
        self.folder_label.setText(self.tr("Vault folder: {0}").format(self.folder or ""))
        self.password_label.setText(self.tr("Password"))
        self.confirm_label.setText(self.tr("Password again"))
        self.weak_warning.setText(self.tr("This password is weak: someone with a copy of the vault "
                                          "could guess it. Choose a longer one, or confirm below "
                                          "that you want to use it anyway."))
        self.weak_ok.setText(self.tr("Use this weak password anyway"))
        self.create_button.setText(self.tr("Create vault"))
        self.busy.text.setText(self.tr("Creating the vault…"))
        self.other.setText(self.tr("Open or create a vault in another folder…"))
        self.mismatch.setText(PasswordMismatch().message())
        if self._error is not None:
            self.error.setText(self._error_text(self._error))

    # --- live checks --------------------------------------------------------------------------
    def _update(self) -> None:
        pw, confirm = self.password.text(), self.confirm.text()
        self.strength.set_password(pw)
        weak = self.strength.weak
        self.weak_warning.setVisible(weak)
        self.weak_ok.setVisible(weak)
        mismatch = bool(confirm) and confirm != pw
        self.mismatch.setVisible(mismatch)
        ready = bool(pw) and pw == confirm and (not weak or self.weak_ok.isChecked())
        self.create_button.setEnabled(ready and self._job is None)

    # --- actions ------------------------------------------------------------------------------
    def create(self) -> None:
        if self._job is not None or self.folder is None or not self.create_button.isEnabled():
            return
        self._set_error(None)
        values = self.form.values()
        if not values["shop_name"]:
            self._set_error(lambda: self.tr("Enter the name of your shop."))
            self.form.shop_name.setFocus()
            return
        try:
            settings = VaultSettings(**values).validated()
        except PersonaError as exc:
            self._set_error(exc)
            return
        self._start(services.create_vault, self.folder, self.password.text(), settings,
                    allow_weak=self.weak_ok.isChecked(), cleanup=_lock_quietly)

    def _succeeded(self, result) -> None:
        vault, code = result
        self.password.clear()
        self.confirm.clear()
        self.weak_ok.setChecked(False)
        self.created.emit(vault, code)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, PersonaError):
            self._set_error(exc)
        else:
            show_error(self.window(), exc)

    @staticmethod
    def _error_text(err) -> str:
        # an exception, or a function giving the text in the current language
        return error_text(err) if isinstance(err, BaseException) else err()

    def _set_error(self, err) -> None:
        self._error = err
        self.error.setVisible(err is not None)
        if err is not None:
            self.error.setText(self._error_text(err))

    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        for w in (self.form, self.password, self.confirm, self.weak_ok):
            w.setEnabled(not busy)
        self._update()

