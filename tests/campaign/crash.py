"""The crash campaign: SIGKILL the desk at random moments of its work, then check that
nothing it said was done is missing, nothing is there twice, and the store is sound.

Every round draws its moment from one seeded generator, so a seed replays a campaign.
"""

from __future__ import annotations

import csv
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ektp_desk.demo import BiometricDetail, PeopleMaker, seed
from ektp_desk.desk import Desk
from ektp_desk.hub.store import open_store
from ektp_desk.protocol.bundle import BundleError, BundleReader
from ektp_desk.store.db import SCHEMA_VERSION, connect
from tests.campaign.common import CampaignFailure, Row, approve_waiting, run_and_kill
from tests.campaign.worker import PASSPHRASE
from tests.conftest import ADMIN_PASSWORD, new_desk, pin_test_hub
from tests.hubproc import HubProcess

Scenario = Callable[[int, random.Random, Path], Row]


def _check(desk: Desk, what: str) -> None:
    result = desk.check()
    if not result.ok:
        raise CampaignFailure(f"{what}: `check` fails after the kill: {result.problems[:3]}")


def _nik_twice(desk: Desk) -> int:
    return int(
        desk.session.connection.execute(
            "SELECT count(*) FROM (SELECT nik FROM recordings WHERE voided_at IS NULL"
            " GROUP BY nik HAVING count(*) > 1)"
        ).fetchone()[0]
    )


def _record_ids(desk: Desk) -> set[str]:
    return {r for (r,) in desk.session.connection.execute("SELECT record_id FROM recordings")}


def saves(rounds: int, rng: random.Random, work: Path) -> Row:
    row = Row("crash: saves")
    new_desk(work / "saves").close()
    for n in range(rounds):
        run = run_and_kill(
            ["saves", str(work / "saves"), str(rng.randrange(10**9))],
            rng.uniform(0.05, 1.5),
            log=work / "worker.log",
        )
        told = [line.split()[1] for line in run.lines if line.startswith("SAVED ")]
        with Desk.open(work / "saves") as desk:
            missing = set(told) - _record_ids(desk)
            row.lost += len(missing)
            row.duplicated += _nik_twice(desk)
            _check(desk, f"saves round {n}")
        row.rounds += 1
        row.faults += run.killed
        row.checked += len(told)
    # The next sync settles everything: the hub is set only now, so the held payloads are
    # re-sealed for it first (the holding key), then sent; each reaches the hub once.
    hub = HubProcess(work / "hub")
    hub.keygen()
    hub.start()
    try:
        with Desk.open(work / "saves") as desk:
            desk.accounts.login("admin", ADMIN_PASSWORD)
            desk.hub.set(hub.url, hub.add_desk("PALU-BARAT-1"))
            approve_waiting(desk)
            report = desk.hub.engine().run()
            ids = _record_ids(desk)
            held = [r.record_id for r in open_store(hub.db).records()]
            if not report.ok or report.waiting:
                raise CampaignFailure(f"the sync after the save crashes did not finish: {report}")
            row.lost += len(ids - set(held))
            row.duplicated += len(held) - len(set(held))
            row.figures["recordings, all at the hub"] = str(len(held))
    finally:
        hub.stop()
    return row


def sync(rounds: int, rng: random.Random, work: Path) -> Row:
    row = Row("crash: sync runs")
    hub = HubProcess(work / "hub")
    hub.keygen()
    hub.start()
    try:
        desk = new_desk(work / "sync")
        desk.hub.set(hub.url, hub.add_desk("PALU-BARAT-1"))
        desk.close()
        store = open_store(hub.db)
        for n in range(rounds):
            with Desk.open(work / "sync") as desk:  # new work for this round's sync
                desk.accounts.login("admin", ADMIN_PASSWORD)
                seed(
                    desk,
                    recordings=60,
                    seed_value=rng.randrange(10**6),
                    detail=BiometricDetail.NONE,
                )
            run = run_and_kill(
                ["sync", str(work / "sync")], rng.uniform(0.02, 0.5), log=work / "worker.log"
            )
            with Desk.open(work / "sync") as desk:
                acked = [
                    r
                    for (r,) in desk.session.connection.execute(
                        "SELECT record_id FROM outbox WHERE state = 'acked'"
                    )
                ]
                # Acked on the desk means held by the hub: never the other way round.
                row.lost += sum(store.held(r) is None for r in acked)
                _check(desk, f"sync round {n}")
            row.rounds += 1
            row.faults += run.killed
        with Desk.open(work / "sync") as desk:
            desk.accounts.login("admin", ADMIN_PASSWORD)
            approve_waiting(desk)
            report = desk.hub.engine().run()  # the next sync settles everything
            if not report.ok or report.waiting:
                raise CampaignFailure(f"the sync after the crashes did not finish: {report}")
            ids = _record_ids(desk)
            states = dict(
                desk.session.connection.execute(
                    "SELECT state, count(*) FROM outbox GROUP BY state"
                ).fetchall()
            )
            held = [r.record_id for r in store.records()]
            row.checked = len(ids)
            row.lost += len(ids - set(held))
            row.duplicated += len(held) - len(set(held))
            row.duplicated += sum(r.outcome == "duplicate_nik" for r in store.records())
            if states != {"acked": len(ids)}:
                raise CampaignFailure(f"after the last sync the outbox is {states}")
            row.figures["records at the hub"] = str(len(held))
    finally:
        hub.stop()
    return row


def _residents_csv(path: Path, count: int, rng: random.Random) -> None:
    with Desk.open(path.parent / "template") as desk:
        people = PeopleMaker(
            rng, desk.kecamatan, [c for c, _ in desk.kelurahan_list()], desk.today()
        )
        rows = [people.person(early_margin_days=1) for _ in range(count)]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def imports(rounds: int, rng: random.Random, work: Path) -> Row:
    row = Row("crash: resident imports")
    base = work / "import"
    base.mkdir()
    new_desk(base / "template").close()
    count = 40_000
    _residents_csv(base / "residents.csv", count, rng)
    for n in range(rounds):
        target = base / f"round-{n}"
        shutil.copytree(base / "template", target)
        run = run_and_kill(
            ["import", str(target), str(base / "residents.csv")],
            rng.uniform(0.0, 1.2),
            log=work / "worker.log",
        )
        with Desk.open(target) as desk:
            held = desk.status().residents
            told = any(line.startswith("IMPORTED") for line in run.lines)
            if held not in (0, count) or (told and held != count):
                row.lost += count - int(held)  # type: ignore[call-overload]
            _check(desk, f"import round {n}")
        row.rounds += 1
        row.faults += run.killed
        row.checked += count
        shutil.rmtree(target)
    return row


def _sealed_desk(work: Path, name: str, rng: random.Random, recordings: int) -> Path:
    desk = new_desk(work / name)
    pin_test_hub(desk)
    seed(desk, recordings=recordings, seed_value=rng.randrange(10**6), detail=BiometricDetail.SMALL)
    desk.close()
    return work / name


def bundles(rounds: int, rng: random.Random, work: Path) -> Row:
    row = Row("crash: bundle exports")
    data = _sealed_desk(work, "bundle", rng, 1000)
    stick = work / "stick"
    stick.mkdir()
    for n in range(rounds):
        target = stick / f"b{n}.ektpbundle"
        run = run_and_kill(
            ["bundle", str(data), str(target)], rng.uniform(0.0, 0.3), log=work / "worker.log"
        )
        told = any(line.startswith("EXPORTED") for line in run.lines)
        if target.exists():
            try:
                entries = len(BundleReader(target).header.entries)
            except BundleError as exc:
                raise CampaignFailure(
                    f"bundle round {n}: a damaged bundle was left: {exc}"
                ) from exc
            row.lost += 1000 - entries
        elif told:
            row.lost += 1000
        with Desk.open(data) as desk:
            queued = desk.session.connection.execute(
                "SELECT count(*) FROM outbox WHERE state = 'queued'"
            ).fetchone()[0]
            row.lost += 1000 - queued  # an export never settles a record
            _check(desk, f"bundle round {n}")
        for leftover in stick.glob(".*.tmp"):
            leftover.unlink()  # a half-written temporary file: never the bundle's name
        row.rounds += 1
        row.faults += run.killed
        row.checked += 1000
    return row


def backups(rounds: int, rng: random.Random, work: Path) -> Row:
    row = Row("crash: backups")
    data = _sealed_desk(work, "backup", rng, 1000)
    with Desk.open(data) as desk:
        expected = _record_ids(desk)
    for n in range(rounds):
        target = work / f"b{n}.ektpbak"
        run = run_and_kill(
            ["backup", str(data), str(target)], rng.uniform(0.0, 0.4), log=work / "worker.log"
        )
        told = "BACKED UP" in run.lines
        if target.exists():
            with Desk.restore(target, work / f"restored-{n}", PASSPHRASE) as restored:
                row.lost += len(expected - _record_ids(restored))
                _check(restored, f"backup round {n}, restored")
            shutil.rmtree(work / f"restored-{n}")
            target.unlink()
        elif told:
            row.lost += len(expected)
        with Desk.open(data) as desk:
            row.lost += len(expected - _record_ids(desk))
            _check(desk, f"backup round {n}")
        row.rounds += 1
        row.faults += run.killed
        row.checked += len(expected)
    with Desk.open(data) as desk:
        desk.backups.write(work / "after.ektpbak", PASSPHRASE)  # it clears what the kills left
    stale = list(data.glob(".backup-*"))
    if stale:
        raise CampaignFailure(f"plain copies left by killed backups stay: {stale}")
    return row


def _old_schema_store(work: Path, rng: random.Random, version: int, rows: int) -> Path:
    """A store at schema `version` holding `rows` recordings, as a desk of that version
    would have left it (copied column by column from a desk of today's schema)."""
    modern = new_desk(work / "modern")
    seed(modern, recordings=2000, seed_value=rng.randrange(10**6), detail=BiometricDetail.NONE)
    modern.close()
    old = work / "old" / "desk.sqlite3"
    old.parent.mkdir()
    connect(old, upto=version).close()
    conn = sqlite3.connect(old, isolation_level=None)
    conn.execute("ATTACH ? AS modern", (str(work / "modern" / "desk.sqlite3"),))
    conn.execute("BEGIN")
    for (table,) in conn.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'"
    ).fetchall():
        old_cols = [c[1] for c in conn.execute(f"PRAGMA main.table_info({table})")]
        new_cols = {c[1] for c in conn.execute(f"PRAGMA modern.table_info({table})")}
        cols = ", ".join(c for c in old_cols if c in new_cols)
        conn.execute(f"INSERT INTO main.{table} ({cols}) SELECT {cols} FROM modern.{table}")
    conn.execute("COMMIT")
    copies = 0
    while conn.execute("SELECT count(*) FROM recordings").fetchone()[0] < rows:
        copies += 1
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO recordings (record_id, nik, nama, jenis_kelamin, tanggal_lahir,"
            " kelurahan, biodata, captures, recorded_at, local_date, local_hour, age, early,"
            " on_list, operator, finalized_at) SELECT lower(hex(randomblob(16))),"
            " substr(nik, 1, 12) || printf('%04d', ?), nama, jenis_kelamin, tanggal_lahir,"
            " kelurahan, biodata, captures, recorded_at, local_date, local_hour, age, early,"
            " on_list, operator, finalized_at FROM recordings LIMIT 2000",
            (copies % 9999 + 1,),
        )
        conn.execute("COMMIT")
    conn.close()
    shutil.rmtree(work / "modern")
    return old


def migrated_recordings(db: Path, what: str) -> int:
    """Open the store (which finishes a migration that was cut short), check it is at the
    current schema, sound, and its daily counts agree; the recordings it holds."""
    conn = connect(db)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    held = int(conn.execute("SELECT count(*) FROM recordings").fetchone()[0])
    counted = conn.execute("SELECT coalesce(sum(recorded), 0) FROM daily_counts").fetchone()[0]
    verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    if version != SCHEMA_VERSION or verdict != "ok" or counted != held:
        raise CampaignFailure(
            f"{what}: version {version}, integrity {verdict}, "
            f"{held} recordings but {counted} counted per day"
        )
    return held


def migrations(rounds: int, rng: random.Random, work: Path) -> Row:
    row = Row("crash: schema migrations")
    template = _old_schema_store(work, rng, 6, 60_000)
    probe = sqlite3.connect(template)
    count = probe.execute("SELECT count(*) FROM recordings").fetchone()[0]
    probe.close()
    for n in range(rounds):
        data = work / f"m{n}"
        data.mkdir()
        shutil.copyfile(template, data / "desk.sqlite3")
        run = run_and_kill(["migrate", str(data)], rng.uniform(0.0, 0.5), log=work / "worker.log")
        row.lost += count - migrated_recordings(data / "desk.sqlite3", f"migration round {n}")
        row.rounds += 1
        row.faults += run.killed
        row.checked += count
        shutil.rmtree(data)
    return row


SCENARIOS: dict[str, Scenario] = {
    "saves": saves,
    "sync": sync,
    "imports": imports,
    "bundles": bundles,
    "backups": backups,
    "migrations": migrations,
}
