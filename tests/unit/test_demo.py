from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ektp_desk.demo import BiometricDetail, ImageMaker, seed
from ektp_desk.desk import Desk, PermissionDenied
from ektp_desk.domain.accounts import Role
from ektp_desk.domain.images import sniff
from tests.conftest import FAST_SCRYPT, FakeClock, held_payload, new_desk


def test_seed_makes_valid_residents_and_recordings(desk: Desk) -> None:
    result = seed(desk, recordings=40, days=5, seed_value=3, detail=BiometricDetail.NONE)
    assert (result.residents, result.recordings, result.refused) == (50, 40, 0)
    status = desk.status()
    assert status.residents == 50
    assert status.recordings.total == 40
    days = {
        d for (d,) in desk.session.connection.execute("SELECT DISTINCT local_date FROM recordings")
    }
    assert 1 < len(days) <= 5
    hours = {
        h for (h,) in desk.session.connection.execute("SELECT DISTINCT local_hour FROM recordings")
    }
    assert hours <= set(range(0, 24))
    assert desk.check().ok


def test_seed_is_deterministic(desk: Desk) -> None:
    seed(desk, recordings=10, seed_value=9, detail=BiometricDetail.NONE)
    first = sorted(r for (r,) in desk.session.connection.execute("SELECT nik FROM residents"))
    desk.session.connection.execute("DELETE FROM approvals")
    desk.session.connection.execute("DELETE FROM outbox")
    desk.session.connection.execute("DELETE FROM recordings")
    desk.session.connection.execute("DELETE FROM residents")
    seed(desk, recordings=10, seed_value=9, detail=BiometricDetail.NONE)
    again = sorted(r for (r,) in desk.session.connection.execute("SELECT nik FROM residents"))
    assert first == again


def test_seeding_twice_adds_new_people(desk: Desk) -> None:
    seed(desk, recordings=30, seed_value=1, detail=BiometricDetail.NONE)
    result = seed(desk, recordings=30, seed_value=2, detail=BiometricDetail.NONE)
    assert result.refused == 0
    assert desk.status().residents == 74
    assert desk.status().recordings.total == 60


def test_realistic_images_weigh_about_300_kb() -> None:
    import random

    images = ImageMaker(BiometricDetail.REALISTIC, random.Random(1)).images()
    total = sum(len(v) for v in images.values())
    assert 250_000 <= total <= 360_000
    face = sniff(images["face"])
    assert (face.width, face.height) == (480, 640)
    small = sum(
        len(v) for v in ImageMaker(BiometricDetail.SMALL, random.Random(1)).images().values()
    )
    assert small < total / 3


def test_payload_of_a_seeded_recording_opens(desk: Desk) -> None:
    seed(desk, recordings=1, seed_value=4, detail=BiometricDetail.SMALL)
    with zipfile.ZipFile(io.BytesIO(held_payload(desk))) as zf:
        assert zf.testzip() is None
        assert "face.png" in zf.namelist()


def test_a_seed_just_after_local_midnight_keeps_to_the_days_asked(tmp_path: Path) -> None:
    # 00:05 in Palu (WITA, UTC+8): "today" has only five minutes behind it.
    clock = FakeClock(datetime(2026, 11, 28, 16, 5, tzinfo=UTC))
    desk = new_desk(tmp_path / "desk", clock=clock)
    seed(desk, recordings=25, days=1, seed_value=3, detail=BiometricDetail.NONE)
    days = {
        d for (d,) in desk.session.connection.execute("SELECT DISTINCT local_date FROM recordings")
    }
    assert days == {"2026-11-29"}
    latest = desk.session.connection.execute("SELECT max(recorded_at) FROM recordings").fetchone()[
        0
    ]
    assert datetime.fromisoformat(latest) <= clock.now
    desk.close()


def test_only_who_may_seed_demo_data_seeds(desk: Desk) -> None:
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    desk.accounts.login("ani", "kata-sandi-ani")
    with pytest.raises(PermissionDenied, match="may not seed_demo"):
        seed(desk, recordings=3)
    assert desk.status().residents == 0  # refused before anything was added
