"""desk.accounts: log-in and its lockout, roles, the users an admin manages."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ektp_desk.desk import (
    AuthError,
    Desk,
    DeskError,
    PermissionDenied,
    TakeOverRefused,
)
from ektp_desk.domain.accounts import Role
from tests.conftest import ADMIN_PASSWORD, FAST_SCRYPT, FakeClock

Make = Callable[..., dict[str, Any]]


def count(desk: Desk, table: str) -> int:
    return int(desk.session.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def last_login_reason(desk: Desk) -> str:
    row = desk.session.connection.execute(
        "SELECT detail FROM audit WHERE action = 'login.failed' ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return str(json.loads(row[0])["reason"])


def test_lockout_after_five_failures_for_five_minutes(desk: Desk, clock: FakeClock) -> None:
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    for _ in range(5):
        with pytest.raises(AuthError, match="wrong password"):
            desk.accounts.login("ani", "salah-salah")
        assert last_login_reason(desk) == "wrong password"
    with pytest.raises(AuthError, match="wrong password"):
        desk.accounts.login("ani", "kata-sandi-ani")  # even the right password
    assert last_login_reason(desk) == "locked"
    clock.advance(minutes=4, seconds=59)
    with pytest.raises(AuthError, match="wrong password"):
        desk.accounts.login("ani", "kata-sandi-ani")
    assert last_login_reason(desk) == "locked"
    clock.advance(seconds=2)
    assert desk.accounts.login("ani", "kata-sandi-ani") == desk.user
    actions = [
        r[0]
        for r in desk.session.connection.execute(
            "SELECT action FROM audit WHERE subject = 'ani' ORDER BY seq"
        )
    ]
    assert actions == ["user.add"] + ["login.failed"] * 7 + ["login"]


def test_lockout_threshold_is_a_setting(desk: Desk, clock: FakeClock) -> None:
    desk.change_setting("lockout_minutes", "30")
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    for _ in range(5):
        with pytest.raises(AuthError, match="must wait 30 minutes"):
            desk.accounts.login("ani", "x" * 8)
    clock.advance(minutes=29)
    with pytest.raises(AuthError):
        desk.accounts.login("ani", "kata-sandi-ani")
    assert last_login_reason(desk) == "locked"
    clock.advance(minutes=2)
    assert desk.accounts.login("ani", "kata-sandi-ani").name == "ani"


def test_unknown_user_and_disabled_account(desk: Desk) -> None:
    with pytest.raises(AuthError, match="unknown user or wrong password"):
        desk.accounts.login("nobody", "whatever1")
    assert last_login_reason(desk) == "unknown user"
    desk.accounts.login("admin", ADMIN_PASSWORD)
    desk.accounts.add("budi", Role.SUPERVISOR, "kata-sandi-budi", scrypt=FAST_SCRYPT)
    desk.accounts.set_disabled("budi")
    with pytest.raises(AuthError, match="unknown user or wrong password"):
        desk.accounts.login("budi", "kata-sandi-budi")
    assert last_login_reason(desk) == "disabled"


def test_roles_are_checked_in_the_core(desk: Desk, make_recording: Make, tmp_path: Path) -> None:
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    desk.accounts.login("ani", "kata-sandi-ani")
    with pytest.raises(PermissionDenied, match="ani"):
        desk.accounts.add("eve", Role.ADMIN, "kata-sandi-eve")
    with pytest.raises(PermissionDenied):
        desk.residents.import_file(tmp_path / "x.csv")
    saved = desk.recordings.save(make_recording())
    with pytest.raises(PermissionDenied):
        desk.recordings.void(saved.record_id, "salah orang")
    desk.session.act_as(None)
    with pytest.raises(PermissionDenied, match="log in"):
        desk.recordings.save(make_recording())


def test_last_admin_cannot_be_disabled(desk: Desk) -> None:
    desk.accounts.add("kasi", Role.ADMIN, "kata-sandi-kasi", scrypt=FAST_SCRYPT)
    with pytest.raises(DeskError, match="your own"):
        desk.accounts.set_disabled("admin")
    desk.accounts.set_disabled("kasi")
    desk.accounts.login("admin", ADMIN_PASSWORD)
    desk.accounts.set_disabled("kasi", False)
    desk.accounts.login("kasi", "kata-sandi-kasi")
    desk.accounts.set_disabled("admin")
    desk.accounts.add("x", Role.CLERK, "kata-sandi-x", scrypt=FAST_SCRYPT)
    assert [u.name for u in desk.accounts.users()] == ["admin", "kasi", "x"]


def test_reset_password(desk: Desk) -> None:
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    desk.accounts.reset_password("ani", "sandi-baru-ani", scrypt=FAST_SCRYPT)
    with pytest.raises(AuthError):
        desk.accounts.login("ani", "kata-sandi-ani")
    assert desk.accounts.login("ani", "sandi-baru-ani").name == "ani"


def test_a_supervisor_takes_over_and_a_clerk_may_not(desk: Desk) -> None:
    """The take-over of a locked session is the Desk's rule, not the window's: a clerk's
    attempt leaves the session as it was, an admin's opened holding key included."""
    desk.accounts.add("ani", Role.CLERK, "sandi-ani-1", scrypt=FAST_SCRYPT)
    desk.accounts.add("kasi", Role.SUPERVISOR, "sandi-kasi-1", scrypt=FAST_SCRYPT)
    assert desk.user is not None and desk.user.name == "admin"
    holding = desk.accounts.holding_private
    assert holding is not None
    with pytest.raises(TakeOverRefused):
        desk.accounts.take_over("ani", "sandi-ani-1")
    assert desk.user is not None and desk.user.name == "admin"
    assert desk.accounts.holding_private is holding
    with pytest.raises(AuthError):
        desk.accounts.take_over("kasi", "wrong-password")
    assert desk.user.name == "admin"
    user = desk.accounts.take_over("kasi", "sandi-kasi-1")
    assert user.name == "kasi" and desk.user is not None and desk.user.name == "kasi"


def test_the_acting_user_is_read_only_outside_the_session(desk: Desk) -> None:
    with pytest.raises(AttributeError):
        desk.user = None  # type: ignore[misc]
    assert desk.user is not None
    desk.session.act_as(None)
    assert desk.user is None


def test_a_second_desk_of_the_process_acts_for_the_logged_in_user(
    desk: Desk, make_recording: Make
) -> None:
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    desk.accounts.login("ani", "kata-sandi-ani")
    worker = Desk.open(desk.data_dir)  # as a background task opens its own connection
    try:
        with pytest.raises(PermissionDenied, match="log in"):
            worker.recordings.save(make_recording())
        worker.accounts.act_for(desk.user)
        assert worker.user == desk.user
        assert worker.recordings.save(make_recording()).nik == "7271024507050001"
        with pytest.raises(PermissionDenied, match="ani"):  # still a clerk there
            worker.accounts.add("eve", Role.ADMIN, "kata-sandi-eve")
        worker.accounts.act_for(None)
        assert worker.user is None
    finally:
        worker.close()
