"""Store transformed rows: customers, products, orders and order lines, keyed so that importing
the same rows again adds nothing.

Natural keys (issue: re-import and undo): an order is keyed by its order number when the file has
one, else each row is its own order; a line is keyed by its order, product, quantity, price and
amount plus its occurrence number among identical lines of the file, so exact duplicate rows that
the user keeps are stored as separate lines, and the same file (or next month's overlapping export)
maps to the same keys. Keys are 128-bit (two independent 64-bit row hashes), stored as BLOBs.
The keys are exactly ``pandas.util.hash_pandas_object`` of the text frame described in
``KeyMaker.assign``: vaults hold them, so any change of that recipe would duplicate re-imports.

Binding speed (measured, Online Retail's 541,909 lines): sqlcipher3 runs its adaptation protocol
(two failed attribute look-ups, each building an AttributeError) for every parameter that is not
exactly int, float, str or bytearray, None and bytes included; that alone made the inserts 4-7x
slower. So parameters are built column-wise as plain Python values, with NaN for a missing value
(SQLite stores a bound NaN as NULL) and bytearray for BLOB keys. The large inserts go through
``bulk.insert`` (multi-row VALUES; see there why).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np
import pandas as pd

from . import bulk

_K1, _K2 = "persona-nkey-001", "persona-nkey-002"  # hash_pandas_object keys: 16 characters
_BATCH = 900  # stays under SQLite's default limit of bound parameters
NULL = float("nan")  # binds as NULL without sqlcipher3's slow adaptation of None
_KEY_TEXT = ["order_no", "customer", "ordered_at", "sku", "quantity", "unit_price", "amount"]


def _column_hash(values: pd.Series, key: str) -> np.ndarray:
    return pd.util.hash_pandas_object(values, index=False, hash_key=key).to_numpy()


def _combine(hashes: list[np.ndarray]) -> np.ndarray:
    """What hash_pandas_object does with the column hashes of a frame (pandas'
    combine_hash_arrays, a copy of CPython's tuple hash): lets a column hash be reused."""
    n = len(hashes)
    mult = np.uint64(1000003)
    out = np.zeros_like(hashes[0]) + np.uint64(0x345678)
    for i, h in enumerate(hashes):
        out ^= h
        out *= mult
        mult += np.uint64(82520 + 2 * (n - i))
    return out + np.uint64(97531)


def _key_array(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """16-byte keys as a numpy "V16" array (a BLOB is half the size of hex text in the UNIQUE
    index). "V16", not "S16": an "S" array drops trailing NUL bytes when its items are read."""
    both = np.empty((len(a), 2), dtype=">u8")
    both[:, 0], both[:, 1] = a, b
    return both.view("V16").reshape(len(a))


def _keys(a: np.ndarray, b: np.ndarray) -> list[bytes]:
    return _key_array(a, b).tolist()  # void items come out as bytes, all 16 of them


def _bindable(s: pd.Series) -> list:
    """A column as parameters: Python str/int/float, NaN where missing (see module doc)."""
    if isinstance(s.dtype, np.dtype) and s.dtype.kind in "fiu":
        return s.to_numpy().tolist()
    values = s.to_numpy(dtype=object)
    missing = pd.isna(values)
    if missing.any():
        values = values.copy()
        values[missing] = NULL
    return values.tolist()


def _blobs(keys) -> list:
    return list(map(bytearray, keys))


def _lookup(values: pd.Series, cache: dict) -> np.ndarray:
    """``values.map(cache)`` as float (NaN when absent), looking up each distinct value once:
    Series.map(dict) would first turn the whole cache (millions of keys) into an index."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    table = np.array([cache.get(u, NULL) for u in uniques] + [NULL], dtype=float)
    return table[codes]


def _lookup_coded(coded: tuple[np.ndarray, np.ndarray], cache: dict) -> np.ndarray:
    """``_lookup`` of a column already factorised (columns.texts)."""
    codes, uniques = coded
    table = np.array([cache.get(u, NULL) for u in uniques.tolist()] + [NULL], dtype=float)
    return table[codes]


def _recipe_codes(coded: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """``_text_codes`` of a text column already factorised (columns.texts)."""
    codes, uniques = coded
    texts = np.array(list(uniques) + ["\x00"], dtype=object)
    return np.where(codes < 0, len(texts) - 1, codes), texts


def _text_codes(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``s.astype("string").fillna("\\x00")`` (the key recipe's text) as codes into distinct texts."""
    if isinstance(s.dtype, np.dtype) and s.dtype.kind == "f":
        # str() once per distinct bit pattern: -0.0 and 0.0 must stay apart ("-0.0" != "0.0").
        values = s.to_numpy(dtype=np.float64)
        codes, uniques = pd.factorize(values.view(np.int64))
        texts = ["\x00" if v != v else str(v) for v in uniques.view(np.float64).tolist()]
        return codes, np.array(texts, dtype=object)
    if isinstance(s.dtype, pd.StringDtype):  # already the recipe's text: skip astype's copy
        codes, uniques = pd.factorize(s.to_numpy(dtype=object, na_value=None))
    else:
        codes, uniques = pd.factorize(s.astype("string"))
        uniques = uniques.to_numpy(dtype=object)
    texts = np.array(list(uniques) + ["\x00"], dtype=object)
    codes = np.where(codes < 0, len(texts) - 1, codes)
    return codes, texts


def _hashes(codes: np.ndarray, texts: np.ndarray, key: str) -> np.ndarray:
    """hash_pandas_object of the column's texts, computed once per distinct text (which is what
    pandas does too, after factorising the column again)."""
    return pd.util.hash_array(texts, hash_key=key, categorize=False)[codes]


class HashCounts:
    """How often each 64-bit hash was seen, in two sorted numpy arrays: 16 bytes per distinct
    hash where a dict or set of Python ints costs ~100, which matters at millions of rows."""

    def __init__(self) -> None:
        self._hashes = np.empty(0, dtype=np.uint64)
        self._counts = np.empty(0, dtype=np.int64)

    def prior(self, uniq: np.ndarray) -> np.ndarray:
        """Counts so far of the sorted distinct hashes ``uniq`` (0 when never seen)."""
        pos = np.searchsorted(self._hashes, uniq)
        found = pos < len(self._hashes)
        found[found] = self._hashes[pos[found]] == uniq[found]
        out = np.zeros(len(uniq), dtype=np.int64)
        out[found] = self._counts[pos[found]]
        return out

    def add(self, uniq: np.ndarray, counts: np.ndarray) -> None:
        pos = np.searchsorted(self._hashes, uniq)
        found = pos < len(self._hashes)
        found[found] = self._hashes[pos[found]] == uniq[found]
        self._counts[pos[found]] += counts[found]
        self._hashes = np.insert(self._hashes, pos[~found], uniq[~found])
        self._counts = np.insert(self._counts, pos[~found], counts[~found])

    def seen_before(self, hashes: np.ndarray) -> np.ndarray:
        """Per row: the hash was added earlier, or occurs earlier in ``hashes``; then adds them.
        (What ``h in seen or duplicated(h)`` followed by ``seen.update(h)`` gives.)"""
        uniq, first, inverse, counts = np.unique(hashes, return_index=True, return_inverse=True,
                                                 return_counts=True)
        out = (self.prior(uniq) > 0)[inverse.ravel()]
        later = np.ones(len(hashes), dtype=bool)
        later[first] = False
        self.add(uniq, counts)
        return out | later


@dataclass
class ChunkKeys:
    """The natural keys of a chunk's rows: each row's line key, and the orders the rows belong to
    (``group[i]`` is row i's position in ``orders``, numbered in order of first appearance)."""
    line: np.ndarray  # "V16", one per row
    group: np.ndarray  # int64, one per row
    orders: list[bytes]  # each order's key, as stored
    sku: tuple | None = None  # the rows' product texts factorised, if at hand (columns.texts)


class KeyMaker:
    """Occurrence counting spans chunks, so one KeyMaker lives for the whole file."""

    def __init__(self) -> None:
        self._seen = HashCounts()

    def _occurrence(self, base: np.ndarray) -> np.ndarray:
        uniq, inverse, counts = np.unique(base, return_inverse=True, return_counts=True)
        inverse = inverse.ravel()
        # Rank of each row among the rows with the same hash, in row order (groupby().cumcount()).
        order = np.argsort(inverse, kind="stable")
        starts = np.cumsum(counts) - counts
        within = np.empty(len(base), dtype=np.int64)
        within[order] = np.arange(len(base)) - np.repeat(starts, counts)
        prior = self._seen.prior(uniq)
        self._seen.add(uniq, counts)
        return prior[inverse] + within

    def assign(self, rows: pd.DataFrame, coded: dict | None = None) -> ChunkKeys:
        """Line keys hash the 7 texts of ``_KEY_TEXT`` (customer and date blanked when there is an
        order number) plus the occurrence number; order keys hash the order number, and a row
        without one is its own order, keyed by its line key. ``coded``: text columns of
        ``rows`` already factorised (columns.texts)."""
        coded = coded or {}
        text = {c: _recipe_codes(coded[c]) if c in coded else _text_codes(rows[c])
                for c in _KEY_TEXT}
        has_no = rows["order_no"].notna().to_numpy()
        h1, h2 = [], []
        for c in _KEY_TEXT:
            a, b = _hashes(*text[c], _K1), _hashes(*text[c], _K2)
            if c in ("customer", "ordered_at"):
                # Without an order number each row is one order: the line basis is the row itself.
                blank = np.array([""], dtype=object)
                a = np.where(has_no, _hashes(np.zeros(1, np.intp), blank, _K1), a)
                b = np.where(has_no, _hashes(np.zeros(1, np.intp), blank, _K2), b)
            h1.append(a)
            h2.append(b)
        n = pd.Series(self._occurrence(_combine(h1)), dtype=np.int64)
        h1.append(_column_hash(n, _K1))
        h2.append(_column_hash(n, _K2))
        line = _key_array(_combine(h1), _combine(h2))
        # Orders: one per distinct order number text, and one per row without a number. Grouping
        # by these integers is grouping by the order keys (one key per number text; a line key is
        # unique within the file), without hashing 16-byte Python objects per row.
        codes, texts = text["order_no"]
        basis = np.where(has_no, codes, len(texts) + np.arange(len(rows)))
        group, firsts = pd.factorize(basis)
        numbered = firsts < len(texts)
        # A list, never a numpy array of bytes: numpy would turn the keys into "S16" and strip
        # their trailing NUL bytes.
        orders: list[bytes] = [b""] * len(firsts)
        at = np.flatnonzero(numbered)
        if len(at):
            number_texts = texts[firsts[at]]
            hashes = [_combine([pd.util.hash_array(number_texts, hash_key=k, categorize=False)])
                      for k in (_K1, _K2)]
            # Stored order keys lack trailing NUL bytes (an earlier version assigned them through
            # a numpy "S16" array, which strips them); vaults hold such keys, so keep doing so.
            for i, key in zip(at.tolist(), _keys(*hashes)):
                orders[i] = key.rstrip(b"\x00")
        at = np.flatnonzero(~numbered)
        if len(at):
            for i, key in zip(at.tolist(), line[firsts[at] - len(texts)].tolist()):
                orders[i] = key
        return ChunkKeys(line, group.astype(np.int64), orders, coded.get("sku"))


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

    def _ids(self, table: str, key_col: str, id_col: str, keys: list, cache: dict) -> None:
        missing = [k for k in keys if k not in cache]
        blob = bool(missing) and isinstance(missing[0], bytes)
        for start in range(0, len(missing), _BATCH):
            part = missing[start:start + _BATCH]
            marks = ",".join("?" * len(part))
            for ident, key in self.v.execute(
                    f"SELECT {id_col}, {key_col} FROM {table} WHERE {key_col} IN ({marks})",
                    _blobs(part) if blob else part):
                cache[key] = ident

    def write_customers(self, rows: pd.DataFrame) -> int:
        cols = ["customer", "signup_date", "gender", "age_band", "city", "province", "country",
                "postcode_prefix"]
        with_c = rows.loc[rows["customer"].notna().to_numpy(), cols]  # only the columns needed
        if with_c.empty:
            return 0
        first = with_c.groupby("customer", sort=False).first().reset_index()
        keys = first["customer"].astype(str).tolist()
        self._ids("customers", "pseudonym", "customer_id", keys, self.customer_ids)
        new_keys = [k for k in keys if k not in self.customer_ids]
        filled = _forget_if_large(self._filled)
        present = (first[cols[1:]].notna().to_numpy() * (1 << np.arange(len(cols) - 1))).sum(axis=1)
        needed = np.array([bits & ~filled.get(k, 0) != 0 or k not in filled
                           for k, bits in zip(keys, present.tolist())], dtype=bool)
        for k, bits in zip(keys, present.tolist()):
            filled[k] = filled.get(k, 0) | bits
        first = first[needed]
        bulk.insert(
            self.v, "INSERT INTO customers(pseudonym, signup_date, gender, age_band, city, province,"
            " country, postcode_prefix, import_id)",
            [_bindable(first[c]) for c in cols] + [[self.import_id] * len(first)],
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
                    [ids, [self.import_id] * len(ids)])
        return len(new_keys)

    def write_identities(self, identities: pd.DataFrame) -> int:
        if identities.empty:
            return 0
        seen = _forget_if_large(self._identities)
        rows = [r for r in zip(*(_bindable(identities[c]) for c in ("pseudonym", "kind", "value")))
                if r not in seen]
        seen.update(rows)
        before = self.i.total_changes
        bulk.insert(self.i, "INSERT OR IGNORE INTO identities(pseudonym, kind, value, first_seen)",
                    [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
                     [self.now] * len(rows)])
        return self.i.total_changes - before

    def write_products(self, rows: pd.DataFrame) -> int:
        with_p = rows.loc[rows["sku"].notna().to_numpy(), ["sku", "product_name", "category"]]
        if with_p.empty:
            return 0
        first = with_p.groupby("sku", sort=False).first()
        first = first.reset_index()
        keys = first["sku"].astype(str).tolist()
        # Count before the upsert: total_changes also counts updates of products already there.
        self._ids("products", "sku", "product_id", keys, self.product_ids)
        new = sum(1 for k in keys if k not in self.product_ids)
        bulk.insert(
            self.v, "INSERT INTO products(sku, name, category, import_id)",
            [_bindable(first[c]) for c in ("sku", "product_name", "category")]
            + [[self.import_id] * len(first)],
            " ON CONFLICT(sku) DO UPDATE SET name = coalesce(products.name, excluded.name),"
            " category = coalesce(products.category, excluded.category)")
        self._ids("products", "sku", "product_id", keys, self.product_ids)
        return new

    def _max_order_id(self) -> int:
        return self.v.execute("SELECT coalesce(max(order_id), 0) FROM orders").fetchone()[0]

    def write_orders(self, rows: pd.DataFrame, keys: ChunkKeys) -> tuple[int, int]:
        """Returns (new orders, new lines)."""
        cols = ["order_no", "customer", "ordered_at", "paid_at", "channel", "kind", "order_total",
                "amount_paid", "refund", "discount", "country", "province", "city", "note"]
        # One row per order, in keys.orders' order (first non-missing value of each column).
        order_keys = keys.orders
        orders = rows[cols].groupby(keys.group, sort=True).first()
        col = {c: _bindable(orders[c]) for c in cols}
        unknown = [k for k in order_keys if k not in self.order_ids]
        last = self._max_order_id() if unknown else 0
        before = self.v.total_changes
        bulk.insert(
            self.v, "INSERT OR IGNORE INTO orders(order_no, customer_id, ordered_at, paid_at, channel,"
            " kind, total, amount_paid, refund, discount, natural_key, import_id, country, province,"
            " city, note)",
            [col["order_no"], _lookup(orders["customer"], self.customer_ids).tolist(),
             col["ordered_at"], col["paid_at"], col["channel"], col["kind"], col["order_total"],
             col["amount_paid"], col["refund"], col["discount"], _blobs(order_keys),
             [self.import_id] * len(order_keys), col["country"], col["province"], col["city"],
             col["note"]])
        new_orders = self.v.total_changes - before
        if unknown and new_orders == len(unknown) and self._max_order_id() == last + new_orders:
            # Every unknown key was inserted, in this order, and SQLite gives a new row the
            # largest rowid + 1: their ids are known without looking each key up again.
            self.order_ids.update(zip(unknown, range(last + 1, last + 1 + new_orders)))
        else:
            self._ids("orders", "natural_key", "order_id", order_keys, self.order_ids)
        # Every row's order is now in the cache: a key the INSERT ignored was found by _ids.
        ids = np.array([self.order_ids.get(k, NULL) for k in order_keys] + [NULL], dtype=float)
        oid = ids[keys.group]
        if np.isnan(oid).any():  # an order the INSERT skipped for another reason than its key
            raise ValueError("cannot convert float NaN to integer")
        before = self.v.total_changes
        bulk.insert(
            self.v, "INSERT OR IGNORE INTO order_lines(order_id, product_id, quantity, unit_price,"
            " amount, discount, natural_key, import_id, flags)",
            [oid.astype(np.int64).tolist(),
             (_lookup(rows["sku"], self.product_ids) if keys.sku is None
              else _lookup_coded(keys.sku, self.product_ids)).tolist(),
             _bindable(rows["quantity"]), _bindable(rows["unit_price"]), _bindable(rows["amount"]),
             _bindable(rows["discount"]), _blobs(keys.line.tolist()), [self.import_id] * len(rows),
             _bindable(rows["flags"])])
        return new_orders, self.v.total_changes - before

    def finish(self) -> None:
        """Order totals of line-level files are the sum of their lines."""
        self.v.execute("UPDATE orders SET total = (SELECT sum(amount) FROM order_lines l "
                       "WHERE l.order_id = orders.order_id) WHERE import_id = ? AND total IS NULL",
                       (self.import_id,))
