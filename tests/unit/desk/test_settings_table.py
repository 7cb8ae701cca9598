"""The one table of settings: every adjustable setting has a type, a default (or none),
a rule and a help text, and its default keeps its own rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from ektp_desk.desk.settings import ADJUSTABLE_SETTINGS, SETTINGS


def test_the_table_is_complete_and_its_defaults_keep_their_rules() -> None:
    keys = [s.key for s in SETTINGS]
    assert len(keys) == len(set(keys)) == len(ADJUSTABLE_SETTINGS)
    for setting in SETTINGS:
        assert setting.help and setting.type in ("int", "date", "zone", "choice", "text")
        if setting.default is not None:
            assert setting.rule(setting.default) is None, setting.key


def test_a_rule_names_what_is_wrong() -> None:
    rules = {s.key: s.rule for s in SETTINGS}
    assert rules["lockout_attempts"]("0") == "must be a whole number from 1 to 50"
    assert rules["language"]("fr") == "must be id or en"
    assert rules["timezone"]("Mars/Olympus") is not None


def test_the_desk_the_cli_and_the_window_read_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ektp_desk.cli import main
    from ektp_desk.domain.defaults import CAPTURE_RETRIES
    from tests.conftest import ADMIN_PASSWORD, new_desk

    desk = new_desk(tmp_path / "desk")
    assert desk.setting("capture_retries") == CAPTURE_RETRIES  # unset: the table's default
    desk.change_setting("idle_lock_minutes", "9")
    assert desk.setting("idle_lock_minutes") == 9
    desk.close()
    monkeypatch.setenv("EKTP_DESK_USER", "admin")
    monkeypatch.setenv("EKTP_DESK_PASSWORD", ADMIN_PASSWORD)
    code = main(["--data-dir", str(tmp_path / "desk"), "settings", "list"])
    out = capsys.readouterr().out
    assert code == 0
    assert f"capture_retries\t{CAPTURE_RETRIES} (default)\t" in out
    assert "idle_lock_minutes\t9\tidle minutes" in out
