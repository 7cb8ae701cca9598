"""A disk that fills up: on a small filesystem of the test's own (tmpfs, needs root)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk, DeskError
from ektp_desk.store import StoreError
from tests.conftest import ADMIN_PASSWORD, new_desk
from tests.integration.conftest import DeskMaker, states


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        if os.environ.get("EKTP_REQUIRE_MOUNT") == "1":
            pytest.fail(f"cannot mount a small tmpfs: {done.stderr.strip()}")
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_loses_nothing_saved_and_says_what_to_do(
    small_disk: Path, make_recording: Callable[..., dict[str, Any]]
) -> None:
    desk = new_desk(small_disk / "desk")
    desk.change_setting("disk_floor_mb", "0")  # let saves run into the wall
    desk.change_setting("disk_warn_mb", "0")
    saved: list[str] = []
    failure: Exception | None = None
    for serial in range(1, 400):
        try:
            saved.append(
                desk.recordings.save(make_recording(nik=f"727102450705{serial:04d}")).record_id
            )
        except (StoreError, DeskError) as exc:
            failure = exc
            break
    assert failure is not None and len(saved) > 3, "the disk must fill up after a few saves"
    assert "disk is full" in str(failure) and "NOT saved" in str(failure)
    desk.close()
    with Desk.open(small_disk / "desk") as again:
        held = {r for (r,) in again.session.connection.execute("SELECT record_id FROM recordings")}
        assert set(saved) <= held and len(held) == len(saved)
        assert again.check().ok
        again.accounts.login("admin", ADMIN_PASSWORD)
        again.settings["disk_floor_mb"] = "1"
        with pytest.raises(DeskError, match="no new recording is started"):
            again.recordings.save(make_recording(nik="7271024507059999"))
        assert "MB free" in (again.health.disk_warning() or "")


# About the link or the disk, not the hub's store: on the SQLite hub only.
@pytest.mark.parametrize("hub_db", ["sqlite"], indirect=True)
def test_a_bundle_too_big_for_the_usb_stick_is_refused_before_writing(
    small_disk: Path, make_desk: DeskMaker
) -> None:
    desk = make_desk("LAPTOP-1")
    seed(desk, recordings=90, seed_value=11, detail=BiometricDetail.SMALL)  # about 3.6 MB
    target = small_disk / "laptop.ektpbundle"
    with pytest.raises(DeskError, match="Use a larger USB stick; nothing was written"):
        desk.bundles.export(target)
    assert list(small_disk.iterdir()) == []
    # The stick filling up during the write (the estimate was wrong) leaves no half file.
    (small_disk / "filler").write_bytes(b"\0" * 1024)
    with patch("ektp_desk.desk.bundles.shutil.disk_usage") as usage:
        usage.return_value = shutil._ntuple_diskusage(10**9, 0, 10**9)  # type: ignore[attr-defined]
        with pytest.raises(DeskError, match=r"cannot write the bundle .*nothing was written"):
            desk.bundles.export(target)
    assert [p.name for p in small_disk.iterdir()] == ["filler"]
    assert desk.session.connection.execute("SELECT count(*) FROM bundled").fetchone()[0] == 0
    assert states(desk) == {"queued": 90}
