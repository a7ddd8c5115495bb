"""The demo shop as the files its owner would export: input for the import pipeline and its tests.

Two exports of the same orders, as two systems of the same shop would give them: a GBK CSV with
Chinese headers (what mainland shop back-ends and Excel on Chinese Windows produce) and an XLSX
with English headers plus a customer sheet. Rows repeat the customer's name, phone and e-mail, and
the rows of ``shop.messy_rows`` sit at their ``source_row``, so an import of either file should
store ``shop.order_lines`` and quarantine exactly the messy rows.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..i18n import Text, pick

CSV_NAME = "demo_orders_gbk.csv"
XLSX_NAME = "demo_shop.xlsx"
DISCONTINUED = Text("Discontinued item", "停产商品")

# English export column -> Chinese export column; the first 14 are the headers shops commonly use.
ZH_HEADERS = {
    "Customer ID": "客户ID", "Name": "姓名", "Phone": "手机号", "Email": "邮箱", "Order No": "订单编号",
    "Order Date": "下单时间", "Product": "商品", "Category": "类别", "Quantity": "数量",
    "Unit Price": "单价", "Amount": "金额", "Channel": "渠道", "City": "城市", "Province": "省份",
    "Paid At": "付款时间", "Discount": "优惠金额", "SKU": "商品编码", "Type": "订单类型",
    "Original Order No": "原订单号", "Country": "国家",
}
ZH_VALUES = {
    "Category": {"Tea": "茶叶", "Teaware": "茶具", "Gifts": "礼品", "Snacks": "茶点零食",
                 "Accessories": "茶配件"},
    "Channel": {"web shop": "官网商城", "WeChat mini-program": "微信小程序", "Tmall": "天猫",
                "in store": "门店"},
    "Type": {"sale": "销售", "return": "退货"},
}


def export_frame(shop, lang: str = "en") -> pd.DataFrame:
    """All rows in file order (clean lines and messy rows interleaved), with English headers."""
    lines, messy = shop.order_lines, shop.messy_rows
    total = len(lines) + len(messy)
    position = np.ones(total, bool)
    position[messy["source_row"].to_numpy() - 1] = False
    raw = messy.drop(columns=["defect", "source_row", "name", "phone", "email"])
    rows = pd.concat([lines, raw], ignore_index=True)
    order = np.empty(total, int)
    order[np.flatnonzero(position)] = np.arange(len(lines))
    order[messy["source_row"].to_numpy() - 1] = len(lines) + np.arange(len(messy))
    rows = rows.iloc[order].reset_index(drop=True)

    cust = shop.customers.set_index("customer_ref")
    prod = shop.products.set_index("sku")
    name_col = pick("name", "name_zh", lang)
    price = pd.to_numeric(rows["unit_price"], errors="coerce")
    amount = (rows["quantity"] * price - rows["discount"]).round(2)
    out = pd.DataFrame({
        "Customer ID": rows["customer_ref"],
        "Name": rows["customer_ref"].map(cust["name"]),
        "Phone": rows["customer_ref"].map(cust["phone"]),
        "Email": rows["customer_ref"].map(cust["email"]),
        "Order No": rows["order_no"], "Order Date": rows["ordered_at"], "Paid At": rows["paid_at"],
        "SKU": rows["sku"],
        "Product": rows["sku"].map(prod[name_col]).fillna(DISCONTINUED.get(lang)),
        "Category": rows["sku"].map(prod["category"]),
        "Quantity": rows["quantity"], "Unit Price": rows["unit_price"],
        "Discount": rows["discount"],
        "Amount": amount.astype(object).where(amount.notna(), None),
        "Channel": rows["channel"], "City": rows["customer_ref"].map(cust["city"]),
        "Province": rows["customer_ref"].map(cust["province"]),
        "Country": rows["customer_ref"].map(cust["country"]),
        "Type": rows["kind"], "Original Order No": rows["original_order_no"],
    })
    out = out[list(ZH_HEADERS)]   # the common headers first, in the order shops export them
    # A Chinese export writes values and headers in Chinese too, as Chinese shop systems do.
    for col, mapping in pick({}, ZH_VALUES, lang).items():
        out[col] = out[col].map(mapping)
    return out.rename(columns=pick({}, ZH_HEADERS, lang))


def write_demo_files(shop, folder: Path | str) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = folder / CSV_NAME, folder / XLSX_NAME
    write_order_csv(shop, csv_path)
    _write_xlsx(shop, export_frame(shop, "en"), xlsx_path)
    return [csv_path, xlsx_path]


def write_customer_workbook(shop, path: Path | str) -> Path:
    """Only the customer sheet: what a CRM or membership system exports (fast to write and read)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_sheets([("Customers", _customer_sheet(shop))], path)
    return path


def write_order_csv(shop, path: Path | str) -> Path:
    """The GBK CSV with Chinese headers alone (see write_demo_files)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    zh = export_frame(shop, "zh")
    for col in ("下单时间", "付款时间"):
        zh[col] = zh[col].dt.strftime("%Y-%m-%d %H:%M:%S")
    zh["单价"] = [f"{v:.2f}" if isinstance(v, float) else v for v in zh["单价"]]
    zh.to_csv(path, index=False, encoding="gbk")
    return path


def _write_xlsx(shop, orders: pd.DataFrame, path: Path) -> None:
    _write_sheets([("Orders", orders), ("Customers", _customer_sheet(shop))], path)


def _write_sheets(sheets, path: Path) -> None:
    from openpyxl import Workbook
    wb = Workbook(write_only=True)   # streams rows: a 300k-row export stays within memory
    for title, frame in sheets:
        ws = wb.create_sheet(title)
        ws.append(list(frame.columns))
        columns = [[_cell(v) for v in frame[c].tolist()] for c in frame.columns]
        for row in zip(*columns):
            ws.append(row)
    wb.save(path)


def _customer_sheet(shop) -> pd.DataFrame:
    c = shop.customers
    return pd.DataFrame({
        "Customer ID": c["customer_ref"], "Name": c["name"], "Phone": c["phone"],
        "Email": c["email"], "Gender": c["gender"], "Birth Date": c["birth_date"].dt.date,
        "Signup Date": c["signup_date"].dt.date,
        "City": c["city"], "Province": c["province"], "Country": c["country"]})


def _cell(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if isinstance(value, np.generic) else value
