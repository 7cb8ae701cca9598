"""The dashboard's figures from a hub's store, on SQLite and PostgreSQL: a kecamatan with a
published list counts its residents who must hold a KTP (a child left out, a walk-in apart,
a duplicate shown apart), per kelurahan too; one with no list counts every accepted record,
apart from the city's target; a case decision moves the figures."""

from __future__ import annotations

import pytest

from ektp_desk.domain.progress import standing
from ektp_desk.hub.dashboard.figures import Settings, city_view, kecamatan_view
from ektp_desk.hub.store import HubStore
from tests.dashboard_seed import KEC_LISTED, KEC_OPEN, KEL_A, KEL_B, Seeded, seed


@pytest.fixture
def seeded(store: HubStore) -> Seeded:
    return seed(store)


def test_the_city_counts_each_kecamatan_against_its_list(store: HubStore, seeded: Seeded) -> None:
    settings = Settings()
    view = city_view(store, settings, seeded.today)
    listed, unlisted = (next(a for a in view.areas if a.code == c) for c in (KEC_LISTED, KEC_OPEN))
    assert (listed.target, listed.recorded) == (seeded.listed_target, seeded.listed_recorded)
    assert (listed.outside, listed.duplicates) == (seeded.walk_ins, seeded.duplicates)
    assert listed.name == "Palu Barat" and listed.link == f"/kecamatan/{KEC_LISTED}"
    expected = standing(
        seeded.listed_target, seeded.listed_recorded, as_of=seeded.today,
        deadline=settings.deadline, holidays=settings.holidays, last_7_days=3,
    )  # fmt: skip
    assert listed.percent == expected.percent == 40.0
    assert listed.needed_per_day == expected.needed_per_day
    assert listed.average == expected.average_last_7_days
    assert view.days_left == expected.working_days_left
    assert (unlisted.target, unlisted.recorded) == (None, seeded.open_recorded)
    total = view.total
    assert (total.target, total.recorded) == (seeded.listed_target, seeded.listed_recorded)
    assert total.outside == seeded.walk_ins + seeded.open_recorded
    assert view.series[-1][1] == seeded.listed_recorded


def test_a_kecamatan_goes_down_to_its_kelurahan(store: HubStore, seeded: Seeded) -> None:
    view = kecamatan_view(store, Settings(), seeded.today, KEC_LISTED)
    assert view is not None
    rows = view.kelurahan
    assert sorted((r.code, r.target, r.recorded) for r in rows) == sorted(
        [(KEL_A, *seeded.kel_a), (KEL_B, *seeded.kel_b)]
    )
    assert {r.name for r in rows} == {"Kamonji", "Ujuna"}
    opened = kecamatan_view(store, Settings(), seeded.today, KEC_OPEN)
    assert opened is not None and opened.kelurahan == []
    assert kecamatan_view(store, Settings(), seeded.today, "72.71.99") is None


def test_a_kecamatans_page_shows_its_row_of_the_city_page(store: HubStore, seeded: Seeded) -> None:
    city = city_view(store, Settings(), seeded.today)
    for area in city.areas:
        view = kecamatan_view(store, Settings(), seeded.today, area.code)
        assert view is not None and view.area == area
        # its recordings by day: the listed residents' with a list, every record's without
        daily = (
            store.listed_daily(kecamatan=area.code).get(area.code, {})
            if area.target is not None
            else {d: n for k, d, n in store.daily_recorded() if k == area.code}
        )
        assert view.daily == daily


def test_voiding_both_records_of_a_case_takes_the_resident_off_the_count(
    store: HubStore, seeded: Seeded
) -> None:
    (case,) = store.cases("open")
    store.resolve_case(case.case_id, keep=None, reason="NIK salah ketik", by="ana", at="t")
    listed = next(
        a for a in city_view(store, Settings(), seeded.today).areas if a.code == KEC_LISTED
    )
    assert (listed.recorded, listed.duplicates) == (seeded.listed_recorded - 1, 0)
