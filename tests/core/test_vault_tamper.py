"""Damaged files are reported as damaged, never as a wrong password, and are never written over
(vault.md tests 2, 3 and 10)."""
from __future__ import annotations

import shutil

import pytest

from persona_desktop.core import errors
from persona_desktop.core.errors import KeyFileDamaged, VaultDamaged, WrongPassword
from persona_desktop.core.vault import keyfile
from persona_desktop.core.vault.crypto import b64, unb64
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD

from .vault_helpers import (PAGE, add_identities, add_products, assert_healthy, flip_byte,
                            folder_digest, read_header, rewrite_key_files, sha256_file, snapshot,
                            truncate)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """One locked vault with ~70 pages of data in vault.db, copied by each test (fast)."""
    folder = tmp_path_factory.mktemp("tamper") / "vault"
    vault, _ = Vault.create(folder, PASSWORD)
    add_products(vault, 3000, name_size=60)
    add_identities(vault, [("email", f"user{i}@example.com") for i in range(300)])
    with vault.reader() as conn:
        roots = dict(conn.execute("SELECT name, rootpage FROM sqlite_master WHERE type='table'"))
    snap = snapshot(vault)
    vault.lock()
    return folder, snap, roots


@pytest.fixture
def vault_copy(template, tmp_path):
    folder, snap, roots = template
    return shutil.copytree(folder, tmp_path / "vault"), snap, roots


def _open_or_check(folder):
    """Open the vault; return the error raised, or the integrity problems found after opening.
    Anything other than a typed "damaged" error or reported problems fails the test."""
    try:
        vault = Vault.open(folder, PASSWORD)
    except (VaultDamaged, KeyFileDamaged) as exc:
        assert exc.exit_code == errors.EXIT_DAMAGED
        assert "damaged" in str(exc) and "password" not in str(exc).lower()
        return exc
    try:
        problems = vault.integrity_problems()
    finally:
        vault.lock(record=False)
    return problems


def _assert_detected(outcome, which="vault.db"):
    if isinstance(outcome, Exception):
        assert which in str(outcome), str(outcome)
    else:
        assert outcome[which], f"damage in {which} was not detected: {outcome}"


# --- 2. flipped bytes in the databases ------------------------------------------------------------------
@pytest.mark.parametrize("offset", [16, 17, 100, 2000, PAGE - 1])
def test_flipped_byte_in_page_1_says_damaged_not_wrong_password(vault_copy, offset):
    folder, _, _ = vault_copy
    flip_byte(folder / "vault.db", offset)
    before = sha256_file(folder / "vault.db")
    with pytest.raises(VaultDamaged) as info:
        Vault.open(folder, PASSWORD)
    assert "vault.db" in str(info.value)
    assert not isinstance(info.value, WrongPassword)
    assert sha256_file(folder / "vault.db") == before


@pytest.mark.parametrize("which", ["vault.db", "identity.db"])
def test_flipped_byte_in_the_plaintext_salt_says_that_database_is_damaged(vault_copy, which):
    """The first 16 bytes are SQLCipher's salt (plaintext by design). A change there in one file,
    while the other still matches the key file, is damage to that file, not a foreign key file."""
    folder, _, _ = vault_copy
    flip_byte(folder / which, 3)
    before = sha256_file(folder / which)
    with pytest.raises(VaultDamaged) as info:
        Vault.open(folder, PASSWORD)
    assert which in str(info.value)
    assert sha256_file(folder / which) == before


@pytest.mark.parametrize("where", ["page2", "middle", "last", "products_root", "audit_log_root"])
def test_flipped_byte_in_page_n_is_detected_on_open_or_by_the_integrity_check(vault_copy, where):
    folder, _, roots = vault_copy
    pages = (folder / "vault.db").stat().st_size // PAGE
    assert pages > 50, "the template vault should span many pages"
    page = {"page2": 2, "middle": pages // 2, "last": pages, "products_root": roots["products"],
            "audit_log_root": roots["audit_log"]}[where]
    flip_byte(folder / "vault.db", (page - 1) * PAGE + 1234)
    _assert_detected(_open_or_check(folder))


@pytest.mark.parametrize("page", [1, 2, "last"])
def test_flipped_byte_in_identity_db_is_detected_as_damage(vault_copy, page):
    folder, _, _ = vault_copy
    pages = (folder / "identity.db").stat().st_size // PAGE
    page = pages if page == "last" else page
    flip_byte(folder / "identity.db", (page - 1) * PAGE + 777)
    _assert_detected(_open_or_check(folder), "identity.db")


def test_damage_found_while_recording_the_unlock_releases_the_vault(vault_copy):
    """If the page holding the audit log is damaged, the unlock record fails: the error is the
    typed one and the vault is not left half-open (a second attempt is not 'in use')."""
    folder, _, roots = vault_copy
    flip_byte(folder / "vault.db", (roots["audit_log"] - 1) * PAGE + 500)
    for _ in range(2):
        outcome = _open_or_check(folder)
        _assert_detected(outcome)


# --- 3. truncation ------------------------------------------------------------------------------------------
TRUNCATIONS = {
    "last_page_boundary": lambda size: size - PAGE,
    "middle_page_boundary": lambda size: (size // PAGE // 2) * PAGE,
    "mid_last_page": lambda size: size - 1000,
    "mid_middle_page": lambda size: (size // PAGE // 2) * PAGE + 1234,
    "one_page": lambda size: PAGE,
    "ten_bytes": lambda size: 10,
    "zero_bytes": lambda size: 0,
}


@pytest.mark.parametrize("which", ["vault.db", "identity.db"])
@pytest.mark.parametrize("cut", list(TRUNCATIONS))
def test_truncated_database_is_detected_and_not_written_over(vault_copy, which, cut):
    folder, _, _ = vault_copy
    size = (folder / which).stat().st_size
    new_size = TRUNCATIONS[cut](size)
    if new_size >= size:
        pytest.skip("file too small for this cut")
    truncate(folder / which, new_size)
    before = sha256_file(folder / which)
    outcome = _open_or_check(folder)
    _assert_detected(outcome, which)
    assert (folder / which).stat().st_size == new_size
    assert sha256_file(folder / which) == before, "a damaged database was written to"
    if isinstance(outcome, Exception):
        # refused before anything was done: no WAL left beside it
        assert not (folder / (which + "-wal")).exists() or \
            (folder / (which + "-wal")).stat().st_size == 0


# --- 2. the key file ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("offset", [0, 40, 200, -30, -2])
def test_flipped_byte_in_both_key_files_says_damaged_not_wrong_password(vault_copy, offset):
    folder, _, _ = vault_copy
    for name in (keyfile.KEY_NAME, keyfile.SPARE_NAME):
        size = (folder / name).stat().st_size
        flip_byte(folder / name, offset % size)
    before = folder_digest(folder)
    with pytest.raises(KeyFileDamaged) as info:
        Vault.open(folder, PASSWORD)
    assert info.value.exit_code == errors.EXIT_DAMAGED
    assert "damaged" in str(info.value)
    assert folder_digest(folder) == before


@pytest.mark.parametrize("offset", [0, 40, 200, -30, -2])
def test_flipped_byte_in_primary_key_file_falls_back_to_the_spare_and_repairs_it(vault_copy, offset):
    folder, snap, _ = vault_copy
    spare = (folder / keyfile.SPARE_NAME).read_bytes()
    flip_byte(folder / keyfile.KEY_NAME, offset % len(spare))
    with Vault.open(folder, PASSWORD) as vault:
        assert snapshot(vault) == snap
        assert_healthy(vault)
    # rebuilt from the spare: equal but for the audit anchor the lock moved
    assert (keyfile.fingerprint(keyfile.parse((folder / keyfile.KEY_NAME).read_bytes()))
            == keyfile.fingerprint(keyfile.parse(spare)))


def test_damaged_spare_key_file_is_ignored_when_the_primary_is_fine(vault_copy):
    folder, snap, _ = vault_copy
    flip_byte(folder / keyfile.SPARE_NAME, 100)
    with Vault.open(folder, PASSWORD) as vault:
        assert snapshot(vault) == snap


def test_truncated_or_empty_key_files_say_damaged(vault_copy):
    folder, _, _ = vault_copy
    truncate(folder / keyfile.KEY_NAME, 100)
    (folder / keyfile.SPARE_NAME).write_bytes(b"")
    with pytest.raises(KeyFileDamaged):
        Vault.open(folder, PASSWORD)


def test_key_file_holding_garbage_says_damaged(vault_copy):
    folder, _, _ = vault_copy
    for name in (keyfile.KEY_NAME, keyfile.SPARE_NAME):
        (folder / name).write_bytes(b"\x00\xff" * 300 + "钥匙".encode())
    with pytest.raises(KeyFileDamaged):
        Vault.open(folder, PASSWORD)


def test_altered_wrapped_data_keys_with_valid_checksum_say_damaged(vault_copy):
    """Someone edits the wrapped keys and recomputes the checksum: the password slot still opens,
    so the failure is the key file's, not the password's."""
    folder, _, _ = vault_copy
    header = read_header(folder)
    wrapped = bytearray(unb64(header["keys"]["wrapped"]))
    wrapped[5] ^= 0x80
    header["keys"]["wrapped"] = b64(bytes(wrapped))
    rewrite_key_files(folder, header)
    with pytest.raises(KeyFileDamaged):
        Vault.open(folder, PASSWORD)


def test_key_file_with_wrong_format_marker_says_damaged(vault_copy):
    folder, _, _ = vault_copy
    header = read_header(folder)
    header["format"] = "something-else"
    rewrite_key_files(folder, header)
    with pytest.raises(KeyFileDamaged):
        Vault.open(folder, PASSWORD)
