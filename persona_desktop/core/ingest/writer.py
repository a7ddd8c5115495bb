"""Store transformed rows: customers, products, orders and order lines, keyed so that importing
the same rows again adds nothing.

Natural keys (issue: re-import and undo): an order is keyed by its order number when the file has
one, else each row is its own order; a line is keyed by its order, product, quantity, price and
amount plus its occurrence number among identical lines of the file, so exact duplicate rows that
the user keeps are stored as separate lines, and the same file (or next month's overlapping export)
maps to the same keys. Keys are 128-bit (two independent 64-bit row hashes), stored as BLOBs.
"""
from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
import pandas as pd

_K1, _K2 = "persona-nkey-001", "persona-nkey-002"  # hash_pandas_object keys: 16 characters
_BATCH = 900  # stays under SQLite's default limit of bound parameters


def _hash128(frame: pd.DataFrame) -> list[bytes]:
    """16-byte keys (a BLOB is half the size of hex text in the UNIQUE index)."""
    a = pd.util.hash_pandas_object(frame, index=False, hash_key=_K1).to_numpy()
    b = pd.util.hash_pandas_object(frame, index=False, hash_key=_K2).to_numpy()
    both = np.empty((len(a), 2), dtype=">u8")
    both[:, 0], both[:, 1] = a, b
    raw = both.tobytes()
    return [raw[i:i + 16] for i in range(0, len(raw), 16)]


def _none(value):
    return None if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) \
        else value


def _records(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    sub = frame[columns].astype(object).where(frame[columns].notna(), None)
    return list(sub.itertuples(index=False, name=None))


class KeyMaker:
    """Occurrence counting spans chunks, so one KeyMaker lives for the whole file."""

    def __init__(self) -> None:
        self._seen: dict[int, int] = {}

    def _occurrence(self, basis: pd.DataFrame) -> np.ndarray:
        base = pd.util.hash_pandas_object(basis, index=False, hash_key=_K1)
        within = base.groupby(base.to_numpy()).cumcount().to_numpy()
        prior = np.fromiter((self._seen.get(h, 0) for h in base.tolist()), dtype=np.int64,
                            count=len(base))
        for h, c in base.value_counts().items():
            self._seen[h] = self._seen.get(h, 0) + int(c)
        return prior + within

    def assign(self, rows: pd.DataFrame) -> None:
        text = rows[["order_no", "customer", "ordered_at", "sku", "quantity", "unit_price",
                     "amount"]].astype("string").fillna("\x00")
        line_basis = text.copy()
        has_no = rows["order_no"].notna()
        # Without an order number each row is one order: the line basis is the row itself.
        line_basis.loc[has_no, ["customer", "ordered_at"]] = ""
        line_basis["n"] = self._occurrence(line_basis)
        rows["line_key"] = _hash128(line_basis)
        order_key = pd.Series(rows["line_key"].to_numpy(), index=rows.index, dtype=object)
        if has_no.any():
            order_key[has_no] = _hash128(pd.DataFrame({"o": text.loc[has_no, "order_no"]}))
        rows["order_key"] = order_key


class ChunkWriter:
    def __init__(self, vconn, iconn, import_id: int):
        self.v, self.i, self.import_id = vconn, iconn, import_id
        self.now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.customer_ids: dict[str, int] = {}
        self.product_ids: dict[str, int] = {}
        self.order_ids: dict[str, int] = {}

    def _ids(self, table: str, key_col: str, id_col: str, keys: list[str], cache: dict) -> None:
        missing = [k for k in keys if k not in cache]
        for start in range(0, len(missing), _BATCH):
            part = missing[start:start + _BATCH]
            marks = ",".join("?" * len(part))
            for ident, key in self.v.execute(
                    f"SELECT {id_col}, {key_col} FROM {table} WHERE {key_col} IN ({marks})", part):
                cache[key] = ident

    def write_customers(self, rows: pd.DataFrame) -> int:
        with_c = rows[rows["customer"].notna()]
        if with_c.empty:
            return 0
        cols = ["customer", "signup_date", "gender", "age_band", "city", "province", "country",
                "postcode_prefix"]
        first = with_c[cols].groupby("customer", sort=False).first().reset_index()
        keys = first["customer"].astype(str).tolist()
        self._ids("customers", "pseudonym", "customer_id", keys, self.customer_ids)
        new_keys = [k for k in keys if k not in self.customer_ids]
        self.v.executemany(
            "INSERT INTO customers(pseudonym, signup_date, gender, age_band, city, province, country,"
            " postcode_prefix, import_id) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(pseudonym) DO UPDATE SET"
            " signup_date = coalesce(customers.signup_date, excluded.signup_date),"
            " gender = coalesce(customers.gender, excluded.gender),"
            " age_band = coalesce(customers.age_band, excluded.age_band),"
            " city = coalesce(customers.city, excluded.city),"
            " province = coalesce(customers.province, excluded.province),"
            " country = coalesce(customers.country, excluded.country),"
            " postcode_prefix = coalesce(customers.postcode_prefix, excluded.postcode_prefix)",
            [r + (self.import_id,) for r in _records(first, cols)])
        self._ids("customers", "pseudonym", "customer_id", new_keys, self.customer_ids)
        # Every customer this import touches is linked to it, so undo knows who still needs them.
        self.v.executemany("INSERT OR IGNORE INTO customer_imports(customer_id, import_id) VALUES (?,?)",
                           [(self.customer_ids[k], self.import_id) for k in keys])
        return len(new_keys)

    def write_identities(self, identities: pd.DataFrame) -> int:
        if identities.empty:
            return 0
        before = self.i.total_changes
        self.i.executemany(
            "INSERT OR IGNORE INTO identities(pseudonym, kind, value, first_seen) VALUES (?,?,?,?)",
            [r + (self.now,) for r in identities[["pseudonym", "kind", "value"]].itertuples(
                index=False, name=None)])
        return self.i.total_changes - before

    def write_products(self, rows: pd.DataFrame) -> int:
        with_p = rows[rows["sku"].notna()]
        if with_p.empty:
            return 0
        first = with_p[["sku", "product_name", "category"]].groupby("sku", sort=False).first()
        first = first.reset_index()
        before = self.v.total_changes
        self.v.executemany(
            "INSERT INTO products(sku, name, category, import_id) VALUES (?,?,?,?) ON CONFLICT(sku) "
            "DO UPDATE SET name = coalesce(products.name, excluded.name),"
            " category = coalesce(products.category, excluded.category)",
            [r + (self.import_id,) for r in _records(first, ["sku", "product_name", "category"])])
        new = self.v.total_changes - before
        self._ids("products", "sku", "product_id", first["sku"].astype(str).tolist(), self.product_ids)
        return new

    def write_orders(self, rows: pd.DataFrame) -> tuple[int, int]:
        """Returns (new orders, new lines)."""
        cols = ["order_key", "order_no", "customer", "ordered_at", "paid_at", "channel", "kind",
                "order_total", "amount_paid", "refund", "discount", "country", "province", "city", "note"]
        orders = rows[cols].groupby("order_key", sort=False).first().reset_index()
        cust = orders["customer"].map(self.customer_ids)
        recs = []
        for r, c in zip(_records(orders, cols), cust.tolist()):
            recs.append((r[1], _none(c), r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[0],
                         self.import_id, r[11], r[12], r[13], r[14]))
        before = self.v.total_changes
        self.v.executemany(
            "INSERT OR IGNORE INTO orders(order_no, customer_id, ordered_at, paid_at, channel, kind,"
            " total, amount_paid, refund, discount, natural_key, import_id, country, province, city,"
            " note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", recs)
        new_orders = self.v.total_changes - before
        self._ids("orders", "natural_key", "order_id", orders["order_key"].tolist(), self.order_ids)
        oid = rows["order_key"].map(self.order_ids)
        pid = rows["sku"].map(self.product_ids)
        lines = pd.DataFrame({"o": oid, "p": pid, "q": rows["quantity"], "u": rows["unit_price"],
                              "a": rows["amount"], "d": rows["discount"], "k": rows["line_key"],
                              "f": rows["flags"]})
        before = self.v.total_changes
        self.v.executemany(
            "INSERT OR IGNORE INTO order_lines(order_id, product_id, quantity, unit_price, amount,"
            " discount, natural_key, import_id, flags) VALUES (?,?,?,?,?,?,?,?,?)",
            [(int(o), _none(p), q, _none(u), _none(a), _none(d), k, self.import_id, _none(f))
             for o, p, q, u, a, d, k, f in _records(lines, list(lines.columns))])
        return new_orders, self.v.total_changes - before

    def finish(self) -> None:
        """Order totals of line-level files are the sum of their lines."""
        self.v.execute("UPDATE orders SET total = (SELECT sum(amount) FROM order_lines l "
                       "WHERE l.order_id = orders.order_id) WHERE import_id = ? AND total IS NULL",
                       (self.import_id,))
