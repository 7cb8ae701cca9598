"""A recording held for a supervisor's approval, against a real hub: it waits unsent while
the rest go, and once approved it reaches the hub with its approval, which the hub keeps."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ektp_desk.hub.store import open_store
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
