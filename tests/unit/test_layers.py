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
    # cli/ is the other face: given no command it opens the window, so it may import ui.
    faces = {"ui", "cli"}
    for p in PACKAGE.rglob("*.py"):
        if p.relative_to(PACKAGE).parts[0] in faces:
            continue
        assert not any(m.startswith("ektp_desk.ui") for m in imported_modules(p)), p


# What ektp_desk/ui may import of the package: the Desk (which re-exports the types, errors
# and constants of the layers below that a screen needs), the pure rules of domain/, itself,
# and these, each for a reason:
UI_MAY_IMPORT = {
    "ektp_desk": "the version, for the About box",
    "ektp_desk.paths": "where resources, the data dir and the log file are",
    "ektp_desk.capture": "the device layer the recording screen drives (it keeps no desk data)",
    "ektp_desk.capture.sbi": "the SBI scanners the Devices page finds, tests and hands over",
    "ektp_desk.demo_site": "`--demo`: the window opens on the demo's desk and hub",
    "ektp_desk.crash": "the crash files of an earlier run, offered at the next start",
    "ektp_desk.reports.documents": "the paper's layout (ticket, receipt, invitations, the reports'"
    " frame), which ui/paper.py and the reports' PDF draw with Qt",
}
UI_REACHES_THROUGH = ("ektp_desk.desk", "ektp_desk.domain", "ektp_desk.ui")


def test_the_ui_reaches_the_core_only_through_the_desk() -> None:
    ui_files = sorted((PACKAGE / "ui").rglob("*.py"))
    assert len(ui_files) > 15
    offenders: dict[str, list[str]] = {}
    for path in ui_files:
        for module in imported_modules(path):
            if not module.startswith("ektp_desk") or module in UI_MAY_IMPORT:
                continue
            if any(module == m or module.startswith(m + ".") for m in UI_REACHES_THROUGH):
                continue
            offenders.setdefault(str(path.relative_to(PACKAGE)), []).append(module)
    assert offenders == {}, "import it from ektp_desk.desk (re-export it there if need be)"


def test_the_allowed_list_holds_no_stale_entries() -> None:
    used = set().union(*(imported_modules(p) for p in (PACKAGE / "ui").rglob("*.py")))
    assert set(UI_MAY_IMPORT) <= used


# The hub is Disdukcapil's server: it shares the contract (protocol/) and the pure rules
# (domain/) with the desk, and nothing of the desk's store, facade or sync client.
HUB_MAY_IMPORT = {
    "ektp_desk": "the version, for /health",
    "ektp_desk.fsutil": "owner-only files and atomic writes, as the desk's",
}
HUB_REACHES = ("ektp_desk.hub", "ektp_desk.protocol", "ektp_desk.domain")


def test_the_hub_imports_the_contract_and_the_rules_only() -> None:
    offenders: dict[str, list[str]] = {}
    for path in sorted((PACKAGE / "hub").rglob("*.py")):
        for module in imported_modules(path):
            if not module.startswith("ektp_desk") or module in HUB_MAY_IMPORT:
                continue
            if any(module == m or module.startswith(m + ".") for m in HUB_REACHES):
                continue
            offenders.setdefault(str(path.relative_to(PACKAGE)), []).append(module)
    assert offenders == {}


def test_the_protocol_is_the_contract_alone() -> None:
    for path in sorted((PACKAGE / "protocol").rglob("*.py")):
        for module in imported_modules(path):
            assert not module.startswith(
                ("ektp_desk.store", "ektp_desk.sync", "ektp_desk.desk", "ektp_desk.hub")
            ), (path, module)
