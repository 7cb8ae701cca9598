"""A hub's store filled for the dashboard's tests: three desks in two kecamatan, a published
list for one of them (with a child who is not in the target), recordings over the last days
(a walk-in among them), a duplicate NIK that opens a case, and a rejection; with the figures
the pages must show, known by construction."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import requests

from ektp_desk.hub.store import HeldRecord, HubStore, NewRecord, Rejection, open_store
from tests.hubproc import HubProcess

KEC_LISTED = "72.71.02"  # Palu Barat: has a published list
KEC_OPEN = "72.71.03"  # Palu Selatan: no list yet
KEL_A, KEL_B = "72.71.02.1007", "72.71.02.1002"  # Kamonji, Ujuna
PASSWORD = "rahasia-dasbor-1"


def today_wita() -> date:
    return datetime.now(ZoneInfo("Asia/Makassar")).date()


def _nik(n: int) -> str:
    return f"72710201019{n:05d}"


@dataclass(frozen=True)
class Seeded:
    today: date
    listed_target: int  # Palu Barat's residents who must hold a KTP
    listed_recorded: int
    kel_a: tuple[int, int]  # (target, recorded)
    kel_b: tuple[int, int]
    walk_ins: int
    open_recorded: int  # Palu Selatan, no list: every accepted record
    duplicates: int
    case_records: tuple[str, str]  # the accepted one, then the duplicate
    rejected_reason: str


def _record(record_id: str, desk: str, nik: str, kecamatan: str, day: date) -> NewRecord:
    at = datetime.combine(day, datetime.min.time(), UTC).isoformat()
    sha = hashlib.sha256(record_id.encode()).hexdigest()
    held = HeldRecord(record_id, desk, nik, kecamatan, sha, 3, at, day.isoformat(), at,
                      "accepted", None)  # fmt: skip
    return NewRecord(held, "batch-" + record_id, b"env")


def _publish(store: HubStore, residents: list[tuple[str, str, str, str]], at: str) -> None:
    rows = [
        {"nik": nik, "kelurahan": kelurahan, "tanggal_lahir": born, "status_perkawinan": status}
        for nik, kelurahan, born, status in residents
    ]
    store.publish_list(KEC_LISTED, rows, sha256="0" * 64, by="admin", at=at)


def seed(store: HubStore) -> Seeded:
    today = today_wita()
    at = datetime.now(UTC).isoformat()
    store.add_desk("PALU-BARAT-1", KEC_LISTED, "token-pb1", at)
    store.add_desk("PALU-BARAT-2", KEC_LISTED, "token-pb2", at)
    store.add_desk("PALU-SELATAN-1", KEC_OPEN, "token-ps1", at)
    # 6 adults in kelurahan A, 4 in B, and a child in B (not in the target)
    residents = [(_nik(i), KEL_A, "1980-01-01", "KAWIN") for i in range(6)]
    residents += [(_nik(10 + i), KEL_B, "1990-05-05", "BELUM KAWIN") for i in range(4)]
    residents.append((_nik(99), KEL_B, (today - timedelta(days=365 * 10)).isoformat(),
                      "BELUM KAWIN"))  # fmt: skip
    _publish(store, residents, at)
    days = [today - timedelta(days=d) for d in (0, 1, 3, 9)]
    first = [
        _record("rec-a0", "PALU-BARAT-1", _nik(0), KEC_LISTED, days[0]),
        _record("rec-a1", "PALU-BARAT-1", _nik(1), KEC_LISTED, days[1]),
        _record("rec-a2", "PALU-BARAT-2", _nik(2), KEC_LISTED, days[2]),
        _record("rec-b0", "PALU-BARAT-2", _nik(10), KEC_LISTED, days[3]),
        _record("rec-walk", "PALU-BARAT-1", "7271020101990001", KEC_LISTED, days[0]),
        _record("rec-s0", "PALU-SELATAN-1", "7271030101900001", KEC_OPEN, days[0]),
        _record("rec-s1", "PALU-SELATAN-1", "7271030101900002", KEC_OPEN, days[1]),
    ]
    store.ingest(batch_id="b1", desk_id="PALU-BARAT-1", at=at, new=first, rejected=[],
                 total_bytes=100)  # fmt: skip
    dup = _record("rec-dup", "PALU-BARAT-2", _nik(1), KEC_LISTED, days[0])
    reason = "content: the photo is not a JPEG"
    store.ingest(
        batch_id="b2", desk_id="PALU-BARAT-2", at=at, new=[dup], total_bytes=10,
        rejected=[Rejection("rec-bad", "PALU-BARAT-2", "f" * 64, reason)],
    )  # fmt: skip
    return Seeded(
        today=today,
        listed_target=10,
        listed_recorded=4,
        kel_a=(6, 3),
        kel_b=(4, 1),
        walk_ins=1,
        open_recorded=2,
        duplicates=1,
        case_records=("rec-a1", "rec-dup"),
        rejected_reason=reason,
    )


def seeded_hub(folder: Path) -> tuple[HubProcess, Seeded]:
    """A hub serving the seeded store, with a viewer `budi` and an operator `ana`."""
    hub = HubProcess(folder)
    hub.keygen()
    store = open_store(hub.db)
    try:
        seeded = seed(store)
    finally:
        store.close()
    for name, role in (("ana", "operator"), ("budi", "viewer")):
        hub.env["EKTP_HUB_NEW_PASSWORD"] = PASSWORD
        hub.cli("user", "add", name, "--role", role)
    hub.start()
    return hub, seeded


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def log_in(session: requests.Session, url: str, name: str, password: str = PASSWORD) -> str:
    """Log `session` in; the CSRF token of its pages (AssertionError when refused)."""
    form = session.get(url + "/masuk")
    token = CSRF.search(form.text)
    assert token is not None
    done = session.post(
        url + "/masuk", data={"name": name, "password": password, "csrf": token.group(1)}
    )
    page = CSRF.search(done.text)
    assert done.status_code == 200 and "Keluar" in done.text and page, done.text[:500]
    return page.group(1)
