"""The spare key file (vault.key.bak): tried when vault.key is missing, damaged or belongs to another
vault; a rebuild from it is told to the user and audited; it never makes a wrong password work and
never replaces a valid vault.key of this vault."""
from __future__ import annotations

import json
import shutil

import pytest

from persona_desktop.core.errors import KeyFileMismatch, KeyFileRestoredFromSpare, WrongPassword
from persona_desktop.core.vault import keyfile
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD

from .vault_helpers import build_template, flip_byte, folder_digest, snapshot

OTHER_PASSWORD = "the other vault's password 9"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("spare-template") / "vault", PASSWORD)


@pytest.fixture(scope="module")
def other_key(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("other") / "vault"
    other, _ = Vault.create(folder, OTHER_PASSWORD)
    other.lock()
    return (folder / keyfile.KEY_NAME).read_bytes()


@pytest.fixture
def closed_vault(template, tmp_path):
    return shutil.copytree(template["folder"], tmp_path / "vault"), template["snapshot"]


def _restored_entries(vault) -> list[dict]:
    return [e for e in vault.audit_entries(200) if e["event"] == "key_file_restored"]


def test_another_vaults_key_file_falls_back_to_the_spare_and_tells_the_user(closed_vault, other_key):
    folder, snap = closed_vault
    spare = (folder / keyfile.SPARE_NAME).read_bytes()
    (folder / keyfile.KEY_NAME).write_bytes(other_key)
    with Vault.open(folder, PASSWORD) as vault:
        assert snapshot(vault) == snap
        assert [type(n) for n in vault.notices] == [KeyFileRestoredFromSpare]
        assert "another vault" in vault.notices[0].message("en")
        assert [e["details"]["reason"] for e in _restored_entries(vault)] == ["other_vault"]
    # rebuilt from the spare (the anchor the lock wrote aside, which changes at every unlock)
    assert (keyfile.fingerprint(keyfile.parse((folder / keyfile.KEY_NAME).read_bytes()))
            == keyfile.fingerprint(keyfile.parse(spare)))
    # The other vault's key file may be that vault's only copy: it is moved aside, not destroyed.
    kept = [p for p in folder.iterdir() if p.name.startswith(keyfile.KEY_NAME + ".other-vault")]
    assert len(kept) == 1 and kept[0].read_bytes() == other_key


def test_the_next_open_after_a_rebuild_is_quiet(closed_vault, other_key):
    folder, _ = closed_vault
    (folder / keyfile.KEY_NAME).write_bytes(other_key)
    Vault.open(folder, PASSWORD).lock()
    with Vault.open(folder, PASSWORD) as vault:
        assert vault.notices == []
        assert len(_restored_entries(vault)) == 1


@pytest.mark.parametrize("password", [OTHER_PASSWORD, "not the password", ""])
def test_a_foreign_key_file_never_makes_a_wrong_password_work(closed_vault, other_key, password):
    folder, _ = closed_vault
    (folder / keyfile.KEY_NAME).write_bytes(other_key)
    before = folder_digest(folder)
    spare_before = _without_counter(folder / keyfile.SPARE_NAME)
    with pytest.raises(WrongPassword):
        Vault.open(folder, password)
    after = folder_digest(folder)
    # The failed-unlock counter lives in this vault's key file copies (attempts.py): the spare
    # may record the attempt, and nothing else of it changes.
    assert _without_counter(folder / keyfile.SPARE_NAME) == spare_before
    before.pop(keyfile.SPARE_NAME)
    after.pop(keyfile.SPARE_NAME)
    assert after == before  # the other vault's key file untouched, nothing moved aside or rebuilt


def _without_counter(path) -> dict:
    """The header without what changes on every (failed or successful) unlock."""
    from persona_desktop.core.vault.attempts import FIELD
    header = keyfile.parse(path.read_bytes())
    header.pop(FIELD, None)
    header.pop(keyfile.ANCHOR_FIELD, None)
    return header


def test_a_foreign_spare_as_well_is_still_a_mismatch(closed_vault, other_key):
    folder, _ = closed_vault
    for name in (keyfile.KEY_NAME, keyfile.SPARE_NAME):
        (folder / name).write_bytes(other_key)
    with pytest.raises(KeyFileMismatch):
        Vault.open(folder, PASSWORD)


def test_a_valid_key_file_of_this_vault_is_never_replaced_by_a_stale_spare(closed_vault):
    """A spare holding an older header (the old password) must not be tried when vault.key is
    this vault's own: that would let the old password back in."""
    folder, _ = closed_vault
    stale_spare = (folder / keyfile.SPARE_NAME).read_bytes()
    with Vault.open(folder, PASSWORD) as vault:
        from persona_desktop.core.vault import keyops
        keyops.change_password(vault, "a brand new password 42", vault.keyfile.kdf)
    current = _without_counter(folder / keyfile.KEY_NAME)
    (folder / keyfile.SPARE_NAME).write_bytes(stale_spare)
    with pytest.raises(WrongPassword):
        Vault.open(folder, PASSWORD)
    # (the failed-unlock counter inside the key file may change; nothing else of it does)
    assert _without_counter(folder / keyfile.KEY_NAME) == current
    with Vault.open(folder, "a brand new password 42") as vault:
        assert vault.notices == []
    assert _without_counter(folder / keyfile.KEY_NAME) == current


@pytest.mark.parametrize("damage", ["flipped", "missing"])
def test_a_rebuild_of_a_damaged_or_missing_key_file_is_told_and_audited(closed_vault, damage):
    folder, _ = closed_vault
    if damage == "flipped":
        flip_byte(folder / keyfile.KEY_NAME, 40)
    else:
        (folder / keyfile.KEY_NAME).unlink()
    with Vault.open(folder, PASSWORD) as vault:
        assert [type(n) for n in vault.notices] == [KeyFileRestoredFromSpare]
        reason = "damaged" if damage == "flipped" else "missing"
        assert [e["details"]["reason"] for e in _restored_entries(vault)] == [reason]
    assert (folder / keyfile.KEY_NAME).read_bytes() == (folder / keyfile.SPARE_NAME).read_bytes()


def test_cli_prints_the_rebuild_on_stderr_and_keeps_json_parseable(cli, closed_vault, other_key):
    folder, _ = closed_vault
    (folder / keyfile.KEY_NAME).write_bytes(other_key)
    code, out, err = cli("info", "--vault", str(folder), "--json")
    assert code == 0
    assert json.loads(out)["path"] == str(folder.resolve())
    assert "vault.key.bak" in err and "another vault" in err


def test_a_rebuild_is_told_even_when_the_spare_finishes_an_interrupted_rotation(closed_vault,
                                                                                  other_key,
                                                                                  monkeypatch):
    """Finishing a rotation saves the key file too: that save must not overwrite the other
    vault's key file nor swallow the notice."""
    from persona_desktop.core.vault import keyops
    folder, snap = closed_vault

    def crash(step):
        if step == "pending_saved":
            raise RuntimeError("crash after the pending slot was saved")
    monkeypatch.setattr(keyops, "crashpoint", crash)
    with Vault.open(folder, PASSWORD) as vault:
        with pytest.raises(RuntimeError):
            keyops.rotate_data_keys(vault)
    monkeypatch.setattr(keyops, "crashpoint", lambda step: None)
    assert keyfile.parse((folder / keyfile.SPARE_NAME).read_bytes())["pending_keys"]
    (folder / keyfile.KEY_NAME).write_bytes(other_key)
    with Vault.open(folder, PASSWORD) as vault:
        assert snapshot(vault) == snap
        assert [type(n) for n in vault.notices] == [KeyFileRestoredFromSpare]
    kept = [p for p in folder.iterdir() if p.name.startswith(keyfile.KEY_NAME + ".other-vault")]
    assert len(kept) == 1 and kept[0].read_bytes() == other_key
