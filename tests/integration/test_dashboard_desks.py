"""The dashboard's hub: the desks page learns from the desks' own requests (a desk's sync
client tells the hub its program version, its clock and what it has waiting), and `serve`
takes the deadline and the holidays the figures count working days with."""

from __future__ import annotations

from pathlib import Path

import requests

from ektp_desk import __version__
from ektp_desk.sync.client import HubClient
from tests.dashboard_seed import PASSWORD, log_in, seeded_hub
from tests.hubproc import HubProcess


def test_the_desks_page_shows_what_a_desks_requests_told(tmp_path: Path) -> None:
    process, _ = seeded_hub(tmp_path)
    try:
        client = HubClient(process.url, "token-pb1")
        client.waiting = 17
        client.whoami()
        s = requests.Session()
        log_in(s, process.url, "budi")
        page = s.get(process.url + "/meja").text
        row = page.split("PALU-BARAT-1</td>")[1].split("</tr>")[0]
        assert f"<td>{__version__}</td>" in row
        assert '<td class="num">17</td>' in row
        assert "dtk" in row  # the clock's drift, in seconds
        other = page.split("PALU-SELATAN-1</td>")[1].split("</tr>")[0]
        assert "belum pernah" in other and "17" not in other
        # a request with a wrong token tells nothing
        requests.get(process.url + "/api/v1/desk", headers={"Authorization": "Bearer x"})
        assert s.get(process.url + "/meja").text.count("<td>" + __version__) == 1
    finally:
        process.stop()


def test_serve_takes_the_dashboards_deadline_and_holidays(tmp_path: Path) -> None:
    hub = HubProcess(tmp_path)
    hub.keygen()
    bad = tmp_path / "libur.csv"
    bad.write_text("date,name\n2026-13-01,Tidak ada\n", encoding="utf-8")
    refused = hub.cli("serve", "--holidays", str(bad), check=False)
    assert refused.returncode == 2 and "--holidays" in refused.stderr
    assert "Traceback" not in refused.stderr
    hub.env["EKTP_HUB_NEW_PASSWORD"] = PASSWORD
    hub.cli("user", "add", "budi", "--role", "viewer")
    hub.start("--deadline", "2027-01-30")
    try:
        s = requests.Session()
        log_in(s, hub.url, "budi")
        assert "Batas waktu 30 Januari 2027" in s.get(hub.url + "/").text
    finally:
        hub.stop()
