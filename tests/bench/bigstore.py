"""A desk store holding a million recordings, for the benchmarks that need one.

50,000 recordings go through the real save path; the rest are copies of them made in SQL
(new ids and NIKs, acknowledged and their payloads purged, as on a desk that has synced),
which builds the store in about a minute rather than hours.
"""

from __future__ import annotations

from pathlib import Path

from ektp_desk.demo import BiometricDetail, seed
from tests.conftest import new_desk

MILLION = 1_000_000


def build_million_store(data_dir: Path, *, total: int = MILLION) -> int:
    desk = new_desk(data_dir)
    seed(desk, recordings=50_000, days=60, detail=BiometricDetail.NONE, extra_residents=0.1)
    conn = desk.session.connection
    conn.execute("UPDATE outbox SET state = 'acked'")
    conn.execute("DELETE FROM payloads")
    copies = 0
    while (count := conn.execute("SELECT count(*) FROM recordings").fetchone()[0]) < total:
        copies += 1
        batch = min(50_000, total - count)
        (last_id,) = conn.execute("SELECT max(id) FROM recordings").fetchone()
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO recordings (record_id, nik, nama, jenis_kelamin, tanggal_lahir,"
            " kelurahan, biodata, captures, recorded_at, local_date, local_hour, age, early,"
            " on_list, operator, finalized_at)"
            " SELECT lower(hex(randomblob(16))), substr(nik, 1, 12) || printf('%04d', ?),"
            " nama, jenis_kelamin, tanggal_lahir, kelurahan, biodata, captures, recorded_at,"
            " local_date, local_hour, age, early, on_list, operator, finalized_at"
            " FROM recordings WHERE id <= ?",
            (copies % 9999 + 1, batch),
        )
        conn.execute(
            "INSERT INTO outbox (record_id, state, payload_format, sha256, size, updated_at,"
            " local_date) SELECT record_id, 'acked', 'zip', lower(hex(randomblob(32))), 2048,"
            " finalized_at, local_date FROM recordings WHERE id > ?",
            (last_id,),
        )
        conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    desk.close()
    return int(count)
