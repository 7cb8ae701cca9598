"""Running a blocking call on a thread pool and hearing back on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


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
