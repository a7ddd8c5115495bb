"""Tiny hand-built shops (no vault) for analytics tests."""
from __future__ import annotations

import pandas as pd

from persona_desktop.core.analytics import transactions


def shop(orders: list[dict], lines: list[dict] | None = None, products: list[dict] | None = None,
         customers: list[dict] | None = None) -> transactions.ShopData:
    """orders: dicts with order_id, customer_id, ordered_at, kind (default sale), total, channel...;
    lines: dicts with order_id, product_id, quantity, unit_price (amount defaults to q x p)."""
    o = pd.DataFrame(orders)
    o.setdefault("kind", "sale") if isinstance(o, dict) else None
    if "kind" not in o:
        o["kind"] = "sale"
    o["kind"] = o["kind"].fillna("sale")
    cols = ["order_id", "product_id", "quantity", "unit_price", "amount", "discount"]
    li = pd.DataFrame(lines or [], columns=cols)
    p = pd.DataFrame(products or [], columns=["product_id", "sku", "name", "category"])
    c = pd.DataFrame(customers or [], columns=["customer_id", "pseudonym", "signup_date", "gender",
                                               "age_band", "city", "province", "country"])
    return transactions.prepare(o, li, p, c)


def simple_shop(n_customers: int = 60, days: int = 300, seed: int = 1) -> transactions.ShopData:
    """n customers with varied rhythms and spend, one product line per order."""
    import numpy as np
    rng = np.random.default_rng(seed)
    orders, lines = [], []
    oid = 0
    start = pd.Timestamp("2024-01-01")
    for cid in range(1, n_customers + 1):
        n = int(rng.integers(1, 12))
        first = int(rng.integers(0, days - 1))
        for day in sorted(rng.integers(first, days, size=n)):
            oid += 1
            orders.append({"order_id": oid, "customer_id": cid,
                           "ordered_at": (start + pd.Timedelta(days=int(day), hours=10)).isoformat()})
            price = float(rng.choice([9.5, 20.0, 55.0, 120.0]))
            lines.append({"order_id": oid, "product_id": int(rng.integers(1, 5)),
                          "quantity": 1.0, "unit_price": price, "amount": price})
    products = [{"product_id": i, "sku": f"P{i}", "name": f"Product {i}",
                 "category": "Tea" if i < 3 else "Cups"} for i in range(1, 5)]
    return shop(orders, lines, products)
