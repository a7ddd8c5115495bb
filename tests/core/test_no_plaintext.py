"""No customer value reaches the disk in plaintext (vault.md test 5, "Opening a connection" step 5).

Canary values (a name, an email, a phone, each with a fresh random token) are written into both
databases; they must be readable through the decrypted vault (positive control) and absent from the
raw bytes of every file in the vault folder, the temp folders and the app's home folder, in UTF-8
and UTF-16. The negative control shows the scan catches a real leak: SQLCipher does not encrypt
temp files, so with temp_store=FILE a sort that spills writes the canaries in plaintext to
SQLITE_TMPDIR; the same query with temp_store=MEMORY (the app's setting) leaves nothing.
"""
from __future__ import annotations

import json
import os
import secrets
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

from .vault_helpers import ROOT, add_identities, child_env, encodings_of, scan_for_plaintext

SORT_ROWS = 20000
SORT_QUERY = "SELECT name FROM products ORDER BY substr(name, 1, 6) DESC, product_id"


def make_canaries() -> list[str]:
    token = secrets.token_hex(5)
    digits = "".join(str(int(c, 16) % 10) for c in token[:8])
    return [f"CanaryZhang张三丰{token}", f"canary.{token}@example.com", f"+86139{digits}"]


def _fill(vault, canaries: list[str]) -> None:
    add_identities(vault, [("name", canaries[0]), ("email", canaries[1]), ("phone", canaries[2])])
    rows = [(f"sku-{i:06d}", f"{i:06d} {canaries[i % 3]} " + "y" * 40) for i in range(SORT_ROWS)]
    vault.write(lambda v, i: v.executemany("INSERT INTO products(sku, name) VALUES (?, ?)", rows),
                audit_event=("import", {"rows": SORT_ROWS}))
    vault.update_settings(shop_name=f"Shop of {canaries[0]}")


def _roots(vault, home: Path) -> list[Path]:
    roots = [vault.paths.folder, Path(tempfile.gettempdir()), home]
    if Path("/var/tmp").is_dir():
        roots.append(Path("/var/tmp"))
    return roots


def test_canaries_are_readable_through_the_vault_but_nowhere_on_disk(new_vault, _isolated_home):
    started = time.time() - 2
    canaries = make_canaries()
    _fill(new_vault, canaries)

    # positive control: the values are there, decrypted, in both databases
    with new_vault.identity_reader() as conn:
        stored = {r[0] for r in conn.execute("SELECT value FROM identities")}
    assert set(canaries) <= stored
    assert canaries[0] in new_vault.settings().shop_name
    with new_vault.reader() as conn:
        cursor = conn.execute(SORT_QUERY)  # the query that spills with temp_store=FILE
        first = cursor.fetchone()[0]
        assert first.startswith(f"{SORT_ROWS - 1:06d} ")
        # scan while the sort is open and the WAL holds the new pages
        files = {p.name for p in new_vault.paths.folder.iterdir()}
        assert {"vault.db", "identity.db", "vault.key", "vault.key.bak", "vault.lock"} <= files
        hits_open = scan_for_plaintext(_roots(new_vault, _isolated_home), canaries,
                                       newer_than=started)
        cursor.close()
    assert hits_open == [], hits_open

    folder = new_vault.paths.folder
    new_vault.lock()
    hits_locked = scan_for_plaintext([folder], canaries) + scan_for_plaintext(
        [Path(tempfile.gettempdir()), _isolated_home] +
        ([Path("/var/tmp")] if Path("/var/tmp").is_dir() else []), canaries, newer_than=started)
    assert hits_locked == [], hits_locked
    # the vault folder holds only what the design lists
    allowed = {"vault.db", "identity.db", "vault.key", "vault.key.bak", "vault.lock",
               "vault.db-wal", "vault.db-shm", "identity.db-wal", "identity.db-shm"}
    assert {p.name for p in folder.iterdir()} <= allowed


def test_the_scan_finds_plaintext_in_utf8_and_utf16(tmp_path):
    """Control for the scanner itself: an unencrypted SQLite file in each text encoding."""
    canaries = make_canaries()
    for encoding in ("UTF-8", "UTF-16le", "UTF-16be"):
        path = tmp_path / f"plain-{encoding}.db"
        conn = sqlite3.connect(path)
        conn.execute(f"PRAGMA encoding = '{encoding}'")
        conn.execute("CREATE TABLE t(v TEXT)")
        conn.executemany("INSERT INTO t VALUES (?)", [(c,) for c in canaries])
        conn.commit()
        conn.close()
        hits = scan_for_plaintext([path], canaries)
        expected = {"UTF-8": "utf-8", "UTF-16le": "utf-16-le", "UTF-16be": "utf-16-be"}[encoding]
        assert {(c, e) for _, c, e in hits} == {(c, expected) for c in canaries}
    assert [enc for enc, _ in encodings_of("x")] == ["utf-8", "utf-16-le", "utf-16-be"]


SPILL_CHILD = r"""
import json, os, sys
from pathlib import Path
from persona_desktop.core.vault import connection
from persona_desktop.core.vault.store import Vault
from tests.core.vault_helpers import open_files_under, scan_for_plaintext
from tests.core.test_no_plaintext import SORT_QUERY, SORT_ROWS, _fill

folder, tmpdir, mode, password = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
canaries = sys.argv[5:]
vault, _ = Vault.create(folder, password)
_fill(vault, canaries)
key = bytes(vault._key("vault"))
conn = connection.connect(vault.paths.vault_db, key, temp_store=mode)
conn.execute("PRAGMA cache_size = -64")  # 64 KiB: the sorter spills after about 1 MB
cursor = conn.execute(SORT_QUERY)
first = cursor.fetchone()[0]
hits = scan_for_plaintext([tmpdir], canaries, include_open_fds=True)
spilled = open_files_under(tmpdir)
cursor.close()
conn.close()
vault.lock()
print(json.dumps({"first_ok": first.startswith(f"{SORT_ROWS - 1:06d} "),
                  "temp_files": spilled,
                  "hits": sorted({(h[0].split(" -> ")[-1], h[2]) for h in hits}),
                  "canaries_found": sorted({canaries.index(h[1]) for h in hits})}))
"""


def _spill(tmp_path: Path, mode: str, canaries: list[str]) -> dict:
    tmpdir = tmp_path / f"sqlite-tmp-{mode}"
    tmpdir.mkdir()
    # SQLite reads SQLITE_TMPDIR once, when it starts: it must be set before the process opens
    # any database, hence a fresh interpreter.
    env = child_env(SQLITE_TMPDIR=str(tmpdir), TMPDIR=str(tmpdir))
    done = subprocess.run([sys.executable, "-c", SPILL_CHILD, str(tmp_path / f"vault-{mode}"),
                           str(tmpdir), mode, PASSWORD, *canaries], env=env, cwd=str(ROOT),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["first_ok"], "the sort did not run"
    result["left_behind"] = sorted(p.name for p in tmpdir.iterdir())
    return result


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads spilled files via /proc")
def test_negative_control_temp_store_file_spills_plaintext_and_memory_does_not(tmp_path):
    canaries = make_canaries()
    leaked = _spill(tmp_path, "FILE", canaries)
    # SQLite unlinks its temp files as it opens them ("(deleted)"), so only the open descriptor
    # shows them; they hold the sorted rows in plaintext.
    assert leaked["temp_files"], "the sort did not spill to a temp file"
    assert all(t.endswith("(deleted)") for t in leaked["temp_files"])
    assert ("utf-8" in {enc for _, enc in leaked["hits"]}), leaked
    assert leaked["canaries_found"] == [0, 1, 2]  # name, email and phone, all in clear
    assert leaked["left_behind"] == []

    safe = _spill(tmp_path, "MEMORY", canaries)
    assert safe["temp_files"] == [] and safe["hits"] == [], safe
    assert safe["left_behind"] == []


def test_every_connection_refuses_to_run_without_memory_temp_store(new_vault, monkeypatch):
    """The app never opens a connection with file temp storage: connect() asserts the pragma."""
    with new_vault.reader() as conn:
        assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2
    conns = []

    def check(vconn, iconn):
        conns.extend([vconn.execute("PRAGMA temp_store").fetchone()[0],
                      iconn.execute("PRAGMA temp_store").fetchone()[0]])
    new_vault.run_on_writer(check)
    assert conns == [2, 2]
    with new_vault.identity_reader() as conn:
        assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2
