"""The hash-chained audit log (vault.md "Audit log", privacy.md C1): any edited, removed, reordered
or cut entry is found by ``vault.verify_audit()``, which names the first broken entry; entries
cannot hold customer values."""
from __future__ import annotations

import hashlib
import json
import shutil
from datetime import datetime, timezone

import pytest

from persona_desktop.core.vault import audit
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD

from .vault_helpers import cut_audit_log, raw_connect


LAST = 12  # entries in a fresh copy of the template: see ``chained``


@pytest.fixture(scope="module")
def chain_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("audit-template") / "vault"
    vault, _ = Vault.create(folder, PASSWORD)  # entry 1: vault_created
    for rows in range(2, 11):  # entries 2-10: imports
        vault.audit("import", {"rows": rows, "file_sha256": hashlib.sha256(bytes([rows])).hexdigest()})
    vault.lock()  # entry 11: locked
    return folder


@pytest.fixture
def chained(chain_template, tmp_path):
    """An open copy of the template: 12 entries (vault_created, 9 imports, locked, unlocked)."""
    vault = Vault.open(shutil.copytree(chain_template, tmp_path / "vault"), PASSWORD)
    report = vault.verify_audit()
    assert report.ok and report.entries == LAST
    yield vault
    vault.lock(record=False)


def _tamper(vault, *statements, identity: bool = False):
    """Change the file the way someone with the data key could, outside the app."""
    which = "identity" if identity else "vault"
    path = vault.paths.identity_db if identity else vault.paths.vault_db
    conn = raw_connect(path, vault._key(which))
    try:
        conn.execute("BEGIN")
        for sql in statements:
            conn.execute(*sql) if isinstance(sql, tuple) else conn.execute(sql)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _broken(vault):
    report = vault.verify_audit()
    assert not report.ok, "tampering was not detected"
    return report


def test_untouched_chain_verifies_and_counts_events(chained):
    report = chained.verify_audit()
    assert report.ok and report.first_broken is None
    assert report.events == {"vault_created": 1, "import": 9, "locked": 1, "unlocked": 1}


def test_edited_details_are_detected_at_that_entry(chained):
    _tamper(chained, "UPDATE audit_log SET details = '{\"rows\":999}' WHERE seq = 5")
    report = _broken(chained)
    assert (report.first_broken, report.reason) == (5, "edited_entry")


def test_edited_event_is_detected_at_that_entry(chained):
    _tamper(chained, "UPDATE audit_log SET event = 'export' WHERE seq = 4")
    assert _broken(chained).first_broken == 4


def test_edited_timestamp_is_detected_at_that_entry(chained):
    _tamper(chained, "UPDATE audit_log SET ts = '2020-01-01T00:00:00+00:00' WHERE seq = 7")
    assert _broken(chained).first_broken == 7


def test_removed_middle_entry_is_detected_where_it_was(chained):
    _tamper(chained, "DELETE FROM audit_log WHERE seq = 6")
    report = _broken(chained)
    assert (report.first_broken, report.reason) == (6, "missing_entry")


def test_removed_first_entry_is_detected(chained):
    _tamper(chained, "DELETE FROM audit_log WHERE seq = 1")
    assert _broken(chained).first_broken == 1


@pytest.mark.parametrize("a,b", [(3, 4), (3, 8)])
def test_reordered_entries_are_detected_at_the_first_moved_one(chained, a, b):
    _tamper(chained,
            f"UPDATE audit_log SET seq = -1 WHERE seq = {a}",
            f"UPDATE audit_log SET seq = {a} WHERE seq = {b}",
            f"UPDATE audit_log SET seq = {b} WHERE seq = -1")
    assert _broken(chained).first_broken == a


@pytest.mark.parametrize("cut", [1, 3])
def test_removed_newest_entries_are_detected_through_the_head_in_identity_db(chained, cut):
    _tamper(chained, f"DELETE FROM audit_log WHERE seq > {LAST - cut}")
    report = _broken(chained)
    assert (report.first_broken, report.reason) == (LAST - cut + 1, "newest_entries_removed")


def test_rewritten_chain_is_detected_through_the_head_in_identity_db(chained):
    """Someone edits entry 5 and recomputes every later hash: the chain itself looks fine, the
    head mirrored in identity.db does not match."""
    conn = raw_connect(chained.paths.vault_db, chained._key("vault"))
    try:
        rows = conn.execute("SELECT seq, ts, event, details, prev_hash, hash FROM audit_log "
                            "ORDER BY seq").fetchall()
        conn.execute("BEGIN")
        prev = audit.GENESIS
        for seq, ts, event, details, _, _ in rows:
            if seq == 5:
                details = json.dumps({"rows": 0})
            digest = audit._entry_hash(prev, seq, ts, event, details)
            conn.execute("UPDATE audit_log SET details = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                         (details, prev, digest, seq))
            prev = digest
        conn.execute("COMMIT")
    finally:
        conn.close()
    report = _broken(chained)
    assert (report.first_broken, report.reason) == (LAST, "head_mismatch")


def test_edited_prev_hash_is_detected(chained):
    _tamper(chained, f"UPDATE audit_log SET prev_hash = '{'f' * 64}' WHERE seq = 3")
    assert _broken(chained).first_broken == 3


def test_tampering_while_the_app_is_closed_is_still_reported_after_unlock(chained):
    folder = chained.paths.folder
    key = bytes(chained._key("vault"))  # the keys are wiped at lock: keep a copy for the attacker
    chained.lock()
    conn = raw_connect(folder / "vault.db", key)
    try:
        conn.execute("UPDATE audit_log SET details = '{}' WHERE seq = 2")
    finally:
        conn.close()
    with Vault.open(folder, PASSWORD) as vault:
        report = vault.verify_audit()
        assert not report.ok and report.first_broken == 2
        # new entries are still appended after the unlock; the break stays visible
        vault.audit("export", {"rows": 3})
        assert vault.verify_audit().first_broken == 2


def test_cut_log_is_still_reported_after_unlock(chained):
    folder = chained.paths.folder
    key = bytes(chained._key("vault"))
    chained.lock()  # adds entry 13 ("locked"), mirrored as the head in identity.db
    conn = raw_connect(folder / "vault.db", key)
    try:
        conn.execute("DELETE FROM audit_log WHERE seq >= 9")
    finally:
        conn.close()
    with Vault.open(folder, PASSWORD) as vault:  # appends a new entry 9 on the cut chain
        report = vault.verify_audit()
        assert not report.ok
        assert (report.first_broken, report.reason) == (10, "newest_entries_removed")


def test_head_lagging_after_a_crash_is_repaired_not_reported(chained):
    """A crash between the vault.db commit and the head update leaves the head behind: the
    prefix still matches, so that is not tampering, and the next unlock moves the head."""
    folder = chained.paths.folder
    vkey, ikey = bytes(chained._key("vault")), bytes(chained._key("identity"))
    chained.lock()
    conn = raw_connect(folder / "vault.db", vkey)
    try:
        h8 = conn.execute("SELECT hash FROM audit_log WHERE seq = 8").fetchone()[0]
    finally:
        conn.close()
    conn = raw_connect(folder / "identity.db", ikey)
    try:
        conn.execute("UPDATE audit_head SET seq = 8, hash = ?", (h8,))
    finally:
        conn.close()
    with Vault.open(folder, PASSWORD) as vault:
        assert vault.verify_audit().ok
        last = vault.audit_entries(1)[0]
        assert last["event"] == "unlocked" and last["details"]["head_repaired"] is True
        with vault.identity_reader() as iconn, vault.reader() as vconn:
            assert not audit.head_lags(vconn, iconn)


# --- what entries may hold -------------------------------------------------------------------------------
@pytest.mark.parametrize("details", [
    {"customer": "li.na@example.com"},
    {"name": "张三丰"},
    {"name": "Zhang San"},
    {"note": "called the customer back"},
    {"phone": "+8613812345678"},
    {"phone": "13812345678"},
    {"phone": "138-1234-5678"},
    {"customer": "c_" + "0123456789abcdef" * 2},  # a pseudonym
    {"rows": [1, 2, 3]},
    {"nested": {"a": 1}},
    {"bad key": 1},
    {"邮箱": "x"},
])
def test_append_refuses_details_that_could_hold_customer_values(new_vault, details):
    with pytest.raises(ValueError):
        new_vault.audit("export", details)
    assert new_vault.verify_audit().ok
    assert all(e["event"] != "export" for e in new_vault.audit_entries(10))


@pytest.mark.parametrize("details", [
    {"rows": 120, "ok": True, "ratio": 0.5, "none": None},
    {"file_sha256": "ab" * 32, "request_id": "req-2024-0001", "since": "2024-05-01T10:00:00+00:00"},
    {"date": "2024-05-01", "kind": "target_list"},
])
def test_append_accepts_counts_hashes_and_identifiers(new_vault, details):
    new_vault.audit("export", details)
    assert new_vault.audit_entries(1)[0]["details"] == details
    assert new_vault.verify_audit().ok


def test_append_refuses_unknown_events(new_vault):
    with pytest.raises(ValueError):
        new_vault.audit("made_up_event", {})


def test_refused_entry_rolls_back_the_change_it_belonged_to(new_vault):
    with pytest.raises(ValueError):
        new_vault.write(lambda v, i: v.execute("INSERT INTO products(sku) VALUES ('x')"),
                        audit_event=("import", {"who": "a@b.c"}))
    with new_vault.reader() as conn:
        assert conn.execute("SELECT count(*) FROM products").fetchone()[0] == 0


def test_entries_use_the_given_clock(new_vault):
    fixed = datetime(2024, 2, 29, 12, 0, tzinfo=timezone.utc)

    def work(vconn, iconn):
        audit.append(vconn, iconn, "export", {"rows": 1}, now=fixed)
    new_vault.write(work)
    assert new_vault.audit_entries(1)[0]["ts"] == "2024-02-29T12:00:00+00:00"
    assert new_vault.verify_audit().ok


# --- evidence that does not fade (issue 12, defect 4) --------------------------------------------

def _reopen(folder, times: int):
    """Open and lock the vault ``times`` times, as everyday `persona info` runs would; returns the
    anomaly each open reported."""
    seen = []
    for _ in range(times):
        vault = Vault.open(folder, PASSWORD)
        seen.append(vault.audit_anomaly)
        vault.lock()
    return seen


def test_a_cut_log_is_reported_at_every_open_not_only_the_first(chained):
    folder = chained.paths.folder
    cut_audit_log(chained, from_seq=11)
    seen = _reopen(folder, 6)   # the head used to move forward after one to three opens
    assert all(a is not None for a in seen), seen
    assert {a.reason for a in seen} <= {"newest_entries_removed", "head_mismatch"}
    with Vault.open(folder, PASSWORD) as vault:
        assert not vault.verify_audit().ok


def test_vault_db_replaced_by_an_older_copy_is_reported_at_every_open(chained, tmp_path):
    folder = chained.paths.folder
    chained.lock()
    old = tmp_path / "vault.db.old"
    shutil.copy2(folder / "vault.db", old)      # a file copy: no password needed
    for _ in range(3):                            # normal use goes on
        Vault.open(folder, PASSWORD).lock()
    shutil.copy2(old, folder / "vault.db")
    seen = _reopen(folder, 6)
    assert all(a is not None for a in seen), seen


def test_acknowledging_is_logged_and_ends_the_warning(chained):
    folder = chained.paths.folder
    cut_audit_log(chained, from_seq=11)
    with Vault.open(folder, PASSWORD) as vault:
        assert vault.audit_anomaly is not None
        acknowledged = vault.acknowledge_audit_anomaly()
        assert acknowledged.reason == "newest_entries_removed"
        assert vault.audit_anomaly is None
        events = [e["event"] for e in vault.audit_entries(5)]
        assert "audit_anomaly_acknowledged" in events
        assert vault.verify_audit().ok          # the chain from the cut on is intact and anchored
    assert _reopen(folder, 2) == [None, None]


def test_an_untouched_vault_reports_no_anomaly_over_many_opens(chained):
    folder = chained.paths.folder
    chained.lock()
    assert _reopen(folder, 4) == [None] * 4
