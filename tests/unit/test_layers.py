"""The core stays Qt-free: only ektp_desk/ui may import Qt."""

from __future__ import annotations

import ast
from pathlib import Path

import ektp_desk

PACKAGE = Path(ektp_desk.__file__).parent
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "shiboken6")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_qt_outside_the_ui_package() -> None:
    core_files = [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts]
    assert len(core_files) > 10
    offenders = {
        str(p.relative_to(PACKAGE)): sorted(
            m for m in imported_modules(p) if m.startswith(QT_MODULES)
        )
        for p in core_files
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_core_never_imports_the_ui() -> None:
    # cli.py is the other face: given no command it opens the window, so it may import ui.
    faces = {"ui", "cli.py"}
    for p in PACKAGE.rglob("*.py"):
        if faces & set(p.relative_to(PACKAGE).parts):
            continue
        assert not any(m.startswith("ektp_desk.ui") for m in imported_modules(p)), p
