"""The one-folder app built by `build_installer.spec`, tested as a user would run it.

Marked `frozen` and outside the default test paths: `.ci/run` runs it on purpose
(`pytest -m frozen tests/frozen`), after installing the `build` extra (PyInstaller). The
folder holds two programs, `ektp-desk` (the window) and `ektp-desk-cli` (the commands);
the Windows installer script is compiled against it where `makensis` is found (required
with EKTP_REQUIRE_NSIS=1, as `.ci/run` sets)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ADMIN_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
TARGET_MB = 150

pytestmark = pytest.mark.frozen


def folder_mb(folder: Path) -> float:
    return (
        sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    )


def build(out: Path) -> Path:
    pyinstaller = shutil.which("pyinstaller", path=str(Path(sys.executable).parent))
    assert pyinstaller is not None, "PyInstaller is missing: pip install -e '.[build]'"
    done = subprocess.run(
        [pyinstaller, "--noconfirm", "--distpath", str(out / "dist"),
         "--workpath", str(out / "work"), str(ROOT / "build_installer.spec")],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"the build failed:\n{done.stderr[-3000:]}"
    app = out / "dist" / "ektp-desk" / ("ektp-desk.exe" if os.name == "nt" else "ektp-desk")
    assert app.is_file()
    assert program(app, "ektp-desk-cli").is_file()
    return app


def program(app: Path, name: str) -> Path:
    """The program `name` in the folder of `app`."""
    return app.with_name(name + (".exe" if os.name == "nt" else ""))


def compile_installer(folder: Path, out: Path) -> Path | None:
    """The NSIS installer of `folder`, made with Debian's makensis as the README says (the
    Linux folder stands in for the Windows one); None where makensis is missing."""
    makensis = shutil.which("makensis")
    if makensis is None:
        assert not os.environ.get("EKTP_REQUIRE_NSIS"), "makensis is missing (package nsis)"
        return None
    setup = out / "ektp-desk-setup.exe"
    done = subprocess.run(
        [makensis, "-V2", f"-DSOURCE={folder}", f"-DOUTFILE={setup}",
         str(ROOT / "resources" / "installer" / "ektp-desk.nsi")],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"makensis failed:\n{done.stdout[-3000:]}{done.stderr[-2000:]}"
    return setup


def desk_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a desk in `tmp_path`, its admin logged in, no screen."""
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "EKTP_DESK_DATA_DIR": str(tmp_path / "data"),
        "EKTP_DESK_USER": "admin",
        "EKTP_DESK_PASSWORD": ADMIN_PASSWORD,
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }


def test_the_frozen_app_builds_starts_and_runs_its_commands(tmp_path: Path) -> None:
    app = build(tmp_path)
    env = desk_env(tmp_path) | {"PYTHONPATH": ""}  # it must not lean on this checkout

    cli = program(app, "ektp-desk-cli")

    def run(*args: str, exe: Path = cli) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(exe), *args], capture_output=True, text=True, env=env, timeout=120,
            cwd=tmp_path, check=False,
        )  # fmt: skip

    done = run("--smoke-test", exe=app)  # a new data dir: the first-run wizard
    assert done.returncode == 0, done.stderr
    done = run("init", "--kecamatan", "72.71.02", "--desk", "PALU-BARAT-1", "--admin", "admin")
    assert done.returncode == 0 and "Palu Barat" in done.stdout, done.stderr  # region data
    done = run("demo", "seed", "--recordings", "5")
    assert done.returncode == 0, done.stderr
    done = run("--smoke-test", exe=app)  # the log-in window and the main window on a store
    assert done.returncode == 0, done.stderr
    done = run("check")
    assert done.returncode == 0, done.stderr
    done = run("--demo", "--smoke-test", exe=app)  # the demo, its hub in the same process
    assert done.returncode == 0, done.stderr
    done = run("tally", "--date", "2020-01-01", "--format", "json")
    assert done.returncode == 0 and '"total": 0' in done.stdout, done.stderr
    done = run("tally", "--date", "2020-01-01", "--format", "csv", "--csv-style", "excel-id",
               "-o", str(tmp_path / "t.csv"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "t.csv").read_text("utf-8-sig").startswith("bagian;kunci;jumlah")
    pdf = tmp_path / "t.pdf"
    done = run("tally", "--date", "2020-01-01", "--format", "pdf", "-o", str(pdf))
    assert done.returncode == 0, done.stderr
    if shutil.which("pdftotext"):  # the PDF made from the command line has its text (fonts)
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        )
        assert "Laporan Harian Perekaman" in text.stdout, text.stderr
    env["EKTP_DESK_LANG"] = "en"
    done = run("--smoke-test", exe=app)  # the English catalogue is in the folder
    assert done.returncode == 0, done.stderr
    size = folder_mb(app.parent)
    print(f"\n[frozen] one-folder app: {size:.1f} MB (target {TARGET_MB} MB)")
    setup = compile_installer(app.parent, tmp_path)
    if setup is not None:
        assert setup.stat().st_size > 1_000_000  # the folder is in it
        print(f"[frozen] NSIS installer of it: {setup.stat().st_size / 1e6:.1f} MB")


def test_the_installer_replaces_the_old_libraries_and_starts_the_desk_unelevated(
    tmp_path: Path,
) -> None:
    """The script compiles against a stand-in of the one folder (no build needed); an update
    removes the old `_internal` (only that, never the data dir) before copying, once the
    desk that started it has closed, and the
    finish page starts the desk through the user's shell, not as the elevated setup."""
    if shutil.which("makensis") is None and not os.environ.get("EKTP_REQUIRE_NSIS"):
        pytest.skip("makensis is missing (package nsis)")
    folder = tmp_path / "ektp-desk"
    (folder / "_internal").mkdir(parents=True)
    (folder / "_internal" / "base_library.zip").write_bytes(b"stand-in")
    for name in ("ektp-desk", "ektp-desk-cli"):
        (folder / name).write_bytes(b"stand-in")
    setup = compile_installer(folder, tmp_path)
    assert setup is not None and setup.stat().st_size > 0

    script = (ROOT / "resources" / "installer" / "ektp-desk.nsi").read_text("utf-8")
    section = script[script.index('Section "ektp-desk"') : script.index("SectionEnd")]
    lines = [line.strip() for line in section.splitlines()]
    removed = lines.index('RMDir /r "$INSTDIR\\_internal"')
    assert removed < lines.index('File /r "${SOURCE}/*"')
    # ... and only once the desk that started the setup has closed (its file can be opened
    # for writing), so nothing of a running program is removed under it.
    waited = lines.index('FileOpen $2 "$INSTDIR\\ektp-desk.exe" a')
    assert waited < removed and lines[waited + 1] == "IfErrors 0 desk_file_free"
    assert [line for line in lines if line.startswith(("RMDir", "Delete "))] == [lines[removed]]
    assert '!define MUI_FINISHPAGE_RUN "' not in script  # not the setup's own child
    assert "!define MUI_FINISHPAGE_RUN_FUNCTION RunDeskAsUser" in script
    run = script[script.index("Function RunDeskAsUser") :]
    run = run[: run.index("FunctionEnd")]
    assert """Exec '"$WINDIR\\explorer.exe" "$INSTDIR\\ektp-desk.exe"'""" in run
