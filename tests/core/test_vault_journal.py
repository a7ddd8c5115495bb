"""One commit across vault.db and identity.db (issue 12, defects 2 and 4; vault/journal.py).

Defect 2: an import killed between the identity.db commit and the vault.db commit left the new
identities and the raw quarantined rows in identity.db with no import: nothing showed or removed
them. Defect 4: a database replaced by an older copy on its own, or both together, must be reported
at every open until acknowledged, from counters and an anchor kept outside vault.db.
"""
from __future__ import annotations

import json
import shutil

import pytest
from sqlcipher3.dbapi2 import OperationalError

from persona_desktop.core import services
from persona_desktop.core.errors import DiskFull
from persona_desktop.core.vault import journal, keyfile
from persona_desktop.core.vault.connection import DatabaseError
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD

from .test_import_crash import write_orders
from .vault_helpers import assert_healthy, child_env, popen_python, snapshot

KILL_BETWEEN_COMMITS = r"""
import os, sys
from persona_desktop.core import services
from persona_desktop.core.errors import DiskFull
from persona_desktop.core.vault.connection import DatabaseError
from sqlcipher3.dbapi2 import OperationalError
from persona_desktop.core.vault import journal
from persona_desktop.core.vault.store import Vault
folder, password, action, arg = sys.argv[1:5]
vault = Vault.open(folder, password)
journal.crashpoint = lambda step: os._exit(9) if step == "identity_committed" else None
if action == "import":
    services.import_file(vault, arg)
else:
    services.undo_import(vault, int(arg))
os._exit(0)
"""


def _kill_between_commits(folder, action: str, arg) -> None:
    child = popen_python(KILL_BETWEEN_COMMITS, str(folder), PASSWORD, action, str(arg),
                         env=child_env())
    _, err = child.communicate(timeout=120)
    assert child.returncode == 9, err[-2000:]


def _identity_rows(vault) -> dict:
    with vault.identity_reader() as i:
        return {"identities": i.execute("SELECT count(*) FROM identities").fetchone()[0],
                "quarantine_raw": i.execute("SELECT count(*) FROM quarantine_raw").fetchone()[0],
                "pending": i.execute("SELECT count(*) FROM pending_commit").fetchone()[0],
                "trash": i.execute("SELECT count(*) FROM commit_trash").fetchone()[0]}


def orphans(vault) -> dict:
    """Identities whose pseudonym no customer has, raw rows whose import vault.db does not hold."""
    with vault.reader() as v, vault.identity_reader() as i:
        customers = {r[0] for r in v.execute("SELECT pseudonym FROM customers")}
        imports = {r[0] for r in v.execute("SELECT import_id FROM imports WHERE status != 'undone'")}
        return {"identities": sum(1 for (p,) in i.execute("SELECT DISTINCT pseudonym FROM identities")
                                  if p not in customers),
                "quarantine_raw": sum(1 for (q,) in i.execute("SELECT import_id FROM quarantine_raw")
                                      if q not in imports)}


@pytest.fixture
def seeded(tmp_path):
    """A locked vault with one import (identities and quarantined rows), and a second file."""
    first = write_orders(tmp_path / "first.csv", 2_000, seed=3, first_order=500000)
    second = write_orders(tmp_path / "second.csv", 2_000, seed=4, first_order=700000)
    vault, _ = Vault.create(tmp_path / "vault", PASSWORD)
    try:
        services.import_file(vault, first)
        before = snapshot(vault), _identity_rows(vault)
    finally:
        vault.lock()
    return tmp_path / "vault", second, before


def test_an_import_killed_between_the_two_commits_leaves_no_personal_data_behind(seeded):
    folder, second, (snap, rows) = seeded
    _kill_between_commits(folder, "import", second)
    with Vault.open(folder, PASSWORD) as vault:
        assert snapshot(vault) == snap
        after = _identity_rows(vault)
        assert after["identities"] == rows["identities"]
        assert after["quarantine_raw"] == rows["quarantine_raw"]
        assert after["pending"] == 1 and after["trash"] == 0  # the unlock's own, finished later
        assert orphans(vault) == {"identities": 0, "quarantine_raw": 0}
        undone = [e for e in vault.audit_entries(20) if e["event"] == "interrupted_write_undone"]
        assert len(undone) == 1 and undone[0]["details"]["rows_removed"] > 0
        assert not any(e["event"] == "import" and e["seq"] > undone[0]["seq"]
                       for e in vault.audit_entries(20))
        assert vault.audit_anomaly is None
        assert_healthy(vault)
        # and the same import then goes through
        report = services.import_file(vault, second)
        assert report.rows_new > 0 and orphans(vault) == {"identities": 0, "quarantine_raw": 0}


def test_an_undo_killed_between_the_two_commits_keeps_every_identity_its_customers_need(seeded):
    folder, _, (snap, rows) = seeded
    with Vault.open(folder, PASSWORD) as vault, vault.reader() as v:
        import_id = v.execute("SELECT max(import_id) FROM imports").fetchone()[0]
    _kill_between_commits(folder, "undo", import_id)
    with Vault.open(folder, PASSWORD) as vault:
        assert snapshot(vault) == snap  # identities included: none lost to the half-done undo
        assert _identity_rows(vault)["quarantine_raw"] == rows["quarantine_raw"]
        undone = [e for e in vault.audit_entries(20) if e["event"] == "interrupted_write_undone"]
        assert undone and undone[0]["details"]["rows_restored"] > 0
        assert_healthy(vault)


def test_a_failed_vault_commit_takes_the_identity_changes_back_at_once(seeded, monkeypatch):
    folder, second, (snap, _rows) = seeded

    def fail(step):  # what SQLite raises when the disk fills at the vault.db commit
        raise OperationalError("database or disk is full")
    with Vault.open(folder, PASSWORD) as vault:
        monkeypatch.setattr(journal, "crashpoint", fail)
        with pytest.raises(DiskFull):
            services.import_file(vault, second)
        monkeypatch.setattr(journal, "crashpoint", lambda step: None)
        assert snapshot(vault) == snap
        assert _identity_rows(vault)["pending"] == 0
        assert orphans(vault) == {"identities": 0, "quarantine_raw": 0}
        services.import_file(vault, second)  # the process goes on writing
        assert orphans(vault) == {"identities": 0, "quarantine_raw": 0}
        assert_healthy(vault)


def test_an_erasure_style_delete_leaves_nothing_in_the_trash_once_committed(seeded):
    folder, _, _ = seeded
    with Vault.open(folder, PASSWORD) as vault:
        vault.write(lambda v, i: i.execute("DELETE FROM identities WHERE rowid IN "
                                           "(SELECT rowid FROM identities LIMIT 5)"))
        assert _identity_rows(vault)["trash"] == 0


def test_identity_rows_are_never_updated_in_place(seeded):
    folder, _, _ = seeded
    with Vault.open(folder, PASSWORD) as vault, \
            pytest.raises(DatabaseError, match="deleted and inserted"):
        vault.write(lambda v, i: i.execute("UPDATE identities SET value = 'x'"))


# --- rolled-back files (defect 4) --------------------------------------------------------------------
def _reopen(folder, times: int) -> list:
    seen = []
    for _ in range(times):
        vault = Vault.open(folder, PASSWORD)
        seen.append(vault.audit_anomaly.reason if vault.audit_anomaly else None)
        vault.lock()
    return seen


def test_identity_db_replaced_by_an_older_copy_is_reported_at_every_open(seeded, tmp_path):
    folder, second, _ = seeded
    shutil.copy2(folder / "identity.db", tmp_path / "identity.old")
    with Vault.open(folder, PASSWORD) as vault:
        services.import_file(vault, second)
    shutil.copy2(tmp_path / "identity.old", folder / "identity.db")
    assert _reopen(folder, 5) == ["identity_rolled_back"] * 5
    with Vault.open(folder, PASSWORD) as vault:
        assert vault.acknowledge_audit_anomaly().reason == "identity_rolled_back"
    assert _reopen(folder, 2) == [None, None]


def test_both_databases_replaced_by_older_copies_are_reported_until_acknowledged(seeded, tmp_path):
    folder, second, _ = seeded
    for name in ("vault.db", "identity.db"):
        shutil.copy2(folder / name, tmp_path / name)
    with Vault.open(folder, PASSWORD) as vault:
        services.import_file(vault, second)
    for name in ("vault.db", "identity.db"):  # the key file stays: it remembers the import
        shutil.copy2(tmp_path / name, folder / name)
    seen = _reopen(folder, 5)
    assert seen == ["databases_rolled_back"] * 5, seen
    with Vault.open(folder, PASSWORD) as vault:
        acknowledged = vault.acknowledge_audit_anomaly()
        assert acknowledged.reason == "databases_rolled_back"
        assert "audit_anomaly_acknowledged" in [e["event"] for e in vault.audit_entries(3)]
    assert _reopen(folder, 2) == [None, None]


def test_a_whole_folder_copied_back_is_not_detected_as_the_readme_says(seeded, tmp_path):
    folder, second, _ = seeded
    shutil.copytree(folder, tmp_path / "old", ignore=shutil.ignore_patterns("*.lock"))
    with Vault.open(folder, PASSWORD) as vault:
        services.import_file(vault, second)
    for name in ("vault.db", "identity.db", keyfile.KEY_NAME, keyfile.SPARE_NAME):
        shutil.copy2(tmp_path / "old" / name, folder / name)
    assert _reopen(folder, 1) == [None]


def test_an_anchor_edited_without_the_key_is_ignored_not_trusted(seeded):
    folder, _, _ = seeded
    for name in (keyfile.KEY_NAME, keyfile.SPARE_NAME):
        header = keyfile.parse((folder / name).read_bytes())
        header[keyfile.ANCHOR_FIELD]["generation"] = 10 ** 6   # would claim a rollback
        (folder / name).write_bytes(keyfile.serialise(header))
    assert _reopen(folder, 2) == [None, None]


def test_an_untouched_vault_keeps_its_counters_equal_over_many_writes(seeded):
    folder, second, _ = seeded
    with Vault.open(folder, PASSWORD) as vault:
        services.import_file(vault, second)
        for n in range(5):
            vault.audit("export", {"rows": n})
        with vault.reader() as v, vault.identity_reader() as i:
            assert journal.generation_anomaly(v, i) is None
            assert journal.identity_head(i)[2] == journal.vault_generation(v)[0]
    header = keyfile.parse((folder / keyfile.KEY_NAME).read_bytes())
    assert json.dumps(header[keyfile.ANCHOR_FIELD])  # written at lock
    assert _reopen(folder, 3) == [None] * 3
