"""A damaged page is VaultDamaged everywhere, and a vault that has shown damage is never written to
again (issue 12, defect 3): every command exits 4 with "restore a backup", whether the damage is
found by the open check, by a reader, by a write or by the integrity check."""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlcipher3

from persona_desktop.core import services
from persona_desktop.core.errors import EXIT_DAMAGED, VaultDamaged
from persona_desktop.core.vault import connection
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD

from .vault_helpers import (
    PAGE,
    add_identities,
    add_products,
    build_demo_vault,
    flip_byte,
    sha256_file,
)


def flip_16_bytes(path: Path, page: int, at: int = 1000) -> None:
    """What the audit did: 16 bytes flipped inside one page (1-based page number)."""
    for i in range(16):
        flip_byte(path, (page - 1) * PAGE + at + i, 0xFF)


def middle_page(path: Path) -> int:
    return (path.stat().st_size // PAGE) // 2 + 1


def files_digest(folder: Path) -> dict[str, str]:
    """The database files and their WAL content, which a damaged vault must never write to again
    (the -shm index is shared memory, rebuilt by any reader, and an empty WAL holds nothing)."""
    return {p.name: sha256_file(p) for p in sorted(Path(folder).iterdir())
            if p.name.startswith(("vault.db", "identity.db")) and not p.name.endswith("-shm")
            and not (p.name.endswith("-wal") and p.stat().st_size == 0)}


@pytest.fixture(scope="module")
def products_template(tmp_path_factory):
    """A locked vault whose vault.db is mostly product pages; returns (folder, products' root
    page), the page every full read of the table starts from."""
    folder = tmp_path_factory.mktemp("damage") / "vault"
    vault, _ = Vault.create(folder, PASSWORD)
    add_products(vault, 3000, name_size=60)
    with vault.reader() as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'products'").fetchone()[0]
    vault.lock()
    return folder, root


@pytest.fixture
def products_vault(products_template, tmp_path):
    folder, root = products_template
    assert root > 1
    return shutil.copytree(folder, tmp_path / "vault"), root


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    return build_demo_vault(tmp_path_factory, "damage-demo", PASSWORD)


@contextmanager
def damaged_while_open(folder: Path, page: int):
    """Open the vault, then damage ``page`` of vault.db (as a failing disk would): the open check
    has passed, so only what reads that page can find it. Locked again afterwards."""
    vault = Vault.open(folder, PASSWORD)
    try:
        flip_16_bytes(folder / "vault.db", page)
        yield vault
    finally:
        vault.lock()  # records nothing and checkpoints nothing into the damaged file


# --- the CLI: every everyday command says "damaged", exit 4, and writes nothing --------------------
def test_info_on_a_vault_with_a_damaged_middle_page_exits_4_and_writes_nothing(cli, products_vault):
    folder, _ = products_vault
    flip_16_bytes(folder / "vault.db", middle_page(folder / "vault.db"))
    before = files_digest(folder)
    for _ in range(2):  # the audit saw rows appended on every run: none may be
        code, out, err = cli("info", "--vault", str(folder))
        assert code == EXIT_DAMAGED, (code, out, err)
        assert "damaged" in err and "backup" in err
        assert files_digest(folder) == before


@pytest.mark.parametrize("command", [["analyze"], ["predict"], ["info", "--json"]])
def test_everyday_commands_on_a_damaged_demo_vault_exit_4_not_unexpected_error(
        cli, demo_template, tmp_path, command):
    folder = shutil.copytree(demo_template, tmp_path / "vault")
    flip_16_bytes(folder / "vault.db", middle_page(folder / "vault.db"))
    before = files_digest(folder)
    code, out, err = cli(*command, "--vault", str(folder))
    assert code == EXIT_DAMAGED, (code, out, err)
    assert "Unexpected error" not in err
    if "--json" in command:
        assert '"error": "VaultDamaged"' in out
    else:
        assert "restore" in err.lower()
    assert files_digest(folder) == before


# --- damage met while the vault is open ------------------------------------------------------------
def test_damage_met_by_a_reader_is_vault_damaged_and_stops_every_write(products_vault):
    folder, root = products_vault
    with damaged_while_open(folder, root) as vault:
        before = files_digest(folder)
        with pytest.raises(VaultDamaged) as info, vault.reader() as conn:
            conn.execute("SELECT * FROM products").fetchall()
        assert "vault.db" in str(info.value) and info.value.exit_code == EXIT_DAMAGED
        assert vault.damaged is not None
        with pytest.raises(VaultDamaged):
            vault.audit("settings_changed", {})
        with pytest.raises(VaultDamaged):
            vault.update_settings(shop_name="after damage")
        with pytest.raises(VaultDamaged):
            vault.run_on_writer(lambda v, i: v.execute("PRAGMA wal_checkpoint(TRUNCATE)"))
        assert files_digest(folder) == before
    assert not vault.is_open
    assert files_digest(folder) == before


def test_damage_met_by_a_write_is_vault_damaged_naming_the_file(products_vault):
    folder, root = products_vault
    with damaged_while_open(folder, root) as vault:
        with pytest.raises(VaultDamaged) as info:
            vault.write(lambda v, i: v.execute("UPDATE products SET name = name || ''"))
        assert "vault.db" in str(info.value)
        before = files_digest(folder)
        with pytest.raises(VaultDamaged):
            vault.audit("settings_changed", {})
    assert files_digest(folder) == before


def test_damage_in_identity_db_met_by_a_reader_names_identity_db(tmp_path):
    folder = tmp_path / "vault"
    vault, _ = Vault.create(folder, PASSWORD)
    try:
        add_identities(vault, [("email", f"user{i}@example.com") for i in range(400)])
        vault.run_on_writer(lambda v, i: i.execute("PRAGMA wal_checkpoint(TRUNCATE)"))
        flip_16_bytes(folder / "identity.db", middle_page(folder / "identity.db"))
        with pytest.raises(VaultDamaged) as info, vault.identity_reader() as conn:
            conn.execute("SELECT * FROM identities").fetchall()
        assert "identity.db" in str(info.value)
        with pytest.raises(VaultDamaged):
            vault.audit("settings_changed", {})
    finally:
        vault.lock()


def test_background_integrity_check_finding_damage_stops_writes(products_vault):
    folder, root = products_vault
    with damaged_while_open(folder, root) as vault:
        with pytest.raises(VaultDamaged) as info:
            services.check_integrity(vault)
        assert "vault.db" in str(info.value)
        before = files_digest(folder)
        with pytest.raises(VaultDamaged):
            vault.audit("settings_changed", {})
        report = services.verify(vault)  # still reports, but appends no "integrity_checked"
        assert not report.ok
    assert files_digest(folder) == before


def test_errors_that_are_not_damage_keep_their_type_and_the_vault_keeps_writing(new_vault):
    with pytest.raises(sqlcipher3.OperationalError), new_vault.reader() as conn:
        conn.execute("SELECT * FROM no_such_table")
    with pytest.raises(sqlcipher3.IntegrityError):
        new_vault.write(lambda v, i: v.execute("INSERT INTO settings(key, value) VALUES ('vault', 1)"))
    assert new_vault.damaged is None
    new_vault.audit("settings_changed", {})


# --- the open check ------------------------------------------------------------------------------
def test_open_finds_a_damaged_page_no_query_reads_before_writing_anything(products_vault):
    """The open check (PRAGMA cipher_integrity_check on both files) runs before the unlock is
    recorded: a damaged page that info's counts never touch is still found, and nothing is
    appended to the damaged file."""
    folder, _ = products_vault
    flip_16_bytes(folder / "vault.db", middle_page(folder / "vault.db"))
    before = files_digest(folder)
    with pytest.raises(VaultDamaged) as info:
        Vault.open(folder, PASSWORD)
    assert "vault.db" in str(info.value)
    assert files_digest(folder) == before
    # the process lock was released: a second try gives the same typed error, not 'in use'
    with pytest.raises(VaultDamaged):
        Vault.open(folder, PASSWORD)


@pytest.mark.parametrize("message, code, damaged", [
    ("database disk image is malformed", 11, True),
    ("file is not a database", 26, True),
    ("HMAC verification failed for page 9", None, True),
    ("database or disk is full", 13, False),
    ("no such table: x", 1, False),
    ("attempt to write a readonly database", 8, False),
])
def test_only_page_and_hmac_failures_count_as_damage(message, code, damaged):
    exc = sqlcipher3.DatabaseError(message)
    if code is not None:
        exc.sqlite_errorcode = code
    assert connection.is_damage(exc) is damaged
