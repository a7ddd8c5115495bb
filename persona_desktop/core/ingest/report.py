"""The import report: where every row of the file went, and why (in codes; their words are in
messages.py).

The identity the tests check on every import:
    rows_read == rows_stored + rows_quarantined + duplicates_dropped + rows_blocked
``rows_stored`` counts rows whose content is in the vault after the import, split into
``rows_new`` and ``rows_already_present`` (re-importing the same file stores 0 new rows).
``rows_blocked`` is 0 unless the block list of erased people matched (privacy.md B3).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields


@dataclass
class ImportReport:
    file_name: str = ""
    file_sha256: str = ""
    import_id: int | None = None
    dry_run: bool = False
    shape: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    mapping: dict = field(default_factory=dict)
    rows_read: int = 0
    rows_stored: int = 0
    rows_new: int = 0
    rows_already_present: int = 0
    rows_quarantined: int = 0
    duplicates_found: int = 0
    duplicates_dropped: int = 0
    rows_blocked: int = 0
    blank_lines: int = 0
    quarantine_reasons: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    file_counts: dict = field(default_factory=dict)
    stored_counts: Counter = field(default_factory=Counter)
    flags: Counter = field(default_factory=Counter)
    pii_redactions: Counter = field(default_factory=Counter)
    date_decisions: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def accounting_ok(self) -> bool:
        return self.rows_read == (self.rows_stored + self.rows_quarantined
                                  + self.duplicates_dropped + self.rows_blocked)

    def to_dict(self) -> dict:
        # Not dataclasses.asdict: it rebuilds a Counter from (key, value) pairs and counts the pairs.
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for key, value in list(data.items()):
            if isinstance(value, dict):
                data[key] = dict(value)
        data["accounting_ok"] = self.accounting_ok
        return data

    def audit_details(self) -> dict:
        """Counts only: what the audit log may hold."""
        return {"import_id": self.import_id, "file_sha256": self.file_sha256,
                "rows_read": self.rows_read, "rows_new": self.rows_new,
                "rows_already_present": self.rows_already_present,
                "rows_quarantined": self.rows_quarantined,
                "duplicates_found": self.duplicates_found,
                "duplicates_dropped": self.duplicates_dropped, "rows_blocked": self.rows_blocked}
