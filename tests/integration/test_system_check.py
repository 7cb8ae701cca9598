"""Starting the window on a system that cannot show it: one message naming what is
missing and the package that brings it, exit 2, never Qt's abort or a core dump."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ektp_desk.ui import system_check

ROOT = Path(__file__).resolve().parents[2]


def _desk(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ektp_desk", "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT,
        check=False,
    )


def test_without_a_display_the_window_says_so_and_exits_2(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)  # the tests' offscreen platform is not a user's
    done = _desk(tmp_path, env)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1  # one line, no Qt abort, no traceback
    assert "no display" in done.stderr and "DISPLAY is not set" in done.stderr
    assert not (tmp_path / "data").exists()  # nothing made on the way out


def test_a_missing_library_is_named_with_its_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        system_check,
        "missing_libraries",
        lambda plugin: ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"],
    )
    message = system_check.problem({"DISPLAY": ":0"})
    assert message is not None
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in message
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1 " in message
    assert system_check.problem({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}) is None
    assert "WAYLAND_DISPLAY" in (system_check.problem({"QT_QPA_PLATFORM": "wayland"}) or "")


def test_an_import_error_names_the_library_it_could_not_open() -> None:
    exc = ImportError("libEGL.so.1: cannot open shared object file: No such file or directory")
    library = system_check.missing_from_import_error(exc)
    assert library == "libEGL.so.1" and system_check.package_of(library) == "libegl1"
    assert system_check.missing_from_import_error(ImportError("No module named 'x'")) is None


def test_the_readme_gives_the_one_install_line_for_the_window() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert system_check.install_line() in readme


def test_the_readme_packages_give_qt_every_library_its_screen_plugin_needs() -> None:
    """ldd finds every library of Qt's xcb plugin where the README's packages are installed
    (CI installs them from the README's line; elsewhere this names what is missing)."""
    plugin = system_check.qt_plugin("xcb")
    assert plugin is not None, "PySide6 ships no xcb platform plugin"
    missing = system_check.missing_libraries(plugin)
    if missing and os.environ.get("EKTP_REQUIRE_WINDOW_LIBS") != "1":
        pytest.skip(f"this system lacks {', '.join(missing)} (the README's packages)")
    assert missing == []
