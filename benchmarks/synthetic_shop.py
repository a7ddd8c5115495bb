"""A large synthetic shop written straight into a vault's tables (benchmarks only).

The import pipeline has its own benchmark; analysis benchmarks need 200,000 customers without
spending minutes importing them. Customers are synthetic (pseudonyms are random hex), spending is
log-normal and order counts geometric, as in real shops.
"""
from __future__ import annotations

import numpy as np


def write_shop(vault, customers: int, lines: int, seed: int = 1) -> dict:
    rng = np.random.default_rng(seed)
    n_orders = max(customers, lines // 3)
    products = 2_000
    order_customer = np.concatenate([np.arange(1, customers + 1),
                                     rng.zipf(1.6, n_orders - customers) % customers + 1])
    start = np.datetime64("2023-01-01T00:00:00")
    seconds = rng.integers(0, 2 * 365 * 86400, n_orders)
    stamps = (start + seconds.astype("timedelta64[s]")).astype(str)
    line_order = np.sort(rng.integers(1, n_orders + 1, lines))
    qty = rng.geometric(0.6, lines).astype(float)
    price = np.round(rng.lognormal(3, 0.8, lines), 2)
    product = rng.integers(1, products + 1, lines)
    provinces = np.array(["广东省", "浙江省", "江苏省", "北京市", "上海市", "四川省"])

    def work(v, i):
        v.executemany("INSERT INTO products(product_id, sku, name, category) VALUES (?,?,?,?)",
                      [(p, f"SKU{p:05d}", f"Product {p}", f"Category {p % 12}")
                       for p in range(1, products + 1)])
        v.executemany("INSERT INTO customers(customer_id, pseudonym, gender, province, country) "
                      "VALUES (?,?,?,?,?)",
                      ((c, f"c_{rng.bytes(16).hex()}", "FM"[c % 2], provinces[c % 6], "CN")
                       for c in range(1, customers + 1)))
        v.executemany("INSERT INTO orders(order_id, customer_id, ordered_at, kind, natural_key) "
                      "VALUES (?,?,?,?,?)",
                      ((o + 1, int(order_customer[o]), stamps[o].replace("T", " "),
                        "return" if o % 97 == 0 else "sale", f"o{o}") for o in range(n_orders)))
        v.executemany("INSERT INTO order_lines(order_id, product_id, quantity, unit_price, amount, "
                      "natural_key) VALUES (?,?,?,?,?,?)",
                      ((int(line_order[j]), int(product[j]), qty[j], price[j], qty[j] * price[j],
                        f"l{j}") for j in range(lines)))

    vault.write(work)
    return {"customers": customers, "lines": lines, "orders": n_orders}
