"""An import that does not finish leaves the vault exactly as it was (vault.md test 4; the import
issue: "one transaction from the first chunk to the report").

* kill -9 of a process in the middle of a 200,000-row import, at random moments;
* cancellation from the progress callback after the first chunk of a multi-chunk file;
* the disk filling up in the middle of an import: a typed DiskFull error, nothing half-written.

After each: table counts of both databases equal the snapshot taken before, SQLCipher's and
SQLite's integrity checks pass, the audit chain verifies and holds no entry of the failed import.
"""
from __future__ import annotations

import functools
import random
import signal
import time

import pytest

from persona_desktop.core import services
from persona_desktop.core.errors import DiskFull, JobCancelled
from persona_desktop.core.ingest.reading import readers
from persona_desktop.core.jobs import CallbackProgress, CancelToken
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD

from .vault_helpers import assert_healthy, popen_python, snapshot

BIG_ROWS = 200_000
HEADER = "订单编号,客户编号,商品编号,商品名称,数量,单价,下单时间,省份\n"
VAULT_TABLES = ("customers", "customer_imports", "products", "orders", "order_lines", "imports",
                "quarantine", "settings")
IDENTITY_TABLES = ("identities", "quarantine_raw")


def write_orders(path, n: int, seed: int = 1, first_order: int = 100000):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        for i in range(n):
            quantity = "x" if i % 997 == 0 else str(i % 7 + 1)  # a few rows to quarantine
            fh.write(f"{first_order + i // 3},C{rng.randrange(20000):05d},SKU{i % 500:04d},茶叶{i % 500},"
                     f"{quantity},{i % 50 + 0.5},2024-{i % 12 + 1:02d}-{i % 28 + 1:02d} "
                     f"{i % 24:02d}:{i % 60:02d}:00,浙江省\n")
    return path


def counts(vault) -> dict:
    """Row counts of every data table (the audit log grows on each unlock: checked separately),
    and the content of products, customers, settings and identities."""
    with vault.reader() as v, vault.identity_reader() as i:
        out = {t: v.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in VAULT_TABLES}
        out.update({t: i.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in IDENTITY_TABLES})
    out["content"] = snapshot(vault)
    return out


def import_events(vault) -> int:
    return sum(1 for e in vault.audit_entries(100_000) if e["event"] == "import")


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    return write_orders(tmp_path_factory.mktemp("big") / "orders_200k.csv", BIG_ROWS)


@pytest.fixture
def seeded_vault(tmp_path):
    """A locked vault holding one earlier import, and its snapshot."""
    small = write_orders(tmp_path / "earlier.csv", 3_000, seed=2, first_order=900000)
    vault, _ = Vault.create(tmp_path / "vault", PASSWORD)
    try:
        report = services.import_file(vault, small)
        assert report.rows_new > 0 and report.rows_quarantined > 0
        before = counts(vault), import_events(vault)
    finally:
        vault.lock()
    return tmp_path / "vault", before


# The child blocks in its progress callback once every row has been written, still inside the
# import's transaction: whatever the random delay, the kill lands before the commit, however fast
# the import becomes.
IMPORTER = r"""
import sys, time
from persona_desktop.core import services
from persona_desktop.core.jobs import CallbackProgress
from persona_desktop.core.vault.store import Vault
folder, password, path, total = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
vault = Vault.open(folder, password)

def step(done, n, label):
    print(f"STEP {label} {done}", flush=True)
    if label == "importing" and done >= total:
        print("ALL_WRITTEN", flush=True)
        time.sleep(3600)

print("STARTED", flush=True)
services.import_file(vault, path, progress=CallbackProgress(step))
print("COMMITTED", flush=True)
"""


def _wait_for(child, prefix: str, out: list[str]) -> None:
    while True:
        line = child.stdout.readline()
        if not line:
            pytest.fail(f"import child ended ({child.poll()}): {child.stderr.read()[-2000:]}")
        out.append(line)
        if line.startswith(prefix):
            return


def test_kill_9_at_random_moments_of_an_import_leaves_the_vault_as_before(seeded_vault, big_csv):
    folder, (before, imports_before) = seeded_vault
    rng = random.Random(20240613)
    # (when the delay starts, delay): while the file is sampled and the first chunk is read and
    # stored, then once the first of the two 100,000-row chunks is in the open transaction (the
    # child may by then be waiting with every row written but not committed).
    kills = [("STARTED", rng.uniform(0.2, 1.5)), ("STARTED", rng.uniform(1.5, 5.0)),
             ("STEP importing", rng.uniform(0.0, 1.0)), ("STEP importing", rng.uniform(1.0, 4.0))]
    seen = []
    for anchor, delay in kills:
        child = popen_python(IMPORTER, str(folder), PASSWORD, str(big_csv), str(BIG_ROWS))
        lines: list[str] = []
        try:
            _wait_for(child, anchor, lines)
            time.sleep(delay)
            if child.poll() is not None:
                pytest.fail(f"import child ended by itself ({child.returncode}): "
                            f"{child.stderr.read()[-2000:]}")
            child.send_signal(signal.SIGKILL)
            out, err = child.communicate(timeout=60)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        assert child.returncode == -signal.SIGKILL, err[-2000:]
        out = "".join(lines) + out
        assert "COMMITTED" not in out
        stored_chunks = sum(1 for line in out.splitlines() if line.startswith("STEP importing"))
        seen.append((anchor, round(delay, 1), stored_chunks, "ALL_WRITTEN" in out))

        vault = Vault.open(folder, PASSWORD)
        try:
            assert counts(vault) == before, seen[-1]
            assert import_events(vault) == imports_before
            assert_healthy(vault)  # integrity of both files and the audit chain
        finally:
            vault.lock()
    assert sum(1 for s in seen if s[2] > 0) >= 2, seen  # kills with rows in the open transaction


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 500 rows, so that a small file is a multi-chunk import."""
    monkeypatch.setattr(readers, "iter_chunks", functools.partial(readers.iter_chunks, chunksize=500))


def test_cancel_after_the_first_chunk_raises_job_cancelled_and_changes_nothing(
        seeded_vault, tmp_path, small_chunks):
    folder, (before, imports_before) = seeded_vault
    path = write_orders(tmp_path / "five_chunks.csv", 2_500, seed=3)
    steps = []
    token = CancelToken()

    def callback(done, total, label):
        steps.append((done, label))
        if label == "importing":  # the first chunk has been stored in the transaction
            token.cancel()

    progress = CallbackProgress(callback, token)
    vault = Vault.open(folder, PASSWORD)
    try:
        with pytest.raises(JobCancelled) as err:
            services.import_file(vault, path, progress=progress)
        assert err.value.message("zh")
        assert [label for _, label in steps] == ["reading", "importing"]
        assert steps[1][0] == 500
        assert counts(vault) == before
        assert import_events(vault) == imports_before
        assert_healthy(vault)
        # nothing is left half-open: the same file imports completely afterwards
        report = services.import_file(vault, path)
        assert report.rows_read == 2_500 and report.accounting_ok
    finally:
        vault.lock()


def _page_count(vault) -> int:
    return vault.run_on_writer(lambda v, i: v.execute("PRAGMA page_count").fetchone()[0])


def test_disk_full_in_the_middle_of_an_import_is_a_typed_error_and_changes_nothing(
        seeded_vault, tmp_path, small_chunks):
    """Simulated with SQLite's own limit: PRAGMA max_page_count on the writer connection makes
    the next page allocation fail with SQLITE_FULL ("database or disk is full"), exactly what a
    full disk gives."""
    folder, (before, imports_before) = seeded_vault
    path = write_orders(tmp_path / "too_big.csv", 6_000, seed=4)
    vault = Vault.open(folder, PASSWORD)
    try:
        pages = _page_count(vault)
        # room for a chunk or two, not for the 12 chunks of the file
        vault.run_on_writer(lambda v, i: v.execute(f"PRAGMA max_page_count = {pages + 60}").fetchone())
        stored = []
        try:
            with pytest.raises(DiskFull) as err:
                services.import_file(vault, path, progress=CallbackProgress(
                    lambda done, total, label: stored.append(done) if label == "importing" else None))
        finally:
            vault.run_on_writer(lambda v, i: v.execute("PRAGMA max_page_count = 1073741823").fetchone())
        assert stored, "the disk filled up before the first chunk: not the middle of the import"
        assert "disk is full" in err.value.message("en") and "磁盘已满" in err.value.message("zh")
        assert counts(vault) == before
        assert import_events(vault) == imports_before
        assert_healthy(vault)
        report = services.import_file(vault, path)  # with space again, the import goes through
        assert report.rows_read == 6_000 and report.accounting_ok
    finally:
        vault.lock()
