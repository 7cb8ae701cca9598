"""Benchmark of issue 7: a backup and a bundle of 10,000 recordings with realistic
biometrics, in MB/s, each beside a plain file copy of the same bytes made in the same run."""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk
from ektp_desk.hub.ingest import Ingestor
from ektp_desk.hub.store import SqliteHubStore
from ektp_desk.protocol.bundle import BundleReader
from ektp_desk.protocol.envelope import key_id, public_bytes
from ektp_desk.protocol.wire import Outcome
from tests.conftest import new_desk, pin_test_hub

PASS = "frasa-sandi-cadangan"


def _copy_seconds(source: Path, folder: Path) -> float:
    t = time.perf_counter()
    shutil.copyfile(source, folder / "plain-copy")
    seconds = time.perf_counter() - t
    (folder / "plain-copy").unlink()
    return seconds


def test_backup_and_bundle_of_ten_thousand_realistic_recordings(tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    t0 = time.perf_counter()
    seed(desk, recordings=10_000, days=20, detail=BiometricDetail.REALISTIC)
    t = time.perf_counter()
    hub_key = pin_test_hub(desk)  # seals the 10,000 payloads for the hub, as `hub set` does
    seal_s = time.perf_counter() - t
    desk.session.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db = tmp_path / "desk" / "desk.sqlite3"
    size = db.stat().st_size
    print(f"\n[bench] store of 10,000 realistic recordings: {size / 1e6:,.0f} MB, built in"
          f" {time.perf_counter() - t0:.0f} s (sealing them all: {seal_s:.0f} s)")  # fmt: skip

    copy_s = _copy_seconds(db, tmp_path)
    t = time.perf_counter()
    desk.backups.write(tmp_path / "b.ektpbak", PASS)
    backup_s = time.perf_counter() - t
    t = time.perf_counter()
    Desk.restore(tmp_path / "b.ektpbak", tmp_path / "restored", PASS).close()
    restore_s = time.perf_counter() - t
    print(
        f"[bench] encrypted backup: {backup_s:.1f} s = {size / backup_s / 1e6:.0f} MB/s;"
        f" restore with its checks: {restore_s:.1f} s = {size / restore_s / 1e6:.0f} MB/s"
        f"\n[bench]   baseline (a plain file copy of the same database): {copy_s:.1f} s ="
        f" {size / copy_s / 1e6:.0f} MB/s; ratio backup / copy {backup_s / copy_s:.1f}x"
    )

    bundle = tmp_path / "usb" / "all.ektpbundle"
    bundle.parent.mkdir()
    t = time.perf_counter()
    summary = desk.bundles.export(bundle)
    export_s = time.perf_counter() - t
    bundle_size = bundle.stat().st_size
    assert summary["records"] == 10_000
    copy_s = _copy_seconds(bundle, tmp_path)
    hub = SqliteHubStore(tmp_path / "hub.sqlite3")
    hub.add_desk(desk.desk_id, desk.kecamatan, "token-of-PALU-BARAT-1", "2026-11-01T00:00:00")
    ingestor = Ingestor(hub, hub_key, clock=lambda: datetime.now(UTC))
    t = time.perf_counter()
    outcomes = ingestor.import_bundle(
        BundleReader(bundle), hub_key_id=key_id(public_bytes(hub_key))
    )
    import_s = time.perf_counter() - t
    desk.close()
    accepted = sum(o.outcome in (Outcome.ACCEPTED, Outcome.DUPLICATE_NIK) for o in outcomes)
    assert accepted == 10_000
    print(
        f"[bench] bundle export: {bundle_size / 1e6:,.0f} MB in {export_s:.1f} s ="
        f" {bundle_size / export_s / 1e6:.0f} MB/s; hub import (checksum, every envelope"
        f" opened and checked, stored): {import_s:.1f} s = {bundle_size / import_s / 1e6:.0f}"
        f" MB/s\n[bench]   baseline (a plain file copy of the bundle): {copy_s:.1f} s ="
        f" {bundle_size / copy_s / 1e6:.0f} MB/s; ratio export / copy {export_s / copy_s:.1f}x"
    )
