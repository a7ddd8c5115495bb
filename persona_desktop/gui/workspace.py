"""The unlocked app: navigation on the left, a header with the shop's name and Lock, and the pages.

A Workspace exists only while the vault is open: it is built at unlock and destroyed at lock, so
no page can keep showing (or holding) vault data after the keys are gone.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from ..core import services
from ..core.services.results import VaultInfo
from . import icons
from .errors import show_error
from .pages.dashboard import DashboardPage
from .pages.imports import ImportsPage
from .analysis_state import AnalysisState
from .pages.customers import CustomersPage
from .pages.insights import InsightsPage
from .pages.placeholders import PrivacyPage
from .pages.segments import SegmentsPage
from .pages.settings import SettingsPage
from .widgets.audit_banner import AuditBanner
from .widgets.common import Retranslatable, button, label
from .widgets.nav import NavBar

PAGE_CLASSES = (DashboardPage, CustomersPage, SegmentsPage, InsightsPage, ImportsPage,
                PrivacyPage, SettingsPage)
# Pages that show the stored analysis get the shared AnalysisState.
ANALYSIS_PAGES = (DashboardPage, CustomersPage, SegmentsPage, InsightsPage)


class Workspace(Retranslatable, QWidget):
    lock_requested = Signal()
    title_changed = Signal()

    def __init__(self, context, vault, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("Workspace")
        self.context = context
        self.vault = vault
        self.info: VaultInfo | None = None
        self._info_job = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = NavBar(context)
        layout.addWidget(self.nav)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        header = QFrame()
        header.setObjectName("HeaderBar")
        row = QHBoxLayout(header)
        row.setContentsMargins(24, 10, 16, 10)
        row.setSpacing(8)
        self.vault_label = label("section")
        self.vault_label.setObjectName("VaultName")
        row.addWidget(self.vault_label, 1)
        self.analysis = AnalysisState(context, vault, self)
        self.last_analysis = label("muted")
        self.last_analysis.setObjectName("LastAnalysis")
        row.addWidget(self.last_analysis)
        self.rerun_button = button()
        self.rerun_button.setObjectName("RerunButton")
        self.rerun_button.clicked.connect(lambda: self.analysis.rerun())
        row.addWidget(self.rerun_button)
        self.lock_button = button()
        self.lock_button.setObjectName("LockButton")
        self.lock_button.setIcon(icons.plain_icon("lock"))
        self.lock_button.setIconSize(QSize(16, 16))
        self.lock_button.clicked.connect(self.lock_requested)
        row.addWidget(self.lock_button)
        right.addWidget(header)
        self.audit_banner = AuditBanner()
        self.audit_banner.acknowledge_requested.connect(self._acknowledge_audit)
        self.audit_banner.set_anomaly(vault.audit_anomaly)
        right.addWidget(self.audit_banner)
        # Stays up for the rest of the session once the vault has shown damage (dialogs close).
        self.damaged_banner = label("error", wrap=True, selectable=True)
        self.damaged_banner.setObjectName("DamagedBanner")
        self.damaged_banner.setContentsMargins(24, 8, 16, 8)
        self.damaged_banner.setVisible(False)
        right.addWidget(self.damaged_banner)

        self.stack = QStackedWidget()
        self.pages = [cls(context, vault, analysis=self.analysis) if cls in ANALYSIS_PAGES
                      else cls(context, vault) for cls in PAGE_CLASSES]
        for page in self.pages:
            self.stack.addWidget(page)
        right.addWidget(self.stack, 1)
        layout.addLayout(right, 1)

        self.nav.page_requested.connect(self.show_page)
        self.dashboard.navigate.connect(lambda i: self.show_page(i))
        self.settings_page.info_changed.connect(self.refresh_info)
        self.imports_page.data_changed.connect(self.refresh_info)
        self.analysis.run_changed.connect(lambda _run: self._show_last_analysis())
        self.analysis.busy_changed.connect(lambda busy: self.rerun_button.setEnabled(not busy))
        self.analysis.failed.connect(self._analysis_failed)
        self.show_page(0)
        self.retranslate()
        self.refresh_info()
        self.analysis.load_latest()

    @property
    def dashboard(self) -> DashboardPage:
        return self.pages[0]

    @property
    def settings_page(self) -> SettingsPage:
        return self.pages[-1]

    @property
    def imports_page(self) -> ImportsPage:
        return self.pages[PAGE_CLASSES.index(ImportsPage)]

    def open_import_wizard(self, path=None) -> None:
        """Go to Imports and open the wizard (with ``path`` when a file was dropped)."""
        self.show_page(PAGE_CLASSES.index(ImportsPage))
        self.imports_page.open_wizard(path)

    @property
    def current_index(self) -> int:
        return self.stack.currentIndex()

    def page_title(self) -> str:
        return self.pages[self.current_index].page_title()

    def show_page(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.nav.select(index)
        self.title_changed.emit()

    def shop_name(self) -> str:
        return self.info.shop_name if self.info else ""

    def retranslate(self) -> None:
        name = self.shop_name()
        self.vault_label.setText(self.tr("Vault: {0}").format(name) if name else self.tr("Vault"))
        self.lock_button.setText(self.tr("Lock"))
        self.rerun_button.setText(self.tr("Re-run analysis"))
        self.rerun_button.setToolTip(self.tr("Analyse the customers again with the data now in "
                                             "the vault; the result is stored as a new run."))
        self._show_last_analysis()
        self.audit_banner.retranslate()
        self.damaged_banner.setText(self.tr(
            "This vault is damaged: nothing more is saved to it. Restore your latest backup "
            "(see the message for how); until then, what can still be read is shown."))
        self.lock_button.setToolTip(self.tr("Lock the vault now: the keys are removed from memory "
                                            "and the password is needed again."))
        self.title_changed.emit()

    def _acknowledge_audit(self) -> None:
        from PySide6.QtWidgets import QMessageBox
        answer = QMessageBox.question(
            self, self.tr("Acknowledge the audit log warning"),
            self.tr("This records in the audit log that you have seen the break, and later opens "
                    "check the log from its newest entry. The break itself stays visible to "
                    "'Verify'. Acknowledge?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.context.jobs.run(services.acknowledge_audit_anomaly, self.vault,
                              on_success=lambda _a: self.audit_banner.set_anomaly(None),
                              on_failure=lambda exc: show_error(self, exc))

    def _show_last_analysis(self) -> None:
        run = self.analysis.run
        if run is None:
            self.last_analysis.setText(self.tr("no analysis yet"))
            return
        from datetime import datetime, timezone
        try:
            created = datetime.fromisoformat(run.created_at)
            minutes = max(0, int((datetime.now(timezone.utc) - created).total_seconds() // 60))
        except ValueError:
            minutes = 0
        if minutes < 1:
            ago = self.tr("just now")
        elif minutes < 60:
            ago = self.tr("{0} min ago").format(minutes)
        elif minutes < 48 * 60:
            ago = self.tr("{0} h ago").format(minutes // 60)
        else:
            ago = self.tr("{0} days ago").format(minutes // 1440)
        self.last_analysis.setText(self.tr("last analysis {0}").format(ago))

    def show_damaged(self) -> None:
        self.damaged_banner.setVisible(True)

    def _analysis_failed(self, exc: BaseException) -> None:
        if self.vault is not None:
            show_error(self.window(), exc)

    # --- data ---------------------------------------------------------------------------------
    def refresh_info(self) -> None:
        if self.vault is None:
            return
        self._info_job = self.context.jobs.run(services.vault_info, self.vault,
                                               on_success=self._info_loaded,
                                               on_failure=self._info_failed)

    def _info_loaded(self, info: VaultInfo) -> None:
        if self.vault is None:
            return
        self.info = info
        for page in self.pages:
            page.set_info(info)
        self.retranslate()

    def _info_failed(self, exc: BaseException) -> None:
        if self.vault is not None:
            show_error(self.window(), exc)

    def clear(self) -> None:
        """Forget everything read from the vault (called just before the widget is destroyed)."""
        self.info = None
        self.vault = None
        self.analysis.clear()
        for page in self.pages:
            page.clear()
