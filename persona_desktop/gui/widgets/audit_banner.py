"""The warning shown at every open while the vault's history does not continue where it was last
seen (the audit log cut, vault.db or identity.db replaced by an older copy, or both while the key
file stayed): it stays until the user acknowledges it, which is logged (issue 12, defect 4)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from .common import button, label


class AuditBanner(QFrame):
    acknowledge_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AuditBanner")
        self.anomaly = None
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 8, 16, 8)
        row.setSpacing(12)
        self.text = label("warning", wrap=True)
        row.addWidget(self.text, 1)
        self.acknowledge = button()
        self.acknowledge.clicked.connect(self.acknowledge_requested)
        row.addWidget(self.acknowledge)
        self.setVisible(False)

    def set_anomaly(self, anomaly) -> None:
        """``anomaly``: the vault's ``audit.HeadAnomaly``, or None to hide the banner."""
        self.anomaly = anomaly
        self.setVisible(anomaly is not None)
        self.retranslate()

    def retranslate(self) -> None:
        self.acknowledge.setText(self.tr("Acknowledge…"))
        if self.anomaly is None:
            return
        self.text.setText(self._cause().format(self.anomaly.head_seq) + " " + self.tr(
            "If you did not restore or copy files yourself, someone with access to this computer "
            "may have. Once you know why, acknowledge it: this is recorded in the log and the "
            "warning stops."))

    def _cause(self) -> str:
        reason = self.anomaly.reason
        if reason == "identity_rolled_back":
            return self.tr(
                "The identity file of this vault (identity.db) was replaced by an older copy "
                "(audit entry {0}): people erased or corrected since then may be back.")
        if reason == "databases_rolled_back":
            return self.tr(
                "Both data files of this vault were replaced by older copies: the key file "
                "remembers a later state (audit entry {0}).")
        return self.tr(
            "The audit log of this vault does not continue where it last ended (entry {0}). "
            "Entries were removed, or the vault file was replaced by an older copy.")
