"""Helpers shared by the vault tests (tests/core/test_vault_*.py, test_audit_chain.py, ...).

Nothing here is a test; it holds the small tools the tests use to damage, inspect and scan vaults.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from persona_desktop.core.vault import connection, keyfile

ROOT = Path(__file__).resolve().parents[2]
PAGE = 4096


# --- files -----------------------------------------------------------------------------------------
def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def folder_digest(folder: Path) -> dict[str, str]:
    """sha256 of every regular file in ``folder`` (recursively), by relative path."""
    folder = Path(folder)
    return {str(p.relative_to(folder)): sha256_file(p)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def flip_byte(path: Path, offset: int, mask: int = 0x01) -> None:
    data = bytearray(Path(path).read_bytes())
    data[offset] ^= mask
    Path(path).write_bytes(bytes(data))


def truncate(path: Path, size: int) -> None:
    with open(path, "r+b") as fh:
        fh.truncate(size)


def copy_vault(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def rewrite_key_files(folder: Path, header: dict) -> None:
    """Write ``header`` to vault.key and its spare with a recomputed (valid) checksum."""
    data = keyfile.serialise(header)
    (Path(folder) / keyfile.KEY_NAME).write_bytes(data)
    (Path(folder) / keyfile.SPARE_NAME).write_bytes(data)


def read_header(folder: Path) -> dict:
    return keyfile.parse((Path(folder) / keyfile.KEY_NAME).read_bytes())


def digest_except_unlock_counter(folder: Path) -> dict[str, str]:
    """``folder_digest``, with each key file copy summarised by its header minus the failed-unlock
    counter (a wrong password writes it, issue 12 defect 8, and nothing else) and the audit anchor
    (every lock writes it)."""
    from persona_desktop.core.vault import attempts
    out = folder_digest(folder)
    for name in (keyfile.KEY_NAME, keyfile.SPARE_NAME):
        path = Path(folder) / name
        if name in out:
            try:
                header = keyfile.parse(path.read_bytes())
            except Exception:  # noqa: BLE001 - a damaged copy is compared by its bytes
                continue
            header.pop(attempts.FIELD, None)
            header.pop(keyfile.ANCHOR_FIELD, None)
            out[name] = hashlib.sha256(keyfile.serialise(header)).hexdigest()
    return out


# --- vault content ------------------------------------------------------------------------------------
def add_products(vault, n: int, prefix: str = "p", name_size: int = 40) -> None:
    rows = [(f"{prefix}-{i:06d}", f"{prefix} product {i} " + "x" * name_size, "tea")
            for i in range(n)]
    vault.write(lambda v, i: v.executemany(
        "INSERT INTO products(sku, name, category) VALUES (?, ?, ?)", rows),
        audit_event=("import", {"rows": n}))


def add_identities(vault, values: list[tuple[str, str]]) -> list[str]:
    """Store (kind, value) identities the way the importer does; return their pseudonyms."""
    from persona_desktop.core.privacy.pseudonymize import load_pseudonymizer
    out: list[str] = []

    def work(vconn, iconn):
        pz = load_pseudonymizer(iconn)
        for kind, value in values:
            pseudonym = pz.pseudonym(kind, value)
            out.append(pseudonym)
            iconn.execute("INSERT OR IGNORE INTO identities(pseudonym, kind, value, first_seen) "
                          "VALUES (?, ?, ?, '2024-01-01')", (pseudonym, kind, value))
            vconn.execute("INSERT OR IGNORE INTO customers(pseudonym, city) VALUES (?, 'Hangzhou')",
                          (pseudonym,))
    vault.write(work, audit_event=("import", {"rows": len(values)}))
    return out


def snapshot(vault) -> dict:
    """The user-visible content of both databases (not the audit log, which grows on unlock)."""
    with vault.reader() as v, vault.identity_reader() as i:
        return {
            "products": v.execute("SELECT sku, name, category FROM products ORDER BY sku").fetchall(),
            "customers": v.execute("SELECT pseudonym, city FROM customers ORDER BY pseudonym").fetchall(),
            "settings": v.execute("SELECT key, value FROM settings ORDER BY key").fetchall(),
            "identities": i.execute(
                "SELECT pseudonym, kind, value FROM identities ORDER BY 1, 2, 3").fetchall(),
            "secrets": i.execute("SELECT name, value FROM secrets ORDER BY name").fetchall(),
        }


def assert_healthy(vault) -> None:
    problems = vault.integrity_problems()
    assert problems == {"vault.db": [], "identity.db": []}, problems
    report = vault.verify_audit()
    assert report.ok, report


# --- subprocesses ---------------------------------------------------------------------------------------
def child_env(**extra: str) -> dict:
    env = dict(os.environ)
    env["PERSONA_KDF"] = "floor"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def popen_python(code: str, *args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-u", "-c", code, *args], env=env or child_env(),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=str(ROOT))


# --- plaintext scans ------------------------------------------------------------------------------------
def encodings_of(text: str) -> list[tuple[str, bytes]]:
    return [(enc, text.encode(enc)) for enc in ("utf-8", "utf-16-le", "utf-16-be")]


def _scan_bytes(data: bytes, label: str, needles, hits: list) -> None:
    for canary, enc, needle in needles:
        if needle in data:
            hits.append((label, canary, enc))


def _needles(canaries):
    return [(c, enc, b) for c in canaries for enc, b in encodings_of(c)]


def _walk_files(root: Path):
    """Every file under ``root``, tolerating folders that other processes delete meanwhile."""
    if root.is_file():
        yield root
        return
    for folder, _dirs, files in os.walk(root, onerror=lambda exc: None):
        for name in files:
            yield Path(folder) / name


def scan_for_plaintext(roots, canaries, *, newer_than: float | None = None,
                       include_open_fds: bool = True) -> list[tuple[str, str, str]]:
    """Search every regular file under ``roots`` (and, on Linux, every file this process holds
    open under them, including deleted temp files, read through /proc/self/fd) for the canaries in
    UTF-8 and UTF-16. ``newer_than`` skips files last modified before that time: a canary made with
    a fresh random token cannot be in them. Returns (where, canary, encoding) for each hit."""
    needles = _needles(canaries)
    hits: list[tuple[str, str, str]] = []
    roots = [Path(r) for r in roots if Path(r).exists()]
    for root in roots:
        for path in _walk_files(root):
            try:
                if path.is_symlink() or not path.is_file():
                    continue
                if newer_than is not None and path.stat().st_mtime < newer_than:
                    continue
                data = path.read_bytes()
            except OSError:
                continue  # vanished or unreadable (another process's socket, ...)
            _scan_bytes(data, str(path), needles, hits)
    if include_open_fds and os.path.isdir("/proc/self/fd"):
        resolved = [str(r.resolve()) for r in roots]
        for fd in os.listdir("/proc/self/fd"):
            link = f"/proc/self/fd/{fd}"
            try:
                target = os.readlink(link)
            except OSError:
                continue
            if not any(target.startswith(r + os.sep) for r in resolved):
                continue
            try:
                with open(link, "rb") as fh:
                    data = fh.read()
            except OSError:
                continue
            _scan_bytes(data, f"fd {fd} -> {target}", needles, hits)
    return hits


def open_files_under(root: Path) -> list[str]:
    """Targets of this process's open file descriptors that lie under ``root`` (Linux)."""
    out = []
    prefix = str(Path(root).resolve()) + os.sep
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(prefix):
            out.append(target)
    return out


def raw_connect(path: Path, key: bytes):
    """A keyed connection outside the Vault (to tamper with a file the way an attacker would)."""
    return connection.connect(Path(path), bytes(key))


def cut_audit_log(vault, from_seq: int) -> None:
    """Lock ``vault`` and delete its audit entries from ``from_seq`` on, as someone holding the
    data key could while the app is closed."""
    folder, key = Path(vault.paths.folder), bytes(vault._key("vault"))
    vault.lock()
    conn = raw_connect(folder / "vault.db", key)
    try:
        conn.execute("DELETE FROM audit_log WHERE seq >= ?", (from_seq,))
    finally:
        conn.close()


# --- template vaults ------------------------------------------------------------------------------------
def build_demo_vault(tmp_path_factory, name: str, password: str) -> Path:
    """A locked demo-shop vault (800 customers) opened with ``password``, built under its own
    PERSONA_HOME; for module fixtures (building one takes a few seconds)."""
    import pytest

    from persona_desktop.core import services
    folder = tmp_path_factory.mktemp(name) / "vault"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PERSONA_HOME", str(tmp_path_factory.mktemp(name + "-home")))
        vault = services.create_demo_vault(folder)
        services.change_password(vault, password)
        vault.lock()
    return folder


def build_template(folder: Path, password: str) -> dict:
    """A locked vault with some data in both databases; returns its snapshot and recovery code.
    Tests copy it (copytree is much cheaper than creating a vault with fsyncs every time)."""
    from persona_desktop.core.vault.store import Vault
    vault, code = Vault.create(folder, password)
    try:
        add_products(vault, 200)
        add_identities(vault, [("email", "wang.fang@example.cn"), ("phone", "13912345678"),
                               ("name", "王芳")])
        vault.update_settings(shop_name="Lotus Tea")
        snap = snapshot(vault)
    finally:
        vault.lock()
    return {"folder": folder, "snapshot": snap, "recovery_code": code}
