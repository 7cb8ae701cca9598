"""The dashboard's users, on SQLite and PostgreSQL: added with a scrypt hash (the desk's
hashing), logged in to a session whose cookie the hub keeps only hashed, locked out after
repeated failures (unknown names too), disabled with their sessions ended."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ektp_desk.domain.accounts import ScryptParams, password_matches
from ektp_desk.hub import HubError
from ektp_desk.hub import cli as hub_cli
from ektp_desk.hub.dashboard.accounts import (
    LOCKOUT_ATTEMPTS,
    LOCKOUT_MINUTES,
    SESSION_HOURS,
    HubAccounts,
    LoginRefused,
    csrf_matches,
    token_hash,
)
from ektp_desk.hub.store import HubStore

FAST = ScryptParams(n=2**4)
PASSWORD = "rahasia-123"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(store: HubStore, clock: Clock) -> HubAccounts:
    accounts = HubAccounts(store, clock=clock)
    accounts.add("ana", "operator", PASSWORD, scrypt=FAST)
    accounts.add("budi", "viewer", PASSWORD, scrypt=FAST)
    return accounts


def test_a_user_is_stored_with_the_desks_scrypt_hash(
    accounts: HubAccounts, store: HubStore
) -> None:
    row = store.user("ana")
    assert row is not None and row.role == "operator"
    assert PASSWORD.encode().hex() not in row.password_hash.hex()
    assert password_matches(
        PASSWORD, salt=row.salt, expected=row.password_hash, params=ScryptParams(*row.scrypt)
    )


def test_a_log_in_opens_a_session_kept_only_as_a_hash(
    accounts: HubAccounts, store: HubStore, clock: Clock
) -> None:
    done = accounts.login("ana", PASSWORD)
    assert done.session.name == "ana" and done.session.may_resolve
    assert store.session(done.token, clock().isoformat()) is None  # the token itself: nothing
    assert accounts.session(done.token) == done.session
    assert csrf_matches(done.session, done.session.csrf)
    assert not csrf_matches(done.session, "x" + done.session.csrf)
    assert not csrf_matches(done.session, None)
    assert store.session(token_hash(done.token), clock().isoformat()) is not None
    clock.now += timedelta(hours=SESSION_HOURS, seconds=1)
    assert accounts.session(done.token) is None  # expired


def test_log_out_ends_the_session(accounts: HubAccounts) -> None:
    done = accounts.login("budi", PASSWORD)
    assert not done.session.may_resolve
    accounts.logout(done.token)
    assert accounts.session(done.token) is None


def test_wrong_passwords_lock_the_name_even_for_the_right_one(
    accounts: HubAccounts, clock: Clock
) -> None:
    for _ in range(LOCKOUT_ATTEMPTS):
        with pytest.raises(LoginRefused):
            accounts.login("ana", "salah-salah")
    with pytest.raises(LoginRefused):
        accounts.login("ana", PASSWORD)
    clock.now += timedelta(minutes=LOCKOUT_MINUTES - 1)
    with pytest.raises(LoginRefused):
        accounts.login("ana", PASSWORD)
    clock.now += timedelta(minutes=1, seconds=1)
    assert accounts.login("ana", PASSWORD).session.name == "ana"


def test_a_success_clears_the_failures_counted(accounts: HubAccounts) -> None:
    for _ in range(LOCKOUT_ATTEMPTS - 1):
        with pytest.raises(LoginRefused):
            accounts.login("ana", "salah-salah")
    accounts.login("ana", PASSWORD)
    for _ in range(LOCKOUT_ATTEMPTS - 1):
        with pytest.raises(LoginRefused):
            accounts.login("ana", "salah-salah")
    accounts.login("ana", PASSWORD)


def test_unknown_names_are_counted_and_refused_alike(accounts: HubAccounts) -> None:
    refusals = set()
    for name in ("nobody", "ana"):
        with pytest.raises(LoginRefused) as refused:
            accounts.login(name, "salah-salah")
        refusals.add(str(refused.value))
    assert len(refusals) == 1  # no oracle for names


def test_a_disabled_user_cannot_log_in_and_loses_their_sessions(
    accounts: HubAccounts, store: HubStore, clock: Clock
) -> None:
    done = accounts.login("ana", PASSWORD)
    assert store.disable_user("ana", clock().isoformat())
    assert accounts.session(done.token) is None
    with pytest.raises(LoginRefused):
        accounts.login("ana", PASSWORD)
    assert not store.disable_user("ana", clock().isoformat())  # already


@pytest.mark.parametrize(
    ("name", "role", "password", "message"),
    [
        ("ana", "viewer", PASSWORD, "already exists"),
        ("bad name", "viewer", PASSWORD, "bad user name"),
        ("cici", "root", PASSWORD, "bad role"),
        ("cici", "viewer", "short", "at least 8"),
    ],
)
def test_bad_users_are_refused(
    accounts: HubAccounts, name: str, role: str, password: str, message: str
) -> None:
    with pytest.raises(HubError, match=message):
        accounts.add(name, role, password, scrypt=FAST)


def test_log_ins_and_refusals_are_audited_at_the_hub(
    accounts: HubAccounts, store: HubStore
) -> None:
    accounts.login("ana", PASSWORD)
    with pytest.raises(LoginRefused):
        accounts.login("nobody", "salah-salah")
    entries = [(e["action"], e["actor"], e["detail"]) for e in store.hub_audit()]
    assert entries[:2] == [
        ("login.failed", "nobody", {"reason": "unknown user", "locked": False}),
        ("login", "ana", {}),
    ]
    assert PASSWORD not in repr(store.hub_audit())


def test_the_user_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("EKTP_HUB_DB", str(tmp_path / "hub.sqlite3"))
    monkeypatch.setenv("EKTP_HUB_NEW_PASSWORD", PASSWORD)
    assert hub_cli.main(["user", "add", "ana", "--role", "operator"]) == 0
    assert hub_cli.main(["user", "add", "ana", "--role", "viewer"]) == 2
    monkeypatch.setenv("EKTP_HUB_NEW_PASSWORD", "short")
    assert hub_cli.main(["user", "add", "budi", "--role", "viewer"]) == 2
    monkeypatch.delenv("EKTP_HUB_NEW_PASSWORD")
    assert hub_cli.main(["user", "add", "cici", "--role", "viewer"]) == 2  # no terminal
    err = capsys.readouterr().err
    assert "already exists" in err and "at least 8" in err and "EKTP_HUB_NEW_PASSWORD" in err
    assert hub_cli.main(["user", "list", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert (listed["name"], listed["role"], listed["disabled_at"]) == ("ana", "operator", None)
    assert hub_cli.main(["user", "disable", "ana"]) == 0
    assert hub_cli.main(["user", "disable", "ana"]) == 2
    err += capsys.readouterr().err
    assert "no active dashboard user ana" in err and "Traceback" not in err
