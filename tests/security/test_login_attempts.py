"""Log-in guessing: the lockout holds under a race (item 14) and refusals tell nothing about
the account (item 16)."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import ektp_desk.desk.accounts as desk_module
from ektp_desk.desk import AuthError, Desk
from ektp_desk.domain import accounts
from ektp_desk.domain.accounts import DEFAULT_SCRYPT, Role
from tests.conftest import ADMIN_PASSWORD, FAST_SCRYPT, FakeClock, new_desk


def failures_by_reason(desk: Desk) -> dict[str, int]:
    out: dict[str, int] = {}
    for (detail,) in desk.session.connection.execute(
        "SELECT detail FROM audit WHERE action = 'login.failed'"
    ):
        reason = json.loads(detail)["reason"]
        out[reason] = out.get(reason, 0) + 1
    return out


def logins(desk: Desk) -> int:
    return int(
        desk.session.connection.execute(
            "SELECT count(*) FROM audit WHERE action = 'login'"
        ).fetchone()[0]
    )


@pytest.fixture
def slow_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each password check takes a while, as a real scrypt does on a slow PC, so the guesses
    of the race overlap."""
    real = desk_module.password_matches

    def slow(*args: Any, **kwargs: Any) -> bool:
        time.sleep(0.05)
        return real(*args, **kwargs)

    monkeypatch.setattr(desk_module, "password_matches", slow)


def race(data_dir: Path, passwords: list[str]) -> list[str]:
    """Each password tried at once from its own thread and connection; their outcomes."""
    barrier = threading.Barrier(len(passwords))
    outcomes: list[str] = ["?"] * len(passwords)

    def attempt(index: int, password: str) -> None:
        with Desk.open(data_dir) as desk:
            barrier.wait()
            try:
                desk.accounts.login("admin", password)
                outcomes[index] = "in"
            except AuthError:
                outcomes[index] = "refused"

    threads = [threading.Thread(target=attempt, args=(i, p)) for i, p in enumerate(passwords)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcomes


def test_forty_guesses_at_once_get_at_most_the_limit_checked(
    tmp_path: Path, slow_checks: None
) -> None:
    desk = new_desk(tmp_path / "desk", login=False)
    outcomes = race(desk.data_dir, [f"tebakan-{i:02d}" for i in range(39)])
    assert outcomes == ["refused"] * 39
    reasons = failures_by_reason(desk)
    assert reasons.get("wrong password", 0) <= 5, reasons
    assert sum(reasons.values()) == 39
    with pytest.raises(AuthError):
        desk.accounts.login("admin", ADMIN_PASSWORD)  # locked: even the right password
    assert desk.user is None and failures_by_reason(desk)["locked"] >= 35
    desk.close()


def _guess_in_process(data_dir: str, password: str, barrier: Any, out: Any) -> None:
    with Desk.open(Path(data_dir)) as desk:
        barrier.wait()
        try:
            desk.accounts.login("admin", password)
            out.put("in")
        except AuthError:
            out.put("refused")


def test_guesses_from_separate_processes_share_the_limit(tmp_path: Path) -> None:
    # A real scrypt (about 50 ms) for the check, so the processes' checks overlap.
    desk = Desk.create(
        tmp_path / "desk",
        kecamatan="72.71.02",
        desk_id="PALU-BARAT-1",
        admin_name="admin",
        admin_password=ADMIN_PASSWORD,
    )
    desk.accounts.login("admin", ADMIN_PASSWORD)
    desk.change_setting("lockout_attempts", "3")
    desk.accounts.logout()
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(8)
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_guess_in_process, args=(str(desk.data_dir), f"salah-{i}", barrier, out))
        for i in range(8)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * 8
    assert sorted(out.get(timeout=5) for _ in range(8)) == ["refused"] * 8
    reasons = failures_by_reason(desk)
    assert reasons.get("wrong password", 0) <= 3, reasons
    assert sum(reasons.values()) == 8
    desk.close()


# -- no account oracle ----------------------------------------------------------------------


@pytest.fixture
def scrypt_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[int, int, int]]]:
    """The (n, r, p) of every scrypt run by the password check."""
    calls: list[tuple[int, int, int]] = []
    real: Callable[..., bytes] = hashlib.scrypt

    def counting(password: bytes, **kwargs: Any) -> bytes:
        calls.append((kwargs["n"], kwargs["r"], kwargs["p"]))
        return real(password, **kwargs)

    monkeypatch.setattr(accounts.hashlib, "scrypt", counting)
    yield calls


def refusal(
    desk: Desk, name: str, password: str, calls: list[tuple[int, int, int]]
) -> tuple[str, list[tuple[int, int, int]], str]:
    """(message, scrypt runs, audited reason) of one refused log-in."""
    calls.clear()
    with pytest.raises(AuthError) as caught:
        desk.accounts.login(name, password)
    (detail,) = desk.session.connection.execute(
        "SELECT detail FROM audit WHERE action = 'login.failed' ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return str(caught.value), list(calls), json.loads(detail)["reason"]


def test_unknown_disabled_locked_and_wrong_answer_alike(
    tmp_path: Path, clock: FakeClock, scrypt_calls: list[tuple[int, int, int]]
) -> None:
    desk = new_desk(tmp_path / "desk", clock=clock)
    # Real accounts use the default scrypt cost, as the unknown name's dummy check does.
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani")
    desk.accounts.add("budi", Role.CLERK, "kata-sandi-budi")
    desk.accounts.add("cici", Role.CLERK, "kata-sandi-cici")
    desk.accounts.set_disabled("budi")
    desk.accounts.logout()
    for _ in range(5):
        refusal(desk, "cici", "salah-salah", scrypt_calls)
    seen = {
        "wrong password": refusal(desk, "ani", "salah-salah", scrypt_calls),
        "unknown user": refusal(desk, "tidak-ada", "kata-sandi-ani", scrypt_calls),
        "disabled": refusal(desk, "budi", "kata-sandi-budi", scrypt_calls),
        "locked": refusal(desk, "cici", "kata-sandi-cici", scrypt_calls),
    }
    for reason, (message, calls, audited) in seen.items():
        assert audited == reason
        assert message == seen["wrong password"][0]
        assert "disabled" not in message and "locked" not in message
        # The same work: one scrypt of the default cost.
        assert calls == [(DEFAULT_SCRYPT.n, DEFAULT_SCRYPT.r, DEFAULT_SCRYPT.p)], reason
    clock.advance(minutes=6)
    assert desk.accounts.login("cici", "kata-sandi-cici").name == "cici"
    desk.close()


def test_unknown_names_are_locked_out_like_known_ones(tmp_path: Path, clock: FakeClock) -> None:
    desk = new_desk(tmp_path / "desk", clock=clock, login=False)
    for _ in range(5):
        with pytest.raises(AuthError):
            desk.accounts.login("Hantu", "tebakan-1")
    assert failures_by_reason(desk) == {"unknown user": 5}
    with pytest.raises(AuthError):
        desk.accounts.login("hantu", "tebakan-2")  # the name's case does not make a new one
    assert failures_by_reason(desk) == {"unknown user": 5, "locked": 1}
    row = desk.session.connection.execute(
        "SELECT attempts, locked_until FROM login_attempts WHERE name = 'hantu'"
    ).fetchone()
    assert row[0] == 0 and row[1] is not None
    clock.advance(minutes=6)
    with pytest.raises(AuthError):
        desk.accounts.login("hantu", "tebakan-3")
    assert failures_by_reason(desk)["unknown user"] == 6
    desk.close()


def test_an_admins_password_reset_ends_the_lockout(tmp_path: Path) -> None:
    desk = new_desk(tmp_path / "desk")
    desk.accounts.add("ani", Role.CLERK, "kata-sandi-ani", scrypt=FAST_SCRYPT)
    for _ in range(5):
        with pytest.raises(AuthError):
            desk.accounts.login("ani", "salah-salah")
    desk.accounts.login("admin", ADMIN_PASSWORD)
    desk.accounts.reset_password("ani", "kata-sandi-baru", scrypt=FAST_SCRYPT)
    assert desk.accounts.login("ani", "kata-sandi-baru").name == "ani"
    desk.close()
