"""Encrypted backup and restore (vault.md "Backups", tests 7 and 11)."""
from __future__ import annotations

import errno
import json
import os
import secrets
import shutil
import zipfile
from pathlib import Path

import pytest

from persona_desktop.core import errors, services
from persona_desktop.core.errors import (BackupDamaged, DiskFull, UnsupportedVaultVersion,
                                         VaultExists, VaultInUse, WrongPassword)
from persona_desktop.core.privacy.pseudonymize import load_pseudonymizer
from persona_desktop.core.vault import backup as backup_mod
from persona_desktop.core.vault import connection, keyfile
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD

from .vault_helpers import (add_identities, add_products, assert_healthy, flip_byte, folder_digest,
                            scan_for_plaintext, sha256_file, snapshot, truncate)

PEOPLE = [("email", "chen.jing@example.cn"), ("phone", "13700001111"), ("name", "陈静")]


@pytest.fixture
def shop(new_vault):
    token = secrets.token_hex(4)
    phone = "+86139" + "".join(str(int(c, 16) % 10) for c in token)
    canaries = [f"CanaryZhang张三丰{token}", f"canary.{token}@example.com", phone]
    add_products(new_vault, 300)
    pseudonyms = add_identities(new_vault, PEOPLE + [("name", canaries[0]), ("email", canaries[1]),
                                                     ("phone", canaries[2])])
    new_vault.write(lambda v, i: v.execute("INSERT INTO products(sku, name) VALUES (?, ?)",
                                           ("canary", canaries[0])))
    new_vault.update_settings(shop_name=f"Shop {canaries[0]}")
    return new_vault, snapshot(new_vault), canaries, pseudonyms


def _pseudonyms(vault):
    with vault.identity_reader() as iconn:
        pz = load_pseudonymizer(iconn)
        return [pz.pseudonym(kind, value) for kind, value in PEOPLE]


# --- round trip ----------------------------------------------------------------------------------------------
def test_backup_and_restore_round_trip_brings_back_both_databases(shop, tmp_path):
    vault, snap, _, pseudonyms = shop
    before_pseudonyms = _pseudonyms(vault)
    info = services.backup(vault, tmp_path / "shop.pvbackup")
    assert info.path.is_file() and info.size == info.path.stat().st_size
    assert info.sha256 == sha256_file(info.path) and info.vault_id == vault.keyfile.vault_id
    with zipfile.ZipFile(info.path) as zf:
        assert sorted(zf.namelist()) == ["identity.db", "manifest.json", "vault.db", "vault.key"]
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())
    assert vault.audit_entries(1)[0]["event"] == "backup_created"
    vault.lock()

    target = tmp_path / "restored"
    assert services.restore(info.path, target, PASSWORD) is None
    with Vault.open(target, PASSWORD) as restored:
        assert snapshot(restored) == snap
        assert_healthy(restored)
        assert _pseudonyms(restored) == before_pseudonyms
        with restored.reader() as conn:
            customers = {r[0] for r in conn.execute("SELECT pseudonym FROM customers")}
        assert set(pseudonyms) <= customers
        assert restored.keyfile.vault_id == info.vault_id
        assert "restored" in [e["event"] for e in restored.audit_entries(5)]
    assert (target / keyfile.SPARE_NAME).read_bytes() == (target / keyfile.KEY_NAME).read_bytes()
    assert not [p for p in tmp_path.iterdir() if ".restore-" in p.name]


def test_backup_into_a_folder_picks_a_dated_name(shop, tmp_path):
    vault, _, _, _ = shop
    (tmp_path / "backups").mkdir()
    info = services.backup(vault, tmp_path / "backups")
    assert info.path.parent == tmp_path / "backups" and info.path.suffix == ".pvbackup"
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [info.path.name]


def test_backup_made_while_writing_is_consistent(shop, tmp_path):
    """The copy goes through the writer thread, so it sits between two transactions."""
    vault, _, _, _ = shop
    add_products(vault, 500, prefix="late")
    info = services.backup(vault, tmp_path / "b.pvbackup")
    snap = snapshot(vault)
    vault.lock()
    services.restore(info.path, tmp_path / "r", PASSWORD)
    with Vault.open(tmp_path / "r", PASSWORD) as restored:
        assert snapshot(restored) == snap


def test_restore_needs_the_password_valid_when_the_backup_was_made(shop, tmp_path):
    vault, snap, _, _ = shop
    info = services.backup(vault, tmp_path / "b.pvbackup")
    services.change_password(vault, "a later password 77")
    vault.lock()
    with pytest.raises(WrongPassword):
        services.restore(info.path, tmp_path / "r", "a later password 77")
    services.restore(info.path, tmp_path / "r", PASSWORD)
    with Vault.open(tmp_path / "r", PASSWORD) as restored:
        assert snapshot(restored) == snap


def test_backup_holds_no_plaintext(shop, tmp_path):
    vault, _, canaries, _ = shop
    # positive control: the canaries are in the vault, readable through it
    with vault.identity_reader() as conn:
        values = {r[0] for r in conn.execute("SELECT value FROM identities")}
    assert set(canaries) <= values
    info = services.backup(vault, tmp_path / "b.pvbackup")
    assert scan_for_plaintext([info.path], canaries) == []
    assert scan_for_plaintext([info.path], [p[1] for p in PEOPLE]) == []
    # and the scan itself works: an unencrypted copy of the same text is found
    (tmp_path / "control.txt").write_text(canaries[0], encoding="utf-16-le")
    assert scan_for_plaintext([tmp_path / "control.txt"], canaries)


# --- wrong password, damage -----------------------------------------------------------------------------------
def test_restore_with_wrong_password_is_refused_and_changes_nothing(shop, tmp_path):
    vault, _, _, _ = shop
    info = services.backup(vault, tmp_path / "b.pvbackup")
    folder = vault.paths.folder
    vault.lock()
    archive_sha = sha256_file(info.path)
    with pytest.raises(WrongPassword):
        services.restore(info.path, tmp_path / "new", "not the password")
    assert not (tmp_path / "new").exists()
    before = folder_digest(folder)
    with pytest.raises(WrongPassword):
        services.restore(info.path, folder, "not the password", replace=True)
    assert folder_digest(folder) == before
    assert sha256_file(info.path) == archive_sha
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.pvbackup", "vault"]


def _member_offset(archive, member):
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo(member)
    with open(archive, "rb") as fh:
        fh.seek(info.header_offset + 26)
        name_len = int.from_bytes(fh.read(2), "little")
        extra_len = int.from_bytes(fh.read(2), "little")
    return info.header_offset + 30 + name_len + extra_len, info.file_size


@pytest.fixture(scope="module")
def archive_template(tmp_path_factory):
    base = tmp_path_factory.mktemp("backup-template")
    vault, _ = Vault.create(base / "vault", PASSWORD)
    try:
        add_products(vault, 300)
        add_identities(vault, PEOPLE)
        info = services.backup(vault, base / "b.pvbackup")
    finally:
        vault.lock()
    return info.path


@pytest.fixture
def archive(archive_template, tmp_path):
    """A fresh copy of one backup made for the whole module."""
    return Path(shutil.copy2(archive_template, tmp_path / "b.pvbackup"))


@pytest.mark.parametrize("member,where", [("vault.db", 0.5), ("vault.db", 0.01), ("identity.db", 0.5),
                                          ("vault.key", 0.5), ("manifest.json", 0.5)])
def test_backup_with_a_flipped_byte_is_refused_as_damaged(archive, tmp_path, member, where):
    start, size = _member_offset(archive, member)
    flip_byte(archive, start + int(size * where))
    with pytest.raises(BackupDamaged) as info:
        services.restore(archive, tmp_path / "r", PASSWORD)
    assert info.value.exit_code == errors.EXIT_DAMAGED
    assert archive.name in str(info.value)
    assert not (tmp_path / "r").exists()
    assert not [p for p in tmp_path.iterdir() if ".restore-" in p.name]


@pytest.mark.parametrize("keep", [0.5, 0.99, 100, 0])
def test_truncated_backup_is_refused_as_damaged(archive, tmp_path, keep):
    size = archive.stat().st_size
    truncate(archive, int(size * keep) if isinstance(keep, float) else keep)
    with pytest.raises(BackupDamaged):
        services.restore(archive, tmp_path / "r", PASSWORD)
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("content", [b"", b"hello, not a zip", os.urandom(70000),
                                     "客户,电话\n张三,13800000000\n".encode()])
def test_file_that_is_not_a_backup_is_refused_as_damaged(tmp_path, content):
    fake = tmp_path / "fake.pvbackup"
    fake.write_bytes(content)
    with pytest.raises(BackupDamaged):
        services.restore(fake, tmp_path / "r", PASSWORD)
    assert not (tmp_path / "r").exists()


def test_zip_that_is_not_a_persona_backup_is_refused_as_damaged(tmp_path):
    for i, manifest in enumerate([None, "[1, 2]", '{"format": "other"}', "not json"]):
        fake = tmp_path / f"other{i}.zip"
        with zipfile.ZipFile(fake, "w") as zf:
            zf.writestr("readme.txt", "hello")
            if manifest is not None:
                zf.writestr("manifest.json", manifest)
        with pytest.raises(BackupDamaged):
            services.restore(fake, tmp_path / "r", PASSWORD)
    with pytest.raises(BackupDamaged):
        services.restore(tmp_path / "missing.pvbackup", tmp_path / "r", PASSWORD)


def _repack(archive, dest, change):
    """Rewrite the archive with ``change(members)`` applied and a manifest that matches it
    (someone who knows the format; the checksums then say nothing)."""
    import hashlib
    with zipfile.ZipFile(archive) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    change(members)
    manifest = json.loads(members["manifest.json"])
    manifest["sha256"] = {m: hashlib.sha256(members[m]).hexdigest() for m in backup_mod.MEMBERS}
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(dest, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return dest


def test_backup_with_a_damaged_key_file_and_matching_manifest_is_damaged(archive, tmp_path):
    def damage(members):
        data = bytearray(members["vault.key"])
        data[50] ^= 1
        members["vault.key"] = bytes(data)
    fake = _repack(archive, tmp_path / "k.pvbackup", damage)
    with pytest.raises(BackupDamaged):
        services.restore(fake, tmp_path / "r", PASSWORD)


@pytest.mark.parametrize("member,offset", [("vault.db", 0.5), ("vault.db", 100), ("identity.db", 100),
                                           ("identity.db", 0.9)])
def test_backup_with_a_damaged_database_and_matching_manifest_is_damaged(archive, tmp_path, member,
                                                                         offset):
    def damage(members):
        data = bytearray(members[member])
        data[int(len(data) * offset) if isinstance(offset, float) else offset] ^= 1
        members[member] = bytes(data)
    fake = _repack(archive, tmp_path / "d.pvbackup", damage)
    with pytest.raises(BackupDamaged):
        services.restore(fake, tmp_path / "r", PASSWORD)
    assert not (tmp_path / "r").exists()


def test_backup_from_a_newer_version_says_so(archive, tmp_path):
    def newer(members):
        header = keyfile.parse(members["vault.key"])
        header["version"] = 99
        members["vault.key"] = keyfile.serialise(header)
    fake = _repack(archive, tmp_path / "n.pvbackup", newer)
    with pytest.raises(UnsupportedVaultVersion):
        services.restore(fake, tmp_path / "r", PASSWORD)


# --- full disk -------------------------------------------------------------------------------------------------
def test_disk_full_while_writing_the_archive_keeps_the_older_backup(shop, tmp_path, monkeypatch):
    vault, _, _, _ = shop
    dest = tmp_path / "backups" / "shop.pvbackup"
    dest.parent.mkdir()
    services.backup(vault, dest)
    older = sha256_file(dest)
    real_write = zipfile.ZipFile.write

    def full_disk_write(self, filename, arcname=None, *args, **kwargs):
        if arcname == "identity.db":  # vault.db is already in the archive: a partial file exists
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, filename, arcname, *args, **kwargs)
    monkeypatch.setattr(zipfile.ZipFile, "write", full_disk_write)
    with pytest.raises(DiskFull) as info:
        services.backup(vault, dest)
    assert "disk is full" in str(info.value)
    assert sha256_file(dest) == older
    assert sorted(p.name for p in dest.parent.iterdir()) == ["shop.pvbackup"]
    monkeypatch.undo()
    vault.lock()
    services.restore(dest, tmp_path / "r", PASSWORD)  # the older backup still restores


def test_disk_full_while_copying_the_databases_is_disk_full(shop, tmp_path, monkeypatch):
    """SQLite reports a full disk as SQLITE_FULL, not as an OSError: simulate it with
    max_page_count on the staged copy."""
    vault, _, _, _ = shop
    dest = tmp_path / "shop.pvbackup"
    real_connect = connection.connect

    def small_disk(path, key, **kwargs):
        conn = real_connect(path, key, **kwargs)
        if kwargs.get("create") and ".partial" in str(path.parent):
            conn.execute("PRAGMA max_page_count = 3")
        return conn
    monkeypatch.setattr(connection, "connect", small_disk)
    with pytest.raises(DiskFull):
        services.backup(vault, dest)
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vault"]
    assert_healthy(vault)


def test_disk_full_while_restoring_changes_nothing(archive, tmp_path, monkeypatch):
    real_open = backup_mod.open_private

    def full(path, *args, **kwargs):  # unpacking identity.db finds the disk full
        if Path(path).name == "identity.db":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, *args, **kwargs)
    monkeypatch.setattr(backup_mod, "open_private", full)
    with pytest.raises(DiskFull):
        services.restore(archive, tmp_path / "r", PASSWORD)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.pvbackup"]


# --- replacing an existing vault ------------------------------------------------------------------------------
def test_restore_over_an_existing_vault_needs_replace_and_moves_the_old_one_aside(shop, tmp_path):
    vault, snap, _, _ = shop
    info = services.backup(vault, tmp_path / "b.pvbackup")
    folder = vault.paths.folder
    vault.lock()
    # the vault moves on after the backup
    with Vault.open(folder, PASSWORD) as later:
        add_products(later, 10, prefix="after-backup")
        later_snap = snapshot(later)
    before = folder_digest(folder)
    with pytest.raises(VaultExists):
        services.restore(info.path, folder, PASSWORD)
    assert folder_digest(folder) == before

    moved = services.restore(info.path, folder, PASSWORD, replace=True)
    assert moved is not None and moved.exists() and moved.parent == folder.parent
    assert folder_digest(moved) == before  # nothing lost: the previous vault, byte for byte
    with Vault.open(folder, PASSWORD) as restored:
        assert snapshot(restored) == snap
        assert_healthy(restored)
    with Vault.open(moved, PASSWORD) as previous:
        assert snapshot(previous) == later_snap
        assert_healthy(previous)


def test_restore_over_a_vault_open_elsewhere_is_refused(shop, tmp_path):
    vault, _, _, _ = shop
    info = services.backup(vault, tmp_path / "b.pvbackup")
    before = snapshot(vault)
    with pytest.raises(VaultInUse):
        services.restore(info.path, vault.paths.folder, PASSWORD, replace=True)
    assert snapshot(vault) == before
    assert not [p for p in tmp_path.iterdir() if "before-restore" in p.name]


def test_restore_into_a_non_empty_folder_that_is_not_a_vault_leaves_it_alone(archive, tmp_path):
    other = tmp_path / "documents"
    other.mkdir()
    (other / "letter.txt").write_text("keep me")
    with pytest.raises((OSError, errors.PersonaError)):
        services.restore(archive, other, PASSWORD)
    assert (other / "letter.txt").read_text() == "keep me"
    assert sorted(p.name for p in other.iterdir()) == ["letter.txt"]


def test_restored_vault_keeps_working_for_key_operations(archive, tmp_path):
    services.restore(archive, tmp_path / "r", PASSWORD)
    with Vault.open(tmp_path / "r", PASSWORD) as vault:
        snap = snapshot(vault)
        services.rotate_keys(vault)
        services.change_password(vault, "after the restore 123")
    with Vault.open(tmp_path / "r", "after the restore 123") as vault:
        assert snapshot(vault) == snap
        assert_healthy(vault)
    shutil.rmtree(tmp_path / "r")
