"""Store a chunk's prepared rows (chunk_rows.py): customers, products, orders and order lines,
with the natural keys (natural_keys.py) that make importing the same rows again add nothing.
Only this module runs statements; it runs on the vault's writer thread.
"""
from __future__ import annotations

from datetime import datetime, timezone
from itertools import compress

import numpy as np
import pandas as pd

from . import bulk
from .binding import BATCH, NULL, bindable, blobs, lookup_coded
from .bulk import Literal
from ...vault import journal
from .chunk_rows import Customers, Lines, Orders, Products

_MEMO_LIMIT = 1_000_000


def _forget_if_large(memo):
    if len(memo) > _MEMO_LIMIT:
        memo.clear()
    return memo


class ChunkWriter:
    def __init__(self, vconn, iconn, import_id: int):
        self.v, self.i, self.import_id = vconn, iconn, import_id
        self.now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.customer_ids: dict[str, int] = {}
        self.product_ids: dict[str, int] = {}
        self.order_ids: dict[bytes, int] = {}
        # What this import already wrote, to skip statements that could change nothing (bounded:
        # forgetting only costs a redundant statement): customer -> bit mask of the attribute
        # columns this import stored non-NULL (coalesce() keeps them); customers linked to the
        # import; identity rows inserted or found.
        self._filled: dict[str, int] = {}
        self._linked: set[int] = set()
        self._identities: set[tuple] = set()
        # Orders this import inserted with the sum of one chunk's lines as total (ids, ascending:
        # 8 bytes each where a set costs ~60, millions of orders in a large file), and those of
        # them that later chunks added lines to (re-summed by finish()).
        self._derived = np.empty(0, dtype=np.int64)
        self._resum: set[int] = set()

    def _ids(self, table: str, key_col: str, id_col: str, keys: list, cache: dict) -> None:
        missing = [k for k in keys if k not in cache]
        blob = bool(missing) and isinstance(missing[0], bytes)
        for start in range(0, len(missing), BATCH):
            part = missing[start:start + BATCH]
            marks = ",".join("?" * len(part))
            for ident, key in self.v.execute(
                    f"SELECT {id_col}, {key_col} FROM {table} WHERE {key_col} IN ({marks})",
                    blobs(part) if blob else part):
                cache[key] = ident

    def write_customers(self, c: Customers | None) -> int:
        if c is None:
            return 0
        keys = c.keys
        self._ids("customers", "pseudonym", "customer_id", keys, self.customer_ids)
        new_keys = [k for k in keys if k not in self.customer_ids]
        filled = _forget_if_large(self._filled)
        needed = [bits & ~filled.get(k, 0) != 0 or k not in filled
                  for k, bits in zip(keys, c.present)]
        for k, bits in zip(keys, c.present):
            filled[k] = filled.get(k, 0) | bits
        params = c.params if all(needed) else [
            p if isinstance(p, Literal) else list(compress(p, needed)) for p in c.params]
        bulk.insert(
            self.v, "INSERT INTO customers(pseudonym, signup_date, gender, age_band, city, province,"
            " country, postcode_prefix, import_id)",
            params + [Literal.integer(self.import_id)],
            " ON CONFLICT(pseudonym) DO UPDATE SET"
            " signup_date = coalesce(customers.signup_date, excluded.signup_date),"
            " gender = coalesce(customers.gender, excluded.gender),"
            " age_band = coalesce(customers.age_band, excluded.age_band),"
            " city = coalesce(customers.city, excluded.city),"
            " province = coalesce(customers.province, excluded.province),"
            " country = coalesce(customers.country, excluded.country),"
            " postcode_prefix = coalesce(customers.postcode_prefix, excluded.postcode_prefix)")
        self._ids("customers", "pseudonym", "customer_id", new_keys, self.customer_ids)
        # Every customer this import touches is linked to it, so undo knows who still needs them.
        linked = _forget_if_large(self._linked)
        ids = [i for i in (self.customer_ids[k] for k in keys) if i not in linked]
        linked.update(ids)
        bulk.insert(self.v, "INSERT OR IGNORE INTO customer_imports(customer_id, import_id)",
                    [ids, Literal.integer(self.import_id)])
        return len(new_keys)

    def write_identities(self, identities: pd.DataFrame | None) -> int:
        if identities is None or identities.empty:
            return 0
        seen = _forget_if_large(self._identities)
        rows = [r for r in zip(*(bindable(identities[c]) for c in ("pseudonym", "kind", "value")))
                if r not in seen]
        seen.update(rows)
        before = self.i.total_changes
        # Each row carries the write's token: the journal removes it if vault.db never commits.
        bulk.insert(self.i, "INSERT OR IGNORE INTO identities(pseudonym, kind, value, first_seen,"
                    " write_token)", [[r[0] for r in rows], [r[1] for r in rows],
                                      [r[2] for r in rows], [self.now] * len(rows),
                                      Literal.hex_text(journal.current_token())])
        return self.i.total_changes - before

    def write_products(self, p: Products | None) -> int:
        if p is None:
            return 0
        # Count before the upsert: total_changes also counts updates of products already there.
        self._ids("products", "sku", "product_id", p.keys, self.product_ids)
        new = sum(1 for k in p.keys if k not in self.product_ids)
        # The first name stays, unless it did not come from a sale line and this one does.
        bulk.insert(
            self.v, "INSERT INTO products(sku, name, category, name_from_sale, import_id)",
            p.params + [p.name_from_sale, Literal.integer(self.import_id)],
            " ON CONFLICT(sku) DO UPDATE SET name = CASE WHEN products.name IS NULL"
            " OR (products.name_from_sale = 0 AND excluded.name_from_sale = 1)"
            " THEN coalesce(excluded.name, products.name) ELSE products.name END,"
            " name_from_sale = max(products.name_from_sale, excluded.name_from_sale),"
            " category = coalesce(products.category, excluded.category)")
        self._ids("products", "sku", "product_id", p.keys, self.product_ids)
        return new

    def _max_order_id(self) -> int:
        return self.v.execute("SELECT coalesce(max(order_id), 0) FROM orders").fetchone()[0]

    def write_orders(self, orders: Orders, lines: Lines) -> tuple[int, int]:
        """Returns (new orders, new lines)."""
        order_keys, col = orders.keys, orders.params
        unknown = [k for k in order_keys if k not in self.order_ids]
        last = self._max_order_id() if unknown else 0
        before = self.v.total_changes
        bulk.insert(
            self.v, "INSERT OR IGNORE INTO orders(order_no, customer_id, ordered_at, paid_at, channel,"
            " kind, total, amount_paid, refund, discount, natural_key, import_id, country, province,"
            " city, note)",
            [col["order_no"], lookup_coded(orders.customer, self.customer_ids).tolist(),
             col["ordered_at"], col["paid_at"], col["channel"], col["kind"], col["order_total"],
             col["amount_paid"], col["refund"], col["discount"], blobs(order_keys),
             Literal.integer(self.import_id), col["country"], col["province"], col["city"],
             col["note"]])
        new_orders = self.v.total_changes - before
        if unknown and new_orders == len(unknown) and self._max_order_id() == last + new_orders:
            # Every unknown key was inserted, in this order, and SQLite gives a new row the
            # largest rowid + 1: their ids are known without looking each key up again.
            self.order_ids.update(zip(unknown, range(last + 1, last + 1 + new_orders)))
        else:
            self._ids("orders", "natural_key", "order_id", order_keys, self.order_ids)
        self._track_totals(orders, set(unknown), last)
        # Every row's order is now in the cache: a key the INSERT ignored was found by _ids.
        ids = np.array([self.order_ids.get(k, NULL) for k in order_keys] + [NULL], dtype=float)
        oid = ids[lines.group]
        if np.isnan(oid).any():  # an order the INSERT skipped for another reason than its key
            raise ValueError("cannot convert float NaN to integer")
        col = lines.params
        before = self.v.total_changes
        bulk.insert(
            self.v, "INSERT OR IGNORE INTO order_lines(order_id, product_id, quantity, unit_price,"
            " amount, discount, natural_key, import_id, flags)",
            [oid.astype(np.int64).tolist(), lookup_coded(lines.sku, self.product_ids).tolist(),
             col["quantity"], col["unit_price"], col["amount"], col["discount"], lines.keys,
             Literal.integer(self.import_id), col["flags"]])
        return new_orders, self.v.total_changes - before

    def _track_totals(self, orders: Orders, unknown: set, last: int) -> None:
        """Remember which orders got a total summed from this chunk's lines, and which such
        orders this chunk added lines to (their total lacks them)."""
        ids = np.fromiter((self.order_ids[k] for k in orders.keys), dtype=np.int64,
                          count=len(orders.keys))
        inserted = np.fromiter((k in unknown for k in orders.keys), dtype=bool,
                               count=len(orders.keys)) & (ids > last)
        # Ids of inserted rows only grow, so appending keeps the array sorted.
        self._derived = np.concatenate((self._derived,
                                        ids[inserted & np.asarray(orders.derived, dtype=bool)]))
        # Lines added to an order summed earlier (a total given on these later lines was
        # ignored with the order row, as it always was): all its lines count.
        earlier = ids[~inserted]
        self._resum.update(earlier[np.isin(earlier, self._derived)].tolist())

    def finish(self) -> None:
        """Totals of orders whose lines came in several chunks: the sum of all their lines."""
        ids = sorted(self._resum)
        for start in range(0, len(ids), BATCH):
            part = ids[start:start + BATCH]
            self.v.execute("UPDATE orders SET total = (SELECT sum(amount) FROM order_lines l"
                           " WHERE l.order_id = orders.order_id) WHERE order_id IN"
                           f" ({','.join('?' * len(part))})", part)
