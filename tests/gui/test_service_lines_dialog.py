"""The Imports page lists the postage, fee and adjustment lines found in the orders; unticking
one makes it a product again, stored in the vault (issue 14, item 6)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from persona_desktop.core import services
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD
from tests.core.test_service_lines import _write_shop
from tests.gui.conftest import unlock


def test_service_lines_are_listed_and_a_change_is_stored(qtbot, make_window, existing_vault,
                                                         tmp_path):
    with Vault.open(existing_vault, PASSWORD) as vault:
        services.import_file(vault, _write_shop(tmp_path / "shop.csv"))
    window = make_window(existing_vault)
    unlock(qtbot, window)
    page = next(p for p in window.workspace.pages if type(p).__name__ == "ImportsPage")
    page.edit_service_lines()
    qtbot.waitUntil(lambda: page.service_dialog is not None and page.service_dialog.isVisible(),
                    timeout=15000)
    dialog = page.service_dialog
    model = dialog.model
    codes = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert set(codes) == {"YF", "ADJ"}
    row = codes.index("ADJ")
    assert model.index(row, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.setData(model.index(row, 0), Qt.CheckState.Unchecked.value,
                         Qt.ItemDataRole.CheckStateRole)
    dialog.save()
    qtbot.waitUntil(lambda: page.service_dialog is None, timeout=15000)
    listed = {r["sku"] for r in services.service_lines(window.vault)}
    assert listed == {"YF"}
