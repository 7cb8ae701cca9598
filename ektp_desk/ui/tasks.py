"""The one way the window runs work off the GUI thread, and hears back on it.

A `TaskRunner` starts a blocking call on a thread pool and calls `on_done(result)` or
`on_failed(exception)` on the GUI thread when it ends. It keeps every task it started until
that report has been delivered, so nothing a task needs is collected while it runs, and
the caller need not hold on to anything. Every failure reaches the caller as the exception
object; one of a type the caller did not name as expected is a bug, and its traceback goes
to the log as well.

No QObject is made per task: the report travels on the runner's own signal, and the runner
lives on the GUI thread, which also drops the task's job and callbacks once it has
reported. So a task that ends on a pool thread takes no Qt object with it (see gcguard: Qt
objects must die on the GUI thread), as long as a job returns plain data, not Qt objects."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ektp_desk.desk import Desk, User

log = logging.getLogger(__name__)
T = TypeVar("T")


class Task(QRunnable):
    """`job()` on a pool thread, reported through its runner."""

    def __init__(
        self,
        runner: TaskRunner,
        job: Callable[[], Any],
        *,
        on_done: Callable[[Any], None],
        on_failed: Callable[[BaseException], None],
        expected: tuple[type[BaseException], ...],
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner owns the task, not the pool
        self.runner = runner
        self.job: Callable[[], Any] | None = job
        self.on_done: Callable[[Any], None] | None = on_done
        self.on_failed: Callable[[BaseException], None] | None = on_failed
        self.expected = expected

    def report(self, result: object, error: BaseException | None) -> None:
        """On the GUI thread: tell the caller, and let go of what the caller gave."""
        on_done, on_failed = self.on_done, self.on_failed
        self.job = self.on_done = self.on_failed = None
        if error is not None:
            assert on_failed is not None
            on_failed(error)
        else:
            assert on_done is not None
            on_done(result)

    def _call(self) -> Any:
        job = self.job  # held only while it runs, not while the report travels
        assert job is not None
        return job()

    def run(self) -> None:
        try:
            result = self._call()
        except Exception as exc:
            if not isinstance(exc, self.expected):
                log.exception("a background task failed")
            self._tell(None, exc)
            return
        self._tell(result, None)

    def _tell(self, result: object, error: BaseException | None) -> None:
        try:
            self.runner.ended.emit(self, result, error)
        except RuntimeError:
            if shiboken6.isValid(self.runner):
                raise
            # The runner's screen closed while the job ran: nobody is left to tell.


class TaskRunner(QObject):
    """Runs jobs on a pool: the application's shared pool, or with `threads` a pool of its
    own of that many threads (for work that may block for long, like a device that never
    answers or the sync service that runs until the window closes)."""

    ended = Signal(object, object, object)  # task, result, exception

    def __init__(self, parent: QObject | None = None, *, threads: int | None = None) -> None:
        super().__init__(parent)
        if threads is None:
            self.pool = QThreadPool.globalInstance()
        else:
            self.pool = QThreadPool(self)
            self.pool.setMaxThreadCount(threads)
        self._running: set[Task] = set()
        self.ended.connect(self._report)

    def start(
        self,
        job: Callable[[], Any],
        *,
        on_done: Callable[[Any], None],
        on_failed: Callable[[BaseException], None],
        expected: tuple[type[BaseException], ...] = (Exception,),
    ) -> Task:
        """Start `job`; errors of the `expected` types are the job's own news, any other is
        logged with its traceback too. Either way `on_failed` gets the exception."""
        task = Task(self, job, on_done=on_done, on_failed=on_failed, expected=expected)
        self._running.add(task)
        self.pool.start(task)
        return task

    def running(self) -> int:
        """How many tasks have not reported yet."""
        return len(self._running)

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the pool's threads to finish (its own pool: this runner's tasks)."""
        return self.pool.waitForDone(msecs)

    def _report(self, task: Task, result: object, error: BaseException | None) -> None:
        self._running.discard(task)
        task.report(result, error)


def run_on_own_connection(data_dir: Path, user: User | None, job: Callable[[Desk], T]) -> T:
    """`job` with a connection of this thread's own, for the session's (logged-in) user."""
    desk = Desk.open(data_dir)
    try:
        desk.accounts.act_for(user)
        return job(desk)
    finally:
        desk.close()
