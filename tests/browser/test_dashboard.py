"""Disdukcapil's dashboard in chromium at 1366x768, served by a real hub: log in, the
city's figures as the store holds them (and as `ektp-hub records --json` lists them), a
kecamatan down to its kelurahan, the desks, a duplicate case resolved by an operator, the
rejected records, the XLSX downloaded; a screenshot of each page kept as an artifact."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.dashboard_seed import KEC_LISTED, KEC_OPEN, KEL_A, PASSWORD, Seeded, seeded_hub
from tests.hubproc import HubProcess


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[HubProcess, Seeded]]:
    started = seeded_hub(tmp_path_factory.mktemp("dashboard-browser"))
    yield started
    started[0].stop()


def _log_in(page: Any, url: str, name: str) -> None:
    page.goto(url + "/")
    assert page.url.endswith("/masuk")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/")


def _cells(page: Any, row: str) -> list[str]:
    return [c.strip() for c in page.locator(row).locator("td").all_inner_texts()]


def _fits(page: Any) -> None:
    """No sideways scrolling at 1366 pixels."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1366, width


def test_the_city_the_kecamatan_and_the_desks(
    page: Any, hub: tuple[HubProcess, Seeded], artifacts: Path
) -> None:
    process, seeded = hub
    requests_seen: list[str] = []
    page.on("request", lambda r: requests_seen.append(r.url))
    _log_in(page, process.url, "budi")
    page.screenshot(path=str(artifacts / "dasbor-kota.png"), full_page=True)
    listed = _cells(page, f"tr:has(a[href='/kecamatan/{KEC_LISTED}'])")
    assert listed[1:5] == [
        str(seeded.listed_recorded), str(seeded.listed_target), "40,0%",
        str(seeded.listed_target - seeded.listed_recorded),
    ]  # fmt: skip
    # `ektp-hub tally --json`, day by day, gives the same: a kecamatan with no list counts
    # its accepted records; duplicates waiting for a decision are shown apart
    held = json.loads(process.cli("records", "--json").stdout)
    tallied: dict[str, dict[str, int]] = {KEC_OPEN: {}, KEC_LISTED: {}}
    for day in sorted({r["recorded_on"] for r in held}):
        answer = json.loads(process.cli("tally", "--date", day, "--json").stdout)
        for kecamatan, desks in answer["kecamatan"].items():
            for states in desks.values():
                for state, count in states.items():
                    into = tallied[kecamatan]
                    into[state] = into.get(state, 0) + count
    unlisted = _cells(page, f"tr:has(a[href='/kecamatan/{KEC_OPEN}'])")
    assert unlisted[1] == str(tallied[KEC_OPEN]["accepted"]) == str(seeded.open_recorded)
    assert listed[7] == str(tallied[KEC_LISTED]["duplicate_nik"]) == str(seeded.duplicates)
    # with a list: its residents recorded, plus the walk-ins apart, are the accepted records
    assert int(listed[1]) + int(listed[8]) == tallied[KEC_LISTED]["accepted"]
    total = page.locator("[data-figure=total-recorded]").inner_text()
    assert total == str(seeded.listed_recorded)
    assert page.locator("svg.chart polyline").count() == 1
    _fits(page)
    assert all(u.startswith(process.url) for u in requests_seen)  # every asset from the hub

    page.click(f"a[href='/kecamatan/{KEC_LISTED}']")
    page.wait_for_url(f"**/kecamatan/{KEC_LISTED}")
    kelurahan = _cells(page, f"tr:has(span.code:text-is('{KEL_A}'))")
    assert kelurahan[1:3] == [str(seeded.kel_a[1]), str(seeded.kel_a[0])]
    page.screenshot(path=str(artifacts / "dasbor-kecamatan.png"), full_page=True)
    _fits(page)

    page.click("nav >> text=Meja")
    page.wait_for_url("**/meja")
    assert page.locator("tbody tr").count() == 3
    page.screenshot(path=str(artifacts / "dasbor-meja.png"), full_page=True)
    _fits(page)

    page.click("nav >> text=Ditolak")
    page.wait_for_url("**/ditolak")
    assert seeded.rejected_reason in page.locator("tbody").inner_text()
    page.screenshot(path=str(artifacts / "dasbor-ditolak.png"), full_page=True)
    _fits(page)


def test_an_operator_resolves_a_case(
    page: Any, hub: tuple[HubProcess, Seeded], artifacts: Path
) -> None:
    process, seeded = hub
    _log_in(page, process.url, "ana")
    page.click("nav >> text=Kasus NIK ganda")
    page.wait_for_url("**/kasus")
    page.screenshot(path=str(artifacts / "dasbor-kasus.png"), full_page=True)
    _fits(page)
    kept, other = seeded.case_records
    case = page.locator("section.case").first
    case.locator(f"input[value='{kept}']").check()
    case.locator("input[name=reason]").fill("Rekaman meja 1 benar; NIK di meja 2 salah ketik")
    case.locator("button[type=submit]").click()
    page.wait_for_url("**/kasus?selesai=*")
    assert "sudah diputuskan" in page.locator(".message").inner_text()
    assert page.locator("section.case").count() == 0
    decided = page.locator("table.figures").last.inner_text()
    assert kept in decided and "ana" in decided
    held = {r["record_id"]: r for r in json.loads(process.cli("records", "--json").stdout)}
    if "state" in held[kept]:  # the records' states, where the hub lists them
        assert (held[kept]["state"], held[other]["state"]) == ("accepted", "voided")
    page.screenshot(path=str(artifacts / "dasbor-kasus-diputuskan.png"), full_page=True)
    page.goto(process.url + "/")
    duplicates = _cells(page, f"tr:has(a[href='/kecamatan/{KEC_LISTED}'])")[7]
    assert duplicates == "0"


def test_the_city_tally_downloads_as_xlsx(
    page: Any, hub: tuple[HubProcess, Seeded], artifacts: Path
) -> None:
    process, seeded = hub
    _log_in(page, process.url, "budi")
    with page.expect_download() as waited:
        page.click("text=Unduh XLSX")
    download = waited.value
    assert download.suggested_filename == f"rekap-kota-{seeded.today.isoformat()}.xlsx"
    saved = artifacts / download.suggested_filename
    download.save_as(str(saved))
    rows = list(load_workbook(saved).active.iter_rows(values_only=True))
    by_code = {r[0]: r for r in rows[3:]}
    assert by_code[KEC_LISTED][2:4] == (seeded.listed_recorded, seeded.listed_target)
    assert by_code[KEC_OPEN][2] == seeded.open_recorded


def test_the_log_in_page_and_a_refused_log_in(
    page: Any, hub: tuple[HubProcess, Seeded], artifacts: Path
) -> None:
    url = hub[0].url
    page.goto(url + "/masuk")
    page.screenshot(path=str(artifacts / "dasbor-masuk.png"))
    page.fill("input[name=name]", "budi")
    page.fill("input[name=password]", "bukan-sandinya")
    page.click("button[type=submit]")
    assert "kata sandi salah" in page.locator(".error").inner_text()
    assert page.url.endswith("/masuk")


def test_the_pages_refresh_themselves_but_not_under_a_half_filled_form(
    page: Any, hub: tuple[HubProcess, Seeded]
) -> None:
    url = hub[0].url
    page.clock.install()
    _log_in(page, url, "budi")
    page.evaluate("window.notReloaded = true")
    with page.expect_navigation():
        page.clock.run_for(61_000)
    assert page.evaluate("window.notReloaded === undefined")  # the page was loaded anew
    # someone typing (the event a form field sends): the page waits
    page.evaluate("window.notReloaded = true")
    page.dispatch_event("form.logout button", "input")
    page.clock.run_for(181_000)
    assert page.evaluate("window.notReloaded === true")
