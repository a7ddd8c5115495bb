"""Work that used to block the GUI thread runs in workers: the tag rules save (the vault's writer
may be busy) and the Customers page's filtering (pandas over every customer). Workers never touch
widgets; the page shows only the answer to the latest filters."""
from __future__ import annotations

import threading
import time

import pandas as pd
import pytest

from persona_desktop.core import services
from persona_desktop.core.analytics.runs import AnalysisRun
from persona_desktop.core.errors import PersonaError
from persona_desktop.core.reports import customer_table


# --- tag rules ---------------------------------------------------------------------------------

@pytest.fixture
def tags_dialog(qtbot, context, new_vault):
    from persona_desktop.gui.dialogs.tag_rules_dialog import TagRulesDialog
    dialog = TagRulesDialog(context, new_vault, [], services.tag_rules(new_vault, []))
    qtbot.addWidget(dialog)
    dialog.tag.setText("vip")
    dialog.threshold.setText("p95")
    dialog.add_button.click()
    return dialog


def test_tag_rules_save_runs_as_a_job_with_the_dialog_disabled_until_stored(
        qtbot, tags_dialog, new_vault, monkeypatch):
    release = threading.Event()
    saved_on = []
    real_save = services.save_tag_rules

    def slow_save(vault, rules):
        saved_on.append(threading.current_thread())
        release.wait(10)
        return real_save(vault, rules)

    monkeypatch.setattr(services, "save_tag_rules", slow_save)
    tags_dialog.save()
    qtbot.waitUntil(lambda: bool(saved_on), timeout=10000)
    assert not tags_dialog.isEnabled() and tags_dialog.saving and not tags_dialog.saved
    assert saved_on[0] is not threading.main_thread()
    release.set()
    qtbot.waitUntil(lambda: tags_dialog.saved, timeout=10000)
    assert tags_dialog.isEnabled() and not tags_dialog.saving
    assert tags_dialog.result() == tags_dialog.DialogCode.Accepted
    assert any(r.tag == "vip" for r in services.tag_rules(new_vault))


class _DiskFull(PersonaError):
    en = "The disk is full."
    zh = "磁盘已满。"


def test_a_failed_tag_rules_save_keeps_the_dialog_open_with_the_error(
        qtbot, tags_dialog, new_vault, monkeypatch):
    def failing_save(vault, rules):
        raise _DiskFull()

    monkeypatch.setattr(services, "save_tag_rules", failing_save)
    tags_dialog.show()
    tags_dialog.save()
    qtbot.waitUntil(lambda: not tags_dialog.saving, timeout=10000)
    assert tags_dialog.isEnabled() and not tags_dialog.saved and tags_dialog.isVisible()
    assert tags_dialog.error.isVisibleTo(tags_dialog)
    assert "disk is full" in tags_dialog.error.text()
    assert not any(r.tag == "vip" for r in services.tag_rules(new_vault))


# --- customer filtering ------------------------------------------------------------------------

def _run(n: int = 60) -> AnalysisRun:
    index = pd.Index(range(1, n + 1), name="customer_id")
    customers = pd.DataFrame({
        "segment": ["champions" if i % 3 == 0 else "loyal" for i in index],
        "lifecycle": "active", "cluster": 0, "frequency": 2, "monetary": [float(i) for i in index],
        "aov": 10.0, "recency_days": 5, "return_rate": 0.0}, index=index)
    return AnalysisRun(7, "profile", "2024-01-01T00:00:00", "2024-01-01", {}, customers,
                       pd.DataFrame(index=index), {"currency": "CNY"})


@pytest.fixture
def customers_page(qtbot, context):
    from persona_desktop.gui.pages.customers import CustomersPage
    page = CustomersPage(context, vault=object())
    qtbot.addWidget(page)
    run = _run()
    page.set_run(run)
    qtbot.waitUntil(lambda: page.model.total_rows == len(run.customers), timeout=10000)
    yield page
    page.clear()
    page._filters.wait(5000)


def test_customer_filtering_runs_in_a_worker_and_shows_only_the_latest_answer(
        qtbot, customers_page, monkeypatch):
    page = customers_page
    threads, shown = [], []
    real_filter = customer_table.filter_rows

    def slow_filter(rows, **filters):
        threads.append(threading.current_thread())
        if filters["search"] == "1":
            time.sleep(0.5)      # the older request answers late
        return real_filter(rows, **filters)

    monkeypatch.setattr(customer_table, "filter_rows", slow_filter)
    real_set_frame = page.model.set_frame
    monkeypatch.setattr(page.model, "set_frame",
                        lambda frame: (shown.append(len(frame)), real_set_frame(frame)))
    page.search.setText("1")
    page._refresh()              # as the typing pause would
    page.search.setText("12")
    page._refresh()
    expected = len(real_filter(page.rows, search="12"))
    qtbot.waitUntil(lambda: page.model.total_rows == expected, timeout=10000)
    qtbot.wait(100)
    assert shown == [expected]   # the answer for "1" was never shown
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert page.count.text() == f"{expected} customers"


def test_customer_filters_answer_while_a_long_job_holds_the_app_runner(
        qtbot, context, customers_page):
    page = customers_page
    context.jobs.run(time.sleep, 3)     # an import or an analysis, say
    champions = int((page.run.customers["segment"] == "champions").sum())
    started = time.monotonic()
    page.segment.setCurrentIndex(page.segment.findData("champions"))
    qtbot.waitUntil(lambda: page.model.total_rows == champions, timeout=2500)
    assert time.monotonic() - started < 2.5 and context.jobs.busy
