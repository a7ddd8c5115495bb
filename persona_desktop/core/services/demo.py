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

from .. import paths
from ..demo import DEMO_PASSWORD
from ..demo import files as demo_files
from ..demo.shop import DemoShop, generate
from ..errors import UsageError
from ..jobs import NullProgress, PartProgress, Progress
from ..vault.settings import VaultSettings
from ..vault.store import Vault, VaultPaths
from .imports import plan_import, run_import, undo_import
from .vault import delete_vault, vault_info

log = logging.getLogger(__name__)


ORDERS_FILE = "demo_orders_gbk.csv"
CUSTOMERS_FILE = "demo_customers.xlsx"


def demo_files_dir(seed: int) -> Path:
    return paths.data_root() / "demo-files" / f"seed-{seed}"


def load_into_vault(vault: Vault, shop: DemoShop, progress: Progress | None = None,
                    folder: Path | None = None) -> dict:
    """Import ``shop`` into an empty vault through the import pipeline, as a user's files are."""
    from ..ingest.plan import ImportOptions
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
            report = run_import(vault, plan_import(vault, path, options), part)
            done.append(report.import_id)
            reports.append(report)
    except BaseException:
        for import_id in reversed(done):  # each import is its own transaction: take them back
            undo_import(vault, import_id)
        raise
    progress.step(100, 100, "done")
    counts = vault_info(vault).counts
    out = {k: counts[k] for k in ("customers", "orders", "order_lines", "products")}
    out["quarantined"] = sum(r.rows_quarantined for r in reports)
    out["returns"] = reports[0].outcomes.get("return_lines", 0)
    out["anonymous_lines"] = reports[0].outcomes.get("anonymous_lines", 0)
    out["imports"] = len(reports)
    log.info("demo loaded: %d customers, %d order lines", out["customers"], out["order_lines"])
    return out


def create_demo_vault(folder: Path | str | None = None, progress: Progress | None = None, *,
                      seed: int = 7, n_customers: int = 800,
                      files_folder: Path | str | None = None) -> Vault:
    """Build the demo vault from the seeded synthetic shop, with the documented DEMO_PASSWORD.

    ``files_folder``: where the shop's export files are written (default: the app's data folder,
    where the user can try the wizard on them; the self-test keeps them in its own temp folder)."""
    progress = progress or NullProgress()
    target = Path(folder) if folder else paths.demo_vault_dir()
    vault, _code = Vault.create(target, DEMO_PASSWORD,
                                VaultSettings(shop_name="Demo Tea & Gifts", currency="CNY"))
    try:
        shop = generate(seed=seed, n_customers=n_customers)
        counts = load_into_vault(vault, shop, progress, files_folder)
        vault.audit("demo_loaded", {k: v for k, v in counts.items() if isinstance(v, int)})
    except BaseException:
        # A half-built demo vault is worth nothing: remove it so the next try starts clean.
        vault.lock(record=False)
        delete_vault(target)
        raise
    return vault


def open_or_create_demo(folder: Path | str | None = None, progress: Progress | None = None) -> Vault:
    target = Path(folder) if folder else paths.demo_vault_dir()
    if VaultPaths(target).exists():
        return Vault.open(target, DEMO_PASSWORD)
    return create_demo_vault(target, progress)
