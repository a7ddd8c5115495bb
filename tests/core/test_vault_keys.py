"""Password change, recovery code and data-key rotation, with a failure or a crash injected at each
step (vault.md tests 6 and 11): the vault always opens afterwards, with the old or the new secret as
appropriate, its data intact, integrity and audit chain ok."""
from __future__ import annotations

import errno
import os
import shutil

import pytest

from persona_desktop.core import services
from persona_desktop.core.errors import DiskFull, WrongPassword, WrongRecoveryCode
from persona_desktop.core.privacy.pseudonymize import load_pseudonymizer
from persona_desktop.core.vault import keyfile, keyops
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD

from .vault_helpers import (assert_healthy, build_template, child_env, popen_python, snapshot)

NEW_PASSWORD = "a brand new passphrase 42"
STEPS = ["pending_saved", "vault_rekeyed", "identity_rekeyed", "before_promote_saved"]


class InjectedCrash(Exception):
    pass


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("keys-template") / "vault", PASSWORD)


@pytest.fixture
def filled(template, tmp_path):
    """An open copy of the module's template vault, and its snapshot."""
    folder = shutil.copytree(template["folder"], tmp_path / "vault")
    vault = Vault.open(folder, PASSWORD)
    vault.recovery_code = template["recovery_code"]
    yield vault, template["snapshot"]
    vault.lock(record=False)


def _reopen_and_check(folder, password, snap, **kwargs) -> None:
    with Vault.open(folder, password, **kwargs) as vault:
        assert snapshot(vault) == snap
        assert_healthy(vault)
        assert not vault.keyfile.has_pending
        on_disk = keyfile.parse((folder / keyfile.KEY_NAME).read_bytes())
        assert not on_disk.get("pending_keys")


def _fail_replace_at(monkeypatch, calls_to_fail: set[int]):
    """Make the n-th os.replace (1-based) of the key-file saves fail as a full disk would."""
    real_replace = os.replace
    count = {"n": 0}

    def replace(src, dst, *args, **kwargs):
        count["n"] += 1
        if count["n"] in calls_to_fail:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_replace(src, dst, *args, **kwargs)
    monkeypatch.setattr(os, "replace", replace)
    return count


# --- password change ---------------------------------------------------------------------------------------
def test_password_change_rewraps_keys_and_old_password_stops_working(filled):
    vault, snap = filled
    folder = vault.paths.folder
    data_keys = bytes(vault._key("vault")), bytes(vault._key("identity"))
    services.change_password(vault, NEW_PASSWORD)
    vault.lock()
    # only the key file changed: the databases are still on the same data keys (no rewrite)
    from persona_desktop.core.vault.store import try_connect
    assert try_connect(folder / "vault.db", data_keys[0])
    assert try_connect(folder / "identity.db", data_keys[1])
    with pytest.raises(WrongPassword):
        Vault.open(folder, PASSWORD)
    _reopen_and_check(folder, NEW_PASSWORD, snap)
    with Vault.open(folder, NEW_PASSWORD) as again:
        assert any(e["event"] == "password_changed" for e in again.audit_entries(20))


@pytest.mark.parametrize("failing_call", [1, 2])
def test_password_change_failing_on_key_file_save_keeps_the_old_password(filled, monkeypatch,
                                                                          failing_call):
    """Call 1 replaces vault.key, call 2 its spare. Either way the user is told it failed, so the
    old password must still open the vault and the new one must not."""
    vault, snap = filled
    folder = vault.paths.folder
    _fail_replace_at(monkeypatch, {failing_call})
    with pytest.raises(DiskFull):
        keyops.change_password(vault, NEW_PASSWORD)
    monkeypatch.undo()
    # a later, successful key-file save must not apply the failed change behind the user's back
    keyops.reset_recovery_code(vault)
    assert_healthy(vault)
    vault.lock()
    with pytest.raises(WrongPassword):
        Vault.open(folder, NEW_PASSWORD)
    _reopen_and_check(folder, PASSWORD, snap)


def test_password_change_failing_on_every_save_leaves_one_of_the_two_passwords(filled, monkeypatch):
    """A disk that stays full even for the roll-back: vault.key was replaced, its spare was not.
    The vault must still open with one of the two passwords."""
    vault, snap = filled
    folder = vault.paths.folder
    _fail_replace_at(monkeypatch, set(range(2, 100)))
    with pytest.raises(DiskFull):
        keyops.change_password(vault, NEW_PASSWORD)
    monkeypatch.undo()
    vault.lock()
    opened = []
    for password in (PASSWORD, NEW_PASSWORD):
        try:
            Vault.open(folder, password).lock()
            opened.append(password)
        except WrongPassword:
            pass
    assert len(opened) == 1
    _reopen_and_check(folder, opened[0], snap)


# --- recovery code ----------------------------------------------------------------------------------------------
def test_recovery_code_opens_the_vault_in_any_case_and_without_dashes(filled):
    vault, snap = filled
    folder, code = vault.paths.folder, vault.recovery_code
    vault.lock()
    for variant in (code, code.lower(), code.replace("-", ""), " " + code.lower().replace("-", " ")):
        with Vault.open(folder, recovery_code=variant) as opened:
            assert snapshot(opened) == snap
            assert opened.audit_entries(1)[0]["details"]["method"] == "recovery_code"


def test_wrong_recovery_code_is_refused_with_its_own_error(filled):
    vault, _ = filled
    folder, code = vault.paths.folder, vault.recovery_code
    vault.lock()
    wrong = ("A" if code[0] != "A" else "B") + code[1:]
    with pytest.raises(WrongRecoveryCode) as info:
        Vault.open(folder, recovery_code=wrong)
    assert "recovery code" in str(info.value)
    with pytest.raises(WrongRecoveryCode):
        Vault.open(folder, recovery_code=PASSWORD)
    with pytest.raises(WrongRecoveryCode):
        Vault.open(folder, recovery_code="")


def test_recover_sets_a_new_password_and_issues_a_new_code(filled):
    vault, snap = filled
    folder, old_code = vault.paths.folder, vault.recovery_code
    vault.lock()
    recovered, new_code = services.recover(folder, old_code.lower(), NEW_PASSWORD)
    try:
        assert new_code != old_code
        assert snapshot(recovered) == snap
        events = [e["event"] for e in recovered.audit_entries(10)]
        assert "password_reset_with_recovery_code" in events and "recovery_code_changed" in events
    finally:
        recovered.lock()
    with pytest.raises(WrongPassword):
        Vault.open(folder, PASSWORD)
    with pytest.raises(WrongRecoveryCode):
        Vault.open(folder, recovery_code=old_code)  # the old code has been typed somewhere
    _reopen_and_check(folder, NEW_PASSWORD, snap)
    _reopen_and_check(folder, None, snap, recovery_code=new_code)


def test_recovery_keeps_pseudonyms_stable(filled):
    vault, _ = filled
    folder, code = vault.paths.folder, vault.recovery_code
    with vault.identity_reader() as iconn:
        before = load_pseudonymizer(iconn).pseudonym("email", "Wang.Fang@example.cn ")
    vault.lock()
    recovered, _ = services.recover(folder, code, NEW_PASSWORD)
    with recovered, recovered.identity_reader() as iconn:
        assert load_pseudonymizer(iconn).pseudonym("email", "wang.fang@example.cn") == before


# --- data-key rotation -----------------------------------------------------------------------------------------
def test_key_rotation_changes_both_data_keys_and_keeps_the_data(filled):
    vault, snap = filled
    folder = vault.paths.folder
    old_keys = bytes(vault._key("vault")), bytes(vault._key("identity"))
    services.rotate_keys(vault)
    new_keys = bytes(vault._key("vault")), bytes(vault._key("identity"))
    assert old_keys[0] != new_keys[0] and old_keys[1] != new_keys[1]
    assert snapshot(vault) == snap
    assert_healthy(vault)
    vault.lock()
    from persona_desktop.core.vault.store import try_connect
    assert not try_connect(folder / "vault.db", old_keys[0])
    assert not try_connect(folder / "identity.db", old_keys[1])
    _reopen_and_check(folder, PASSWORD, snap)


@pytest.mark.parametrize("step", STEPS)
def test_key_rotation_interrupted_at_each_step_still_opens(filled, monkeypatch, step):
    vault, snap = filled
    folder = vault.paths.folder

    def crash(at):
        if at == step:
            raise InjectedCrash(at)
    monkeypatch.setattr(keyops, "crashpoint", crash)
    with pytest.raises(InjectedCrash):
        keyops.rotate_data_keys(vault)
    monkeypatch.undo()
    # the still-open vault keeps working: its readers use the key each file is on now
    assert snapshot(vault) == snap
    assert_healthy(vault)
    vault.lock()
    _reopen_and_check(folder, PASSWORD, snap)
    # and a later rotation from the repaired state works
    with Vault.open(folder, PASSWORD) as again:
        keyops.rotate_data_keys(again)
    _reopen_and_check(folder, PASSWORD, snap)


@pytest.mark.parametrize("failing_call", [1, 2, 3, 4])
def test_key_rotation_with_key_file_save_failing_still_opens(filled, monkeypatch, failing_call):
    """Calls 1-2 save the pending slot (vault.key, spare), 3-4 the promoted keys."""
    vault, snap = filled
    folder = vault.paths.folder
    _fail_replace_at(monkeypatch, {failing_call})
    with pytest.raises(DiskFull):
        keyops.rotate_data_keys(vault)
    monkeypatch.undo()
    assert snapshot(vault) == snap
    assert_healthy(vault)
    vault.lock()
    _reopen_and_check(folder, PASSWORD, snap)


def test_rotation_interrupted_then_password_changed_still_opens(filled, monkeypatch):
    """The pending slot survives a password change made before the vault is reopened."""
    vault, snap = filled
    folder = vault.paths.folder
    monkeypatch.setattr(keyops, "crashpoint",
                        lambda at: (_ for _ in ()).throw(InjectedCrash(at)) if at == "vault_rekeyed"
                        else None)
    with pytest.raises(InjectedCrash):
        keyops.rotate_data_keys(vault)
    monkeypatch.undo()
    keyops.change_password(vault, NEW_PASSWORD)
    vault.lock()
    _reopen_and_check(folder, NEW_PASSWORD, snap)


# --- real crashes (os._exit, no clean-up at all) -----------------------------------------------------------
CRASH_ROTATION = r"""
import os, sys
from persona_desktop.core.vault import keyops
from persona_desktop.core.vault.store import Vault
step = sys.argv[3]
keyops.crashpoint = lambda at: os._exit(9) if at == step else None
vault = Vault.open(sys.argv[1], sys.argv[2])
keyops.rotate_data_keys(vault)
os._exit(0)
"""

CRASH_REPLACE = r"""
import os, sys
from persona_desktop.core.vault import keyops
from persona_desktop.core.vault.store import Vault
vault = Vault.open(sys.argv[1], sys.argv[2])
when, nth = sys.argv[4], int(sys.argv[5])
real_replace, count = os.replace, [0]
def replace(src, dst):
    count[0] += 1
    if count[0] == nth and when == "before":
        os._exit(9)
    real_replace(src, dst)
    if count[0] == nth and when == "after":
        os._exit(9)
os.replace = replace
if sys.argv[3] == "password":
    keyops.change_password(vault, sys.argv[6])
else:
    keyops.rotate_data_keys(vault)
os._exit(0)
"""


def _run_child(code, *args):
    child = popen_python(code, *map(str, args), env=child_env())
    out, err = child.communicate(timeout=60)
    return child.returncode, err


@pytest.mark.parametrize("step", STEPS)
def test_process_dying_at_each_rotation_step_leaves_a_vault_that_opens(filled, step):
    vault, snap = filled
    folder = vault.paths.folder
    vault.lock()
    code, err = _run_child(CRASH_ROTATION, folder, PASSWORD, step)
    assert code == 9, err
    _reopen_and_check(folder, PASSWORD, snap)


# The spare is written first (replace 1), vault.key second (replace 2).
PASSWORD_CRASHES = [("before", 1), ("after", 1), ("before", 2), ("after", 2)]


@pytest.mark.parametrize("when,nth", PASSWORD_CRASHES)
def test_process_dying_around_password_key_file_replace_opens_with_old_or_new(filled, when, nth):
    vault, snap = filled
    folder = vault.paths.folder
    vault.lock()
    code, err = _run_child(CRASH_REPLACE, folder, PASSWORD, "password", when, nth, NEW_PASSWORD)
    assert code == 9, err
    # before vault.key is replaced the change has not happened; once it is, it has
    expected = NEW_PASSWORD if (when, nth) == ("after", 2) else PASSWORD
    other = NEW_PASSWORD if expected == PASSWORD else PASSWORD
    with pytest.raises(WrongPassword):
        Vault.open(folder, other)
    _reopen_and_check(folder, expected, snap)


@pytest.mark.parametrize("when,nth", PASSWORD_CRASHES)
def test_a_changed_password_is_never_undone_by_removing_vault_key(filled, when, nth):
    """Issue 12, defect 1: after a crash anywhere in the change, deleting vault.key must not let
    the old password back in once the new one was in effect; the next open also leaves the spare
    agreeing with vault.key, so the same holds after it."""
    vault, snap = filled
    folder = vault.paths.folder
    vault.lock()
    code, err = _run_child(CRASH_REPLACE, folder, PASSWORD, "password", when, nth, NEW_PASSWORD)
    assert code == 9, err
    if (when, nth) in (("after", 1), ("before", 2)):
        # the spare already holds the new header: without vault.key only the new password opens
        backup = (folder / keyfile.KEY_NAME).read_bytes()
        (folder / keyfile.KEY_NAME).unlink()
        with pytest.raises(WrongPassword):
            Vault.open(folder, PASSWORD)
        (folder / keyfile.KEY_NAME).write_bytes(backup)
    expected = NEW_PASSWORD if (when, nth) == ("after", 2) else PASSWORD
    other = NEW_PASSWORD if expected == PASSWORD else PASSWORD
    Vault.open(folder, expected).lock()          # this open repairs a stale spare
    (folder / keyfile.KEY_NAME).unlink()
    with pytest.raises(WrongPassword):
        Vault.open(folder, other)
    _reopen_and_check(folder, expected, snap)


@pytest.mark.parametrize("when,nth", PASSWORD_CRASHES)
def test_every_password_change_in_effect_is_audited(filled, when, nth):
    """The entry commits before the key files change; one that did not take effect is followed by
    key_change_not_completed (recorded at the next open)."""
    vault, _snap = filled
    folder = vault.paths.folder
    vault.lock()
    code, err = _run_child(CRASH_REPLACE, folder, PASSWORD, "password", when, nth, NEW_PASSWORD)
    assert code == 9, err
    in_effect = (when, nth) == ("after", 2)
    with Vault.open(folder, NEW_PASSWORD if in_effect else PASSWORD) as again:
        events = [e["event"] for e in reversed(again.audit_entries(50))
                  if e["event"] in ("password_changed", "key_change_not_completed")]
        assert again.verify_audit().ok
    assert events[-1] == ("password_changed" if in_effect else "key_change_not_completed")
    assert "password_changed" in events


@pytest.mark.parametrize("step", STEPS)
def test_a_rotation_cut_off_at_any_step_is_closed_in_the_audit_log_at_the_next_open(filled, step):
    """Every completed key operation is audited: a rotation the open finished is recorded as
    key_rotated, one that never took effect as key_change_not_completed."""
    vault, _snap = filled
    folder = vault.paths.folder
    before = keyfile.fingerprint(keyfile.load(folder).header)
    vault.lock()
    code, err = _run_child(CRASH_ROTATION, folder, PASSWORD, step)
    assert code == 9, err
    with Vault.open(folder, PASSWORD) as again:
        key_events = [e for e in again.audit_entries(50)
                      if e["event"] in ("key_rotation_started", "key_rotated",
                                        "key_change_not_completed")]
        assert again.verify_audit().ok
    took_effect = keyfile.fingerprint(keyfile.load(folder).header) != before
    assert key_events[0]["event"] == ("key_rotated" if took_effect else "key_change_not_completed")


@pytest.mark.parametrize("when,nth", [("before", 1), ("after", 1), ("after", 2), ("before", 3),
                                      ("after", 3), ("after", 4)])
def test_process_dying_around_rotation_key_file_replace_still_opens(filled, when, nth):
    vault, snap = filled
    folder = vault.paths.folder
    vault.lock()
    code, err = _run_child(CRASH_REPLACE, folder, PASSWORD, "rotate", when, nth)
    assert code == 9, err
    _reopen_and_check(folder, PASSWORD, snap)


# --- crypto-erase (privacy.md E5) ------------------------------------------------------------------------
def test_delete_destroys_both_key_files_before_any_database_file(filled, monkeypatch):
    vault, _ = filled
    folder = vault.paths.folder
    vault.lock()
    from persona_desktop.core.services import vault as vault_service
    real_destroy = vault_service.destroy_file
    order = []

    def recording_destroy(path):
        order.append((path.name, (folder / "vault.db").exists(), (folder / "identity.db").exists()))
        real_destroy(path)
    monkeypatch.setattr(vault_service, "destroy_file", recording_destroy)
    services.delete_vault(folder)
    assert order == [(keyfile.KEY_NAME, True, True), (keyfile.SPARE_NAME, True, True)]
    assert not folder.exists()


def test_delete_interrupted_after_the_key_files_leaves_unreadable_databases(filled, monkeypatch):
    """If deleting stops half-way, what is left cannot be decrypted by anyone."""
    from persona_desktop.core.errors import KeyFileMissing
    vault, _ = filled
    folder = vault.paths.folder
    vault.lock()
    real_unlink = type(folder).unlink

    def failing_unlink(self, *args, **kwargs):
        if self.name == "vault.db":
            raise PermissionError("held by another program")
        return real_unlink(self, *args, **kwargs)
    monkeypatch.setattr(type(folder), "unlink", failing_unlink)
    with pytest.raises(PermissionError):
        services.delete_vault(folder)
    monkeypatch.undo()
    assert (folder / "vault.db").exists()
    assert not (folder / keyfile.KEY_NAME).exists() and not (folder / keyfile.SPARE_NAME).exists()
    with pytest.raises(KeyFileMissing):
        Vault.open(folder, PASSWORD)


def test_delete_of_a_vault_open_in_this_process_is_refused(filled):
    from persona_desktop.core.errors import VaultInUse
    vault, snap = filled
    with pytest.raises(VaultInUse):
        services.delete_vault(vault.paths.folder)
    assert (vault.paths.folder / keyfile.KEY_NAME).exists()
    assert snapshot(vault) == snap
