from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ektp_desk.domain.nik import FEMALE, MALE, NikError, age_on, format_nik, parse_nik
from ektp_desk.domain.regions import regions

REF = date(2026, 11, 28)


def test_parts_of_a_womans_nik() -> None:
    nik = parse_nik("7271024507050001", reference=REF)
    assert (nik.province, nik.regency, nik.kecamatan) == ("72", "71", "02")
    assert nik.kecamatan_code == "72.71.02"
    assert nik.sex == FEMALE
    assert nik.birth_date == date(2005, 7, 5)
    assert nik.serial == "0001"
    assert nik.warnings == ()


def test_mans_nik_and_surrounding_spaces() -> None:
    nik = parse_nik("  7271020312880042 ", reference=REF)
    assert nik.sex == MALE
    assert nik.birth_date == date(1988, 12, 3)


@pytest.mark.parametrize(
    ("yymmdd_part", "expected"),
    [
        ("010126", date(2026, 1, 1)),  # born this year: 0 years old
        ("281226", date(1926, 12, 28)),  # 2026-12-28 is in the future: 1926, age 99
        ("281126", date(2026, 11, 28)),  # born on the reference date
    ],
)
def test_century_resolves_to_age_0_to_99(yymmdd_part: str, expected: date) -> None:
    assert parse_nik("727102" + yymmdd_part + "0001", reference=REF).birth_date == expected


def test_leap_day_that_exists_in_neither_century() -> None:
    # 29 Feb 1927 and 29 Feb 2027 do not exist.
    with pytest.raises(NikError) as err:
        parse_nik("7271022902270001", reference=REF)
    assert err.value.problem.code == "nik_date"


def test_leap_day_century_matters() -> None:
    # 29 Feb 2000 exists (2000 is a leap year) and makes the person 26.
    assert parse_nik("7271022902000001", reference=REF).birth_date == date(2000, 2, 29)


def test_known_birth_date_decides_the_century() -> None:
    # Someone 100+ years old: the age rule alone would say 2024 (age 2).
    nik = parse_nik("7271021203240001", reference=REF, known_birth_date=date(1924, 3, 12))
    assert nik.birth_date == date(1924, 3, 12)
    assert parse_nik("7271021203240001", reference=REF).birth_date == date(2024, 3, 12)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("727102450705000", "nik_format"),
        ("72710245070500011", "nik_format"),
        ("72710245O7050001", "nik_format"),
        ("７２７１０２４５０７０５０００１", "nik_format"),
        ("9971024507050001", "nik_province"),
        ("2071024507050001", "nik_province"),
        ("7271023102050001", "nik_date"),  # 31 February
        ("7271027207050001", "nik_date"),  # day 72 - 40 = 32
        ("7271020013050001", "nik_date"),  # month 13
        ("7271020007050001", "nik_date"),  # day 0
        ("7271024507050000", "nik_serial"),
    ],
)
def test_hard_errors(text: str, code: str) -> None:
    with pytest.raises(NikError) as err:
        parse_nik(text, reference=REF)
    assert err.value.problem.code == code
    assert err.value.problem.field == "nik"
    assert err.value.problem.message_id and err.value.problem.message_en


def test_future_birth_date_in_both_centuries_is_impossible() -> None:
    # Born 1 Dec: 2026-12-01 is in the future, 1926-12-01 makes the person 99: valid.
    assert parse_nik("7271020112260001", reference=REF).birth_date == date(1926, 12, 1)


def test_unknown_regency_or_kecamatan_is_only_a_warning() -> None:
    nik = parse_nik("7299024507050001", reference=REF)
    assert [w.code for w in nik.warnings] == ["nik_regency_unknown"]
    nik = parse_nik("7271994507050001", reference=REF)
    assert [w.code for w in nik.warnings] == ["nik_kecamatan_unknown"]
    assert all(not w.is_error for w in nik.warnings)


def test_age_on_birthday_edges() -> None:
    assert age_on(date(2009, 11, 28), date(2026, 11, 28)) == 17
    assert age_on(date(2009, 11, 29), date(2026, 11, 28)) == 16
    assert age_on(date(2008, 2, 29), date(2025, 2, 28)) == 16
    assert age_on(date(2008, 2, 29), date(2025, 3, 1)) == 17


KECAMATAN = sorted(r.code for r in regions().children("72.71"))


@given(
    kecamatan=st.sampled_from(KECAMATAN),
    birth=st.dates(min_value=date(1927, 11, 29), max_value=REF),
    sex=st.sampled_from([MALE, FEMALE]),
    serial=st.integers(min_value=1, max_value=9999),
)
def test_format_then_parse_round_trips(kecamatan: str, birth: date, sex: str, serial: int) -> None:
    text = format_nik(kecamatan_code=kecamatan, birth_date=birth, sex=sex, serial=serial)
    nik = parse_nik(text, reference=REF)
    assert nik.kecamatan_code == kecamatan
    assert nik.birth_date == birth
    assert nik.sex == sex
    assert int(nik.serial) == serial
    assert nik.warnings == ()
    assert 0 <= nik.age_on(REF) <= 99


@given(st.text(max_size=20))
def test_any_text_is_parsed_or_refused_with_a_nik_error(text: str) -> None:
    try:
        nik = parse_nik(text, reference=REF)
    except NikError as exc:
        assert exc.problem.is_error
    else:
        assert len(nik.value) == 16 and nik.value.isdigit()
        assert nik.serial != "0000"


@given(st.from_regex(r"\A[0-9]{16}\Z"))
def test_any_16_digits_give_a_consistent_answer(text: str) -> None:
    try:
        nik = parse_nik(text, reference=REF)
    except NikError as exc:
        assert exc.problem.code in {"nik_province", "nik_date", "nik_serial"}
    else:
        day = int(text[6:8])
        assert nik.sex == (FEMALE if day > 40 else MALE)
        assert nik.birth_date.day == (day - 40 if day > 40 else day)
        assert nik.birth_date.month == int(text[8:10])
        assert nik.birth_date.year % 100 == int(text[10:12])
