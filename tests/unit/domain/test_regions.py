from __future__ import annotations

import pytest

from ektp_desk.domain.regions import Level, dotted, regions, timezone_for


def test_the_whole_list_is_shipped() -> None:
    rl = regions()
    levels = dict.fromkeys(Level, 0)
    for code in rl._names:
        levels[rl.get(code).level] += 1  # type: ignore[union-attr]
    assert levels == {
        Level.PROVINCE: 38,
        Level.REGENCY: 514,
        Level.KECAMATAN: 7285,
        Level.KELURAHAN: 83762,
    }


def test_lookup_by_code() -> None:
    rl = regions()
    assert rl.name("72") == "Sulawesi Tengah"
    assert rl.name("72.71") == "Kota Palu"
    assert rl.name("72.71.02") == "Palu Barat"
    assert rl.name("72.71.02.1007") == "Kamonji"
    assert rl.get("72.71.99") is None
    assert [r.name for r in rl.chain("72.71.02.1007")] == [
        "Sulawesi Tengah",
        "Kota Palu",
        "Palu Barat",
        "Kamonji",
    ]


def test_a_kecamatan_offers_its_kelurahan() -> None:
    children = regions().children("72.71.02")
    assert [(r.code, r.name) for r in children][:3] == [
        ("72.71.02.1002", "Ujuna"),
        ("72.71.02.1005", "Balaroa"),
        ("72.71.02.1007", "Kamonji"),
    ]
    # Village codes 1xxx are kelurahan, 2xxx desa: Palu Barat has only kelurahan.
    assert all(r.level is Level.KELURAHAN and r.code[-4] != "2" for r in children)
    palu = [r.name for r in regions().children("72.71")]
    assert palu == [
        "Palu Timur", "Palu Barat", "Palu Selatan", "Palu Utara",
        "Ulujadi", "Tatanga", "Tawaeli", "Mantikulore",
    ]  # fmt: skip


def test_search_by_name() -> None:
    found = regions().search("palu barat")
    assert found[0].code == "72.71.02"
    kamonji = regions().search("kamon", level=Level.KELURAHAN, within="72.71.02")
    assert [r.code for r in kamonji] == ["72.71.02.1007"]
    assert regions().search("kamonji", within="72.71.01") == []
    assert regions().search("   ") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("727102", "72.71.02"), ("72.71.02", "72.71.02"), ("7271021007", "72.71.02.1007")],
)
def test_dotted(text: str, expected: str) -> None:
    assert dotted(text) == expected


def test_dotted_refuses_other_text() -> None:
    with pytest.raises(ValueError, match="not a region code"):
        dotted("72710")


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("72.71.02", "Asia/Makassar"),  # Sulawesi Tengah: WITA
        ("31.71.01", "Asia/Jakarta"),  # Jakarta: WIB
        ("61.71.01", "Asia/Pontianak"),  # Kalimantan Barat: WIB
        ("51.71.01", "Asia/Makassar"),  # Bali: WITA
        ("91.71.01", "Asia/Jayapura"),  # Papua: WIT
        ("82.71.01", "Asia/Jayapura"),  # Maluku Utara: WIT
    ],
)
def test_time_zone_follows_the_province(code: str, zone: str) -> None:
    assert timezone_for(code) == zone
