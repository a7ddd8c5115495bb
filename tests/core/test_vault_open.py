"""Opening a vault: each failure gets its own error, before anything is written (vault.md tests 1, 8, 10
and the bad-input cases: non-ASCII paths, newer versions, read-only folders, weak passwords)."""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import time

import pytest

from persona_desktop.core import errors, services
from persona_desktop.core.errors import (KeyFileDamaged, KeyFileMismatch, KeyFileMissing,
                                         ReadOnlyLocation, UnsupportedVaultVersion, VaultDamaged,
                                         VaultExists, VaultInUse, VaultNotFound, WeakPassword,
                                         WrongPassword)
from persona_desktop.core.vault import connection, keyfile, schema
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD

from .vault_helpers import (add_identities, add_products, assert_healthy, build_template,
                            child_env, digest_except_unlock_counter, flip_byte,
                            folder_digest, popen_python, raw_connect, read_header,
                            rewrite_key_files, snapshot)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("open-template") / "vault", PASSWORD)


@pytest.fixture
def closed_vault(template, tmp_path):
    """A locked vault holding some data (a copy of the module's template): (folder, snapshot)."""
    return shutil.copytree(template["folder"], tmp_path / "vault"), template["snapshot"]


# --- 1. wrong password --------------------------------------------------------------------------------
def test_wrong_password_is_refused_at_unwrap_before_any_database_is_opened(closed_vault, monkeypatch):
    folder, _ = closed_vault
    before = digest_except_unlock_counter(folder)
    calls = []
    monkeypatch.setattr(connection, "connect", lambda *a, **k: calls.append(a) or pytest.fail(
        "a database was opened with a wrong password"))
    with pytest.raises(WrongPassword) as info:
        Vault.open(folder, "not the password")
    assert calls == []
    assert info.value.exit_code == errors.EXIT_WRONG_PASSWORD
    assert "password is not correct" in str(info.value)
    assert before == digest_except_unlock_counter(folder)


def test_wrong_password_comes_from_the_gcm_tag_not_from_sqlcipher(closed_vault, monkeypatch):
    from persona_desktop.core.vault import crypto
    folder, _ = closed_vault
    seen = []
    real_unwrap = crypto.unwrap

    def spy(*args, **kwargs):
        try:
            return real_unwrap(*args, **kwargs)
        except crypto.InvalidTag:
            seen.append("InvalidTag")
            raise
    monkeypatch.setattr(crypto, "unwrap", spy)
    with pytest.raises(WrongPassword):
        Vault.open(folder, PASSWORD + "x")
    assert seen == ["InvalidTag"]


def test_failed_unlocks_are_counted_and_recorded_at_the_next_unlock(closed_vault):
    folder, _ = closed_vault
    for _ in range(3):
        with pytest.raises(WrongPassword):
            Vault.open(folder, "nope")
    with Vault.open(folder, PASSWORD) as vault:
        assert vault.failed_unlocks_recorded == 3
        events = [e for e in vault.audit_entries(5) if e["event"] == "unlock_failed"]
        assert events and events[0]["details"]["count"] == 3
        assert_healthy(vault)
    with Vault.open(folder, PASSWORD) as vault:
        assert vault.failed_unlocks_recorded == 0


def test_empty_password_is_wrong_password_not_a_crash(closed_vault):
    folder, _ = closed_vault
    with pytest.raises(WrongPassword):
        Vault.open(folder, "")
    with pytest.raises(WrongPassword):
        Vault.open(folder, None)


def test_unicode_password_round_trips(vault_dir):
    password = "密码 Passwört ✓ 2024"
    vault, _ = Vault.create(vault_dir, password)
    vault.lock()
    with pytest.raises(WrongPassword):
        Vault.open(vault_dir, "密码 Passwort ✓ 2024")
    Vault.open(vault_dir, password).lock()


# --- 10. each failure has its own error ------------------------------------------------------------------
def test_each_failure_kind_has_its_own_error_type_and_message(tmp_path, closed_vault):
    folder, _ = closed_vault
    other, _ = Vault.create(tmp_path / "other", PASSWORD)
    other.lock()

    damaged_key = shutil.copytree(folder, tmp_path / "damaged-key")
    for name in (keyfile.KEY_NAME, keyfile.SPARE_NAME):
        flip_byte(damaged_key / name, 40)

    foreign_key = shutil.copytree(folder, tmp_path / "foreign-key")
    for name in (keyfile.KEY_NAME, keyfile.SPARE_NAME):
        shutil.copy2(tmp_path / "other" / name, foreign_key / name)

    damaged_db = shutil.copytree(folder, tmp_path / "damaged-db")
    flip_byte(damaged_db / "vault.db", 1000)

    missing_key = shutil.copytree(folder, tmp_path / "missing-key")
    for name in (keyfile.KEY_NAME, keyfile.SPARE_NAME):
        (missing_key / name).unlink()

    cases = [
        (damaged_key, PASSWORD, KeyFileDamaged),
        (foreign_key, PASSWORD, KeyFileMismatch),
        (folder, "wrong password", WrongPassword),
        (damaged_db, PASSWORD, VaultDamaged),
        (missing_key, PASSWORD, KeyFileMissing),
        (tmp_path / "nowhere", PASSWORD, VaultNotFound),
    ]
    messages = {}
    for where, password, expected in cases:
        before = digest_except_unlock_counter(where) if where.exists() else {}
        with pytest.raises(errors.PersonaError) as info:
            Vault.open(where, password)
        assert type(info.value) is expected, (where.name, type(info.value), str(info.value))
        messages[expected] = (str(info.value), info.value.message("zh"))
        after = digest_except_unlock_counter(where) if where.exists() else {}
        assert before == after, f"{where.name} was changed by a failed open"
    english = [m[0] for m in messages.values()]
    chinese = [m[1] for m in messages.values()]
    assert len(set(english)) == len(english) and len(set(chinese)) == len(chinese)
    assert "another vault" in messages[KeyFileMismatch][0]
    assert "damaged" in messages[VaultDamaged][0] and "password" not in messages[VaultDamaged][0]
    assert "damaged" in messages[KeyFileDamaged][0]
    assert "missing" in messages[KeyFileMissing][0]
    for exc in (KeyFileDamaged, KeyFileMismatch, VaultDamaged, KeyFileMissing):
        assert exc.exit_code == errors.EXIT_DAMAGED
    assert WrongPassword.exit_code == errors.EXIT_WRONG_PASSWORD


def test_another_vaults_key_file_is_a_mismatch_even_with_that_vaults_password(tmp_path, closed_vault):
    folder, _ = closed_vault
    other, _ = Vault.create(tmp_path / "other", "the other vault's password 9")
    other.lock()
    for name in (keyfile.KEY_NAME, keyfile.SPARE_NAME):
        shutil.copy2(tmp_path / "other" / name, folder / name)
    with pytest.raises(KeyFileMismatch):
        Vault.open(folder, "the other vault's password 9")
    with pytest.raises(KeyFileMismatch):
        Vault.open(folder, PASSWORD)


def test_missing_key_file_and_spare_says_key_file_missing(closed_vault):
    folder, _ = closed_vault
    (folder / keyfile.KEY_NAME).unlink()
    (folder / keyfile.SPARE_NAME).unlink()
    with pytest.raises(KeyFileMissing) as info:
        Vault.open(folder, PASSWORD)
    assert info.value.exit_code == errors.EXIT_DAMAGED
    assert str(folder) in str(info.value)


def test_missing_primary_key_file_falls_back_to_the_spare_and_puts_it_back(closed_vault):
    folder, snap = closed_vault
    (folder / keyfile.KEY_NAME).unlink()
    with Vault.open(folder, PASSWORD) as vault:
        assert snapshot(vault) == snap
    assert (folder / keyfile.KEY_NAME).read_bytes() == (folder / keyfile.SPARE_NAME).read_bytes()


@pytest.mark.parametrize("which", ["vault.db", "identity.db"])
def test_zero_byte_database_is_refused_and_left_untouched(closed_vault, which):
    folder, _ = closed_vault
    (folder / which).write_bytes(b"")
    with pytest.raises(VaultDamaged) as info:
        Vault.open(folder, PASSWORD)
    assert which in str(info.value)
    assert (folder / which).stat().st_size == 0
    assert not (folder / (which + "-wal")).exists()
    # and again: a second attempt must not build a fresh schema on the empty file either
    with pytest.raises(VaultDamaged):
        Vault.open(folder, PASSWORD)
    assert (folder / which).stat().st_size == 0


def test_missing_database_file_is_damaged_not_a_new_vault(closed_vault):
    folder, _ = closed_vault
    (folder / "vault.db").unlink()
    with pytest.raises(VaultDamaged):
        Vault.open(folder, PASSWORD)
    assert not (folder / "vault.db").exists()


def test_create_refuses_a_folder_that_already_holds_a_vault(closed_vault):
    folder, _ = closed_vault
    before = folder_digest(folder)
    with pytest.raises(VaultExists):
        Vault.create(folder, "another password 123")
    assert folder_digest(folder) == before


def test_failed_open_releases_the_process_lock(closed_vault):
    folder, _ = closed_vault
    with pytest.raises(WrongPassword):
        Vault.open(folder, "wrong")
    Vault.open(folder, PASSWORD).lock()  # not VaultInUse


# --- 8. another process ----------------------------------------------------------------------------------
HOLDER = r"""
import sys
from persona_desktop.core.vault.store import Vault
vault = Vault.open(sys.argv[1], sys.argv[2])
print("READY", flush=True)
sys.stdin.readline()
vault.write(lambda v, i: v.execute("INSERT INTO products(sku, name) VALUES ('from-child', 'x')"),
            audit_event=("import", {"rows": 1}))
vault.lock()
print("DONE", flush=True)
"""


def test_vault_open_in_another_process_gives_vault_in_use_and_nothing_is_damaged(closed_vault):
    folder, snap = closed_vault
    child = popen_python(HOLDER, str(folder), PASSWORD)
    try:
        assert child.stdout.readline().strip() == "READY", child.stderr.read()
        with pytest.raises(VaultInUse) as info:
            Vault.open(folder, PASSWORD)
        assert "already open" in str(info.value)
        with pytest.raises(VaultInUse):
            Vault.open(folder, "even a wrong password")  # no unlock attempt while it is in use
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "DONE", child.stderr.read()
        assert child.wait(timeout=30) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    with Vault.open(folder, PASSWORD) as vault:
        assert_healthy(vault)
        got = snapshot(vault)
        assert ("from-child", "x", None) in got["products"]
        assert [p for p in got["products"] if p[0] != "from-child"] == snap["products"]


def test_second_open_in_the_same_process_gives_vault_in_use(new_vault):
    with pytest.raises(VaultInUse):
        Vault.open(new_vault.paths.folder, PASSWORD)


def test_vault_of_a_killed_process_is_not_left_in_use(closed_vault):
    folder, _ = closed_vault
    child = popen_python(HOLDER, str(folder), PASSWORD)
    try:
        assert child.stdout.readline().strip() == "READY", child.stderr.read()
    finally:
        child.kill()
        child.wait()
    with Vault.open(folder, PASSWORD) as vault:
        assert_healthy(vault)


# --- bad input --------------------------------------------------------------------------------------------
def test_non_ascii_vault_path_works_end_to_end(tmp_path):
    folder = tmp_path / "张伟" / "店铺 vault"
    vault, code = services.create_vault(folder, PASSWORD)
    try:
        add_products(vault, 10)
        add_identities(vault, [("name", "张伟"), ("phone", "13812345678")])
        vault.update_settings(shop_name="张伟的茶叶店")
        snap = snapshot(vault)
        (tmp_path / "备份").mkdir()
        info = services.backup(vault, tmp_path / "备份" / "店铺.pvbackup")
    finally:
        vault.lock()
    with Vault.open(folder, PASSWORD) as vault:
        assert snapshot(vault) == snap
        assert vault.settings().shop_name == "张伟的茶叶店"
        assert_healthy(vault)
    with Vault.open(folder, recovery_code=code) as vault:
        assert snapshot(vault) == snap
    restored = tmp_path / "恢复" / "店铺 vault"
    services.restore(info.path, restored, PASSWORD)
    with Vault.open(restored, PASSWORD) as vault:
        assert snapshot(vault) == snap
        assert_healthy(vault)


def test_database_from_a_newer_version_is_refused_and_not_changed(closed_vault):
    folder, _ = closed_vault
    with Vault.open(folder, PASSWORD) as vault:
        key = bytes(vault._key("vault"))
    conn = raw_connect(folder / "vault.db", key)
    conn.execute(f"PRAGMA user_version = {len(schema.VAULT_MIGRATIONS) + 5}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = folder_digest(folder)
    with pytest.raises(UnsupportedVaultVersion) as info:
        Vault.open(folder, PASSWORD)
    assert "newer version" in str(info.value)
    after = folder_digest(folder)
    assert after["vault.db"] == before["vault.db"]
    assert after == before
    conn = raw_connect(folder / "vault.db", key)
    try:
        assert schema.version(conn) == len(schema.VAULT_MIGRATIONS) + 5
    finally:
        conn.close()


def test_key_file_from_a_newer_version_is_refused_and_not_changed(closed_vault):
    folder, _ = closed_vault
    header = read_header(folder)
    header["version"] = 99
    rewrite_key_files(folder, header)
    before = folder_digest(folder)
    with pytest.raises(UnsupportedVaultVersion) as info:
        Vault.open(folder, PASSWORD)
    assert "99" in str(info.value)
    assert folder_digest(folder) == before


def test_create_in_a_read_only_location_says_read_only(tmp_path, monkeypatch):
    """CI runs as root, which ignores chmod: make the OS call fail the way a read-only disk does."""
    folder = tmp_path / "ro" / "vault"
    real_open = os.open

    def read_only_open(path, flags, *args, **kwargs):
        if str(path).startswith(str(folder)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)
    monkeypatch.setattr(os, "open", read_only_open)
    with pytest.raises(ReadOnlyLocation) as info:
        Vault.create(folder, PASSWORD)
    assert str(folder) in str(info.value)
    monkeypatch.undo()
    assert not any(folder.glob("*.db"))


def test_create_when_sqlite_cannot_write_says_read_only_and_leaves_no_files(tmp_path, monkeypatch):
    import sqlcipher3
    folder = tmp_path / "vault"

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(folder / "vault.db"))
    monkeypatch.setattr(sqlcipher3, "connect", refuse)
    with pytest.raises(ReadOnlyLocation):
        Vault.create(folder, PASSWORD)
    monkeypatch.undo()
    assert sorted(p.name for p in folder.iterdir()) in ([], ["vault.lock"])
    # nothing half-made blocks a later create
    Vault.create(folder, PASSWORD)[0].lock()


def _mount(*args: str) -> bool:
    try:
        return subprocess.run(["mount", *args], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def test_real_read_only_bind_mount_gives_read_only_location(tmp_path):
    src, ro = tmp_path / "src", tmp_path / "ro"
    src.mkdir()
    ro.mkdir()
    existing, _ = Vault.create(src / "existing", PASSWORD)
    existing.lock()
    if not _mount("--bind", str(src), str(ro)):
        pytest.skip("cannot bind-mount here")
    try:
        if not _mount("-o", "remount,bind,ro", str(ro)):
            pytest.skip("cannot remount read-only here")
        with pytest.raises(ReadOnlyLocation):
            Vault.create(ro / "new-vault", PASSWORD)
        with pytest.raises(ReadOnlyLocation):
            Vault.open(ro / "existing", PASSWORD)
    finally:
        subprocess.run(["umount", str(ro)], capture_output=True, timeout=10)
    with Vault.open(src / "existing", PASSWORD) as vault:
        assert_healthy(vault)


def test_weak_password_is_refused_unless_confirmed(tmp_path):
    for weak in ("123456", "password", "abc", "aaaaaaaaaaaa"):
        with pytest.raises(WeakPassword) as info:
            services.create_vault(tmp_path / "weak", weak)
        assert info.value.exit_code == errors.EXIT_USAGE
    assert not (tmp_path / "weak").exists() or not any((tmp_path / "weak").iterdir())
    vault, _ = services.create_vault(tmp_path / "weak", "123456", allow_weak=True)
    vault.lock()
    Vault.open(tmp_path / "weak", "123456").lock()


def test_weak_new_password_is_refused_by_change_password(new_vault):
    with pytest.raises(WeakPassword):
        services.change_password(new_vault, "qwerty")
    new_vault.lock()
    Vault.open(new_vault.paths.folder, PASSWORD).lock()


def test_open_after_lock_needs_the_password_again_and_locked_vault_refuses_work(new_vault):
    from persona_desktop.core.errors import VaultLocked
    new_vault.lock()
    assert not new_vault.is_open
    with pytest.raises(VaultLocked):
        new_vault.write(lambda v, i: None)
    with pytest.raises(VaultLocked):
        new_vault._key("vault")


def test_process_exits_cleanly_while_a_vault_is_open(tmp_path):
    """The writer thread must not keep the interpreter alive or lose the last write."""
    code = r"""
import sys
from persona_desktop.core.vault.store import Vault
vault, _ = Vault.create(sys.argv[1], sys.argv[2])
vault.write(lambda v, i: v.execute("INSERT INTO products(sku) VALUES ('last')"))
print("OK", flush=True)
"""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "v"), PASSWORD],
                          env=child_env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 30
    with Vault.open(tmp_path / "v", PASSWORD) as vault:
        assert ("last", None, None) in snapshot(vault)["products"]
        assert_healthy(vault)
