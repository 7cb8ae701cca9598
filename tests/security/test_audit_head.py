"""Item 17 of issue 13: an audit log cut short, or rewritten with its chain recomputed, is
found: by the hub, which holds every desk's last audit head and refuses one that went back
(flagging the desk), and by `check`, against the last head the hub confirmed. A restore
from backup goes back legitimately and syncs again once Disdukcapil accepts it. Through a
real `ektp-hub serve` process, and the demo's lite hub."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk
from ektp_desk.hub.lite import LiteHub
from ektp_desk.hub.store import open_store
from ektp_desk.protocol.wire import Manifest, ManifestEntry
from ektp_desk.store import audit
from ektp_desk.sync.client import HubConflict
from tests.conftest import ADMIN_PASSWORD, new_desk
from tests.hubproc import HubProcess
from tests.integration.conftest import DeskMaker

PASS = "frasa-sandi-cadangan"


@pytest.fixture
def hub(tmp_path: Path, hub_db: str) -> Iterator[HubProcess]:
    process = HubProcess(tmp_path / "hub", db=hub_db)
    process.keygen()
    process.start()
    yield process
    process.stop()


@pytest.fixture
def make_desk(tmp_path: Path, hub: HubProcess) -> Iterator[DeskMaker]:
    desks: list[Desk] = []

    def make(desk_id: str = "PALU-BARAT-1") -> Desk:
        desk = new_desk(tmp_path / desk_id, desk_id)
        desk.hub_token = hub.add_desk(desk_id)  # type: ignore[attr-defined]
        desk.hub.set(hub.url, desk.hub_token)  # type: ignore[attr-defined]
        desks.append(desk)
        return desk

    yield make
    for desk in desks:
        desk.close()


def _tamper(db: Path, sql: str, *args: object) -> None:
    """What someone with the SQLite file does, behind the desk's back."""
    conn = sqlite3.connect(db)
    conn.execute(sql, args)
    conn.commit()
    conn.close()


def _rechain(db: Path) -> None:
    """Recompute every entry's hash so that `audit verify` passes again."""
    conn = sqlite3.connect(db)
    prev = audit.GENESIS
    rows = conn.execute(
        "SELECT seq, at, actor, action, subject, detail FROM audit ORDER BY seq"
    ).fetchall()
    for seq, at, actor, action, subject, detail in rows:
        digest = audit._digest(seq, at, actor, action, subject, detail, prev)
        conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, seq))
        prev = digest
    conn.commit()
    conn.close()


def _flag(hub: HubProcess, desk_id: str) -> str:
    lines = [ln for ln in hub.cli("desk", "list").stdout.splitlines() if ln.startswith(desk_id)]
    return lines[0]


def _synced(desk: Desk) -> Path:
    seed(desk, recordings=3, seed_value=7, detail=BiometricDetail.NONE)
    report = desk.hub.engine().run()
    assert report.ok and report.acked == 3, report.error
    assert desk.check().ok
    return desk.data_dir / "desk.sqlite3"


def test_cutting_the_last_entries_is_found_by_check_and_refused_by_the_hub(
    hub: HubProcess, make_desk: DeskMaker
) -> None:
    desk = make_desk()
    db = _synced(desk)
    confirmed, _ = audit.head(desk.session.connection)
    assert f"audit: {confirmed} entries" in _flag(hub, desk.desk_id)
    _tamper(db, "DELETE FROM audit WHERE seq > ?", confirmed - 3)
    assert desk.health.verify_audit().ok  # the chain alone cannot tell
    problems = desk.check().problems
    assert any("audit log rolled back" in p for p in problems), problems
    verify = subprocess.run(
        [sys.executable, "-m", "ektp_desk", "--data-dir", str(desk.data_dir), "audit", "verify"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert verify.returncode == 1 and "audit log rolled back" in verify.stdout
    report = desk.hub.engine().run()
    assert report.error_kind == "audit" and "audit log rolled back" in (report.error or "")
    assert "AUDIT LOG ROLLED BACK" in _flag(hub, desk.desk_id)
    assert "went back" in _flag(hub, desk.desk_id)


def test_altering_the_kept_confirmed_count_too_does_not_hide_a_cut(
    hub: HubProcess, make_desk: DeskMaker
) -> None:
    """The desk sends its head with the entry at the count the hub confirmed last, as it
    kept it (one round trip); one who cuts the log and lowers that kept count as well is
    asked by the hub for its own count, and found all the same."""
    desk = make_desk()
    db = _synced(desk)
    confirmed, _ = audit.head(desk.session.connection)
    _tamper(db, "DELETE FROM audit WHERE seq > ?", confirmed - 3)
    _tamper(db, "UPDATE sync_meta SET value = ? WHERE key = ?", "2", audit.CONFIRMED_COUNT)
    report = desk.hub.engine().run()
    assert report.error_kind == "audit" and "audit log rolled back" in (report.error or "")
    assert "went back" in _flag(hub, desk.desk_id)


def test_a_rewritten_entry_with_its_chain_redone_is_found(
    hub: HubProcess, make_desk: DeskMaker
) -> None:
    desk = make_desk()
    db = _synced(desk)
    _tamper(db, "UPDATE audit SET detail = ? WHERE action = 'user.add'", '{"role":"clerk"}')
    _rechain(db)
    assert desk.health.verify_audit().ok
    problems = desk.check().problems
    assert any("not the one the hub confirmed" in p for p in problems), problems
    # more work after the rewrite: the log grew, but not from the head the hub holds
    desk.queue.enqueue(nama="WARGA BARU", walk_in=True)
    report = desk.hub.engine().run()
    assert report.error_kind == "audit" and "audit log rolled back" in (report.error or "")
    assert "is not the one the hub confirmed" in _flag(hub, desk.desk_id)
    # a flagged desk's batches are refused too, even sent without a head
    seed(desk, recordings=1, seed_value=8, detail=BiometricDetail.NONE)
    assert desk.hub.engine().run().error_kind == "audit"
    record_id, nik, finalized, day, sha, payload = desk.session.connection.execute(
        "SELECT o.record_id, r.nik, r.finalized_at, r.local_date, o.sha256, p.payload"
        " FROM outbox o JOIN recordings r USING (record_id) JOIN payloads p USING (record_id)"
        " WHERE o.state = 'queued'"
    ).fetchone()
    manifest = Manifest(
        "after-flag", desk.desk_id,
        (ManifestEntry(record_id, nik, finalized, day, sha, len(payload)),),
    )  # fmt: skip
    with pytest.raises(HubConflict, match="audit log rolled back"):
        desk.hub.client().send_batch(manifest, [(record_id, bytes(payload))])


def test_a_restore_goes_back_and_syncs_again_once_accepted(
    hub: HubProcess, make_desk: DeskMaker, tmp_path: Path
) -> None:
    desk = make_desk()
    _synced(desk)
    desk.backups.write(tmp_path / "b.ektpbak", PASS)
    seed(desk, recordings=2, seed_value=9, detail=BiometricDetail.NONE)
    assert desk.hub.engine().run().ok
    held, _ = audit.head(desk.session.connection)
    desk.close()
    restored = Desk.restore(tmp_path / "b.ektpbak", tmp_path / "restored", PASS)
    try:
        restored.accounts.login("admin", ADMIN_PASSWORD)
        status = restored.status().sync
        assert "accept-rollback PALU-BARAT-1" in (status.audit_restored or "")
        report = restored.hub.engine().run()
        assert report.error_kind == "audit", report.error
        assert "AUDIT LOG ROLLED BACK" in _flag(hub, "PALU-BARAT-1")
        done = hub.cli("desk", "accept-rollback", "PALU-BARAT-1")
        assert "rollback accepted" in done.stdout
        report = restored.hub.engine().run()
        assert report.ok, report.error
        assert restored.check().ok
        assert restored.status().sync.audit_restored is None
        now, digest = audit.head(restored.session.connection)
        assert now < held
        heads = open_store(hub.db).audit_heads("PALU-BARAT-1")
        events = [e for _, _, _, e in heads]
        assert "rollback accepted" in events and events[-1] == "head after an accepted rollback"
        assert any(c == held for c, _, _, _ in heads) and heads[-1][:2] == (now, digest)
        listed = hub.cli("desk", "audit-heads", "PALU-BARAT-1").stdout
        assert "rollback accepted" in listed
    finally:
        restored.close()


def test_the_lite_hub_takes_audit_heads_too(tmp_path: Path) -> None:
    lite = LiteHub(tmp_path / "lite")
    lite.start()
    try:
        desk = new_desk(tmp_path / "desk")
        token = lite.enroll(desk.desk_id, desk.kecamatan, "2026-11-30T00:00:00+00:00")
        desk.hub.set(lite.url, token)
        seed(desk, recordings=2, seed_value=3, detail=BiometricDetail.NONE)
        assert desk.hub.engine().run().ok
        count, _ = audit.head(desk.session.connection)
        _tamper(desk.data_dir / "desk.sqlite3", "DELETE FROM audit WHERE seq > ?", count - 2)
        report = desk.hub.engine().run()
        assert report.error_kind == "audit"
        held = lite.store.desk_audit(desk.desk_id)
        assert held is not None and held.flagged_at is not None
        assert json.dumps(held.flag_reason).count("went back") == 1
        desk.close()
    finally:
        lite.stop()
