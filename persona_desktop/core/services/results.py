"""What the use cases return: frozen dataclasses instead of dicts read by key.

The GUI pages and the CLI read these attributes; a typo is then an AttributeError at the line
that made it, not a ``None`` three screens later. ``to_dict()`` gives the plain dict the CLI
prints with ``--json``: keys, order and values exactly as they were before these types existed,
because scripts parse that output. Nothing here imports pandas, so ``persona info`` stays quick;
the frames of a ``RunComparison`` are only handed through.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


def _plain(result) -> dict:
    """The dataclass's fields as a dict, in field order (no deep copy: values are handed on)."""
    return {f.name: getattr(result, f.name) for f in fields(result)}


@dataclass(frozen=True)
class VaultInfo:
    """``services.vault_info``: where the vault is, its settings, key derivation, row counts."""
    path: str
    vault_id: str
    created_at: str | None
    settings: dict            # shop_name, currency, timezone, phone_country
    kdf: dict                 # id, memory_kib, iterations
    schema_version: int
    counts: dict              # table -> rows (customers, orders, order_lines, products, ...)
    file_bytes: dict          # database file name -> bytes
    failed_unlocks_since_last: int
    # The key file's failed-unlock counter went down since the last unlock (reset or replaced).
    # Shown by the app and on stderr by the CLI; not in to_dict, so --json keeps its keys.
    failed_unlock_record_reset: bool = False

    @property
    def shop_name(self) -> str:
        return self.settings.get("shop_name", "")

    def to_dict(self) -> dict:
        out = _plain(self)
        del out["failed_unlock_record_reset"]
        return out


@dataclass(frozen=True)
class ImportRecord:
    """One past import, newest first in ``services.list_imports``."""
    import_id: int
    started_at: str | None
    finished_at: str | None
    kind: str | None          # the source kind (csv, xlsx, demo...)
    file_name: str | None
    rows_read: int | None
    rows_stored: int | None
    rows_quarantined: int | None
    status: str
    undone_at: str | None
    rows_new: int | None
    duplicates_found: int | None

    def to_dict(self) -> dict:
        return _plain(self)


@dataclass(frozen=True)
class RunComparison:
    """Who moved between segments from one profiling run to another (``services.compare_runs``,
    or the comparison a run stored with itself). ``counts`` is the segment x segment DataFrame
    of customers, ``suppressed`` the same-shaped bool frame of cells hidden for privacy; figures
    that would show fewer than k customers are None."""
    counts: Any
    suppressed: Any
    customers_in_both: int
    only_in_a: int | None
    only_in_b: int | None
    stayed_share: float | None
    clusters_kept_share: float | None

    @classmethod
    def from_migration(cls, result: dict) -> "RunComparison":
        """From the dict of ``analytics.compare.migration`` (extra keys are left out)."""
        return cls(**{f.name: result[f.name] for f in fields(cls)})

    def to_dict(self) -> dict:
        return _plain(self)


@dataclass(frozen=True)
class ProductShare:
    """A recommended product; ``share`` is the part of a group's customers it is recommended to
    (None for one customer's own list)."""
    product_id: int
    name: str
    share: float | None

    def to_dict(self) -> dict:
        return _plain(self)


@dataclass(frozen=True)
class Recommendations:
    """``services.recommend``: ``scope`` is "customer", "segment" or "shop"; ``name`` the
    customer's pseudonym or the segment id (None for the shop); ``figures`` (CLV, P(alive)...)
    only for one customer."""
    scope: str
    name: str | None
    products: tuple[ProductShare, ...] = ()
    figures: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        products = [p.to_dict() for p in self.products]
        # Key order as the --json output has always had it: figures last for a customer,
        # before the products for a segment or the shop.
        if self.scope == "customer":
            return {"scope": self.scope, "name": self.name, "products": products,
                    "figures": self.figures}
        return {"scope": self.scope, "name": self.name, "figures": self.figures,
                "products": products}


@dataclass(frozen=True)
class GroupPrediction:
    """Predicted figures of one persona group: mean CLV, churn risk (1 - P(alive)) and churn
    probability over the customers a part could score (None when none), and its top products."""
    clv: float | None
    churn_risk: float | None
    churn_probability: float | None
    top_products: tuple[ProductShare, ...] = ()

    def to_dict(self) -> dict:
        return {"clv": self.clv, "churn_risk": self.churn_risk,
                "churn_probability": self.churn_probability,
                "top_products": [p.to_dict() for p in self.top_products]}


@dataclass(frozen=True)
class PersonaPredictions:
    """``services.persona_predictions``: {kind: {group id: GroupPrediction}} for the kinds
    ("segment", "cluster") the profiling run has personas of. False when there is none."""
    groups: dict = field(default_factory=dict)

    def of(self, kind: str) -> dict:
        """{group id: GroupPrediction} of one kind ({} when the run has no such personas)."""
        return self.groups.get(kind, {})

    def figures(self, kind: str, group_id: str) -> dict:
        """The plain figures a persona card shows (``Persona.predictions``), {} when none."""
        found = self.of(kind).get(group_id)
        return found.to_dict() if found is not None else {}

    def __bool__(self) -> bool:
        return bool(self.groups)

    def to_dict(self) -> dict:
        return {kind: {gid: g.to_dict() for gid, g in groups.items()}
                for kind, groups in self.groups.items()}
