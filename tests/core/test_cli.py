"""`persona` commands: outputs, --json, password sources and exit codes (0/1/2/3/4)."""
from __future__ import annotations

import json

import pytest

from persona_desktop.cli import main
from tests.conftest import PASSWORD


@pytest.fixture
def made(cli, tmp_path):
    vault = str(tmp_path / "v")
    code, out, _ = cli("init", "--vault", vault, "--shop-name", "茶叶店", "--json")
    assert code == 0
    return vault, json.loads(out)


def test_init_prints_recovery_code_once_and_info_reports_settings(cli, made):
    vault, created = made
    assert len(created["recovery_code"].split("-")) == 8
    code, out, _ = cli("info", "--vault", vault, "--json")
    info = json.loads(out)
    assert code == 0 and info["settings"]["shop_name"] == "茶叶店"
    assert created["recovery_code"] not in out


def test_wrong_password_exits_3_with_translated_message(cli, made, monkeypatch):
    vault, _ = made
    monkeypatch.setenv("PERSONA_PASSWORD", "not the password")
    code, _, err = cli("--lang", "zh", "info", "--vault", vault)
    assert code == 3 and "密码不正确" in err


def test_password_file_is_read_and_never_needs_an_argument(cli, made, tmp_path, monkeypatch):
    vault, _ = made
    monkeypatch.delenv("PERSONA_PASSWORD")
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    code, _, _ = cli("info", "--vault", vault, "--password-file", str(secret))
    assert code == 0


def test_missing_password_without_terminal_is_a_usage_error(cli, made, monkeypatch):
    vault, _ = made
    monkeypatch.delenv("PERSONA_PASSWORD")
    code, _, err = cli("info", "--vault", vault)
    assert code == 2 and "PERSONA_PASSWORD" in err


def test_damaged_vault_exits_4(cli, made):
    vault, _ = made
    from pathlib import Path
    db = Path(vault) / "vault.db"
    data = bytearray(db.read_bytes())
    data[100] ^= 0xFF
    db.write_bytes(bytes(data))
    code, _, _ = cli("info", "--vault", vault)
    assert code == 4


def test_unknown_command_exits_2(cli):
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


def test_missing_vault_exits_1_and_says_where(cli, tmp_path):
    code, _, err = cli("info", "--vault", str(tmp_path / "nowhere"))
    assert code == 1 and "nowhere" in err


def test_vault_env_variable_is_the_default_vault(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PERSONA_VAULT", str(tmp_path / "envvault"))
    assert cli("init")[0] == 0
    code, out, _ = cli("info", "--json")
    assert code == 0 and json.loads(out)["path"].endswith("envvault")


def test_passwd_then_old_password_fails_and_new_works(cli, made, monkeypatch):
    vault, _ = made
    monkeypatch.setenv("PERSONA_NEW_PASSWORD", "another long passphrase 42")
    assert cli("passwd", "--vault", vault)[0] == 0
    assert cli("info", "--vault", vault)[0] == 3
    monkeypatch.setenv("PERSONA_PASSWORD", "another long passphrase 42")
    assert cli("info", "--vault", vault)[0] == 0


def test_recover_sets_new_password_and_issues_new_code(cli, made, monkeypatch):
    vault, created = made
    monkeypatch.setenv("PERSONA_RECOVERY_CODE", created["recovery_code"])
    monkeypatch.setenv("PERSONA_NEW_PASSWORD", "brand new passphrase 7")
    code, out, _ = cli("recover", "--vault", vault, "--json")
    new_code = json.loads(out)["recovery_code"]
    assert code == 0 and new_code != created["recovery_code"]
    monkeypatch.setenv("PERSONA_RECOVERY_CODE", created["recovery_code"])
    assert cli("recover", "--vault", vault)[0] == 3


def test_weak_new_password_is_refused_unless_allowed(cli, made, monkeypatch):
    vault, _ = made
    monkeypatch.setenv("PERSONA_NEW_PASSWORD", "123456")
    assert cli("passwd", "--vault", vault)[0] == 2
    assert cli("passwd", "--vault", vault, "--allow-weak-password")[0] == 0


def test_backup_restore_verify_rotate_and_audit(cli, made, tmp_path):
    vault, _ = made
    archive = str(tmp_path / "b.pvbackup")
    assert cli("backup", "--vault", vault, archive)[0] == 0
    assert cli("rotate-key", "--vault", vault)[0] == 0
    code, out, _ = cli("verify", "--vault", vault, "--json")
    assert code == 0 and json.loads(out)["ok"]
    restored = str(tmp_path / "restored")
    assert cli("restore", "--vault", restored, archive)[0] == 0
    code, out, _ = cli("audit", "--vault", restored, "--json")
    events = [e["event"] for e in json.loads(out)["entries"]]
    assert code == 0 and "restored" in events and "vault_created" in events
    # restoring over an existing vault needs --replace
    assert cli("restore", "--vault", restored, archive)[0] == 1
    code, out, _ = cli("restore", "--vault", restored, archive, "--replace", "--json")
    assert code == 0 and json.loads(out)["previous_vault_moved_to"]


def test_settings_can_be_changed_and_bad_values_are_usage_errors(cli, made):
    vault, _ = made
    code, out, _ = cli("settings", "--vault", vault, "--set", "currency=eur", "--json")
    assert code == 0 and json.loads(out)["currency"] == "EUR"
    assert cli("settings", "--vault", vault, "--set", "timezone=Mars/Base")[0] == 2
    assert cli("settings", "--vault", vault, "--set", "colour=blue")[0] == 2


def test_json_errors_are_machine_readable(cli, tmp_path):
    code, out, _ = cli("info", "--vault", str(tmp_path / "none"), "--json")
    assert code == 1 and json.loads(out)["error"] == "VaultNotFound"


def test_delete_destroys_the_vault(cli, made):
    vault, _ = made
    assert cli("delete", "--vault", vault)[0] == 2  # not confirmed
    assert cli("delete", "--vault", vault, "--yes")[0] == 0
    assert cli("info", "--vault", vault)[0] == 1


def _cut_audit_log(vault_folder: str, from_seq: int) -> None:
    from pathlib import Path

    from persona_desktop.core.vault.store import Vault

    from .vault_helpers import cut_audit_log
    cut_audit_log(Vault.open(Path(vault_folder), PASSWORD), from_seq)


def test_a_cut_audit_log_is_warned_on_stderr_at_every_command_until_acknowledged(cli, made):
    vault, _ = made
    for _ in range(3):
        cli("info", "--vault", vault)
    _cut_audit_log(vault, from_seq=5)
    for _ in range(4):  # the warning used to fade after one to three opens
        code, out, err = cli("info", "--vault", vault, "--json")
        assert code == 0 and json.loads(out)["counts"]      # --json stays parseable
        assert "audit log does not continue" in err
    code, out, err = cli("verify", "--vault", vault, "--acknowledge", "--json")
    assert code == 0, (out, err)
    assert json.loads(out)["acknowledged"]["reason"] in ("newest_entries_removed", "head_mismatch")
    code, _, err = cli("info", "--vault", vault)
    assert code == 0 and "audit log does not continue" not in err
    code, out, _ = cli("audit", "--vault", vault, "--json")
    assert "audit_anomaly_acknowledged" in [e["event"] for e in json.loads(out)["entries"]]
