"""Failed unlocks are counted in the key file's header, not in a side file whose deletion erased
them; a counter that went down since the last unlock is reported; repeated wrong passwords wait
a growing delay (issue 12, defect 8)."""
from __future__ import annotations

import json
import shutil

import pytest

from persona_desktop.core import services
from persona_desktop.core.errors import WrongPassword
from persona_desktop.core.vault import attempts, keyfile
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD

from .vault_helpers import (
    assert_healthy,
    build_template,
    read_header,
    rewrite_key_files,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("attempts-template") / "vault", PASSWORD)


@pytest.fixture
def folder(template, tmp_path):
    return shutil.copytree(template["folder"], tmp_path / "vault")


def _fail(folder, times: int) -> None:
    for _ in range(times):
        with pytest.raises(WrongPassword):
            Vault.open(folder, "not the password")


def _extra_files(folder) -> set[str]:
    return {p.name for p in folder.iterdir()} - {
        "vault.db", "identity.db", "vault.key", "vault.key.bak", "vault.lock"}


def test_failed_unlocks_are_kept_in_both_key_file_copies_not_in_a_side_file(folder):
    _fail(folder, 2)
    assert _extra_files(folder) == set()
    for name in (keyfile.KEY_NAME, keyfile.SPARE_NAME):
        header = keyfile.parse((folder / name).read_bytes())  # checksum still valid
        assert header[attempts.FIELD]["streak"] == 2
        assert header[attempts.FIELD]["total"] == 2
    assert attempts.read(folder).streak == 2


def test_deleting_every_side_file_does_not_erase_the_failed_unlocks(folder):
    _fail(folder, 3)
    for name in _extra_files(folder):
        (folder / name).unlink()
    with Vault.open(folder, PASSWORD) as vault:
        assert vault.failed_unlocks_recorded == 3
        events = [e for e in vault.audit_entries(5) if e["event"] == "unlock_failed"]
        assert events and events[0]["details"]["count"] == 3
        assert_healthy(vault)
    # The streak is cleared by the successful unlock; the running total is kept.
    assert attempts.read(folder).streak == 0 and attempts.read(folder).total == 3
    with Vault.open(folder, PASSWORD) as vault:
        assert vault.failed_unlocks_recorded == 0 and not vault.failed_unlock_record_reset


def test_a_failed_unlock_counter_that_went_down_is_reported_and_audited(folder):
    _fail(folder, 2)
    Vault.open(folder, PASSWORD).lock()  # records "2 failures counted so far" inside vault.db
    _fail(folder, 3)
    header = read_header(folder)
    del header[attempts.FIELD]  # a file-level attacker erases the record (checksum recomputed)
    rewrite_key_files(folder, header)
    with Vault.open(folder, PASSWORD) as vault:
        assert vault.failed_unlock_record_reset
        assert services.vault_info(vault).failed_unlock_record_reset
        assert "failed_unlock_record_reset" not in services.vault_info(vault).to_dict()
        resets = [e for e in vault.audit_entries(5) if e["event"] == "unlock_counter_reset"]
        assert resets and resets[0]["details"] == {"recorded": 2, "found": 0}
        assert_healthy(vault)
    with Vault.open(folder, PASSWORD) as vault:  # reported once, then the new value is the base
        assert not vault.failed_unlock_record_reset


def test_the_old_side_file_is_still_counted_once_and_removed(folder):
    """A vault last used by a version that wrote unlock-attempts.json keeps its record."""
    (folder / "unlock-attempts.json").write_text(json.dumps({"count": 2, "since": "2026-01-01"}))
    _fail(folder, 1)
    with Vault.open(folder, PASSWORD) as vault:
        assert vault.failed_unlocks_recorded == 3
    assert not (folder / "unlock-attempts.json").exists()


def test_wrong_password_in_a_folder_that_cannot_be_written_is_still_wrong_password(
        folder, monkeypatch):
    def refuse(*_a, **_k):
        raise PermissionError(13, "read-only")
    monkeypatch.setattr(attempts, "atomic_write", refuse)
    with pytest.raises(WrongPassword):
        Vault.open(folder, "not the password")


def test_the_counter_lives_in_an_unauthenticated_header_field_the_password_does_not_need(folder):
    """Written on a FAILED unlock, so without any key: only the checksum covers it, and editing
    it (as the reset test does) leaves the password and the data keys working."""
    header = read_header(folder)
    header[attempts.FIELD] = {"total": 40, "streak": 7, "since": "2026-01-01T00:00:00+00:00"}
    rewrite_key_files(folder, header)
    assert attempts.read(folder).streak == 7
    Vault.open(folder, PASSWORD).lock()


@pytest.mark.parametrize("failures, seconds", [
    (0, 0), (1, 0), (2, 0), (3, 1), (4, 2), (5, 4), (6, 8), (7, 16), (8, 30), (9, 30), (500, 30)])
def test_unlock_delay_grows_after_three_wrong_passwords_and_is_capped_at_30_s(failures, seconds):
    assert attempts.unlock_delay(failures) == seconds


def test_unlock_wait_reads_the_streak_without_the_password(folder):
    assert services.unlock_wait(folder) == 0
    _fail(folder, 4)
    assert services.unlock_wait(folder) == attempts.unlock_delay(4) == 2


# --- the command line waits the same delay ---------------------------------------------------------
def test_cli_waits_the_backoff_before_another_try_and_keeps_json_parseable(cli, folder, monkeypatch):
    from persona_desktop.cli import commands
    slept: list[float] = []
    monkeypatch.setattr(commands.time, "sleep", slept.append)
    monkeypatch.setenv("PERSONA_PASSWORD", "not the password")
    for _ in range(3):
        code, _out, _err = cli("info", "--vault", str(folder))
        assert code == 3
    assert slept == []  # the first three tries are free
    monkeypatch.setenv("PERSONA_PASSWORD", PASSWORD)
    code, out, err = cli("info", "--vault", str(folder), "--json")
    assert code == 0 and slept == [1.0]
    assert "wrong password" in err.lower()
    assert json.loads(out)["failed_unlocks_since_last"] == 3


def test_cli_reports_a_reset_counter_on_stderr_and_json_keeps_its_keys(cli, folder):
    _fail(folder, 2)
    Vault.open(folder, PASSWORD).lock()
    header = read_header(folder)
    header[attempts.FIELD] = {"total": 0, "streak": 0, "since": None}
    rewrite_key_files(folder, header)
    code, out, err = cli("info", "--vault", str(folder), "--json")
    assert code == 0 and "reset" in err
    from .test_service_results import VAULT_INFO_KEYS
    assert list(json.loads(out)) == VAULT_INFO_KEYS


def test_an_unlock_after_failures_does_not_claim_it_repaired_the_audit_head(folder):
    _fail(folder, 2)
    with Vault.open(folder, PASSWORD) as vault:
        unlocked = [e for e in vault.audit_entries(5) if e["event"] == "unlocked"][0]
        assert unlocked["details"]["head_repaired"] is False
        assert unlocked["details"]["failed_total"] == 2
