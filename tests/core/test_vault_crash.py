"""kill -9 at random moments (vault.md test 4): during bulk writes, during data-key rotation and
during the key-file replace of a password change. After every kill the vault opens, SQLCipher's and
SQLite's integrity checks pass, the audit chain verifies, and no acknowledged commit is lost.

The child processes print "ACK ..." (flushed) only after a write has returned; the parent reads
everything they printed once they are dead, so every ACK it sees was acknowledged before the kill.
"""
from __future__ import annotations

import random
import signal
import time
from collections import Counter

import pytest

from persona_desktop.core.errors import WrongPassword
from persona_desktop.core.vault import keyfile
from persona_desktop.core.vault.store import Vault
from tests.conftest import PASSWORD

from .vault_helpers import add_identities, add_products, assert_healthy, popen_python, snapshot

BATCH = 300

WRITER = r"""
import sys
from persona_desktop.core.vault.store import Vault
folder, password, run, batch_size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
vault = Vault.open(folder, password)
print("READY", flush=True)
batch = 0
while True:
    skus = [f"r{run}-b{batch}-{i}" for i in range(batch_size)]

    def work(vconn, iconn, skus=skus, batch=batch):
        vconn.executemany("INSERT INTO products(sku, name, category) VALUES (?, ?, 'tea')",
                          [(s, f"product {s} " + "x" * 40) for s in skus])
        if batch % 2:  # every other batch also writes identity.db
            iconn.executemany("INSERT INTO identities(pseudonym, kind, value, first_seen) "
                              "VALUES (?, 'customer_ref', ?, '2024-01-01')",
                              [(f"c_{s}", s) for s in skus[:20]])
    vault.write(work, audit_event=("import", {"rows": batch_size}))
    sys.stdout.write(f"ACK {batch}\n")
    sys.stdout.flush()
    batch += 1
"""

ROTATOR = r"""
import sys
from persona_desktop.core.vault import keyops
from persona_desktop.core.vault.store import Vault
vault = Vault.open(sys.argv[1], sys.argv[2])
print("READY", flush=True)
n = 0
while True:
    keyops.rotate_data_keys(vault)
    n += 1
    print(f"ACK {n}", flush=True)
"""

PASSWORDS = ["first passphrase 111", "second passphrase 222", "third passphrase 333"]

CHANGER = r"""
import sys
from persona_desktop.core.vault import crypto, keyops
from persona_desktop.core.vault.store import Vault
passwords = sys.argv[2].split("|")
current = int(sys.argv[3])
vault = Vault.open(sys.argv[1], passwords[current])
print("READY", flush=True)
while True:
    target = (current + 1) % len(passwords)
    keyops.change_password(vault, passwords[target], kdf=crypto.FLOOR)
    current = target
    print(f"ACK {current}", flush=True)
"""


def _kill_at_random(code: str, args: list[str], rng: random.Random, *, wait_for: str,
                    max_delay: float) -> list[str]:
    """Start ``code``, SIGKILL it after a random delay, return the ACK payloads it printed.

    ``wait_for`` says when the random delay starts: "start" (the kill may land while the vault is
    still opening), "ready" (vault open, work under way) or "ack" (at least one change has been
    acknowledged, so every run of that kind tests an acknowledged commit however slow the disk)."""
    child = popen_python(code, *args)
    lines: list[str] = []
    try:
        if wait_for in ("ready", "ack"):
            line = child.stdout.readline()
            assert line.strip() == "READY", (line, child.stderr.read() if not line else "")
        if wait_for == "ack":
            line = child.stdout.readline()
            assert line.startswith("ACK "), (line, child.stderr.read() if not line else "")
            lines.append(line)
        time.sleep(rng.uniform(0.0, max_delay))
        if child.poll() is not None:
            out, err = child.communicate()
            pytest.fail(f"child ended by itself ({child.returncode}): {err[-2000:]}")
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL, err[-2000:]
    lines += out.splitlines()
    return [line.split(" ", 1)[1].strip() for line in lines if line.startswith("ACK ")]


def test_kill_9_during_bulk_writes_loses_no_acknowledged_commit(tmp_path):
    rng = random.Random(20240501)
    vault, _ = Vault.create(tmp_path / "vault", PASSWORD)
    vault.lock()
    kills, acked_total, lost, corruptions = 24, 0, [], []
    for run in range(kills):
        # most kills land in the write loop; every fourth may land while the vault is opening
        acks = _kill_at_random(WRITER, [str(tmp_path / "vault"), PASSWORD, str(run), str(BATCH)],
                               rng, wait_for=("ready", "ack", "ready", "start")[run % 4],
                               max_delay=0.4)
        acked = [int(a) for a in acks]
        acked_total += len(acked)
        with Vault.open(tmp_path / "vault", PASSWORD) as vault:
            problems = vault.integrity_problems()
            report = vault.verify_audit()
            if problems != {"vault.db": [], "identity.db": []} or not report.ok:
                corruptions.append((run, problems, report))
            with vault.reader() as conn:
                skus = [r[0] for r in conn.execute(
                    "SELECT sku FROM products WHERE sku LIKE ?", (f"r{run}-%",))]
            with vault.identity_reader() as conn:
                refs = [r[0] for r in conn.execute(
                    "SELECT value FROM identities WHERE value LIKE ?", (f"r{run}-%",))]
        counts, ident = Counter(s.rsplit("-", 1)[0] for s in skus), \
            Counter(v.rsplit("-", 1)[0] for v in refs)
        for batch in acked:
            if counts.get(f"r{run}-b{batch}") != BATCH:
                lost.append((run, batch, counts.get(f"r{run}-b{batch}")))
        # all or nothing: a batch is either complete or absent, and batches form a prefix
        present = sorted(int(k.split("-b")[1]) for k in counts)
        assert all(n == BATCH for n in counts.values()), (run, counts)
        assert present == list(range(len(present))), (run, present)
        assert len(present) >= len(acked)
        # identity.db commits first: analytics rows always have their identities
        for batch in present:
            if batch % 2:
                assert ident.get(f"r{run}-b{batch}") == 20, (run, batch, ident)
    print(f"\nkill -9 during bulk writes: {kills} kills, {acked_total} acknowledged batches, "
          f"{len(lost)} lost, {len(corruptions)} corruptions")
    assert corruptions == []
    assert lost == []
    assert acked_total >= kills // 4, "the kills should land while batches are being written"


@pytest.fixture
def small_vault(tmp_path):
    vault, _ = Vault.create(tmp_path / "vault", PASSWORDS[0])
    add_products(vault, 400)
    add_identities(vault, [("email", f"p{i}@example.com") for i in range(50)])
    snap = snapshot(vault)
    vault.lock()
    return tmp_path / "vault", snap


def test_kill_9_during_key_rotation_always_leaves_a_vault_that_opens(small_vault):
    folder, snap = small_vault
    rng = random.Random(7)
    kills, rotations, mid_rotation, kill_log = 10, 0, 0, []
    for _ in range(kills):
        rotations += len(_kill_at_random(ROTATOR, [str(folder), PASSWORDS[0]], rng,
                                         wait_for=("ready", "ack")[len(kill_log) % 2],
                                         max_delay=0.5))
        kill_log.append(rotations)
        mid_rotation += bool(keyfile.load(folder).has_pending)
        with Vault.open(folder, PASSWORDS[0]) as vault:
            assert not vault.keyfile.has_pending
            assert snapshot(vault) == snap
            assert_healthy(vault)
    print(f"\nkill -9 during key rotation: {kills} kills, {rotations} completed rotations, "
          f"{mid_rotation} kills left a pending key slot to finish")
    assert rotations > 0


def test_kill_9_during_password_change_opens_with_the_acknowledged_or_the_new_password(small_vault):
    folder, snap = small_vault
    rng = random.Random(11)
    current, kills, changes, moved_on = 0, 10, 0, 0
    for kill in range(kills):
        acks = _kill_at_random(CHANGER, [str(folder), "|".join(PASSWORDS), str(current)], rng,
                               wait_for=("ready", "ack")[kill % 2], max_delay=0.4)
        changes += len(acks)
        acknowledged = int(acks[-1]) if acks else current
        being_set = (acknowledged + 1) % len(PASSWORDS)
        never = (acknowledged + 2) % len(PASSWORDS)
        with pytest.raises(WrongPassword):
            Vault.open(folder, PASSWORDS[never])
        try:
            vault = Vault.open(folder, PASSWORDS[acknowledged])
            current = acknowledged
        except WrongPassword:
            vault = Vault.open(folder, PASSWORDS[being_set])
            current = being_set
            moved_on += 1
        with vault:
            assert snapshot(vault) == snap
            assert_healthy(vault)
    print(f"\nkill -9 during password change: {kills} kills, {changes} acknowledged changes, "
          f"{moved_on} reopened with the password being set")
    assert changes > 0
