"""The import report: where every row of the file went, and why.

The identity the tests check on every import:
    rows_read == rows_stored + rows_quarantined + duplicates_dropped + rows_blocked
``rows_stored`` counts rows whose content is in the vault after the import, split into
``rows_new`` and ``rows_already_present`` (re-importing the same file stores 0 new rows).
``rows_blocked`` is 0 unless the block list of erased people matched (privacy.md B3).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields

REASONS = {
    # code: (English, Chinese) as shown in the report and quarantine views
    "missing_date": ("order date is empty", "下单时间为空"),
    "unparseable_date": ("order date cannot be read", "无法识别下单时间"),
    "ambiguous_date": ("date order (day/month) contradicts the rest of the file", "日期的日/月顺序与文件其余部分矛盾"),
    "unparseable_payment_time": ("payment time cannot be read", "无法识别付款时间"),
    "bad_quantity": ("quantity is not a number", "数量不是数字"),
    "zero_quantity": ("quantity is 0", "数量为 0"),
    "bad_amount": ("an amount is not a number", "金额不是数字"),
    "negative_price": ("unit price is negative", "单价为负数"),
    "no_amount": ("no price or amount", "没有价格或金额"),
    "no_identifier": ("no customer identifier on a customer row", "客户行缺少客户标识"),
    "too_many_fields": ("more fields than the header", "字段数多于表头"),
    "undecodable": ("characters cannot be decoded", "字符无法解码"),
    "bad_row": ("row cannot be read", "无法读取该行"),
    "unbalanced_quotes": ("a quotation mark is never closed", "引号没有闭合"),
    "malformed_quotes": ("quotation marks inside the row are broken", "行内引号格式错误"),
    "mixed_date_formats": ("the file mixes day-first and month-first dates", "文件中日/月顺序混用"),
    "implausible_date": ("date is outside 1900-2100", "日期不在 1900-2100 年之间"),
}


def reason_text(code: str, lang: str = "en") -> str:
    en, zh = REASONS.get(code, (code.replace("_", " "), code))
    return zh if lang == "zh" else en


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
