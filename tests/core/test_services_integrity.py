"""The check that runs in the background after every unlock (vault.md, opening step 6)."""
from __future__ import annotations

import pytest

from persona_desktop.core import services
from persona_desktop.core.errors import VaultDamaged
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD
from tests.core.vault_helpers import add_products, flip_byte


def test_healthy_vault_passes_the_background_check(new_vault):
    services.check_integrity(new_vault)


def test_damage_past_page_one_is_found_after_unlock(vault_dir):
    vault, _code = Vault.create(vault_dir, PASSWORD)
    add_products(vault, 3000)
    vault.lock()
    db = vault_dir / "vault.db"
    pages = db.stat().st_size // 4096
    flip_byte(db, (pages // 2) * 4096 + 2000)
    try:
        reopened = Vault.open(vault_dir, PASSWORD)
    except VaultDamaged:
        return  # found even earlier: fine
    try:
        with pytest.raises(VaultDamaged) as err:
            services.check_integrity(reopened)
        assert err.value.exit_code == 4
    finally:
        reopened.lock(record=False)
