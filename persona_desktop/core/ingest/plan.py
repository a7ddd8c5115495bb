"""Everything decided before an import runs, shown to the user by the wizard and the CLI.

``plan_import`` inspects the file (encoding, delimiter, header), detects column roles (or takes a
saved profile for the same header, or the user's mapping), decides per-file questions from a
sample (day-first dates, float-written ids, outlier limits) and lists what privacy will do to each
column. Nothing is written to the vault.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import detect, mapping as mapping_mod
from . import parsing, profiles
from .reading import readers
from .transform import IDENTIFIER_ROLES
from ..jobs import Progress

SAMPLE_ROWS = 5000
# Cells in the sample at most: 5,000 rows up to 200 columns, fewer rows for wider files, so a
# 10,000-column file is sampled in bounded memory and time (issue 12, defect 7).
SAMPLE_CELLS = 1_000_000

PRIVACY_ACTIONS = {
    **{r: "pseudonymised" for r in ("customer_id", "email", "phone", "name", "id_number")},
    "address": "generalised",  # kept whole in identity.db; only city/province reach analytics
    "birth_date": "generalised", "age": "generalised", "postcode": "generalised",
    "free_text": "scanned", "ignore": "ignored",
}


@dataclass
class ImportOptions:
    mapping: dict[str, str] | None = None  # column -> role, from the user
    profile: str | None = None  # a saved mapping profile to use
    save_profile: str | None = None  # save the mapping used under this name
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    has_header: bool | None = None
    dayfirst: bool | None = None  # None: decided per column from the evidence
    drop_duplicates: bool = False
    dry_run: bool = False
    as_of: str | None = None


@dataclass
class ImportPlan:
    path: Path
    info: object  # readers.SourceInfo
    options: ImportOptions
    guesses: list = field(default_factory=list)  # mapping.ColumnGuess, for the wizard
    mapping: dict[str, str] = field(default_factory=dict)
    profile_used: str | None = None
    dayfirst: dict[str, bool | None] = field(default_factory=dict)
    ambiguous_dates: list[str] = field(default_factory=list)
    integral_id_columns: set[str] = field(default_factory=set)
    outlier_limits: dict[str, float] = field(default_factory=dict)
    preview: pd.DataFrame | None = None

    @property
    def privacy(self) -> dict[str, str]:
        return {col: PRIVACY_ACTIONS.get(role, "kept") for col, role in self.mapping.items()}

    @property
    def shape(self) -> str:
        roles = set(self.mapping.values())
        has_customer = bool(roles & set(IDENTIFIER_ROLES))
        if "order_date" not in roles:
            return "customers"
        lines = bool(roles & {"product_id", "product_name"})
        if has_customer:
            return "flat_order_lines" if lines else "orders_with_customers"
        return "order_lines" if lines else "orders"


def plan_import(vault, path: Path | str, options: ImportOptions | None = None,
                progress: Progress | None = None) -> ImportPlan:
    options = options or ImportOptions()
    path = Path(path)
    info = readers.inspect(path, encoding=options.encoding, delimiter=options.delimiter,
                           sheet=options.sheet, has_header=options.has_header)
    rows = max(50, min(SAMPLE_ROWS, SAMPLE_CELLS // max(1, len(info.columns))))
    sample = readers.preview(info, rows)
    plan = ImportPlan(path, info, options, preview=sample.head(50))
    plan.guesses = detect.detect_roles(list(info.columns), sample, progress)
    if any(g.evidence_code == "not_examined" for g in plan.guesses) \
            and "many_columns" not in info.warnings:
        info.warnings.append("many_columns")
    detected = {g.column: g.role for g in plan.guesses}
    if options.mapping:
        chosen = {**detected, **options.mapping}
    else:
        profile = profiles.find(vault, options.profile, info.columns) if vault is not None else None
        if profile is not None:
            plan.profile_used, chosen = profile
        elif options.profile:
            from ..errors import UsageError
            raise UsageError(what=f"no mapping profile named {options.profile!r}")
        else:
            chosen = detected
    plan.mapping = {c: r for c, r in chosen.items() if c in info.columns}
    decide(plan, sample)
    return plan


def decide(plan: ImportPlan, sample: pd.DataFrame) -> None:
    """Per-file decisions taken from the sample (re-run after the user changes the mapping)."""
    m = plan.mapping
    mapping_mod.validate_mapping(m)
    plan.dayfirst.clear()
    plan.ambiguous_dates.clear()
    for col, role in m.items():
        if role in ("order_date", "payment_time", "birth_date", "signup_date"):
            if plan.options.dayfirst is not None:
                plan.dayfirst[col] = plan.options.dayfirst
                continue
            dayfirst, ambiguous = parsing.dayfirst_decision(sample[col])
            plan.dayfirst[col] = dayfirst
            if ambiguous:
                plan.ambiguous_dates.append(col)
    plan.integral_id_columns = {c for c, r in m.items() if r in ("customer_id", "order_id")
                                and parsing.integral_floats(sample[c])}
    plan.outlier_limits = {}
    for role in ("quantity", "unit_price"):
        col = next((c for c, r in m.items() if r == role), None)
        if col is not None:
            values, _bad = parsing.numbers(sample[col])
            values = values.abs().dropna()
            if values.empty:
                continue
            # The 95th percentile and the median are robust even in a 20-row file, where a single
            # 80,995 would drag a 99th percentile (and any limit built on it) up to itself.
            limit = max(10 * float(values.quantile(0.95)), 50 * float(values.median()))
            if limit > 0:
                plan.outlier_limits[role] = limit
