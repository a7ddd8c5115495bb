"""Every dialog of the app, opened the way a user opens it, for ``--screenshots``.

One entry per picture: a name (the file name's start), the dialog class it shows (a test checks
that every QDialog subclass of the GUI appears here, so a new dialog cannot be forgotten) and a
function that opens it on the unlocked main window and returns it once it shows its content (or
raises ``NotShown`` when the vault has nothing for it). A new dialog is one more function and one
more line in ``DIALOGS``.
"""
from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QWidget

from ..core import services
from ..core.errors import VaultDamaged, VaultInUse
from .headless import settle, wait_until

# Shaped like a real recovery code (8 groups of 5), but nobody's: screenshots are public.
SAMPLE_RECOVERY_CODE = "K7Q2M-4XW9P-RT3VD-8HJ6N-C2F5L-9MB4T-X6P8Q-3WD7R"


class NotShown(Exception):
    """This vault has nothing for the dialog to show (``--vault`` on a user's own vault)."""


@dataclass
class Stage:
    """What a dialog opener works with: the unlocked window and a small orders file to import."""
    window: object
    context: object
    sample_file: Path

    @property
    def workspace(self):
        return self.window.workspace

    def page(self, class_name: str):
        page = next(p for p in self.workspace.pages if type(p).__name__ == class_name)
        self.workspace.show_page(self.workspace.pages.index(page))
        return page


@dataclass(frozen=True)
class DialogShot:
    name: str
    shows: str                       # the class name of the dialog it shows
    open: Callable[[Stage], QWidget]


# --- openers ------------------------------------------------------------------------------------

def recovery_code(stage: Stage):
    from .dialogs.recovery_code import RecoveryCodeDialog
    dialog = RecoveryCodeDialog(SAMPLE_RECOVERY_CODE, stage.window)
    dialog.open()
    return dialog


def tag_rules(stage: Stage):
    page = stage.page("SegmentsPage")
    page.tags_dialog = None
    page.edit_tags()  # reads the rules in a worker, then opens the editor
    wait_until(lambda: page.tags_dialog is not None and page.tags_dialog.isVisible(),
               "the tag rules editor")
    return page.tags_dialog


def service_lines(stage: Stage):
    page = stage.page("ImportsPage")
    page.service_dialog = None
    page.edit_service_lines()  # reads the detected lines in a worker, then opens the dialog
    wait_until(lambda: page.service_dialog is not None and page.service_dialog.isVisible(),
               "the postage and fee lines")
    return page.service_dialog


def quarantine(stage: Stage):
    page = stage.page("ImportsPage")
    settle(stage.context, "the list of imports")
    rows = [r for r in range(page.model.rowCount()) if page.model.record(r).rows_quarantined]
    if not rows:
        raise NotShown("no import of this vault has rows set aside")
    page.table.selectionModel().select(
        page.model.index(rows[0], 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    page.view_quarantine()
    settle(stage.context, "the rows set aside")
    return page.quarantine_dialog


def _wizard_at(stage: Stage, step: int):
    """The import wizard on the sample file, moved on by its own buttons to ``step``."""
    from .import_wizard import wizard as wiz
    stage.workspace.open_import_wizard()
    wizard = stage.workspace.imports_page.wizard
    if step == wiz.FILE:
        return wizard
    wizard.file_step.set_path(stage.sample_file)
    for target in range(wizard.current + 1, step + 1):
        wait_until(wizard.next_button.isEnabled, f"the wizard's step {target + 1}")
        wizard.next()
        wait_until(lambda target=target: wizard.current >= target,
                   f"the wizard's step {target + 1}")
    settle(stage.context, "the wizard")
    return wizard


def import_report(stage: Stage):
    """The report of a dry run of the sample file: the report step as it shows after an import,
    without changing the vault (screenshots may run on the user's own vault)."""
    from .import_wizard import wizard as wiz
    wizard = _wizard_at(stage, wiz.PRIVACY)
    plan = copy.copy(wizard.plan)
    plan.options = dataclasses.replace(plan.options, dry_run=True, save_profile=None)
    report = services.run_import(stage.window.vault, plan)
    wizard.report_step.set_report(report)
    wizard.show_step(wiz.REPORT)
    settle(stage.context, "the import report")
    return wizard


def error_message(stage: Stage):
    from .errors import show_error
    return show_error(stage.window, VaultInUse())


def damaged_vault(stage: Stage):
    from .errors import show_damaged
    return show_damaged(stage.window, VaultDamaged(name="vault.db"))


def _step(index_name: str) -> Callable[[Stage], QWidget]:
    def opener(stage: Stage):
        from .import_wizard import wizard as wiz
        return _wizard_at(stage, getattr(wiz, index_name))
    opener.__name__ = f"import_{index_name.lower()}"
    return opener


DIALOGS: tuple[DialogShot, ...] = (
    DialogShot("recovery_code", "RecoveryCodeDialog", recovery_code),
    DialogShot("tag_rules", "TagRulesDialog", tag_rules),
    DialogShot("quarantine", "QuarantineDialog", quarantine),
    DialogShot("service_lines", "ServiceLinesDialog", service_lines),
    DialogShot("import_file", "ImportWizard", _step("FILE")),
    DialogShot("import_preview", "ImportWizard", _step("PREVIEW")),
    DialogShot("import_mapping", "ImportWizard", _step("MAPPING")),
    DialogShot("import_privacy", "ImportWizard", _step("PRIVACY")),
    DialogShot("import_report", "ImportWizard", import_report),
    DialogShot("error_message", "QMessageBox", error_message),
    DialogShot("damaged_vault", "QMessageBox", damaged_vault),
)


def close(dialog: QWidget) -> None:
    """Close without side effects or questions: the wizard and the quarantine view forget what
    they read (``shutdown``), the recovery code closes unticked (``force_close``)."""
    for name in ("shutdown", "force_close"):
        method = getattr(dialog, name, None)
        if method is not None:
            method()
            return
    dialog.done(0)
