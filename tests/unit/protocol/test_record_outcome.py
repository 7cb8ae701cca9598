"""The hub's word on one record is one type on both sides: what the hub writes (`as_dict`)
the desk reads back (`parse`) as the same value; a malformed one is refused."""

from __future__ import annotations

from typing import Any

import pytest

from ektp_desk.protocol.wire import Outcome, RecordOutcome

RECORD = "0f8fad5b-d9cb-469f-a165-70867728950e"
FIRST = {"record_id": RECORD, "desk_id": "D1", "received_at": "x", "recorded_on": "2026-11-27"}


@pytest.mark.parametrize(
    "outcome",
    [
        RecordOutcome(RECORD, Outcome.ACCEPTED),
        RecordOutcome(RECORD, Outcome.REJECTED, "not a sealed envelope"),
        RecordOutcome(RECORD, Outcome.DUPLICATE_NIK, first=FIRST, case_id="C-1"),
    ],
)
def test_what_the_hub_writes_the_desk_reads_back(outcome: RecordOutcome) -> None:
    written = outcome.as_dict()
    assert RecordOutcome.parse(written) == outcome
    assert set(written) == {"record_id", "outcome"} | {
        k for k in ("reason", "first", "case_id") if getattr(outcome, k) is not None
    }


def test_the_status_answer_names_its_outcome_state() -> None:
    item = {"record_id": RECORD, "state": "duplicate_nik", "first": FIRST}
    parsed = RecordOutcome.parse(item, state="state")
    assert parsed == RecordOutcome(RECORD, Outcome.DUPLICATE_NIK, first=FIRST)


@pytest.mark.parametrize(
    "item",
    [
        {"outcome": "accepted"},
        {"record_id": RECORD, "outcome": "lost"},
        {"record_id": RECORD},
        ["record_id", RECORD],
        None,
    ],
)
def test_a_malformed_result_is_refused(item: Any) -> None:
    with pytest.raises(ValueError):
        RecordOutcome.parse(item)
