"""Run an import: one transaction from the first chunk to the report.

read chunk -> exact-duplicate check -> transform (parse, classify, pseudonymise) -> block list ->
natural keys, on a helper thread one chunk ahead (writing/prefetch.py) -> quarantine the rejected rows ->
store the rest, on the vault's writer thread. Cancellation (progress.check_cancelled) or a crash
rolls the whole import back, so the vault is exactly as before. A dry run does all of it and then
rolls back, so its report is the real one.
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timezone

import pandas as pd
from sqlcipher3.dbapi2 import DatabaseError, IntegrityError, OperationalError, ProgrammingError

from .writing import chunk_rows
from . import columns, profiles
from .reading import readers
from .writing.fkcheck import InsertedRows
from .plan import ImportPlan
from .quarantine import QuarantineWriter
from .report import ImportReport
from .writing.prefetch import Prefetch
from .writing.natural_keys import HashCounts, KeyMaker
from .transform import Context, Transformed, transform
from .writing.writer import ChunkWriter
from ..jobs import NullProgress, Progress
from ..privacy import blocklist
from ..privacy.pseudonymize import load_pseudonymizer
from ..vault import audit
from ..vault.connection import translate_db_error

log = logging.getLogger(__name__)
FIRST_CHUNK = 25_000  # rows; then 50,000 and 100,000 (readers.iter_chunks: the writer starts sooner)


class _DryRun(Exception):
    pass


def file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _FileCounts:
    """Distinct values seen in the file (before any rejection): what the file holds."""

    def __init__(self) -> None:
        self.customers: set = set()
        self.orders: set = set()
        self.products: set = set()
        self.countries: set = set()

    def add(self, rows: pd.DataFrame, coded: dict | None = None) -> None:
        """``coded``: text columns of ``rows`` already factorised (Transformed.texts)."""
        coded = coded or {}

        def distinct(column: str) -> list:
            if column in coded:
                return coded[column][1].tolist()  # factorize leaves missing values out
            return rows[column].dropna().unique().tolist()

        self.customers.update(distinct("customer"))
        self.orders.update(distinct("order_no"))
        if "sku" in rows:
            self.products.update(distinct("sku"))
        self.countries.update(distinct("country"))

    def as_dict(self) -> dict:
        return {"customers": len(self.customers), "orders": len(self.orders),
                "products": len(self.products), "countries": len(self.countries)}


def run_import(vault, plan: ImportPlan, progress: Progress | None = None) -> ImportReport:
    progress = progress or NullProgress()
    started = time.perf_counter()
    report = _new_report(plan)
    country = vault.settings().phone_country
    as_of = pd.Timestamp(plan.options.as_of) if plan.options.as_of else pd.Timestamp.now().normalize()

    def work(vconn, iconn):
        run = _ImportRun(vconn, iconn, plan, report, country, as_of)
        run.import_chunks(progress, plan.info.rows_estimate or 0)
        run.finish(started)
        if plan.options.dry_run:
            raise _DryRun()

    try:
        vault.write(work, foreign_keys=False)  # checked by InsertedRows
    except _DryRun:
        report.import_id = None
    except (OperationalError, DatabaseError) as exc:
        if isinstance(exc, (IntegrityError, ProgrammingError)):
            raise  # a bug, not the user's disk: keep the real error for the log
        # A full disk, a read-only folder or damage met mid-import: the transaction rolled back.
        raise translate_db_error(exc, vault.paths.vault_db, "the import") from None
    if plan.options.save_profile and not plan.options.dry_run:
        profiles.save(vault, plan.options.save_profile, list(plan.info.columns), plan.mapping)
    log.info("import finished: %d rows read, %d new, %d quarantined", report.rows_read,
             report.rows_new, report.rows_quarantined)
    return report


def _new_report(plan: ImportPlan) -> ImportReport:
    """The report as far as the plan tells it, before a row is read."""
    info = plan.info
    report = ImportReport(file_name=plan.path.name, file_sha256=file_sha256(plan.path),
                          dry_run=plan.options.dry_run, shape=plan.shape, encoding=info.encoding,
                          delimiter=info.delimiter, sheet=info.sheet, mapping=dict(plan.mapping))
    report.date_decisions = {c: {"dayfirst": d, "ambiguous": c in plan.ambiguous_dates}
                             for c, d in plan.dayfirst.items()}
    report.warnings = list(dict.fromkeys(getattr(info, "warnings", []) or []))
    return report


class _ImportRun:
    """One import inside the vault's write transaction (on its writer thread): the imports row,
    the writers, and what is kept from chunk to chunk (natural keys, row hashes, file counts)."""

    def __init__(self, vconn, iconn, plan: ImportPlan, report: ImportReport, country, as_of):
        self.vconn, self.iconn, self.plan, self.report = vconn, iconn, plan, report
        self.country = country
        self.inserted = InsertedRows(vconn)
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        cur = vconn.execute(
            "INSERT INTO imports(started_at, source_kind, file_sha256, file_name, status, mapping_json)"
            " VALUES (?,?,?,?,?,?)", (now, plan.info.kind, report.file_sha256, plan.path.name,
                                      "running", json.dumps(plan.mapping, ensure_ascii=False)))
        import_id = self.import_id = report.import_id = cur.lastrowid
        self.ctx = Context(plan.mapping, load_pseudonymizer(iconn, country), as_of,
                           dict(plan.dayfirst), set(plan.integral_id_columns),
                           dict(plan.outlier_limits))
        self.blocked_hashes = blocklist.load_hashes(iconn)
        self.block_key = blocklist.load_blocklist_key(iconn) if self.blocked_hashes else None
        self.writer = ChunkWriter(vconn, iconn, import_id)
        self.quarantine = QuarantineWriter(vconn, iconn, import_id, plan.mapping)
        self.keys = KeyMaker()
        self.seen_rows = HashCounts()  # row hashes of the file so far (exact-duplicate check)
        self.counts = _FileCounts()

    def prepare(self, chunk) -> _Prepared:
        """Everything about a chunk that needs no connection (runs on the Prefetch thread)."""
        frame = chunk.frame
        if len(frame) == 0:
            return _Prepared(chunk)
        plan = self.plan
        coded = columns.factorize(frame)
        duplicate = pd.Series(self.seen_rows.seen_before(columns.row_hashes(frame, coded)),
                              index=frame.index)
        t = transform(frame, chunk.source_rows, self.ctx, coded)
        rows = t.rows
        texts = t.texts
        self.counts.add(rows, texts)
        keep = pd.Series(True, index=frame.index)
        if plan.options.drop_duplicates:
            keep &= ~duplicate
        hit = None
        if self.blocked_hashes:
            hit = blocklist.rows_blocked(frame, plan.mapping, self.block_key, self.blocked_hashes,
                                         self.country)
            hit &= keep
            keep &= ~hit
        bad = keep & ~t.valid
        stored = (keep & ~bad).to_numpy()
        stored = None if stored.all() else stored
        good = rows if stored is None else rows[stored]  # nothing writes to it
        good_texts = columns.subset(texts, stored)
        customers_only = plan.shape == "customers"
        chunk_keys = None if customers_only else self.keys.assign(good, good_texts)
        writes = chunk_rows.prepare(good, t.identities, chunk_keys, good_texts, customers_only,
                                    t.absent)
        return _Prepared(chunk, duplicate, t, hit, bad, writes)

    def import_chunks(self, progress: Progress, total_hint: int) -> None:
        report = self.report
        progress.step(0, total_hint, "reading")
        with Prefetch(lambda: readers.iter_chunks(self.plan.info, first_chunk=FIRST_CHUNK),
                      self.prepare) as prepared:
            for p in prepared:
                progress.check_cancelled()
                self._count_read(p.chunk)
                if len(p.chunk.frame) == 0:
                    continue
                self._store_chunk(p)
                progress.step(report.rows_read, max(total_hint, report.rows_read), "importing")

    def _count_read(self, chunk) -> None:
        """Rows read, the reader's own rejects (set aside unsplit), blank lines, warnings."""
        report = self.report
        report.rows_read += len(chunk.frame) + len(chunk.bad_rows)
        report.rows_quarantined += self.quarantine.add_unsplit(chunk.bad_rows)
        for _row, code, _text in chunk.bad_rows:
            report.quarantine_reasons[code] += 1
        report.blank_lines += getattr(chunk, "blank_rows", 0)
        for warning in getattr(chunk, "warnings", []) or []:
            if warning not in report.warnings:  # e.g. mixed_encoding found past the sample
                report.warnings.append(warning)

    def _store_chunk(self, p: _Prepared) -> None:
        """Count a prepared chunk, set its rejected rows aside and store the rest."""
        report = self.report
        frame = p.chunk.frame
        duplicate, t, bad = p.duplicate, p.transformed, p.bad
        rows = t.rows
        report.duplicates_found += int(duplicate.sum())
        for kind, n in t.redactions.items():
            report.pii_redactions[kind] += n
        if self.plan.options.drop_duplicates:
            report.duplicates_dropped += int(duplicate.sum())
        if p.blocked is not None:
            report.rows_blocked += int(p.blocked.sum())
        if bad.any():
            report.rows_quarantined += self.quarantine.add_frame(
                frame[bad], rows.loc[bad, "row"].tolist(), rows.loc[bad, "reason"].tolist())
            for code, n in rows.loc[bad, "reason"].value_counts().items():
                report.quarantine_reasons[code] += int(n)
        _store(p.writes, self.writer, report)
        self.inserted.check(final=False)

    def finish(self, started: float) -> None:
        """Flush the writer, complete the imports row and the audit log, check every key."""
        report = self.report
        self.writer.finish()
        report.file_counts = self.counts.as_dict()
        report.file_counts["cancellation_rows"] = report.outcomes.get("cancellation_rows", 0)
        report.seconds = round(time.perf_counter() - started, 2)
        self.vconn.execute(
            "UPDATE imports SET finished_at = ?, status = ?, rows_read = ?, rows_stored = ?,"
            " rows_quarantined = ?, report_json = ? WHERE import_id = ?",
            (datetime.now(timezone.utc).isoformat(timespec="seconds"), "complete",
             report.rows_read, report.rows_stored, report.rows_quarantined,
             json.dumps(report.to_dict(), ensure_ascii=False, default=str), self.import_id))
        audit.append(self.vconn, self.iconn, "import", report.audit_details())
        self.inserted.check()


@dataclass
class _Prepared:
    chunk: object  # readers.Chunk
    duplicate: pd.Series | None = None  # rows seen before in the file
    transformed: Transformed | None = None
    blocked: pd.Series | None = None  # rows of erased people (None: no block list)
    bad: pd.Series | None = None  # rows to quarantine
    writes: chunk_rows.ChunkRows | None = None  # the rows to store, as parameters


def _store(rows: chunk_rows.ChunkRows, writer: ChunkWriter, report: ImportReport) -> None:
    report.rows_stored += rows.n
    if rows.identities is not None:
        report.stored_counts["identities_new"] += writer.write_identities(rows.identities)
    new_customers = writer.write_customers(rows.customers)
    report.stored_counts["customers_new"] += new_customers
    if rows.orders is None:
        # A customer row adds a customer or fills in one already there: nothing else to key.
        report.rows_new += new_customers
        report.rows_already_present += rows.n - new_customers
        report.outcomes["customer_rows"] += rows.n
        return
    report.stored_counts["products_new"] += writer.write_products(rows.products)
    new_orders, new_lines = writer.write_orders(rows.orders, rows.lines)
    report.stored_counts["orders_new"] += new_orders
    report.rows_new += new_lines
    report.rows_already_present += rows.n - new_lines
    report.outcomes.update(rows.outcomes)
    report.flags.update(rows.flags)
