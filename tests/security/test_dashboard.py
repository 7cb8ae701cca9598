"""The dashboard against a real hub: no page or download without a session, a POST without
the session's CSRF token refused (log-in, log-out, a case decision), the session cookie
HttpOnly and SameSite=Strict (Secure when nginx says the page came over TLS), wrong
passwords locking the name, a viewer unable to resolve a case, and what a user typed
escaped on the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.dashboard_seed import CSRF, PASSWORD, Seeded, log_in, seeded_hub
from tests.hubproc import HubProcess

PAGES = ("/", "/kecamatan/72.71.02", "/meja", "/kasus", "/ditolak")
DOWNLOADS = ("/unduh/rekap.xlsx", "/unduh/rekap.pdf")


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[HubProcess, Seeded]]:
    started = seeded_hub(tmp_path_factory.mktemp("dashboard-hub"))
    yield started
    started[0].stop()


def test_nothing_is_shown_or_downloaded_without_a_session(hub: tuple[HubProcess, Seeded]) -> None:
    url = hub[0].url
    for path in PAGES + DOWNLOADS:
        answer = requests.get(url + path, allow_redirects=False, timeout=10)
        assert answer.status_code == 303 and answer.headers["location"] == "/masuk", path
        assert answer.content == b""
    forged = requests.get(url + "/", cookies={"ektp_dasbor": "made-up"}, allow_redirects=False)
    assert forged.status_code == 303
    case = requests.post(url + "/kasus/C000001", data={"keep": "", "reason": "x"}, timeout=10)
    assert case.status_code == 403


def test_the_session_cookie_is_httponly_strict_and_secure_behind_tls(
    hub: tuple[HubProcess, Seeded],
) -> None:
    url = hub[0].url
    for forwarded, secure in (({}, False), ({"X-Forwarded-Proto": "https"}, True)):
        s = requests.Session()
        token = CSRF.search(s.get(url + "/masuk").text)
        assert token
        done = s.post(
            url + "/masuk", headers=forwarded, allow_redirects=False,
            data={"name": "budi", "password": PASSWORD, "csrf": token.group(1)},
        )  # fmt: skip
        assert done.status_code == 303
        cookie = done.headers["set-cookie"].split(", ektp_dasbor_masuk")[0]
        assert cookie.startswith("ektp_dasbor=")
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie
        assert ("Secure" in cookie) is secure
    page = requests.get(url + "/masuk")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"


def test_a_log_in_without_its_form_token_is_refused(hub: tuple[HubProcess, Seeded]) -> None:
    url = hub[0].url
    s = requests.Session()
    s.get(url + "/masuk")  # the login cookie, but a token from elsewhere
    answer = s.post(url + "/masuk", data={"name": "ana", "password": PASSWORD, "csrf": "x"})
    assert answer.status_code == 403 and "Keluar" not in answer.text
    bare = requests.post(url + "/masuk", data={"name": "ana", "password": PASSWORD})
    assert bare.status_code == 403 and "ektp_dasbor=" not in bare.headers.get("set-cookie", "")


def test_a_case_decision_or_log_out_without_the_csrf_token_is_refused(
    hub: tuple[HubProcess, Seeded],
) -> None:
    process, seeded = hub
    s = requests.Session()
    csrf = log_in(s, process.url, "ana")
    keep = seeded.case_records[0]
    for token in ("", "wrong-" + csrf):
        answer = s.post(
            process.url + "/kasus/C000001", data={"csrf": token, "keep": keep, "reason": "x"}
        )
        assert answer.status_code == 403
    assert s.post(process.url + "/keluar", data={"csrf": "wrong"}).status_code == 403
    assert "C000001" in s.get(process.url + "/kasus").text.split("Sudah diputuskan")[0]
    assert s.get(process.url + "/", allow_redirects=False).status_code == 200  # still in


def test_a_viewer_cannot_resolve_a_case(hub: tuple[HubProcess, Seeded]) -> None:
    process, seeded = hub
    s = requests.Session()
    csrf = log_in(s, process.url, "budi")
    page = s.get(process.url + "/kasus").text
    assert "Hanya operator atau admin" in page and 'action="/kasus/C000001"' not in page
    answer = s.post(
        process.url + "/kasus/C000001",
        data={"csrf": csrf, "keep": seeded.case_records[0], "reason": "saya pemantau"},
    )
    assert answer.status_code == 403
    cases = process.cli("case", "list", "--json", check=False)
    if cases.returncode == 0:  # the case command, where the hub has it
        assert '"open"' in cases.stdout


def test_wrong_passwords_lock_the_account(tmp_path: Path) -> None:
    process, _ = seeded_hub(tmp_path)
    try:
        s = requests.Session()
        for _ in range(5):
            token = CSRF.search(s.get(process.url + "/masuk").text)
            assert token
            answer = s.post(
                process.url + "/masuk",
                data={"name": "ana", "password": "tebak-tebak", "csrf": token.group(1)},
            )
            assert answer.status_code == 401
        with pytest.raises(AssertionError):
            log_in(requests.Session(), process.url, "ana")  # the right password, locked
        log_in(requests.Session(), process.url, "budi")  # another name is not
    finally:
        process.stop()


def test_log_out_ends_the_session_on_the_hub(hub: tuple[HubProcess, Seeded]) -> None:
    url = hub[0].url
    s = requests.Session()
    csrf = log_in(s, url, "budi")
    cookie = s.cookies.get("ektp_dasbor")
    assert s.post(url + "/keluar", data={"csrf": csrf}).url.endswith("/masuk")
    replay = requests.get(url + "/", cookies={"ektp_dasbor": str(cookie)}, allow_redirects=False)
    assert replay.status_code == 303  # the old cookie no longer opens anything


def test_what_a_user_typed_is_escaped(hub: tuple[HubProcess, Seeded]) -> None:
    url = hub[0].url
    s = requests.Session()
    csrf = log_in(s, url, "ana")
    answer = s.post(
        url + "/kasus/C999999", data={"csrf": csrf, "keep": "<script>x</script>", "reason": "r"}
    )
    assert answer.status_code == 409
    assert "<script>x" not in answer.text
