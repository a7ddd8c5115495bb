"""Seeded synthetic shop: the demo vault's data and the test data of every later feature.

``generate(seed)`` is a pure function of its arguments (numpy's PCG64 stream is the same on every
platform), and the history ends at a fixed ``as_of`` rather than today, so a screenshot, a test
expectation or a bug report made from the demo can be reproduced a year later.

The shop is built so analytics have something to find: a few loyal big spenders, many one-time
buyers, customers who lapse part-way (BG/NBD-style purchase and drop-out processes), festival peaks
(Chinese New Year run-up, 6.18, Mid-Autumn, 11.11, 12.12), per-customer category tastes, products
bought together (a teapot and the tea it is made for), returns that point at an earlier purchase,
walk-in orders without a customer, and a handful of broken rows marked in ``messy_rows``.
Columns starting with ``truth_`` are the generator's hidden ground truth for tests; they never go
into a vault.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import names as V
from .people import people

log = logging.getLogger(__name__)

DEFAULT_AS_OF = pd.Timestamp("2026-10-31")
TYPES = ("vip", "regular", "occasional", "one_time", "never_bought")
_SHARES = (0.04, 0.18, 0.32, 0.43, 0.03)
_REPEATS_PER_30D = np.array([1.5, 0.45, 0.12, 0.0, 0.0])
_LAPSE_P = np.array([0.12, 0.30, 0.45, 0.0, 0.0])
# Share of each type who were already members when the export window opens: the shop did not
# start on its first exported day, so orders come from old and new customers from the start.
_EXISTING_P = np.array([0.6, 0.35, 0.3, 0.2, 0.2])
_MEMBER_YEARS_BEFORE = 1
# Per-type tables; the extra last entry is the anonymous walk-in.
ANON = len(TYPES)
_EXTRA_LINES = np.array([1.3, 0.6, 0.4, 0.5, 0.0, 0.3])
_PRICE_LEAN = np.array([0.7, 0.1, -0.1, -0.3, 0.0, -0.2])
_QTY_BOOST = np.array([0.8, 0.2, 0.0, 0.0, 0.0, 0.0])
_CAT_EXTRA_QTY = np.array([0.35, 0.05, 0.25, 0.8, 0.1])
_IN_STORE = V.CHANNELS.index("in store")
_HOURS_ONLINE = np.array([20, 10, 5, 3, 2, 3, 8, 20, 35, 45, 50, 55, 60, 50, 45, 45, 45, 50, 55,
                          70, 85, 95, 80, 45], float)
_HOURS_STORE = np.array([0] * 10 + [40, 60, 70, 60, 60, 70, 80, 90, 80, 60, 40] + [0] * 3, float)
DEFECTS = ("unparseable_price", "missing_order_date", "zero_quantity", "unknown_sku",
           "duplicate_row")
LINE_COLUMNS = ["order_no", "customer_ref", "ordered_at", "paid_at", "channel", "sku", "quantity",
                "unit_price", "discount", "kind", "original_order_no"]


@dataclass
class DemoShop:
    """customers: customer_ref, name, email, phone, city, province, country, gender, birth_date,
    signup_date, truth_type, truth_lapsed_at. products: sku, name, name_zh, category, base_price.
    order_lines: one row per line as exported (LINE_COLUMNS; returns have kind "return", negative
    quantity and discount, and original_order_no). messy_rows: rows an import must quarantine,
    with ``defect`` and ``source_row`` (1-based data row in the exported files) plus the customer's
    name/phone/email, because raw exports repeat them on every row."""
    customers: pd.DataFrame
    products: pd.DataFrame
    order_lines: pd.DataFrame
    messy_rows: pd.DataFrame
    seed: int
    as_of: pd.Timestamp
    start: pd.Timestamp


def generate(seed: int = 7, n_customers: int = 800, months: int = 18, as_of=None) -> DemoShop:
    if n_customers < 1 or not 1 <= months <= 120:
        raise ValueError("n_customers must be >= 1 and months between 1 and 120")
    rng = np.random.default_rng(seed)
    as_of = pd.Timestamp(as_of if as_of is not None else DEFAULT_AS_OF).normalize()
    start = as_of - pd.DateOffset(months=months) + pd.Timedelta(days=1)
    products = pd.DataFrame([p[:5] for p in V.PRODUCTS],
                            columns=["sku", "name", "name_zh", "category", "base_price"])
    products["base_price"] = products["base_price"].astype(float)
    cal = _Calendar(start - pd.DateOffset(years=_MEMBER_YEARS_BEFORE), start, as_of)
    customers, who = _customers(rng, n_customers, cal, as_of)
    orders = _orders(rng, who, cal)
    lines = _lines(rng, orders, who, cal)
    order_lines = _to_frame(rng, orders, lines, customers["customer_ref"].to_numpy(), cal)
    order_lines, messy = _make_messy(rng, order_lines, customers)
    customers = customers.sort_values("customer_ref", ignore_index=True)
    log.info("demo shop generated: %d customers, %d order lines, %d messy rows",
             len(customers), len(order_lines), len(messy))
    return DemoShop(customers, products, order_lines, messy, seed, as_of, start)


class _Calendar:
    """Day by day: order intensity, category mix, what is on sale, shop-wide promotions."""

    def __init__(self, history: pd.Timestamp, start: pd.Timestamp, as_of: pd.Timestamp):
        self.days = pd.date_range(history, as_of, freq="D")
        self.first = int((start - history).days)   # first day of the exported window
        d = self.days.values.astype("datetime64[D]")
        n, one = len(d), np.timedelta64(1, "D")
        weekend = np.where(self.days.day_of_week >= 5, 1.12, 1.0)
        w = (1.0 + 0.45 * np.linspace(0.0, 1.0, n)) * weekend   # a growing shop
        cat = np.ones((n, len(V.CATEGORIES)))
        tea, ware, gifts, snacks = (V.CATEGORIES.index(c)
                                    for c in ("Tea", "Teaware", "Gifts", "Snacks"))
        seasons = np.array([p[6] for p in V.PRODUCTS])
        avail = np.broadcast_to(seasons == "", (n, len(seasons))).copy()
        promo = np.zeros(n)
        singles = np.zeros(n, bool)

        def span(a, b):
            return (d >= np.datetime64(a, "D")) & (d <= np.datetime64(b, "D"))

        for y in range(self.days[0].year, self.days[-1].year + 2):
            cny = np.datetime64(V.CHINESE_NEW_YEAR.get(y, f"{y}{V.FALLBACK_CNY}"))
            moon = np.datetime64(V.MID_AUTUMN.get(y, f"{y}{V.FALLBACK_MID_AUTUMN}"))
            m = span(cny - 24 * one, cny - one)      # New Year goods and gifts for the family
            w[m] *= 1.7
            cat[m, gifts] *= 3.0
            cat[m, snacks] *= 2.2
            w[span(cny, cny + 6 * one)] *= 0.35     # the holiday itself: couriers stop
            avail[np.ix_(span(cny - 40 * one, cny + 7 * one), seasons == "cny")] = True
            m = span(moon - 21 * one, moon - one)
            w[m] *= 1.4
            cat[m, gifts] *= 2.5
            cat[m, snacks] *= 2.0
            avail[np.ix_(span(moon - 35 * one, moon), seasons == "mid_autumn")] = True
            m = span(f"{y}-03-20", f"{y}-04-30")     # first-flush spring tea
            w[m] *= 1.1
            cat[m, tea] *= 1.5
            for first, peak, lift, rate in ((f"{y}-06-12", f"{y}-06-18", 3.0, 0.10),
                                            (f"{y}-11-01", f"{y}-11-11", 6.0, 0.15),
                                            (f"{y}-12-12", f"{y}-12-12", 2.0, 0.10)):
                m = span(first, peak)
                w[m] *= 1.4
                promo[m] = rate
                cat[m, ware] *= 1.4
                w[span(peak, peak)] *= lift / 1.4
            singles |= span(f"{y}-11-11", f"{y}-11-11")
        self.weight, self.category, self.available = w, cat, avail
        self.promo, self.singles = promo, singles
        self.cum = np.concatenate([[0.0], np.cumsum(w)])
        self.price_rise_day = self.first + int((n - self.first) * 0.6)  # tea got dearer part-way

    def draw_days(self, rng, lo, hi) -> np.ndarray:
        """One day per element in [lo, hi] (arrays), following the intensity: inverse CDF."""
        u = self.cum[lo] + rng.random(len(lo)) * (self.cum[hi + 1] - self.cum[lo])
        return np.clip(np.searchsorted(self.cum, u, side="right") - 1, lo, hi)


def _customers(rng, n: int, cal: _Calendar, as_of: pd.Timestamp):
    p = people(rng, n)
    ctype = rng.choice(len(TYPES), size=n, p=_SHARES)
    days = len(cal.days)
    existing = rng.random(n) < _EXISTING_P[ctype]
    # New big spenders had time to become big spenders: they joined in the first half of the window.
    horizon = np.where(ctype == 0, cal.first + int((days - cal.first) * 0.55), days - 1)
    signup = cal.draw_days(rng, np.where(existing, 0, cal.first),
                           np.where(existing, cal.first - 1, horizon))
    first = signup + np.where(rng.random(n) < 0.55, 0, rng.geometric(1 / 12, n))
    buyer = (first <= days - 1) & (ctype != TYPES.index("never_bought"))
    lapsed = buyer & (first < days - 1) & (rng.random(n) < _LAPSE_P[ctype])
    lapse_day = first + (rng.random(n) * np.maximum(days - 1 - first, 0)).astype(int)
    age = np.clip(np.where(ctype == 0, rng.normal(43, 9, n), rng.normal(35, 10.5, n)), 18, 80)
    birth = (as_of - pd.to_timedelta(np.round(age * 365.25), unit="D")).normalize()
    gender = np.where(p["female"], "female", "male").astype(object)
    gender[rng.random(n) < 0.08] = None
    ref_number = np.empty(n, int)
    # Member numbers grow with the signup date, as a shop system hands them out.
    ref_number[np.argsort(signup, kind="stable")] = np.arange(1, n + 1)
    customers = pd.DataFrame({
        "customer_ref": [f"M{r:06d}" for r in ref_number],
        "name": p["name"], "email": p["email"], "phone": p["phone"],
        "city": p["city"], "province": p["province"], "country": p["country"], "gender": gender,
        "birth_date": pd.Series(birth).where(rng.random(n) >= 0.22),
        "signup_date": cal.days[signup],
        "truth_type": np.array(TYPES, dtype=object)[ctype],
        "truth_lapsed_at": pd.Series(cal.days[np.minimum(lapse_day, days - 1)]).where(lapsed),
    })
    local = np.array(p["country"]) == "CN"
    weights_en, weights_cn = np.array(V.EN_CHANNEL_WEIGHTS), np.array(V.CN_CHANNEL_WEIGHTS)
    channel = np.where(p["is_en"], rng.choice(4, n, p=weights_en), rng.choice(4, n, p=weights_cn))
    who = {
        "type": ctype, "local": local, "channel": np.where(local, channel, 0),
        "first": np.where(buyer, first, -1), "end": np.where(lapsed, lapse_day, days - 1),
        "rate": rng.lognormal(0.0, 0.5, n), "lean": _PRICE_LEAN[ctype] + rng.normal(0, 0.3, n),
        "prefs": rng.dirichlet(np.array(V.CATEGORY_WEIGHTS) * 3.0, size=n),
    }
    return customers, who


def _orders(rng, who, cal: _Calendar) -> dict:
    days = len(cal.days)
    buyers = np.flatnonzero(who["first"] >= 0)
    lo = who["first"][buyers] + 1
    hi = who["end"][buyers]
    mass = np.where(hi >= lo,
                    cal.cum[np.minimum(hi, days - 1) + 1] - cal.cum[np.minimum(lo, days)], 0.0)
    per_day = _REPEATS_PER_30D[who["type"][buyers]] / 30.0 * who["rate"][buyers]
    repeats = rng.poisson(per_day * mass / (cal.cum[-1] / days))
    rc = np.repeat(buyers, repeats)
    rday = cal.draw_days(rng, np.repeat(lo, repeats), np.repeat(hi, repeats))
    cust = np.concatenate([buyers, rc])
    day = np.concatenate([who["first"][buyers], rday])
    seen = day >= cal.first   # members' earlier orders are outside the export
    cust, day = cust[seen], day[seen]
    n_anon = int(round(0.05 * len(cust)))
    cust = np.concatenate([cust, np.full(n_anon, -1)])
    day = np.concatenate([day, cal.draw_days(rng, np.full(n_anon, cal.first),
                                             np.full(n_anon, days - 1))])

    n = len(cust)
    anon = cust < 0
    safe = np.where(anon, 0, cust)
    channel = np.where(rng.random(n) < 0.7, who["channel"][safe],
                       rng.choice(4, n, p=np.array(V.CN_CHANNEL_WEIGHTS)))
    tmall = V.CHANNELS.index("Tmall")
    to_tmall = cal.singles[day] & (channel != _IN_STORE) & (rng.random(n) < 0.5)
    channel = np.where(to_tmall, tmall, channel)
    channel = np.where(anon, _IN_STORE, np.where(who["local"][safe], channel, 0))
    hour = np.where(channel == _IN_STORE, rng.choice(24, n, p=_HOURS_STORE / _HOURS_STORE.sum()),
                    rng.choice(24, n, p=_HOURS_ONLINE / _HOURS_ONLINE.sum()))
    hour[cal.singles[day] & (channel != _IN_STORE) & (rng.random(n) < 0.25)] = 0  # midnight rush
    seconds = hour * 3600 + rng.integers(0, 3600, n)
    ordered = cal.days.values[day] + seconds.astype("timedelta64[s]")
    paid_after = np.where(channel == _IN_STORE, rng.integers(5, 60, n),
                          20 + rng.exponential(150, n).astype(int))
    otype = np.where(anon, ANON, who["type"][safe])
    # Platform promotions online, a coupon now and then, and a member discount for the best.
    discount = np.where(channel != _IN_STORE, cal.promo[day], 0.0)
    discount = discount + (rng.random(n) < 0.08) * rng.choice([0.05, 0.10], n) + (otype == 0) * 0.05
    order = np.lexsort((cust, ordered))
    out = {"cust": cust, "day": day, "channel": channel, "ordered": ordered,
           "paid": ordered + paid_after.astype("timedelta64[s]"), "type": otype,
           "discount_rate": np.minimum(discount, 0.3)}
    return {k: v[order] for k, v in out.items()}


def _draw(rng, weights: np.ndarray) -> np.ndarray:
    """Row-wise categorical draw from an (n, k) array of non-negative weights."""
    cum = np.cumsum(weights, axis=1)
    return (cum > (rng.random(len(cum)) * cum[:, -1])[:, None]).argmax(axis=1)


def _lines(rng, orders, who, cal: _Calendar) -> dict:
    n_orders = len(orders["cust"])
    anon = orders["cust"] < 0
    safe = np.where(anon, 0, orders["cust"])
    lo = np.repeat(np.arange(n_orders), 1 + rng.poisson(_EXTRA_LINES[orders["type"]]))
    prefs = np.where(anon[:, None], np.array(V.CATEGORY_WEIGHTS)[None, :], who["prefs"][safe])
    day = orders["day"][lo]
    cat = _draw(rng, prefs[lo] * cal.category[day])
    lean = np.where(anon, _PRICE_LEAN[ANON], who["lean"][safe])[lo]
    prod_cat = np.array([V.CATEGORIES.index(p[3]) for p in V.PRODUCTS])
    price = np.array([p[4] for p in V.PRODUCTS], float)
    popularity = np.array([p[5] for p in V.PRODUCTS])
    prod = np.empty(len(lo), int)
    for c in range(len(V.CATEGORIES)):
        rows, cols = np.flatnonzero(cat == c), np.flatnonzero(prod_cat == c)
        rel = price[cols] / np.median(price[cols])
        w = popularity[cols] * cal.available[day[rows]][:, cols] * rel[None, :] ** lean[rows, None]
        prod[rows] = cols[_draw(rng, w)]
    skus = [p[0] for p in V.PRODUCTS]
    pair = np.array([skus.index(p[7]) if p[7] else -1 for p in V.PRODUCTS])
    add = (pair[prod] >= 0) & (rng.random(len(prod)) < np.array([p[8] for p in V.PRODUCTS])[prod])
    lo = np.concatenate([lo, lo[add]])
    prod = np.concatenate([prod, pair[prod[add]]])
    _, first = np.unique(lo * len(skus) + prod, return_index=True)  # one line per product per order
    keep = np.sort(first)
    keep = keep[np.argsort(lo[keep], kind="stable")]
    lo, prod = lo[keep], prod[keep]

    qty = 1 + rng.poisson(_CAT_EXTRA_QTY[prod_cat[prod]] * (1 + _QTY_BOOST[orders["type"][lo]]))
    # Companies order year-end gifts by the dozen: the outliers a CLV model has to live with.
    bulk = (prod == skus.index("GFT-005")) & (rng.random(len(prod)) < 0.15)
    qty = np.where(bulk, rng.integers(10, 41, len(prod)), qty)
    rise = (prod_cat[prod] == V.CATEGORIES.index("Tea")) & (orders["day"][lo] >= cal.price_rise_day)
    unit = np.where(rise, np.round(price[prod] * 1.08), price[prod])
    discount = np.round(qty * unit * orders["discount_rate"][lo], 2)
    return {"order": lo, "prod": prod, "cat": prod_cat[prod], "qty": qty, "unit": unit,
            "discount": discount, "sku": np.array(skus, dtype=object)[prod]}


def _to_frame(rng, orders, lines, refs: np.ndarray, cal: _Calendar) -> pd.DataFrame:
    """Sales plus returns as one flat export; each return points at a line bought earlier."""
    n_orders = len(orders["cust"])
    order_no = np.array([f"SO{i + 1:08d}" for i in range(n_orders)], dtype=object)
    cust_ref = np.where(orders["cust"] >= 0, refs[np.maximum(orders["cust"], 0)], None)
    lo = lines["order"]
    sales = pd.DataFrame({
        "order_no": order_no[lo], "customer_ref": cust_ref[lo], "ordered_at": orders["ordered"][lo],
        "paid_at": orders["paid"][lo],
        "channel": np.array(V.CHANNELS, dtype=object)[orders["channel"][lo]],
        "sku": lines["sku"], "quantity": lines["qty"], "unit_price": lines["unit"],
        "discount": lines["discount"], "kind": "sale", "original_order_no": None})

    end = np.datetime64(cal.days[-1] + pd.Timedelta(days=1), "s")
    back = orders["ordered"] + (86400 * (3 + rng.exponential(5, n_orders))).astype("timedelta64[s]")
    chance = (np.array(V.CATEGORY_RETURN_RATE)[lines["cat"]]
              * np.where(orders["channel"][lo] == _IN_STORE, 0.5, 1.0))
    r = np.flatnonzero((orders["cust"][lo] >= 0) & (rng.random(len(lo)) < chance)
                       & (back[lo] < end))
    returned = np.unique(lo[r])
    number = np.full(n_orders, -1)
    number[returned[np.argsort(back[returned], kind="stable")]] = np.arange(len(returned))
    q = lines["qty"][r]
    part = 1 + (rng.random(len(r)) * (q - 1)).astype(int)
    rq = np.where((q == 1) | (rng.random(len(r)) < 0.6), q, part)   # mostly all of it back
    refund = back[lo[r]] + (3600 * (4 + rng.exponential(20, len(r)))).astype("timedelta64[s]")
    returns = pd.DataFrame({
        "order_no": np.array([f"RT{k + 1:08d}" for k in number[lo[r]]], dtype=object),
        "customer_ref": cust_ref[lo[r]], "ordered_at": back[lo[r]],
        "paid_at": pd.Series(refund).where(refund < end),    # refund still pending at as_of
        "channel": sales["channel"].to_numpy()[r], "sku": lines["sku"][r], "quantity": -rq,
        "unit_price": lines["unit"][r], "discount": -np.round(lines["discount"][r] * rq / q, 2),
        "kind": "return", "original_order_no": order_no[lo[r]]})
    out = pd.concat([sales, returns], ignore_index=True)
    out["ordered_at"] = out["ordered_at"].astype("datetime64[ns]")
    out["paid_at"] = out["paid_at"].astype("datetime64[ns]")
    # Numeric keys: sorting 300k order-number strings costs more than the rest of the frame.
    seq = np.concatenate([lo, n_orders + number[lo[r]]])
    order = np.lexsort((np.arange(len(out)), seq, out["ordered_at"].to_numpy()))
    return out.iloc[order].reset_index(drop=True)[LINE_COLUMNS]


def _make_messy(rng, lines: pd.DataFrame, customers: pd.DataFrame):
    """Take some lines out and break them, and duplicate a few: what an import must quarantine.
    Broken lines come from orders without returns, so every return still finds its purchase."""
    n = len(lines)
    k = min(max(2, round(n * 0.0005)), n // 25)   # a tiny shop gets few broken rows, or none
    sale = (lines["kind"] == "sale").to_numpy()
    clean = sale & lines["customer_ref"].notna().to_numpy() & \
        ~lines["order_no"].isin(set(lines["original_order_no"].dropna())).to_numpy()
    broken = rng.choice(np.flatnonzero(clean), size=min(4 * k, int(clean.sum())), replace=False)
    kept = np.ones(n, bool)
    kept[broken] = False
    pool = np.flatnonzero(sale & kept)
    dup = rng.choice(pool, size=min(k, len(pool)), replace=False)
    rows = lines.iloc[np.concatenate([broken, dup])].copy()
    rows.insert(0, "defect",
                [DEFECTS[min(i // k, 3)] for i in range(len(broken))] + [DEFECTS[4]] * len(dup))
    rows["unit_price"] = rows["unit_price"].astype(object)
    d = rows["defect"].to_numpy()
    bad_price = d == "unparseable_price"
    rows.loc[bad_price, "unit_price"] = rng.choice(V.UNPARSEABLE_PRICES, int(bad_price.sum()))
    rows.loc[d == "missing_order_date", "ordered_at"] = pd.NaT
    rows.loc[d == "zero_quantity", ["quantity", "discount"]] = [0, 0.0]
    bad_sku = d == "unknown_sku"
    rows.loc[bad_sku, "sku"] = [f"OLD-{x}" for x in rng.integers(100, 1000, int(bad_sku.sum()))]
    # Where each row sits in the export: broken rows where they were, duplicates right after.
    keys = np.concatenate([broken, dup + 0.5])
    rows.insert(1, "source_row",
                1 + np.searchsorted(np.flatnonzero(kept), keys) + np.argsort(np.argsort(keys)))
    contact = customers.set_index("customer_ref")[["name", "phone", "email"]]
    for col in ("name", "phone", "email"):
        rows[col] = rows["customer_ref"].map(contact[col]).to_numpy()
    rows = rows[["defect", "source_row", "order_no", "customer_ref", "name", "phone", "email"]
                + LINE_COLUMNS[2:]]
    return (lines[kept].reset_index(drop=True),
            rows.sort_values("source_row", ignore_index=True))
