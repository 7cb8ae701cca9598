"""Benchmark of issue 7 (backups; the bundle half is not built yet): an encrypted backup of
10,000 recordings with realistic biometrics, in MB/s."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk
from tests.conftest import new_desk

PASS = "frasa-sandi-cadangan"


def test_backup_of_ten_thousand_realistic_recordings(tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    t0 = time.perf_counter()
    seed(desk, recordings=10_000, days=20, detail=BiometricDetail.REALISTIC)
    desk.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db = tmp_path / "desk" / "desk.sqlite3"
    size = db.stat().st_size
    print(f"\n[bench] store of 10,000 realistic recordings: {size / 1e6:,.0f} MB, built in"
          f" {time.perf_counter() - t0:.0f} s")  # fmt: skip
    t = time.perf_counter()
    shutil.copyfile(db, tmp_path / "plain-copy.sqlite3")
    copy_s = time.perf_counter() - t
    (tmp_path / "plain-copy.sqlite3").unlink()
    t = time.perf_counter()
    desk.backup(tmp_path / "b.ektpbak", PASS)
    backup_s = time.perf_counter() - t
    t = time.perf_counter()
    Desk.restore(tmp_path / "b.ektpbak", tmp_path / "restored", PASS).close()
    restore_s = time.perf_counter() - t
    desk.close()
    print(
        f"[bench] encrypted backup: {backup_s:.1f} s = {size / backup_s / 1e6:.0f} MB/s;"
        f" restore with its checks: {restore_s:.1f} s = {size / restore_s / 1e6:.0f} MB/s"
        f"\n[bench]   baseline (a plain file copy of the same database): {copy_s:.1f} s ="
        f" {size / copy_s / 1e6:.0f} MB/s; ratio backup / copy {backup_s / copy_s:.1f}x"
    )
