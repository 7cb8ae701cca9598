"""The desk's adjustable settings: checked against their rule, audited, used."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ektp_desk.desk import (
    AuthError,
    Desk,
    DeskError,
    PermissionDenied,
)
from ektp_desk.domain.accounts import Role
from tests.conftest import ADMIN_PASSWORD, FAST_SCRYPT, FakeClock
from tests.unit.desk.test_accounts import last_login_reason

Make = Callable[..., dict[str, Any]]


def count(desk: Desk, table: str) -> int:
    return int(desk.session.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_settings_are_checked_audited_and_used(desk: Desk, clock: FakeClock) -> None:
    with pytest.raises(DeskError, match="fixed setting"):
        desk.change_setting("kecamatan", "72.71.01")
    with pytest.raises(DeskError, match="whole number from 1 to 50"):
        desk.change_setting("lockout_attempts", "0")
    with pytest.raises(DeskError, match="unknown time zone"):
        desk.change_setting("timezone", "Asia/Atlantis")
    desk.change_setting("lockout_attempts", "2")
    last = desk.session.connection.execute(
        "SELECT action, subject, detail FROM audit ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert last == ("settings.change", "lockout_attempts", '{"new": "2", "old": "5"}')
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    with pytest.raises(AuthError, match="wrong password"):
        desk.accounts.login("ani", "x" * 8)
    with pytest.raises(AuthError, match="after 2 failed log-ins"):
        desk.accounts.login("ani", "x" * 8)
    with pytest.raises(AuthError):
        desk.accounts.login("ani", "kata-sandi-ani")
    assert last_login_reason(desk) == "locked"
    desk.accounts.login("admin", ADMIN_PASSWORD)
    desk.change_setting("timezone", "Asia/Jakarta")
    assert desk.today().isoformat() == "2026-11-27"
    with Desk.open(desk.data_dir, clock=clock) as again:
        assert again.timezone.key == "Asia/Jakarta"
        assert again.settings["lockout_attempts"] == "2"


def test_clerk_cannot_change_settings(desk: Desk) -> None:
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    desk.accounts.login("ani", "kata-sandi-ani")
    with pytest.raises(PermissionDenied):
        desk.change_setting("target", "100")
