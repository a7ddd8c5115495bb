"""Jobs run core work off the GUI thread and report back on it (style.md rule 2)."""
from __future__ import annotations

import threading

import pytest

from persona_desktop.core.errors import JobCancelled, WrongPassword
from persona_desktop.gui.workers import Job, JobRunner


@pytest.fixture
def runner(qapp):
    r = JobRunner()
    yield r
    r.cancel_all(discard=True)
    r.wait(5000)


def test_job_reports_progress_then_result_on_the_gui_thread(qtbot, runner):
    worker_threads, slot_threads, steps = [], [], []

    def work(n, progress):
        worker_threads.append(threading.current_thread())
        for i in range(n + 1):
            progress.step(i, n, "counting")
        return n * 2

    job = Job(work, 5, with_progress=True, label="Counting")
    job.signals.progress.connect(lambda d, t, label: steps.append((d, t, label)))
    job.signals.succeeded.connect(lambda result: slot_threads.append(
        (threading.current_thread(), result)))
    with qtbot.waitSignal(job.signals.finished, timeout=5000):
        runner.start(job)
    assert worker_threads[0] is not threading.main_thread()
    assert slot_threads == [(threading.main_thread(), 10)]
    assert steps[-1] == (5, 5, "counting")
    assert job.state == "succeeded" and not runner.active


def test_typed_error_reaches_the_failed_signal(qtbot, runner):
    def work():
        raise WrongPassword()

    job = Job(work)
    with qtbot.waitSignal(job.signals.failed, timeout=5000) as blocker:
        runner.start(job)
    assert isinstance(blocker.args[0], WrongPassword)


def test_cancel_stops_at_the_next_step(qtbot, runner):
    started = threading.Event()
    release = threading.Event()

    def work(progress):
        started.set()
        release.wait(5)
        progress.step(1, 2)
        return "finished anyway"

    job = Job(work, with_progress=True)
    succeeded = []
    job.signals.succeeded.connect(succeeded.append)
    with qtbot.waitSignal(job.signals.cancelled, timeout=5000):
        runner.start(job)
        started.wait(5)
        job.cancel()
        release.set()
    assert not succeeded and job.state == "cancelled"


def test_discarded_result_goes_to_cleanup_not_to_the_page(qtbot, runner):
    release = threading.Event()
    cleaned, delivered = [], []

    def work():
        release.wait(5)
        return "a vault with keys"

    job = Job(work, cleanup=cleaned.append)
    job.signals.succeeded.connect(delivered.append)
    with qtbot.waitSignal(runner.job_finished, timeout=5000):
        runner.start(job)
        runner.cancel_all(discard=True)  # what locking does
        release.set()
    assert cleaned == ["a vault with keys"] and delivered == []


def test_unexpected_error_is_reported_not_raised(qtbot, runner):
    def work():
        raise ValueError("boom")

    job = Job(work)
    with qtbot.waitSignal(job.signals.failed, timeout=5000) as blocker:
        runner.start(job)
    assert isinstance(blocker.args[0], ValueError)
    assert not isinstance(blocker.args[0], JobCancelled)
