"""The one task runner of the window: every piece of work off the GUI thread goes through
it; it keeps its tasks, reports on the GUI thread, hands over the exception object and logs
the traceback of an error nobody expected."""

from __future__ import annotations

import ast
import gc
import logging
import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

import ektp_desk.ui
from ektp_desk.ui.tasks import TaskRunner

UI = Path(ektp_desk.ui.__file__).parent
# What starts work on another thread; only ui/tasks.py may use it. (threading.Event, a
# flag, is no thread of its own.)
THREAD_STARTERS = {"QThread", "QThreadPool", "QRunnable", "Thread", "ThreadPoolExecutor"}
THREAD_MODULES = {"concurrent.futures", "_thread", "multiprocessing"}


def thread_starters(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module in THREAD_MODULES:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in THREAD_MODULES)
        elif isinstance(node, ast.alias) and node.name in THREAD_STARTERS:
            found.add(node.name)
        elif isinstance(node, ast.Attribute) and node.attr in THREAD_STARTERS:
            found.add(node.attr)  # threading.Thread(...), QtCore.QThreadPool
    return found


def test_only_the_runner_starts_threads() -> None:
    starters = {
        str(p.relative_to(UI)): thread_starters(p)
        for p in sorted(UI.rglob("*.py"))
        if p.name != "tasks.py"
    }
    assert len(starters) > 15
    assert {k: v for k, v in starters.items() if v} == {}
    assert thread_starters(UI / "tasks.py") >= {"QThreadPool", "QRunnable"}


def test_a_result_comes_back_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner(threads=2)
    gui = QThread.currentThread()
    seen: list[tuple[object, bool, bool]] = []

    def job() -> int:
        seen.append(("job", QThread.currentThread() is gui, False))
        return 42

    runner.start(
        job,
        on_done=lambda value: seen.append((value, QThread.currentThread() is gui, True)),
        on_failed=lambda error: seen.append((error, False, False)),
    )
    qtbot.waitUntil(lambda: runner.running() == 0)
    assert seen == [("job", False, False), (42, True, True)]


def test_the_caller_gets_the_exception_object(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    runner = TaskRunner(threads=1)
    failures: list[BaseException] = []

    class DeviceGone(OSError):
        pass

    def job() -> None:
        raise DeviceGone("the scanner went away")

    with caplog.at_level(logging.ERROR, logger="ektp_desk.ui.tasks"):
        runner.start(job, on_done=lambda _v: None, on_failed=failures.append, expected=(OSError,))
        qtbot.waitUntil(lambda: runner.running() == 0)
    assert len(failures) == 1 and isinstance(failures[0], DeviceGone)
    assert str(failures[0]) == "the scanner went away"
    assert caplog.records == []  # expected: the caller's news, not a bug


def test_an_unexpected_error_is_logged_with_its_traceback_and_still_reported(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    runner = TaskRunner(threads=1)
    failures: list[BaseException] = []

    def broken_export() -> None:
        {}["missing"]  # the bug under test

    with caplog.at_level(logging.ERROR, logger="ektp_desk.ui.tasks"):
        runner.start(
            broken_export, on_done=lambda _v: None, on_failed=failures.append, expected=(OSError,)
        )
        qtbot.waitUntil(lambda: runner.running() == 0)
    assert len(failures) == 1 and isinstance(failures[0], KeyError)
    [record] = caplog.records
    assert record.exc_info is not None and record.exc_info[1] is failures[0]
    assert "broken_export" in caplog.text  # the traceback names where it broke


def test_the_runner_keeps_the_task_the_caller_dropped(qtbot: QtBot) -> None:
    """The caller holds nothing; a collection while the job runs takes nothing it needs,
    and once reported the task lets go of the caller's job and callbacks."""
    runner = TaskRunner(threads=1)
    release = threading.Event()
    results: list[object] = []
    runner.start(
        lambda: release.wait(10) and "done", on_done=results.append, on_failed=results.append
    )
    gc.collect()
    assert runner.running() == 1
    release.set()
    qtbot.waitUntil(lambda: results == ["done"])
    assert runner.running() == 0


def test_a_reported_task_holds_no_callback(qtbot: QtBot) -> None:
    runner = TaskRunner(threads=1)
    task = runner.start(lambda: 1, on_done=lambda _v: None, on_failed=lambda _e: None)
    qtbot.waitUntil(lambda: runner.running() == 0)
    assert task.job is None and task.on_done is None and task.on_failed is None


def test_a_task_outliving_its_screen_ends_quietly(qtbot: QtBot) -> None:
    """An export on the shared pool still running when its page is gone: nobody is told,
    and nothing breaks."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QWidget

    page = QWidget()
    runner = TaskRunner(page)
    release = threading.Event()
    told: list[object] = []
    runner.start(lambda: release.wait(10), on_done=told.append, on_failed=told.append)
    page.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(runner))
    release.set()
    assert QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(50)
    assert told == []
