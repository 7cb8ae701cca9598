"""Shared fixtures: every test gets its own data dir; Qt runs offscreen."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test touches a real key store: a hub token stays in the store unless a test hands in
# a key store of its own (keyring.set_keyring).
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
# Every log the test session writes (commands run as subprocesses included) lands in one
# folder of its own, scanned when the session ends.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="ektp-test-state-")

import base64
import copy
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from ektp_desk.desk import Desk
from ektp_desk.domain.accounts import ScryptParams
from ektp_desk.domain.captures import FINGERS, IRISES
from ektp_desk.domain.images import encode_png_gray
from ektp_desk.protocol.envelope import generate_private_key, key_id, public_bytes
from tests.netns import ShapedLink, shaped_link_or_skip
from tests.pgproc import hub_db, pg_server, pg_url  # noqa: F401  (fixtures for every test)

FAST_SCRYPT = ScryptParams(n=2**8, r=8, p=1)
ADMIN_PASSWORD = "rahasia-admin"


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> FakeClock:
    # 10:00 WITA on a working day.
    return FakeClock(datetime(2026, 11, 27, 2, 0, tzinfo=UTC))


def new_desk(
    data_dir: Path,
    desk_id: str = "PALU-BARAT-1",
    *,
    clock: Callable[[], datetime] | None = None,
    login: bool = True,
    training: bool = False,
) -> Desk:
    """A desk of Palu Barat with an admin (logged in unless told otherwise); a `training`
    desk records with the simulated devices."""
    desk = Desk.create(
        data_dir,
        kecamatan="72.71.02",
        desk_id=desk_id,
        admin_name="admin",
        admin_password=ADMIN_PASSWORD,
        scrypt=FAST_SCRYPT,
        training=training,
        **({"clock": clock} if clock is not None else {}),
    )
    if login:
        desk.accounts.login("admin", ADMIN_PASSWORD)
    return desk


@pytest.fixture
def desk(tmp_path: Path, clock: FakeClock) -> Iterator[Desk]:
    d = new_desk(tmp_path / "desk", clock=clock)
    yield d
    d.close()


def png(width: int, height: int, shade: int = 128) -> bytes:
    return encode_png_gray(width, height, bytes([shade]) * (width * height))


FACE = png(480, 640)
SMALL = png(8, 8)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def full_biometrics() -> dict[str, Any]:
    return {
        "face": {"base64": b64(FACE), "quality": 90},
        "signature": {"base64": b64(SMALL)},
        "fingers": {f: {"base64": b64(SMALL), "quality": 60} for f in FINGERS},
        "iris": {i: {"base64": b64(SMALL), "quality": 70} for i in IRISES},
    }


# A woman born 5 July 2005 in Palu Barat: 21 on the test clock's date.
VALID = {
    "nik": "7271024507050001",
    "no_kk": "7271020101200003",
    "nama": "Siti Lamakarate",
    "tempat_lahir": "Palu",
    "tanggal_lahir": "2005-07-05",
    "jenis_kelamin": "PEREMPUAN",
    "golongan_darah": "O",
    "alamat": "Jl. Tombolotutu No. 5",
    "rt": "3",
    "rw": "2",
    "kelurahan": "72.71.02.1007",
    "agama": "ISLAM",
    "status_perkawinan": "BELUM KAWIN",
    "pekerjaan": "PELAJAR/MAHASISWA",
    "kewarganegaraan": "WNI",
}


@pytest.fixture
def make_recording() -> Callable[..., dict[str, Any]]:
    def make(**changes: Any) -> dict[str, Any]:
        raw: dict[str, Any] = copy.deepcopy(VALID)
        raw["biometrics"] = full_biometrics()
        for key, value in changes.items():
            if value is None:
                raw.pop(key, None)
            else:
                raw[key] = value
        return raw

    return make


@pytest.fixture
def link() -> Iterator[ShapedLink]:
    """A 2 Mbit/s link to a network namespace of the test's own (skips without root)."""
    shaped = shaped_link_or_skip("2mbit")
    try:
        yield shaped
    finally:
        shaped.__exit__()


def pin_test_hub(desk: Desk, private: X25519PrivateKey | None = None) -> X25519PrivateKey:
    """Pin a hub key on a desk without a hub process (as `hub set` does after checking the
    hub), so its recordings are sealed and can go into bundles. Returns the hub's key."""
    private = private or generate_private_key()
    public = public_bytes(private)
    desk.hub.pin("http://127.0.0.1:9", f"token-of-{desk.desk_id}", public, key_id(public))
    return private


def scan_logs(folders: list[Path]) -> list[str]:
    """What must never be in a log: a NIK, a resident's name, an image."""
    import re

    from ektp_desk.demo import FEMALE_NAMES, MALE_NAMES

    names = re.compile(
        r"\b(" + "|".join(re.escape(n) for n in sorted(set(MALE_NAMES + FEMALE_NAMES))) + r")\b"
    )
    found = []
    for folder in folders:
        for path in folder.rglob("ektp-desk*.log*"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for pattern, what in (
                (re.compile(r"(?<![\d-])\d{16}(?![\d-])"), "a NIK"),
                (names, "a resident's name"),
                (re.compile(r"\x89PNG|iVBORw0KGgo|IHDR"), "an image"),
            ):
                hit = pattern.search(text)
                if hit:
                    found.append(f"{path}: {what} ({hit.group(0)!r})")
    return found


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After the whole suite: the logs it wrote hold no NIK, no name and no biometric."""
    factory = getattr(session.config, "_tmp_path_factory", None)
    folders = [Path(os.environ["XDG_STATE_HOME"])]
    if factory is not None:
        folders.append(factory.getbasetemp())
    leaks = scan_logs(folders)
    if leaks:
        print("\nlog scan: personal data found in logs:\n  " + "\n  ".join(leaks[:20]))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def held_payload(desk: Desk, record_id: str | None = None) -> bytes:
    """The payload ZIP of a recording saved before a hub key: opened with the holding key
    (the desk's admin is logged in, so it is open)."""
    from ektp_desk.protocol.envelope import open_envelope

    sql = "SELECT record_id, payload, payload_format FROM outbox JOIN payloads USING (record_id)"
    row = desk.session.connection.execute(
        sql + (" WHERE record_id = ?" if record_id else " LIMIT 1"),
        (record_id,) if record_id else (),
    ).fetchone()
    rid, payload, fmt = row
    assert fmt == "held-v1", fmt
    assert desk.accounts.holding_private is not None
    return open_envelope(
        bytes(payload),
        private_key=desk.accounts.holding_private,
        record_id=rid,
        desk_id=desk.desk_id,
    )
