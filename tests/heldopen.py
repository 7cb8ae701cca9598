"""A file another program holds open, as Windows has it (Excel, a PDF viewer): replacing it
fails with WinError 32. Injected here, where Linux would replace it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def in_use_error() -> PermissionError:
    """What os.replace raises on Windows when Excel holds the target open."""
    exc = PermissionError(13, "The process cannot access the file because it is being used")
    exc.winerror = 32  # type: ignore[attr-defined]
    return exc


def refuse_replace(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    """Every os.replace onto `target` fails as on Windows while another program has it."""
    real = os.replace

    def replace(src: object, dst: object) -> None:
        if Path(str(dst)) == target:
            raise in_use_error()
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
