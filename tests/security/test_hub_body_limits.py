"""Body limits on the bytes read, not the header (issue 13, item 2). `Content-Length: 1000`
with `Transfer-Encoding: chunked` let a desk token upload 400 MiB, and the status endpoint
had no limit at all (1.4 GB of hub memory). Now every body is counted as it is read, on
both servers (uvicorn and the demo's standard-library one), and refused with 413 naming
the cap and its setting as soon as it passes the cap; the hub's memory stays bounded."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ektp_desk.hub.lite import LiteHub
from tests.hubproc import HubProcess
from tests.security.rawhttp import send_body

MIB = 1024 * 1024
BATCH_CAP = 16 * MIB
JSON_CAP = 1 * MIB
SLACK = 16 * MIB  # far below the 64 MiB sent when nothing stops the upload
BOUNDARY = "caps"
# A multipart file part that never ends: the parser reads on as long as bytes come.
PART_HEAD = (
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="r"; filename="r"\r\n'
    "Content-Type: application/octet-stream\r\n\r\n"
).encode()


@dataclass
class Served:
    kind: str
    port: int
    token: str
    pid: int


def rss(pid: int) -> int:
    """Resident memory of a process, in bytes (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


@pytest.fixture(scope="module", params=["uvicorn", "lite"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "uvicorn":
        hub = HubProcess(folder)
        hub.keygen()
        token = hub.add_desk("PALU-BARAT-1")
        hub.start()
        assert hub.proc is not None
        yield Served("uvicorn", hub.port, token, hub.proc.pid)
        hub.stop()
    else:
        lite = LiteHub(folder)
        token = lite.enroll("PALU-BARAT-1", "72.71.02", datetime.now(UTC).isoformat())
        lite.start()
        yield Served("lite", int(lite.url.rsplit(":", 1)[1]), token, os.getpid())
        lite.stop()


def _auth(served: Served, **more: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {served.token}", **more}


def test_a_chunked_batch_under_a_false_length_is_refused_at_the_cap(served: Served) -> None:
    before = rss(served.pid)
    answer = send_body(
        "127.0.0.1",
        served.port,
        "/api/v1/batches",
        headers=_auth(
            served,
            **{
                "Content-Length": "1000",
                "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            },
        ),
        total=64 * MIB,
        prefix=PART_HEAD,
    )
    assert answer.status == 413, answer
    message = answer.body["message"]
    assert f"at most {BATCH_CAP} bytes" in message
    assert "max_batch_bytes" in message and "EKTP_HUB_MAX_BATCH_BYTES" in message
    # Refused as soon as it passed, not at the end (the slack: what the sockets' buffers
    # took in before the client saw the answer).
    assert answer.sent <= BATCH_CAP + SLACK
    assert rss(served.pid) - before < 48 * MIB


def test_a_status_body_past_its_cap_is_refused_with_memory_bounded(served: Served) -> None:
    before = rss(served.pid)
    answer = send_body(
        "127.0.0.1",
        served.port,
        "/api/v1/records/status",
        headers=_auth(served, **{"Content-Type": "application/json"}),
        total=64 * MIB,
        filler=b"[",
    )
    assert answer.status == 413, answer
    assert "max_json_bytes" in answer.body["message"]
    assert "EKTP_HUB_MAX_JSON_BYTES" in answer.body["message"]
    assert answer.sent <= JSON_CAP + SLACK
    assert rss(served.pid) - before < 32 * MIB


def test_an_honest_length_above_the_cap_is_refused_before_the_body(served: Served) -> None:
    answer = send_body(
        "127.0.0.1",
        served.port,
        "/api/v1/records/status",
        headers=_auth(served, **{"Content-Length": str(2 * MIB)}),
        total=2 * MIB,
        chunked=False,
        step=64 * 1024,
        filler=b" ",
    )
    assert answer.status == 413
    assert f"it declares {2 * MIB} bytes" in answer.body["message"]


def test_a_body_within_its_cap_still_gets_an_answer(served: Served) -> None:
    """A chunked status body of the right size (with no Content-Length) is read whole."""
    answer = send_body(
        "127.0.0.1",
        served.port,
        "/api/v1/records/status",
        headers=_auth(served),
        total=1,
        prefix=b'{"records": []}',
        step=len(b'{"records": []}'),
    )
    assert answer.status == 200 and answer.body == {"results": []}


def test_the_caps_are_set_in_one_place(tmp_path: Path) -> None:
    """`ektp-hub serve --help` lists each cap with its environment variable."""
    hub = HubProcess(tmp_path / "hub")
    done = hub.cli("serve", "--help")
    for option, variable in (
        ("--max-json-bytes", "EKTP_HUB_MAX_JSON_BYTES"),
        ("--max-json-depth", "EKTP_HUB_MAX_JSON_DEPTH"),
        ("--max-payload-bytes", "EKTP_HUB_MAX_PAYLOAD_BYTES"),
        ("--clock-drift-minutes", "EKTP_HUB_CLOCK_DRIFT_MINUTES"),
    ):
        assert option in done.stdout and variable in done.stdout
