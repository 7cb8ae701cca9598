"""UI tests run as the window does (ektp_desk.ui.gcguard): no automatic cycle collection,
which could delete a Qt object on a worker thread; the garbage of each test is collected
on the GUI thread after it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()
