"""Running a blocking call on a thread pool and hearing back on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ektp_desk.desk import Desk, User

T = TypeVar("T")


class _TaskSignals(QObject):
    done = Signal(object)
    failed = Signal(str)


class Task(QRunnable):
    """`job()` on a pool thread; `signals.done` carries its result, `signals.failed` the
    message of an error of the types in `catch` (anything else is a bug and is raised)."""

    def __init__(
        self, job: Callable[[], Any], *, catch: tuple[type[BaseException], ...] = (Exception,)
    ) -> None:
        super().__init__()
        self.job = job
        self.catch = catch
        self.signals = _TaskSignals()

    def run(self) -> None:
        try:
            result = self.job()
        except self.catch as exc:
            self.signals.failed.emit(str(exc))
            return
        self.signals.done.emit(result)


def start_task(
    pool: QThreadPool,
    job: Callable[[], Any],
    *,
    on_done: Callable[[Any], None],
    on_failed: Callable[[str], None],
    catch: tuple[type[BaseException], ...] = (Exception,),
) -> Task:
    """Start `job` on `pool`; keep the returned task referenced until it reports."""
    task = Task(job, catch=catch)
    task.signals.done.connect(on_done)
    task.signals.failed.connect(on_failed)
    pool.start(task)
    return task


def run_on_own_connection(data_dir: Path, user: User | None, job: Callable[[Desk], T]) -> T:
    """`job` with a connection of this thread's own, for the session's (logged-in) user."""
    desk = Desk.open(data_dir)
    try:
        desk.user = user
        return job(desk)
    finally:
        desk.close()
