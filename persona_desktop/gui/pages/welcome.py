"""Start screen: unlock the vault if one exists in the chosen folder, otherwise create one; a card
to open the demo vault (with its documented password); the language switch at the top."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ...core import paths, services
from .. import icons
from ..dialogs.create_vault import CreateVaultPanel
from ..dialogs.unlock import UnlockPanel
from ..widgets.busy import BusyIndicator
from ..widgets.common import Card, Retranslatable, button, label
from ..widgets.language_switch import LanguageSwitch


def is_demo_folder(folder: Path) -> bool:
    try:
        return Path(folder).resolve() == paths.demo_vault_dir().resolve()
    except OSError:
        return False


def default_folder(context) -> Path:
    """The user's own vault: the last one opened, else the default location."""
    last = context.settings.last_vault
    return Path(last) if last else paths.default_vault_dir()


class WelcomePage(Retranslatable, QWidget):
    vault_opened = Signal(object, str)  # the open Vault, the recovery code ("" when unlocking)
    demo_requested = Signal()
    folder_changed = Signal(object)  # Path chosen by the user
    mode_changed = Signal()  # unlock <-> create, or another folder

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("WelcomePage")
        self.context = context
        self.folder: Path | None = None
        self._busy_kind = ""
        column = QVBoxLayout()
        column.setSpacing(16)
        column.addLayout(self._brand())
        column.addWidget(self._vault_card())
        column.addWidget(self._demo_card())
        self._lay_out(column)
        self.retranslate()

    def _lay_out(self, column: QVBoxLayout) -> None:
        """The language switch at the top right; the column centred, at most 600 px wide."""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll)
        inner = QWidget()
        scroll.setWidget(inner)
        page = QVBoxLayout(inner)
        page.setContentsMargins(32, 16, 32, 32)
        page.setSpacing(16)

        top = QHBoxLayout()
        top.addStretch(1)
        self.language = LanguageSwitch(self.context)
        self.language.setObjectName("WelcomeLanguage")
        top.addWidget(self.language)
        page.addLayout(top)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(600)
        center = QHBoxLayout()
        center.addStretch(1)
        center.addWidget(holder, 10)
        center.addStretch(1)
        page.addLayout(center)
        page.addStretch(1)

    def _brand(self) -> QHBoxLayout:
        brand = QHBoxLayout()
        brand.setSpacing(12)
        logo = QLabel()
        logo.setPixmap(icons.logo(44))
        brand.addWidget(logo)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(label("title", "Persona Desktop"))
        self.tagline = label("muted", wrap=True)
        names.addWidget(self.tagline)
        brand.addLayout(names, 1)
        return brand

    def _vault_card(self) -> Card:
        """The unlock or create panel, or the demo's busy box in their place."""
        card = Card(padding=24)
        # Show/hide rather than a QStackedWidget: a stack is as tall as its tallest panel.
        self.panels = QWidget()
        panels = QVBoxLayout(self.panels)
        panels.setContentsMargins(0, 0, 0, 0)
        self.unlock = UnlockPanel(self.context)
        self.create = CreateVaultPanel(self.context)
        panels.addWidget(self.unlock)
        panels.addWidget(self.create)
        self.create.setVisible(False)
        card.body.addWidget(self.panels)
        self.busy_box = BusyIndicator(titled=True)
        self.busy_box.setObjectName("DemoBusy")
        self.busy_title, self.busy_text = self.busy_box.title, self.busy_box.text
        card.body.addWidget(self.busy_box)
        self.unlock.unlocked.connect(lambda vault: self.vault_opened.emit(vault, ""))
        self.create.created.connect(self.vault_opened)
        self.unlock.other_folder_requested.connect(self.choose_folder)
        self.unlock.leave_demo_requested.connect(
            lambda: self.set_folder(default_folder(self.context)))
        self.create.other_folder_requested.connect(self.choose_folder)
        return card

    def _demo_card(self) -> Card:
        self.demo_card = Card()
        self.demo_card.setObjectName("DemoCard")
        self.demo_title = label("section")
        self.demo_text = label("muted", wrap=True, selectable=True)
        self.demo_button = button()
        self.demo_button.setObjectName("OpenDemoButton")
        self.demo_button.clicked.connect(self.demo_requested)
        row = QHBoxLayout()
        row.addWidget(self.demo_button)
        row.addStretch(1)
        self.demo_card.body.addWidget(self.demo_title)
        self.demo_card.body.addWidget(self.demo_text)
        self.demo_card.body.addLayout(row)
        return self.demo_card

    def retranslate(self) -> None:
        self.tagline.setText(self.tr("Understand your customers, privately, on this computer."))
        self.demo_title.setText(self.tr("Just looking?"))
        self.demo_text.setText(self.tr("Open the demo vault: a made-up tea shop with synthetic "
                                       "customers, nobody real. Its password is {0}.")
                               .format(services.DEMO_PASSWORD))
        self.demo_button.setText(self.tr("Open the demo vault"))
        if self._busy_kind == "build":
            self.busy_title.setText(self.tr("Building the demo vault…"))
            self.busy_text.setText(self.tr("A made-up tea shop with synthetic customers is being "
                                           "created. This takes a few seconds; the status bar "
                                           "shows the progress."))
        else:
            self.busy_title.setText(self.tr("Opening the demo vault…"))
            self.busy_text.setText(self.tr("A made-up tea shop with synthetic customers."))

    # --- state --------------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return "create" if self.create.isVisibleTo(self) else "unlock"

    def set_folder(self, folder: Path, *, notice: str = "") -> None:
        """Show the unlock panel if a vault exists in ``folder``, otherwise the create panel."""
        self.folder = Path(folder)
        demo = is_demo_folder(self.folder)
        if services.vault_exists(self.folder):
            self.unlock.set_folder(self.folder, demo=demo)
            self.unlock.set_notice(notice)
            self._show_panel(self.unlock)
            self.unlock.password.setFocus()
        else:
            self.create.set_folder(self.folder)
            self._show_panel(self.create)
        self.demo_card.setVisible(not demo)
        self.mode_changed.emit()

    def _show_panel(self, panel: QWidget) -> None:
        other = self.create if panel is self.unlock else self.unlock
        other.setVisible(False)
        panel.setVisible(True)

    def set_busy(self, busy: bool, kind: str = "open") -> None:
        """While the demo vault is built ("build") or opened ("open"), say so instead of showing
        a form, and start nothing else."""
        self._busy_kind = kind if busy else ""
        self.panels.setVisible(not busy)
        self.busy_box.set_busy(busy)
        self.demo_button.setEnabled(not busy)
        self.demo_card.setVisible(not busy and not is_demo_folder(self.folder or Path()))
        self.retranslate()

    def cancel_jobs(self) -> None:
        self.unlock.cancel()
        self.create.cancel()

    def choose_folder(self) -> None:
        start = str(self.folder.parent if self.folder else paths.data_root())
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the vault folder (an existing vault, or an empty folder for a "
                          "new one)"), start)
        if chosen:
            self.set_folder(Path(chosen))
            self.folder_changed.emit(Path(chosen))

