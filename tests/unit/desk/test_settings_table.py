"""The one table of settings: every adjustable setting has a type, a default (or none),
a rule and a help text, and its default keeps its own rule."""

from __future__ import annotations

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
