"""The city's status through a real `ektp-hub serve` on either store: two desks of one
kecamatan sync the same person, the second's record is a duplicate naming its case; each
desk pulls the feed (gzip'ed, in pages) and sees both records; a void reaches the hub,
settles the case, and the change comes down the feed from the desk's cursor; the commands
show it all."""

from __future__ import annotations

import json

import requests

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.protocol.status import parse_status_page
from tests.conftest import full_biometrics
from tests.hubproc import HubProcess
from tests.integration.conftest import DeskMaker, hub_records


def _pull(hub: HubProcess, token: str, after: int, limit: int = 5000) -> requests.Response:
    answer = requests.get(
        hub.url + "/api/v1/status",
        params={"after": after, "limit": limit},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    answer.raise_for_status()
    return answer


def test_two_desks_see_one_truth_through_the_hub(hub: HubProcess, make_desk: DeskMaker) -> None:
    one, two = make_desk("PALU-BARAT-1"), make_desk("PALU-BARAT-2")
    seed(one, recordings=3, seed_value=5, detail=BiometricDetail.NONE)
    assert one.hub.engine().run().acked == 3
    first = hub_records(hub)[0]
    # The same person recorded at the second desk: the first's NIK and biodata.
    (raw,) = one.session.connection.execute(
        "SELECT biodata FROM recordings WHERE record_id = ?", (first["record_id"],)
    ).fetchone()
    two.recordings.save({**json.loads(raw), "biometrics": full_biometrics()})
    assert two.hub.engine().run().duplicates == 1
    held = {r["record_id"]: r for r in hub_records(hub)}
    (dup,) = [r for r in held.values() if r["desk_id"] == "PALU-BARAT-2"]
    assert (dup["state"], dup["case_id"]) == ("duplicate_nik", "C000001")
    assert held[first["record_id"]]["case_id"] == "C000001"

    token = two.hub_token  # type: ignore[attr-defined]
    answer = _pull(hub, token, 0, limit=3)
    assert answer.headers.get("Content-Encoding") in (None, "gzip")
    page = parse_status_page(answer.json())
    rest = parse_status_page(_pull(hub, token, page.cursor).json())
    assert page.more and not rest.more
    rows = {r.record_id: r for r in (*page.rows, *rest.rows)}
    assert set(rows) == set(held) and rows[dup["record_id"]].case_id == "C000001"

    voided = requests.post(
        hub.url + "/api/v1/voids",
        json={"voids": [{"record_id": dup["record_id"], "reason": "salah NIK",
                         "voided_at": "2026-11-30T01:00:00+00:00"}]},
        headers={"Authorization": f"Bearer {token}"}, timeout=10,
    )  # fmt: skip
    assert voided.json()["results"] == [{"record_id": dup["record_id"], "outcome": "voided"}]
    after = parse_status_page(_pull(hub, token, rest.cursor).json())
    assert [(r.record_id, r.state, r.reason) for r in after.rows] == [
        (dup["record_id"], "voided", "salah NIK")
    ]
    assert [(c.case_id, c.state, c.decision) for c in after.cases] == [
        ("C000001", "resolved", "keep")
    ]
    cases = json.loads(hub.cli("case", "list", "--json").stdout)
    assert cases[0]["decided_by"] == "void:PALU-BARAT-2"
    assert cases[0]["kept_record_id"] == first["record_id"]
