"""The engine on a slow link, with a stub hub: batches sized by the measured rate, the
answer's wait following the bytes, and a lost answer never making a record cross twice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk
from ektp_desk.protocol.wire import AuditHeadReport, Manifest, Outcome, RecordOutcome
from ektp_desk.store import outbox
from ektp_desk.sync.client import (
    AuditAnswer,
    BatchResult,
    Health,
    HubClient,
    HubRefused,
    HubUnreachable,
)
from ektp_desk.sync.engine import RATE_META
from ektp_desk.sync.pace import TARGET_BATCH_SECONDS, UNKNOWN_LINK_RATE
from tests.conftest import new_desk, pin_test_hub


class StubHub(HubClient):
    """Holds what it received; `lose` decides, per batch, whether its answer is lost after
    the batch was stored (True), or before it arrived (None), or not at all (False)."""

    def __init__(self, lose: Callable[[int], bool | None] = lambda n: False) -> None:
        super().__init__("http://127.0.0.1:9", "token", read_timeout=30.0)
        self.lose = lose
        self.held: dict[str, str] = {}
        self.sent: list[list[str]] = []
        self.waits: list[float] = []
        self.health_fails = False
        self.seconds_per_batch = 2.0

    def get(self, path: str, **kwargs: object) -> requests.Response:
        """A hub from before the status feed: no such path."""
        refused = HubRefused(f"the hub answered HTTP 404: no {path}")
        refused.status = 404
        raise refused

    def health(self) -> Health:
        if self.health_fails:
            raise HubUnreachable("the hub does not answer (ConnectTimeout)")
        return Health(None, 16 * 1024 * 1024, 500)

    def send_batch(
        self,
        manifest: Manifest,
        parts: list[tuple[str, bytes]],
        *,
        answer_within: float | None = None,
    ) -> BatchResult:
        ids = [e.record_id for e in manifest.records]
        self.sent.append(ids)
        self.waits.append(answer_within or 0.0)
        lost = self.lose(len(self.sent))
        if lost is not False:
            if lost:
                self.held.update({e.record_id: e.sha256 for e in manifest.records})
            raise HubUnreachable("the hub does not answer (ReadTimeout)")
        self.held.update({e.record_id: e.sha256 for e in manifest.records})
        results = {r: RecordOutcome(r, Outcome.ACCEPTED) for r in ids}
        size = sum(len(data) for _, data in parts)
        return BatchResult(results, None, size, seconds=self.seconds_per_batch)

    def audit_held(self) -> int:
        return 0

    def send_audit_head(self, head: AuditHeadReport) -> AuditAnswer:
        return AuditAnswer((head.count, head.hash))

    def record_states(self, asked: list[tuple[str, str]]) -> dict[str, RecordOutcome]:
        return {r: RecordOutcome(r, Outcome.ACCEPTED) for r, h in asked if self.held.get(r) == h}


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    made = new_desk(tmp_path / "desk")
    pin_test_hub(made)
    seed(made, recordings=12, seed_value=3, detail=BiometricDetail.SMALL)
    return made


def states(desk: Desk) -> dict[str, int]:
    return dict(
        desk.session.connection.execute("SELECT state, count(*) FROM outbox GROUP BY state")
    )


def test_a_lost_answer_is_asked_about_and_nothing_is_sent_twice(desk: Desk) -> None:
    hub = StubHub(lose=lambda n: n == 1)  # stored, answer lost
    report = desk.hub.engine(hub).run()
    assert report.ok and report.waiting == 0, report
    assert report.lost_answers == 1 and report.settled_by_query == len(hub.sent[0])
    sent = [r for batch in hub.sent for r in batch]
    assert len(sent) == len(set(sent)) == 12  # every record crossed once
    assert states(desk) == {"acked": 12}


def test_a_batch_that_never_arrived_goes_again_smaller_in_the_same_run(desk: Desk) -> None:
    hub = StubHub(lose=lambda n: None if n == 1 else False)  # lost on the way
    report = desk.hub.engine(hub).run()
    assert report.ok and report.waiting == 0 and report.settled_by_query == 0
    first, second = hub.sent[0], hub.sent[1]
    assert len(second) <= max(1, len(first) // 2) or len(first) == 1
    assert set(first) <= {r for batch in hub.sent[1:] for r in batch}
    assert states(desk) == {"acked": 12}


def test_the_run_ends_only_when_the_probe_fails_too(desk: Desk) -> None:
    hub = StubHub(lose=lambda n: None)
    hub.health_fails = False
    original = hub.send_batch

    def send_then_link_down(*args: object, **kwargs: object) -> BatchResult:
        hub.health_fails = len(hub.sent) >= 1
        return original(*args, **kwargs)  # type: ignore[arg-type]

    hub.send_batch = send_then_link_down  # type: ignore[method-assign]
    report = desk.hub.engine(hub).run()
    assert not report.ok and report.error_kind == "network"
    assert "link is down" in (report.error or "")
    assert states(desk) == {"queued": 12}  # nothing stuck in `sending`


def test_batches_start_from_the_measured_rate_and_the_wait_follows_the_bytes(
    desk: Desk,
) -> None:
    rate = 40_000.0  # bytes/s, as a slow modem measured on earlier runs
    outbox.put_meta(desk.session.connection, {RATE_META: f"{rate:.0f}"})
    hub = StubHub()
    engine = desk.hub.engine(hub)
    report = engine.run()
    assert report.ok
    first = desk.session.connection.execute(
        "SELECT bytes FROM sync_batches ORDER BY id LIMIT 1"
    ).fetchone()[0]
    assert first <= max(rate * TARGET_BATCH_SECONDS, 120_000)  # about 10 s of that link
    # The wait covers the bytes' crossing at half the rate, on top of the hub's allowance.
    assert hub.waits[0] >= hub.answer_allowance + first / rate
    # The rate this run measured is kept for the next one.
    kept = float(outbox.meta(desk.session.connection)[RATE_META])
    assert kept != rate and kept > 0


def test_without_a_measured_rate_the_first_batch_is_small(desk: Desk) -> None:
    hub = StubHub()
    desk.hub.engine(hub).run()
    first = desk.session.connection.execute(
        "SELECT bytes FROM sync_batches ORDER BY id LIMIT 1"
    ).fetchone()[0]
    envelope = desk.session.connection.execute("SELECT max(size) FROM outbox").fetchone()[0]
    assert first <= max(UNKNOWN_LINK_RATE * TARGET_BATCH_SECONDS, envelope)


def test_the_audit_answer_brings_the_limits_so_no_health_round_trip(desk: Desk) -> None:
    hub = StubHub()

    def answer(head: AuditHeadReport) -> AuditAnswer:
        return AuditAnswer((head.count, head.hash), Health(None, 16 * 1024 * 1024, 500))

    def no_health() -> Health:
        raise AssertionError("a separate /health round trip on a far link")

    hub.send_audit_head = answer  # type: ignore[method-assign]
    hub.health = no_health  # type: ignore[method-assign]
    report = desk.hub.engine(hub).run()
    assert report.ok and report.waiting == 0, report


def test_the_run_tells_the_hub_what_waits_to_be_sent(desk: Desk) -> None:
    told: list[int | None] = []

    class Counting(StubHub):
        def health(self) -> Health:
            told.append(self.waiting)
            return super().health()

    hub = Counting()
    assert hub.waiting is None  # nothing said before a run counted it
    assert desk.hub.engine(hub).run().ok
    assert told[0] == 12  # the recordings waiting when the run began
