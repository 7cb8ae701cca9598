"""The power-cut campaign: the desk's and the hub's files on a filesystem that forgets what
was not fsynced (tests/campaign/lazyfs.py), and the power cut at a seeded random moment of
each operation. After each cut only the backing folder is read, as after a reboot:

- every recording printed as saved is there, and no NIK twice;
- an import is all or nothing;
- a bundle or backup reported done is whole and opens;
- a record the hub acknowledged is at the hub;
- the store opens and `check` passes;
- and one more sync leaves every record at the hub exactly once.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import openpyxl

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk
from ektp_desk.protocol.bundle import BundleError, BundleReader
from tests.campaign.common import CampaignFailure, Killed, Row, approve_waiting, run_and_kill
from tests.campaign.crash import (
    _check,
    _nik_twice,
    _old_schema_store,
    _record_ids,
    _residents_csv,
    migrated_recordings,
)
from tests.campaign.lazyfs import LazyMount, available
from tests.campaign.worker import PASSPHRASE
from tests.conftest import ADMIN_PASSWORD, new_desk
from tests.hubproc import HubProcess, free_port


class Disk:
    """A backing folder that the operations see through the power-cut filesystem."""

    def __init__(self, work: Path) -> None:
        self.backing = work / "disk"
        self.mountpoint = work / "powered"
        self.backing.mkdir(parents=True, exist_ok=True)
        self.log = work / "worker.log"

    def cut_during(
        self,
        rng: random.Random,
        args: Callable[[Path], list[str]],
        delay: float,
        *,
        hub: Callable[[Path], HubProcess] | None = None,
    ) -> Killed:
        """Mount, run the worker (and a hub whose files are on the mount too), and cut the
        power `delay` seconds into the worker's operation."""
        mount = LazyMount(self.backing, self.mountpoint, rng.randrange(10**9))
        server = None
        try:
            if hub is not None:
                server = hub(self.mountpoint)
                server.start()
            return run_and_kill(args(self.mountpoint), delay, log=self.log)
        finally:
            if server is not None:
                server.kill()  # the power goes for the hub too
            mount.cut()


def _hub(folder: Path, port: int) -> HubProcess:
    return HubProcess(folder / "hub", port=port)


def _enrolled_desk(disk: Disk, port: int, rng: random.Random, recordings: int) -> Path:
    """A desk on the disk enrolled at a hub whose store is on the disk too, with recordings
    sealed for it and queued."""
    hub = _hub(disk.backing, port)
    hub.keygen()
    hub.start()
    try:
        desk = new_desk(disk.backing / "desk")
        desk.hub.set(hub.url, hub.add_desk("PALU-BARAT-1"))
        seed(desk, recordings=recordings, seed_value=rng.randrange(10**6),
             detail=BiometricDetail.SMALL)  # fmt: skip
        desk.close()
    finally:
        hub.stop()
    return disk.backing / "desk"


def _settle(disk: Disk, port: int, row: Row) -> None:
    """One more sync after the last cut, on the backing folder alone: every record reaches
    the hub, once."""
    hub = _hub(disk.backing, port)
    hub.start()
    try:
        with Desk.open(disk.backing / "desk") as desk:
            desk.accounts.login("admin", ADMIN_PASSWORD)
            approve_waiting(desk)
            report = desk.hub.engine().run()
            if not report.ok or report.waiting:
                raise CampaignFailure(f"the sync after the power cuts did not finish: {report}")
            ids = _record_ids(desk)
        held = _held_at_hub(disk.backing, "the last sync")  # one row per record id
        row.lost += len(ids - set(held))
        row.duplicated += sum(outcome == "duplicate_nik" for outcome in held.values())
        row.figures["records at the hub"] = str(len(held))
    finally:
        hub.stop()


def _held_at_hub(folder: Path, what: str) -> dict[str, str]:
    """Record id -> outcome in the hub's store under `folder`, checked whole first. The
    connection is closed at once: a file the next cut rewrites must not stay mapped."""
    with closing(sqlite3.connect(folder / "hub" / "hub.sqlite3")) as conn:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise CampaignFailure(f"{what}: the hub's store is damaged after the cut: {verdict}")
        return dict(conn.execute("SELECT record_id, outcome FROM records").fetchall())


def saves(rounds: int, rng: random.Random, work: Path) -> Row:
    row = Row("power cut: saves")
    disk = Disk(work)
    port = free_port()
    hub = _hub(disk.backing, port)
    hub.keygen()
    hub.start()
    try:
        desk = new_desk(disk.backing / "desk")
        desk.hub.set(hub.url, hub.add_desk("PALU-BARAT-1"))
        desk.close()
    finally:
        hub.stop()
    for n in range(rounds):
        run = disk.cut_during(
            rng,
            lambda m: ["saves", str(m / "desk"), str(rng.randrange(10**9))],
            rng.uniform(0.2, 2.0),
        )
        told = [line.split()[1] for line in run.lines if line.startswith("SAVED ")]
        with Desk.open(disk.backing / "desk") as desk:
            row.lost += len(set(told) - _record_ids(desk))
            row.duplicated += _nik_twice(desk)
            _check(desk, f"saves round {n}")
        row.rounds += 1
        row.faults += 1
        row.checked += len(told)
    _settle(disk, port, row)
    return row


def sync(rounds: int, rng: random.Random, work: Path) -> Row:
    row = Row("power cut: sync runs")
    disk = Disk(work)
    port = free_port()
    data = _enrolled_desk(disk, port, rng, 0)
    for n in range(rounds):
        with Desk.open(data) as desk:  # new work for this round's sync
            desk.accounts.login("admin", ADMIN_PASSWORD)
            seed(desk, recordings=20, seed_value=rng.randrange(10**6),
                 detail=BiometricDetail.NONE)  # fmt: skip
        disk.cut_during(
            rng,
            lambda m: ["sync", str(m / "desk")],
            rng.uniform(0.1, 2.0),
            hub=lambda m: _hub(m, port),
        )
        held = _held_at_hub(disk.backing, f"sync round {n}")
        with Desk.open(data) as desk:
            acked = [
                r
                for (r,) in desk.session.connection.execute(
                    "SELECT record_id FROM outbox WHERE state = 'acked'"
                )
            ]
            # Acked on the desk means held by the hub, after the power cut too.
            row.lost += sum(r not in held for r in acked)
            row.checked += len(acked)
            _check(desk, f"sync round {n}")
        row.rounds += 1
        row.faults += 1  # the power went, whether or not the operation had ended
    _settle(disk, port, row)
    return row


def imports(rounds: int, rng: random.Random, work: Path) -> Row:
    row = Row("power cut: resident imports")
    disk = Disk(work)
    count = 5_000
    new_desk(work / "template").close()
    _residents_csv(work / "residents.csv", count, rng)
    for n in range(rounds):
        shutil.rmtree(disk.backing / "desk", ignore_errors=True)
        shutil.copytree(work / "template", disk.backing / "desk")
        run = disk.cut_during(
            rng,
            lambda m: ["import", str(m / "desk"), str(work / "residents.csv")],
            rng.uniform(0.0, 2.5),
        )
        with Desk.open(disk.backing / "desk") as desk:
            held = int(desk.status().residents)
            told = any(line.startswith("IMPORTED") for line in run.lines)
            if held not in (0, count) or (told and held != count):
                row.lost += count - held
            _check(desk, f"import round {n}")
        row.rounds += 1
        row.faults += 1  # the power went, whether or not the operation had ended
        row.checked += count
    return row


def bundles(rounds: int, rng: random.Random, work: Path) -> Row:
    """Half the rounds cut a bundle export onto the stick, half the hub's import of it."""
    row = Row("power cut: bundles")
    disk = Disk(work)
    port = free_port()
    data = _enrolled_desk(disk, port, rng, 200)
    with Desk.open(data) as desk:
        expected = _record_ids(desk)
    (disk.backing / "stick").mkdir()
    whole: Path | None = None
    for n in range(rounds):
        name = f"b{n}.ektpbundle"
        if n % 2 == 0 or whole is None:
            run = disk.cut_during(
                rng,
                lambda m, name=name: ["bundle", str(m / "desk"), str(m / "stick" / name)],
                rng.uniform(0.0, 1.0),
            )
            target = disk.backing / "stick" / name
            told = any(line.startswith("EXPORTED") for line in run.lines)
            if target.exists():
                try:
                    entries = len(BundleReader(target).header.entries)
                except BundleError as exc:
                    raise CampaignFailure(
                        f"bundle round {n}: the power cut left a damaged bundle: {exc}"
                    ) from exc
                row.lost += len(expected) - entries
                whole = target
            elif told:
                row.lost += len(expected)
            row.checked += len(expected)
        else:
            bundle = whole
            run = disk.cut_during(
                rng,
                lambda m, bundle=bundle: [
                    "hub-import",
                    str(m / "hub" / "hub.sqlite3"),
                    str(bundle),
                ],
                rng.uniform(0.0, 1.5),
            )
            held = set(_held_at_hub(disk.backing, f"bundle import round {n}"))
            told = any(line.startswith("IMPORTED") for line in run.lines)
            if told:
                row.lost += len(expected - held)
            row.checked += len(expected)
        with Desk.open(data) as desk:
            _check(desk, f"bundle round {n}")
        row.rounds += 1
        row.faults += 1  # the power went, whether or not the operation had ended
    _settle(disk, port, row)
    return row


def backups(rounds: int, rng: random.Random, work: Path) -> Row:
    row = Row("power cut: backups")
    disk = Disk(work)
    port = free_port()
    data = _enrolled_desk(disk, port, rng, 150)
    with Desk.open(data) as desk:
        expected = _record_ids(desk)
        desk.accounts.login("admin", ADMIN_PASSWORD)
        desk.change_setting("backup_folder", str(disk.mountpoint / "backups"))
        desk.change_setting("backup_keep", "2")
    for n in range(rounds):
        run = disk.cut_during(rng, lambda m: ["autobackup", str(m / "desk")], rng.uniform(0, 2))
        told = [line.split(maxsplit=2)[2] for line in run.lines if line.startswith("BACKED UP ")]
        folder = disk.backing / "backups"
        done = sorted(folder.glob("*.ektpbak")) if folder.exists() else []
        if told and Path(told[-1]).name not in {p.name for p in done}:
            row.lost += len(expected)
        for index, backup in enumerate(done):
            target = work / f"restored-{n}-{index}"
            try:
                with Desk.restore(backup, target, PASSPHRASE) as restored:
                    row.lost += len(expected - _record_ids(restored))
                    _check(restored, f"backup round {n}, restored")
            except Exception as exc:
                raise CampaignFailure(
                    f"backup round {n}: {backup.name} on the backing folder does not restore: {exc}"
                ) from exc
            shutil.rmtree(target)
        with Desk.open(data) as desk:
            row.lost += len(expected - _record_ids(desk))
            _check(desk, f"backup round {n}")
        row.rounds += 1
        row.faults += 1  # the power went, whether or not the operation had ended
        row.checked += len(expected)
    return row


def exports(rounds: int, rng: random.Random, work: Path) -> Row:
    """Tally (XLSX) and outreach (CSV) exports: each one the desk said is written opens
    whole after the cut."""
    row = Row("power cut: report exports")
    disk = Disk(work)
    desk = new_desk(disk.backing / "desk")
    seed(desk, recordings=60, seed_value=rng.randrange(10**6), detail=BiometricDetail.NONE)
    desk.close()
    for n in range(rounds):
        run = disk.cut_during(
            rng,
            lambda m, n=n: ["exports", str(m / "desk"), str(m / f"exports-{n}")],
            rng.uniform(1.0, 4.0),  # the worker's exports begin about a second in
        )
        for line in run.lines:
            if not line.startswith("EXPORTED "):
                continue
            path = disk.backing / Path(line.split(maxsplit=1)[1]).relative_to(disk.mountpoint)
            row.checked += 1
            if not _export_whole(path):
                row.lost += 1
        with Desk.open(disk.backing / "desk") as desk:
            _check(desk, f"exports round {n}")
        row.rounds += 1
        row.faults += 1
    return row


def _export_whole(path: Path) -> bool:
    """The export is there and opens whole: an XLSX workbook with its sheets, a CSV with
    its header and a full last line."""
    try:
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path, read_only=True)
            try:
                return bool(book.sheetnames)
            finally:
                book.close()
        text = path.read_text(encoding="utf-8-sig")
        return bool(text) and text.endswith("\n") and "nik" in text.splitlines()[0].lower()
    except Exception:  # a missing, empty or cut file, whatever the reader says of it
        return False


def migrations(rounds: int, rng: random.Random, work: Path) -> Row:
    row = Row("power cut: schema migrations")
    disk = Disk(work)
    template = _old_schema_store(work, rng, 6, 20_000)
    with closing(sqlite3.connect(template)) as probe:
        count = probe.execute("SELECT count(*) FROM recordings").fetchone()[0]
    for n in range(rounds):
        shutil.rmtree(disk.backing / "m", ignore_errors=True)
        (disk.backing / "m").mkdir()
        shutil.copyfile(template, disk.backing / "m" / "desk.sqlite3")
        disk.cut_during(rng, lambda m: ["migrate", str(m / "m")], rng.uniform(0.0, 2.0))
        held = migrated_recordings(disk.backing / "m" / "desk.sqlite3", f"migration round {n}")
        row.lost += count - held
        row.rounds += 1
        row.faults += 1  # the power went, whether or not the operation had ended
        row.checked += count
    return row


OPERATIONS: dict[str, Callable[[int, random.Random, Path], Row]] = {
    "saves": saves,
    "sync": sync,
    "imports": imports,
    "bundles": bundles,
    "backups": backups,
    "exports": exports,
    "migrations": migrations,
}


def campaign(rounds: int, rng: random.Random, work: Path) -> list[Row]:
    why = available()
    if why is not None:
        if os.environ.get("EKTP_REQUIRE_FUSE") == "1":
            raise CampaignFailure(f"the power-cut filesystem must run here: {why}")
        print(f"  powercut: skipped, the power-cut filesystem cannot run here: {why}")
        return []
    rows = []
    for name, operation in OPERATIONS.items():
        folder = work / name
        folder.mkdir()
        started = time.monotonic()
        row = operation(rounds, rng, folder)
        row.figures["time"] = f"{time.monotonic() - started:.0f} s"
        rows.append(row)
        shutil.rmtree(folder, ignore_errors=True)
    return rows
