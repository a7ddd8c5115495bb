"""Issue 12, defect 6: one malformed timestamp never aborts an import, whatever date role its
column has. The row is quarantined (order date, payment time) or the value is declined (birth and
sign-up dates only feed generalised attributes), `persona import` exits 0 and every row is
accounted for."""
from __future__ import annotations

import json

import pytest

BAD = "2020-02-20 23:25:3-6"  # the audit's value: pandas read "-6" as a UTC offset and raised


def _orders(bad_in: str) -> str:
    lines = ["订单编号,客户编号,下单时间,付款时间,金额"]
    for i in range(12):
        ordered, paid = f"2020-02-{i + 1:02d} 10:00:00", f"2020-02-{i + 1:02d} 10:05:{i:02d}"
        if i == 5:
            ordered, paid = (BAD, paid) if bad_in == "order_date" else (ordered, BAD)
        lines.append(f"{1000 + i},C{i % 4},{ordered},{paid},{i + 10}.50")
    return "\n".join(lines) + "\n"


def _customers(bad_in: str) -> str:
    lines = ["客户编号,出生日期,注册时间"]
    for i in range(12):
        born, signed = f"19{70 + i}-03-0{i % 9 + 1} 00:00:00", f"2021-05-{i + 1:02d} 09:30:00"
        if i == 5:
            born, signed = (BAD, signed) if bad_in == "birth_date" else (born, BAD)
        lines.append(f"C{i},{born},{signed}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def cli_vault(cli, tmp_path):
    vault = str(tmp_path / "v")
    assert cli("init", "--vault", vault, "--json")[0] == 0
    return vault


@pytest.mark.parametrize("role, quarantined", [("order_date", "unparseable_date"),
                                               ("payment_time", "unparseable_payment_time")])
def test_malformed_order_or_payment_time_quarantines_its_row_and_exits_0(cli, cli_vault, tmp_path,
                                                                          role, quarantined):
    path = tmp_path / "orders.csv"
    path.write_text(_orders(role), encoding="utf-8")
    for dry in (["--dry-run"], []):
        code, out, err = cli("import", "--vault", cli_vault, str(path), "--json", *dry)
        assert code == 0, err
        report = json.loads(out)
        assert report["mapping"]["下单时间"] == "order_date"
        assert report["mapping"]["付款时间"] == "payment_time"
        assert report["accounting_ok"] and report["rows_read"] == 12
        assert (report["rows_stored"], report["rows_quarantined"]) == (11, 1)
        assert report["quarantine_reasons"] == {quarantined: 1}


@pytest.mark.parametrize("role", ["birth_date", "signup_date"])
def test_malformed_birth_or_signup_date_is_declined_and_the_customer_kept(cli, cli_vault, tmp_path,
                                                                          role):
    path = tmp_path / "customers.csv"
    path.write_text(_customers(role), encoding="utf-8")
    code, out, err = cli("import", "--vault", cli_vault, str(path), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["mapping"]["出生日期"] == "birth_date"
    assert report["mapping"]["注册时间"] == "signup_date"
    assert report["accounting_ok"] and (report["rows_read"], report["rows_stored"]) == (12, 12)


@pytest.mark.parametrize("written", ["NaN", "null", "10:05"])
def test_order_date_that_means_no_date_quarantines_its_row_as_missing(cli, cli_vault, tmp_path,
                                                                      written):
    # Found by benchmarks/fuzz_bench.py: "NaN" (a null word) or a bare time read as no date
    # without a reason, so the row went on with no order time and the writer raised KeyError.
    path = tmp_path / "orders.csv"
    path.write_text("订单编号,客户编号,下单时间,数量,单价\n"
                    f"1000,C6,{written},2,22.19\n1001,C10,2024-03-10 17:14:00,1,64.83\n"
                    "1002,C2,2024-03-21 06:09:00,4,49.63\n", encoding="utf-8")
    code, out, err = cli("import", "--vault", cli_vault, str(path), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["accounting_ok"] and report["quarantine_reasons"] == {"missing_date": 1}
