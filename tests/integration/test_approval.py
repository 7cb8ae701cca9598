"""A recording held for a supervisor's approval, against a real hub: it waits unsent while
the rest go, and once approved it reaches the hub with its approval, which the hub keeps."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ektp_desk.desk import Desk
from ektp_desk.hub.store import open_store
from ektp_desk.protocol.bundle import BundleReader, write_bundle
from tests.hubproc import HubProcess
from tests.integration.conftest import DeskMaker, hub_records, states


def test_the_hub_receives_the_approval(
    hub: HubProcess, make_desk: DeskMaker, make_recording: Callable[..., dict[str, Any]]
) -> None:
    desk = make_desk()
    early = desk.recordings.save(make_recording(nik="7271024507100001", tanggal_lahir="2010-07-05"))
    ordinary = desk.recordings.save(make_recording())
    assert early.needs_approval == ("early",)

    report = desk.hub.engine().run()
    assert report.ok, report.error
    assert report.acked == 1
    assert states(desk) == {"acked": 1, "queued": 1}
    assert [r["record_id"] for r in hub_records(hub)] == [ordinary.record_id]

    desk.approvals.approve(early.record_id, reason="akta kelahiran diperiksa")
    report = desk.hub.engine().run()
    assert report.ok, report.error
    assert states(desk) == {"acked": 2}
    store = open_store(hub.db)
    try:
        kept = store.approval(early.record_id)
        assert store.approval(ordinary.record_id) is None
    finally:
        store.close()
    assert kept is not None
    assert (kept["approved_by"], kept["reason"], kept["rules"]) == (
        "admin",
        "akta kelahiran diperiksa",
        ["early"],
    )
    shown = json.loads(hub.cli("open", early.record_id, "--json").stdout)
    assert shown["approval"]["approved_by"] == "admin"


def _approved_correction(
    desk: Desk, make_recording: Callable[..., dict[str, Any]]
) -> tuple[str, str]:
    """A recording acked and voided over sync, then corrected and approved with the link
    down: (the voided record's id, its correction's id), the correction still unsent."""
    first = desk.recordings.save(make_recording())
    assert desk.hub.engine().run().ok
    desk.recordings.void(first.record_id, "foto tertukar")
    assert desk.hub.engine().run().ok
    fixed = desk.recordings.correct(first.record_id, make_recording())
    desk.approvals.approve(fixed.record_id, reason="foto diulang")
    return first.record_id, fixed.record_id


def _hub_kept(hub: HubProcess, first: str, fixed: str) -> None:
    """The hub holds the correction with its approval, and the record it replaces as such,
    as a sync would have left them."""
    held = {r["record_id"]: r for r in hub_records(hub)}
    assert held[fixed]["state"] == "accepted" and held[fixed]["replaces"] == first
    assert held[first]["state"] == "replaced"
    store = open_store(hub.db)
    try:
        kept = store.approval(fixed)
    finally:
        store.close()
    assert kept is not None
    assert (kept["approved_by"], kept["reason"]) == ("admin", "foto diulang")
    assert kept["rules"] == ["correction"]


def test_a_bundle_carries_the_approval_and_what_a_correction_replaces(
    hub: HubProcess, make_desk: DeskMaker, make_recording: Callable[..., dict[str, Any]],
    tmp_path: Path,
) -> None:  # fmt: skip
    desk = make_desk()
    first, fixed = _approved_correction(desk, make_recording)
    bundle = tmp_path / "usb.ektpbundle"
    desk.bundles.export(bundle)
    (entry,) = BundleReader(bundle).header.entries
    assert entry.replaces == first and entry.approval is not None

    done = hub.cli("bundle", "import", str(bundle), "--json", check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outcomes"]["accepted"] == 1
    _hub_kept(hub, first, fixed)


def test_a_forwarded_bundle_keeps_the_approval_to_the_hub(
    hub: HubProcess, make_desk: DeskMaker, make_recording: Callable[..., dict[str, Any]],
    tmp_path: Path,
) -> None:  # fmt: skip
    laptop, office = make_desk("LAPTOP-1"), make_desk("PALU-BARAT-2")
    first, fixed = _approved_correction(laptop, make_recording)
    bundle = tmp_path / "laptop.ektpbundle"
    laptop.bundles.export(bundle)
    assert office.bundles.import_file(bundle)["new"] == 1
    # The office carries it on once more on a stick of its own: the entry is unchanged.
    again = tmp_path / "office.ektpbundle"
    office.bundles.export(again)
    assert BundleReader(again).header.entries == BundleReader(bundle).header.entries

    report = office.hub.engine().run()  # over the office's link
    assert report.ok, report.error
    assert report.acked == 1 and report.rejected == 0
    _hub_kept(hub, first, fixed)


def test_a_bundle_whose_approval_was_altered_is_refused(
    hub: HubProcess, make_desk: DeskMaker, make_recording: Callable[..., dict[str, Any]],
    tmp_path: Path,
) -> None:  # fmt: skip
    desk = make_desk()
    _, fixed = _approved_correction(desk, make_recording)
    good = tmp_path / "good.ektpbundle"
    desk.bundles.export(good)
    reader = BundleReader(good)
    (entry,) = reader.header.entries
    assert entry.approval is not None
    changes: list[dict[str, object]] = [
        {"approval": entry.approval | {"approved_by": "kasi"}},
        {"approval": entry.approval | {"reason": "tanpa pemeriksaan"}},
        {"approval": None},
        {"replaces": None},
    ]
    for number, change in enumerate(changes):
        forged = tmp_path / f"forged-{number}.ektpbundle"
        header = replace(reader.header, entries=(replace(entry, **change),))  # type: ignore[arg-type]
        write_bundle(forged, header, (data for _, data in reader.envelopes()))
        done = hub.cli("bundle", "import", str(forged), "--json", check=False)
        assert done.returncode == 2, change
        assert "is not signed by desk PALU-BARAT-1" in done.stderr
    assert fixed not in {r["record_id"] for r in hub_records(hub)}
    done = hub.cli("bundle", "import", str(good), "--json", check=False)
    assert done.returncode == 0, done.stderr
