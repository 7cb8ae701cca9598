from __future__ import annotations

import pytest

from ektp_desk.domain.announce import call_text, desk_words, label_words, number_words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (7, "tujuh"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (45, "empat puluh lima"),
        (100, "seratus"),
        (111, "seratus sebelas"),
        (250, "dua ratus lima puluh"),
        (1000, "seribu"),
        (1999, "seribu sembilan ratus sembilan puluh sembilan"),
        (21000, "dua puluh satu ribu"),
        (1_000_000, "satu juta"),
    ],
)
def test_number_words(n: int, words: str) -> None:
    assert number_words(n) == words


def test_negative_number_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        number_words(-1)


def test_label_is_read_digit_by_digit() -> None:
    assert label_words("A001") == "A nol nol satu"
    assert label_words("A120") == "A satu dua nol"
    assert label_words("b7") == "B tujuh"


@pytest.mark.parametrize(
    ("desk_id", "words"),
    [
        ("PALU-BARAT-1", "satu"),
        ("MEJA12", "dua belas"),
        ("TAWAELI-03", "tiga"),
        ("LOKET-A", "loket A"),
    ],
)
def test_desk_words(desk_id: str, words: str) -> None:
    assert desk_words(desk_id) == words


def test_call_text() -> None:
    assert call_text("A001", "PALU-BARAT-1") == "Nomor antrian A nol nol satu, silakan ke meja satu"
    assert call_text("A015", "PALU-TIMUR-2") == "Nomor antrian A nol satu lima, silakan ke meja dua"
