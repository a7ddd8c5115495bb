"""No plaintext identifier leaves identity.db after an import (privacy.md A1, A2, A4, A5; vault.md
test 5 applied to the import path).

A shop file carries canary values with a fresh random token: Chinese and English names, emails,
mainland phones in +86 and local spellings, a street address, and a free-text note holding a PRC
resident ID number (valid check character) and a phone. Positive control: the identifiers are
readable through identity.db. Then none of them is in any decrypted vault.db table, nor in the raw
bytes of any file of the vault folder, the temp folders or PERSONA_HOME (logs, settings), in UTF-8
or UTF-16; the unkeyed SHA-256 of an email is nowhere; notes are stored redacted.

/tmp is shared with other processes (gigabytes on a busy machine), so each test points the temp
folder (tempfile.tempdir; TMPDIR and SQLITE_TMPDIR for the CLI child) at a folder of its own and
scans it whole; /var/tmp is scanned for files written during the test. The scanner itself and the
temp_store negative control are in test_no_plaintext.py.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import tempfile
import time
from pathlib import Path

import pytest

from persona_desktop.core import services
from persona_desktop.core.privacy.pii_scan import id_check_char
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD, run_python

from .vault_helpers import scan_for_plaintext

HEADER = "订单编号,姓名,邮箱,手机号,收货地址,下单时间,金额,备注\n"


def _digits(token: str, n: int) -> str:
    return "".join(str(int(c, 16) % 10) for c in (token * 4)[:n])


def make_people(token: str) -> dict:
    d = _digits(token, 16)
    id17 = "330106" + "19880" + "7" + "1" + d[:1] + d[1:4]  # Hangzhou, born 1988-07-1x
    prc_id = id17 + id_check_char(id17)
    return {
        "name_cn": f"CanaryZhou周{token}",
        "name_en": f"Canary Smith{token}",
        "name_q": f"CanaryQuarantine钱{token}",
        "email": f"canary.{token}@example.com",
        "email_written": f"  Canary.{token}@Example.COM ",  # normalised: trimmed, lower-case
        "email2": f"smith.{token}@example.org",
        "email_q": f"quarantined.{token}@example.net",
        "phone_intl": f"+86 139 {d[0:4]} {d[4:8]}",
        "phone_intl_e164": f"+86139{d[0:8]}",
        "phone_local": f"137{d[8:16]}",
        "phone_local_e164": f"+86137{d[8:16]}",
        "phone_note": f"158-{d[4:8]}-{d[12:16]}",
        "phone_note_digits": f"158{d[4:8]}{d[12:16]}",
        "address": f"浙江省杭州市西湖区文三路{d[:3]}号Canary{token}室",
        "address_part": f"Canary{token}室",
        "prc_id": prc_id,
        "note_marker": f"note-{secrets.token_hex(4)}",
    }


def write_shop_file(path: Path, p: dict) -> Path:
    note = f"请联系{p['phone_note']}，身份证{p['prc_id']}，{p['note_marker']}"
    rows = [
        f"9001,{p['name_cn']},{p['email_written']},{p['phone_intl']},{p['address']},2024-05-01 10:00,88.5,\"{note}\"",
        f"9002,{p['name_en']},{p['email2']},{p['phone_local']},{p['address']},2024-05-02 11:00,12,礼盒包装",
        f"9003,{p['name_cn']},{p['email']},{p['phone_intl']},{p['address']},2024-05-03 12:00,30,",
        # rejected (no date): its raw values go to identity.db, a masked copy to vault.db
        f"9004,{p['name_q']},{p['email_q']},{p['phone_local']},{p['address']},,5,\"{note}\"",
    ]
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def canaries(p: dict) -> list[str]:
    """Every identifier in every spelling that could be stored."""
    names = [p["name_cn"], p["name_en"], p["name_q"]]
    return names + [n.casefold() for n in names] + [
        p["email"], p["email_written"].strip(), p["email2"], p["email_q"], p["phone_intl"],
        p["phone_intl_e164"], p["phone_local"], p["phone_local_e164"], p["phone_note"],
        p["phone_note_digits"], p["address"], p["address_part"], p["prc_id"]]


def dump_tables(conn) -> tuple[str, list[bytes]]:
    """Every row of every table as text (JSON), plus every BLOB value."""
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    texts, blobs = [], []
    for table in tables:
        for row in conn.execute(f"SELECT * FROM {table}"):
            for value in row:
                if isinstance(value, bytes):
                    blobs.append(value)
                else:
                    texts.append(value)
    return json.dumps(texts, ensure_ascii=False, default=str), blobs


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """This test's own temp folder: Python's tempfile and (in child processes) SQLite write their
    temp files there, so it is scanned whole, without the noise of a shared /tmp."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _var_tmp() -> list[Path]:
    return [Path("/var/tmp")] if Path("/var/tmp").is_dir() else []


@pytest.fixture
def imported(new_vault, tmp_path):
    people = make_people(secrets.token_hex(5))
    source = write_shop_file(tmp_path / "shop.csv", people)
    report = services.import_file(new_vault, source)
    source.unlink()  # the user's own file is theirs; only what the app wrote is scanned
    return new_vault, people, report


def test_import_detects_identifiers_and_stores_them_in_identity_db_only(imported):
    vault, p, report = imported
    assert report.mapping == {"订单编号": "order_id", "姓名": "name", "邮箱": "email",
                              "手机号": "phone", "收货地址": "address", "下单时间": "order_date",
                              "金额": "line_amount", "备注": "free_text"}
    assert report.rows_stored == 3 and report.rows_quarantined == 1 and report.accounting_ok
    # positive control: the identifiers ARE there, decrypted, in identity.db (normalised: names
    # case-folded, emails trimmed and lower-case, phones E.164)
    with vault.identity_reader() as conn:
        stored = set(conn.execute("SELECT kind, value FROM identities"))
    assert stored == {("name", p["name_cn"].casefold()), ("name", p["name_en"].casefold()),
                      ("email", p["email"]), ("email", p["email2"]),
                      ("phone", p["phone_intl_e164"]), ("phone", p["phone_local_e164"]),
                      ("address", p["address"])}
    raw = services.quarantine_rows(vault, raw=True)
    assert p["name_q"] in raw["values"].iloc[0] and p["email_q"] in raw["values"].iloc[0]


def test_no_identifier_is_in_any_decrypted_vault_db_table(imported):
    vault, p, _report = imported
    with vault.reader() as conn:
        text, blobs = dump_tables(conn)
    leaked = [c for c in canaries(p) if c in text or c.casefold() in text.casefold()]
    assert leaked == []
    # the address is generalised: its city and province stay for analytics (A4)
    with vault.reader() as conn:
        regions = set(conn.execute("SELECT DISTINCT province, city FROM customers"))
    assert regions == {("浙江省", "杭州市")}


def test_unkeyed_sha256_of_an_email_is_in_no_table(imported):
    vault, p, _report = imported
    digest = hashlib.sha256(p["email"].strip().lower().encode("utf-8"))
    for reader in (vault.reader, vault.identity_reader):
        with reader() as conn:
            text, blobs = dump_tables(conn)
        assert digest.hexdigest() not in text.lower()
        assert not any(digest.digest() in b for b in blobs)
    # the pseudonym is keyed: it is not the unkeyed hash either
    with vault.identity_reader() as conn:
        pseudonym = conn.execute("SELECT pseudonym FROM identities WHERE kind = 'email' AND value = ?",
                                 (p["email"],)).fetchone()[0]
    assert digest.hexdigest() not in pseudonym


def test_free_text_id_number_and_phone_are_redacted_and_the_rest_of_the_note_is_kept(imported):
    vault, p, report = imported
    assert report.pii_redactions["id_number"] >= 1 and report.pii_redactions["phone"] >= 1
    with vault.reader() as conn:
        notes = [r[0] for r in conn.execute("SELECT note FROM orders WHERE note IS NOT NULL")]
    assert f"请联系[phone]，身份证[id_number]，{p['note_marker']}" in notes
    assert "礼盒包装" in notes
    assert not any(p["prc_id"] in n or p["phone_note"] in n for n in notes)


def test_no_identifier_is_in_the_raw_bytes_of_any_file_the_app_wrote(new_vault, tmp_path,
                                                                    _isolated_home, private_tmp):
    started = time.time() - 2
    p = make_people(secrets.token_hex(5))
    source = write_shop_file(tmp_path / "shop.csv", p)
    report = services.import_file(new_vault, source)
    # control: the scan finds the needles where they really are (the user's own file)
    assert {c for _, c, _ in scan_for_plaintext([source], canaries(p))} >= {p["name_cn"], p["prc_id"]}
    source.unlink()
    assert report.rows_stored == 3
    services.list_imports(new_vault)
    services.quarantine_rows(new_vault, raw=True)  # reading raw values must not spill them either
    needles = canaries(p)
    roots = [new_vault.paths.folder, _isolated_home, private_tmp]
    with new_vault.reader() as conn:  # scan while a reader is open and the WAL holds the pages
        conn.execute("SELECT * FROM orders ORDER BY note").fetchall()
        hits_open = scan_for_plaintext(roots, needles) + scan_for_plaintext(
            _var_tmp(), needles, newer_than=started)
    assert hits_open == []
    new_vault.lock()
    hits = scan_for_plaintext(roots, needles) + scan_for_plaintext(_var_tmp(), needles,
                                                                   newer_than=started)
    assert hits == []


CLI_SESSION = r"""
import sys
from persona_desktop.cli import main
vault, source = sys.argv[1], sys.argv[2]
for args in (["init", "--vault", vault], ["import", "--vault", vault, source],
             ["quarantine", "list", "--vault", vault], ["imports", "--vault", vault],
             ["info", "--vault", vault, "--json"]):
    code = main(args)
    print("EXIT", args[0], code, flush=True)
"""


def test_cli_import_session_leaves_no_identifier_in_logs_settings_or_temp_files(
        tmp_path, _isolated_home, private_tmp):
    """What a user runs (persona init / import / quarantine list / imports / info), in a process
    of its own so that its log file and settings land in this test's PERSONA_HOME and every temp
    file it or SQLite makes lands in this test's temp folder (TMPDIR, SQLITE_TMPDIR)."""
    started = time.time() - 2
    p = make_people(secrets.token_hex(5))
    source = write_shop_file(tmp_path / "shop.csv", p)
    folder = tmp_path / "cli vault"
    result = run_python(CLI_SESSION, str(folder), str(source), env={
        "PERSONA_PASSWORD": PASSWORD, "PERSONA_HOME": str(_isolated_home),
        "TMPDIR": str(private_tmp), "SQLITE_TMPDIR": str(private_tmp)})
    assert [line for line in result.stdout.splitlines() if line.startswith("EXIT")] == [
        "EXIT init 0", "EXIT import 0", "EXIT quarantine 0", "EXIT imports 0", "EXIT info 0"], \
        result.stderr[-2000:]
    source.unlink()
    assert p["name_cn"] not in result.stdout + result.stderr  # the quarantine list is masked
    assert list(_isolated_home.rglob("*.log")), "the session wrote no log file to scan"
    vault = Vault.open(folder, PASSWORD)
    try:  # positive control
        with vault.identity_reader() as conn:
            values = {r[0] for r in conn.execute("SELECT value FROM identities")}
        assert p["email"] in values and p["address"] in values
    finally:
        vault.lock()
    hits = scan_for_plaintext([folder, _isolated_home, private_tmp], canaries(p)) + \
        scan_for_plaintext(_var_tmp(), canaries(p), newer_than=started)
    assert hits == []


def test_the_same_email_gets_different_pseudonyms_in_two_vaults(new_vault, tmp_path):
    p = make_people(secrets.token_hex(5))
    source = write_shop_file(tmp_path / "shop.csv", p)
    other, _code = Vault.create(tmp_path / "other vault", PASSWORD)
    try:
        pseudonyms = []
        for vault in (new_vault, other):
            services.import_file(vault, source)
            with vault.identity_reader() as conn:
                pseudonyms.append(conn.execute(
                    "SELECT pseudonym FROM identities WHERE kind = 'email' AND value = ?",
                    (p["email"],)).fetchone()[0])
        assert pseudonyms[0] != pseudonyms[1]
        with new_vault.reader() as a, other.reader() as b:
            ours = {r[0] for r in a.execute("SELECT pseudonym FROM customers")}
            theirs = {r[0] for r in b.execute("SELECT pseudonym FROM customers")}
        assert len(ours) == len(theirs) == 2 and not ours & theirs
    finally:
        other.lock(record=False)


def test_one_phone_written_three_ways_is_one_pseudonym_and_one_customer(new_vault, tmp_path):
    path = tmp_path / "phones.csv"
    path.write_text("订单编号,手机号,下单时间,金额\n"
                    "1,+86 138 0013 8000,2024-03-01 10:00,5\n"
                    "2,13800138000,2024-03-02 10:00,6\n"
                    "3,138-0013-8000,2024-03-03 10:00,7\n", encoding="utf-8")
    report = services.import_file(new_vault, path)
    assert report.rows_stored == 3 and report.mapping["手机号"] == "phone"
    with new_vault.identity_reader() as conn:
        rows = conn.execute("SELECT pseudonym, value FROM identities WHERE kind = 'phone'").fetchall()
    assert [v for _, v in rows] == ["+8613800138000"]
    with new_vault.reader() as conn:
        customers = conn.execute("SELECT customer_id, pseudonym FROM customers").fetchall()
        per_order = conn.execute("SELECT DISTINCT customer_id FROM orders").fetchall()
    assert [c[1] for c in customers] == [rows[0][0]]
    assert per_order == [(customers[0][0],)]
