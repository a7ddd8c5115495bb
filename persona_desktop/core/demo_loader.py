"""Putting a ``DemoShop`` into a vault through the real import pipeline.

The shop is written as its owner would export it (a GBK CSV of orders with Chinese headers, and a
customer workbook from the membership system) and both files are imported exactly as a user's
files are: detected encoding and roles, pseudonymised identifiers, generalised attributes, the
messy rows quarantined. The files hold synthetic people only; they stay in the app's data folder
so the user can try the import wizard on them too.
"""
from __future__ import annotations

import logging
from pathlib import Path

from . import paths
from .errors import UsageError
from .jobs import NullProgress, PartProgress

log = logging.getLogger(__name__)

ORDERS_FILE = "demo_orders_gbk.csv"
CUSTOMERS_FILE = "demo_customers.xlsx"


def demo_files_dir(seed: int) -> Path:
    return paths.data_root() / "demo-files" / f"seed-{seed}"


def load_into_vault(vault, shop, progress=None, folder: Path | None = None) -> dict:
    from . import demo_files, services
    from .ingest.plan import ImportOptions
    progress = progress or NullProgress()
    with vault.reader() as conn:
        if any(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
               for t in ("customers", "orders", "order_lines", "products")):
            raise UsageError(what="the demo shop only goes into an empty vault")
    folder = Path(folder) if folder else demo_files_dir(shop.seed)
    progress.step(0, 100, "writing demo files")
    orders = demo_files.write_order_csv(shop, folder / ORDERS_FILE)
    customers = demo_files.write_customer_workbook(shop, folder / CUSTOMERS_FILE)
    done: list[int] = []
    reports = []
    try:
        for path, options, start, span in ((orders, ImportOptions(), 5, 75),
                                           (customers, ImportOptions(sheet="Customers"), 80, 20)):
            progress.check_cancelled()
            part = PartProgress(progress, start, span)
            report = services.run_import(vault, services.plan_import(vault, path, options), part)
            done.append(report.import_id)
            reports.append(report)
    except BaseException:
        for import_id in reversed(done):  # each import is its own transaction: take them back
            services.undo_import(vault, import_id)
        raise
    progress.step(100, 100, "done")
    counts = services.vault_info(vault)["counts"]
    out = {k: counts[k] for k in ("customers", "orders", "order_lines", "products")}
    out["quarantined"] = sum(r.rows_quarantined for r in reports)
    out["returns"] = reports[0].outcomes.get("return_lines", 0)
    out["anonymous_lines"] = reports[0].outcomes.get("anonymous_lines", 0)
    out["imports"] = len(reports)
    log.info("demo loaded: %d customers, %d order lines", out["customers"], out["order_lines"])
    return out
