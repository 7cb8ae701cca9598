"""The process the crash campaign kills: one operation of the desk, saying on standard output
what it was told is done, line by line and flushed, so that the campaign knows what must
survive the SIGKILL.

    python -m tests.campaign.worker OPERATION DATA_DIR [ARG...]
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from ektp_desk.demo import BiometricDetail, ImageMaker, PeopleMaker
from ektp_desk.desk import Desk
from ektp_desk.domain.recording import read_draft
from ektp_desk.store.db import connect
from ektp_desk.sync.pace import BatchSizer
from tests.conftest import ADMIN_PASSWORD

PASSPHRASE = "frasa-sandi-kampanye"


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _open(data_dir: Path) -> Desk:
    desk = Desk.open(data_dir)
    desk.accounts.login("admin", ADMIN_PASSWORD)
    return desk


def saves(data_dir: Path, seed: str) -> None:
    """Save recordings one by one, as the clerk does; print each id once saved."""
    desk = _open(data_dir)
    rng = random.Random(int(seed))
    people = PeopleMaker(
        rng,
        desk.kecamatan,
        [code for code, _ in desk.kelurahan_list()],
        desk.today(),
        taken=lambda nik: desk.residents.recorded_on(nik) is not None,
    )
    images = ImageMaker(BiometricDetail.SMALL, rng)
    say("START")
    while True:
        person: dict[str, object] = dict(people.person(early_margin_days=1))
        stash: dict[str, bytes] = {}
        biometrics: dict[str, object] = {"fingers": {}, "iris": {}}
        for slot, data in images.images().items():
            stash[slot] = data
            group, _, sub = slot.partition(".")
            item = {"file": slot, "quality": 80}
            if sub:
                biometrics[group][sub] = item  # type: ignore[index]
            else:
                biometrics[slot] = item
        person["biometrics"] = biometrics
        saved = desk.recordings.save(read_draft(person, read_file=stash.pop))
        say(f"SAVED {saved.record_id}")


def sync(data_dir: Path) -> None:
    """Sync runs in small batches until the outbox is empty; print each run's report."""
    desk = _open(data_dir)
    say("START")
    while True:
        engine = desk.hub.engine()
        engine.sizer = BatchSizer(records=3, bytes=64 * 1024, min_bytes=16 * 1024)
        engine.sizer.grow = lambda: None  # type: ignore[method-assign]  # keep batches small
        report = engine.run()
        say(f"RUN acked={report.acked} waiting={report.waiting} error={report.error}")
        if report.waiting == 0:
            say("DONE")
            return


def import_residents(data_dir: Path, csv: str) -> None:
    desk = _open(data_dir)
    say("START")
    result = desk.residents.import_file(Path(csv))
    say(f"IMPORTED {result.imported}")


def bundle_export(data_dir: Path, target: str) -> None:
    desk = _open(data_dir)
    say("START")
    summary = desk.bundles.export(Path(target))
    say(f"EXPORTED {summary['records']}")


def backup(data_dir: Path, target: str) -> None:
    desk = _open(data_dir)
    say("START")
    desk.backups.write(Path(target), PASSPHRASE)
    say("BACKED UP")


def auto_backup(data_dir: Path) -> None:
    """Today's backup into the backup folder, with its rotation, as the window makes it."""
    desk = _open(data_dir)
    say("START")
    path = desk.backups.auto(PASSPHRASE)
    say(f"BACKED UP {path}")


def hub_import(database: Path, bundle: str) -> None:
    """`ektp-hub bundle import` into the hub store `database`."""
    from ektp_desk.hub.cli import main as hub_main
    from tests.hubproc import PASSPHRASE as HUB_PASSPHRASE

    os.environ["EKTP_HUB_PASSPHRASE"] = HUB_PASSPHRASE
    say("START")
    status = hub_main(["--db", str(database), "bundle", "import", bundle])
    if status == 0:
        say("IMPORTED")


def exports(data_dir: Path, folder: str) -> None:
    """The supervisor's exports, one after another: the day's tally as XLSX and the
    outreach list as CSV; print each file once the desk said it is written."""
    desk = _open(data_dir)
    target = Path(folder)
    target.mkdir(exist_ok=True)
    say("START")
    for n in range(10**6):
        tally = target / f"tally-{n}.xlsx"
        desk.reports.export_tally("xlsx", tally, desk.today())
        say(f"EXPORTED {tally}")
        outreach = target / f"outreach-{n}.csv"
        desk.reports.export_outreach("csv", outreach)
        say(f"EXPORTED {outreach}")


def migrate(data_dir: Path) -> None:
    say("START")
    connect(Desk.database_path(data_dir)).close()
    say("MIGRATED")


OPERATIONS = {
    "saves": saves,
    "sync": sync,
    "import": import_residents,
    "bundle": bundle_export,
    "backup": backup,
    "autobackup": auto_backup,
    "hub-import": hub_import,
    "exports": exports,
    "migrate": migrate,
}

if __name__ == "__main__":
    operation, data_dir, *rest = sys.argv[1:]
    OPERATIONS[operation](Path(data_dir), *rest)  # type: ignore[operator]
