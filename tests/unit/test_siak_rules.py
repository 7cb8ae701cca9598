"""The field rules as SIAK has them: ASN for PNS, SIAK's marital statuses, JANDA/DUDA asked,
the youngest age married, TIDAK TAHU blood type, a WNA's KITAP, and today in the desk's
zone for the `nik` command."""

from __future__ import annotations

import argparse
import csv
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ektp_desk import cli
from ektp_desk.cli import nik as nik_cli
from ektp_desk.desk import Desk, ValidationFailed
from ektp_desk.domain import vocab
from ektp_desk.domain.biodata import DeskContext
from ektp_desk.domain.permit import valid_until
from ektp_desk.domain.problems import Problem
from ektp_desk.domain.recording import build_recording
from ektp_desk.protocol.wire import Outcome
from tests.conftest import ADMIN_PASSWORD, FakeClock, new_desk, pin_test_hub
from tests.unit.hub.test_ingest import intake, outbox_batch

Make = Callable[..., dict[str, Any]]
CONTEXT = DeskContext("72.71.02", ZoneInfo("Asia/Makassar"))
NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
# A man born 1 January 2011 (15 on NOW) and one born 1 January 2014 (12).
FIFTEEN = {"nik": "7271020101110001", "tanggal_lahir": "2011-01-01", "jenis_kelamin": "LAKI-LAKI"}
TWELVE = {"nik": "7271020101140001", "tanggal_lahir": "2014-01-01", "jenis_kelamin": "LAKI-LAKI"}


def codes(problems: list[Problem]) -> dict[str, tuple[str, bool]]:
    return {p.field: (p.code, p.is_error) for p in problems}


def build(raw: dict[str, Any], context: DeskContext = CONTEXT) -> Any:
    return build_recording(raw, context=context, now=NOW)


@pytest.mark.parametrize(
    "given",
    ["PNS", "Pegawai Negeri Sipil", "PEGAWAI NEGERI SIPIL (PNS)", "PPPK", "asn"],
)
def test_pns_and_pppk_are_asn(make_recording: Make, given: str) -> None:
    recording, problems = build(make_recording(pekerjaan=given))
    assert recording is not None, problems
    assert recording.biodata["pekerjaan"] == "APARATUR SIPIL NEGARA (ASN)"


def test_the_list_offers_asn_not_pns_and_one_kabinet_spelling() -> None:
    assert vocab.ASN in vocab.PEKERJAAN
    assert not any("PNS" in p for p in vocab.PEKERJAAN)
    for given in ("Anggota Kabinet / Kementrian", "ANGGOTA KABINET-KEMENTERIAN", "MENTERI"):
        assert vocab.canonical("pekerjaan", given) == "ANGGOTA KABINET/KEMENTERIAN"


@pytest.mark.parametrize(
    ("siak", "printed"),
    [
        ("KAWIN TERCATAT", "KAWIN"),
        ("Kawin Belum Tercatat", "KAWIN"),
        ("CERAI HIDUP TERCATAT", "CERAI HIDUP"),
        ("CERAI HIDUP BELUM TERCATAT", "CERAI HIDUP"),
        ("CERAI MATI", "CERAI MATI"),
    ],
)
def test_siak_marital_statuses_map_to_the_printed_one(
    make_recording: Make, siak: str, printed: str
) -> None:
    recording, problems = build(make_recording(status_perkawinan=siak))
    assert recording is not None, problems
    assert recording.biodata["status_perkawinan"] == printed


@pytest.mark.parametrize("given", ["JANDA", "duda"])
def test_janda_and_duda_are_asked_not_guessed(make_recording: Make, given: str) -> None:
    recording, problems = build(make_recording(status_perkawinan=given))
    assert recording is None
    (problem,) = [p for p in problems if p.field == "status_perkawinan"]
    assert problem.code == "status_ambiguous"
    assert "CERAI HIDUP atau CERAI MATI" in problem.message("id")


def test_married_below_the_minimum_age_is_refused_below_19_warned(make_recording: Make) -> None:
    recording, problems = build(make_recording(**TWELVE, status_perkawinan="KAWIN"))
    assert recording is None
    assert codes(problems)["status_perkawinan"] == ("married_too_young", True)
    recording, problems = build(make_recording(**FIFTEEN, status_perkawinan="CERAI HIDUP"))
    assert recording is not None, problems
    assert codes(problems) == {"status_perkawinan": ("married_under_age", False)}
    stricter = DeskContext("72.71.02", ZoneInfo("Asia/Makassar"), marriage_min_age=16)
    recording, problems = build(make_recording(**FIFTEEN, status_perkawinan="KAWIN"), stricter)
    assert recording is None and codes(problems)["status_perkawinan"][0] == "married_too_young"


def test_the_minimum_age_is_a_desk_setting(desk: Desk, make_recording: Make) -> None:
    desk.change_setting("marriage_min_age", "16")
    with pytest.raises(ValidationFailed) as refused:
        desk.recordings.save(make_recording(**FIFTEEN, status_perkawinan="KAWIN"))
    assert "married_too_young" in {p.code for p in refused.value.problems}
    desk.change_setting("marriage_min_age", "13")
    saved = desk.recordings.save(make_recording(**FIFTEEN, status_perkawinan="KAWIN"))
    assert [w.code for w in saved.warnings] == ["married_under_age"]


@pytest.mark.parametrize("given", ["TIDAK TAHU", "tidak_tahu", "Tidak Tahu"])
def test_blood_type_not_known(make_recording: Make, given: str) -> None:
    recording, problems = build(make_recording(golongan_darah=given))
    assert recording is not None, problems
    assert recording.biodata["golongan_darah"] == "-"


def test_a_siak_resident_list_is_mapped_on_import(desk: Desk, tmp_path: Path) -> None:
    path = tmp_path / "siak.csv"
    path.write_text(
        "nik,nama,tanggal_lahir,status_perkawinan,pekerjaan,golongan_darah\n"
        "7271020312880042,Budi Santoso,03-12-1988,KAWIN TERCATAT,PNS,TIDAK_TAHU\n"
        "7271024507050001,Siti Lamakarate,2005-07-05,JANDA,PPPK,O\n",
        encoding="utf-8",
    )
    result = desk.residents.import_file(path)
    assert (result.imported, result.rejected) == (1, 1)
    budi = desk.residents.get("7271020312880042")
    assert budi is not None
    assert budi.fields["status_perkawinan"] == "KAWIN"
    assert budi.fields["pekerjaan"] == "APARATUR SIPIL NEGARA (ASN)"
    assert budi.fields["golongan_darah"] == "-"
    assert desk.residents.get("7271024507050001") is None  # JANDA: asked, not guessed


# Andi, 15, married: imported with a warning; Budi, 37, married: nothing to say; Candra, 12,
# married: refused.
MARRIED_YOUNG = (
    "nik,nama,tanggal_lahir,jenis_kelamin,status_perkawinan\n"
    "7271020101110001,Andi Muda,2011-01-01,L,KAWIN\n"
    "7271020312880042,Budi Santoso,03-12-1988,L,KAWIN\n"
    "7271020101140001,Candra Kecil,2014-01-01,L,KAWIN\n"
)


def test_an_import_warns_of_a_marriage_below_19_and_keeps_the_row(
    desk: Desk, tmp_path: Path
) -> None:
    path = tmp_path / "warga.csv"
    path.write_text(MARRIED_YOUNG, encoding="utf-8")
    result = desk.residents.import_file(path)
    assert (result.imported, result.rejected, result.warnings) == (2, 1, 1)
    assert desk.residents.get("7271020101110001") is not None
    assert result.report is not None
    with result.report.open(encoding="utf-8-sig", newline="") as f:
        report = list(csv.DictReader(f))
    assert [(r["baris"], r["kolom"], r["tingkat"], r["severity"]) for r in report] == [
        ("4", "status_perkawinan", "ditolak", "rejected"),
        ("2", "status_perkawinan", "peringatan", "warning"),
    ]
    assert "di bawah umur perkawinan 19" in report[1]["pesan"]
    assert "below the marriage age of 19" in report[1]["message"]
    # Nothing to warn of, nothing refused: no report.
    path.write_text(MARRIED_YOUNG.splitlines()[0] + "\n" + MARRIED_YOUNG.splitlines()[2] + "\n")
    again = desk.residents.import_file(path)
    assert (again.warnings, again.report) == (0, None)


def test_the_import_command_counts_the_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    new_desk(tmp_path / "desk").close()
    monkeypatch.setenv("EKTP_DESK_USER", "admin")
    monkeypatch.setenv("EKTP_DESK_PASSWORD", ADMIN_PASSWORD)
    path = tmp_path / "warga.csv"
    adult = "7271020101900001,Candra Dewasa,1990-01-01,L,KAWIN"
    path.write_text(MARRIED_YOUNG.replace(MARRIED_YOUNG.splitlines()[3], adult), "utf-8")
    code = cli.main(["--data-dir", str(tmp_path / "desk"), "residents", "import", str(path)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "imported 3 residents (3 new, 0 updated), rejected 0 rows, 1 warnings" in out
    assert f"the warnings are in {tmp_path / 'warga.errors.csv'}" in out
    path.write_text(MARRIED_YOUNG, "utf-8")
    code = cli.main(["--data-dir", str(tmp_path / "desk"), "residents", "import", str(path)])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "rejected 1 rows, 1 warnings" in out
    assert "the rejected rows and their reasons, and the warnings are in" in out


WNA = {"kewarganegaraan": "WNA", "no_kitap": "2c11ab0123456", "kitap_berlaku": "2029-06-30"}


def test_a_wna_needs_the_kitap_and_its_end(make_recording: Make) -> None:
    recording, problems = build(make_recording(**WNA))
    assert recording is not None, problems
    assert recording.biodata["no_kitap"] == "2C11AB0123456"
    assert valid_until(recording.biodata) == "30-06-2029"
    _, problems = build(make_recording(kewarganegaraan="WNA"))
    assert codes(problems)["no_kitap"] == ("permit_required", True)
    assert codes(problems)["kitap_berlaku"] == ("permit_required", True)
    _, problems = build(make_recording(**{**WNA, "kitap_berlaku": "2026-11-27"}))
    assert codes(problems)["kitap_berlaku"] == ("permit_expired", True)
    _, problems = build(make_recording(**{**WNA, "kewarganegaraan": "WNI"}))
    assert codes(problems)["no_kitap"] == ("permit_for_wni", True)
    recording, _ = build(make_recording())
    assert recording is not None and "no_kitap" not in recording.biodata
    assert valid_until(recording.biodata) == "SEUMUR HIDUP"


def test_a_wna_recording_travels_to_the_hub(tmp_path: Path, make_recording: Make) -> None:
    desk = new_desk(tmp_path / "desk")
    private = pin_test_hub(desk)
    desk.recordings.save(make_recording(**WNA, recorded_at=None))
    batch = outbox_batch(desk)
    desk.close()
    ingestor, sender = intake(str(tmp_path / "hub.sqlite3"), private)
    [result] = ingestor.ingest(sender, *batch)
    assert result.outcome is Outcome.ACCEPTED, result.reason


def test_nik_counts_the_age_on_the_desks_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # 16:30 UTC on 1 March 2027 is already 2 March in Palu (WITA, UTC+8): a boy born on
    # 2 March 2010 is 17 there, whatever the computer's own zone or date.
    clock = FakeClock(datetime(2027, 3, 1, 16, 30, tzinfo=UTC))
    new_desk(tmp_path / "desk", clock=clock).close()
    monkeypatch.setattr(
        nik_cli, "open_desk", lambda args: Desk.open(Path(args.data_dir), clock=clock)
    )
    assert cli.main(["nik", "7271020203100001", "--data-dir", str(tmp_path / "desk")]) == 0
    assert "(age 17 on 2027-03-02)" in capsys.readouterr().out


def test_with_no_desk_the_nik_command_uses_the_zone_of_the_niks_region(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Fixed(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Fixed:
            return cls(2027, 3, 1, 16, 30, tzinfo=UTC)

    monkeypatch.setattr(nik_cli, "datetime", Fixed)
    args = argparse.Namespace(data_dir=str(tmp_path / "none"))
    assert nik_cli.today_for(args, "7271020203100001") == date(2027, 3, 2)  # Palu: WITA
    assert nik_cli.today_for(args, "3171020203100001") == date(2027, 3, 1)  # Jakarta: WIB
    assert not (tmp_path / "none").exists()


def test_the_readme_describes_every_field_of_the_recording() -> None:
    from ektp_desk.domain.biodata import BIODATA_FIELDS

    readme = (Path(__file__).parents[2] / "README.md").read_text("utf-8")
    table = readme.split("## The recording (JSON)")[1].split("\n\n```json")[0]
    rows = {line.split("|")[1].strip() for line in table.splitlines() if line.startswith("| `")}
    named = {name.strip("` ") for row in rows for name in row.split(",")}
    assert set(BIODATA_FIELDS) <= named, set(BIODATA_FIELDS) - named
    marital = next(line for line in table.splitlines() if line.startswith("| `status_perkawinan`"))
    for siak in ("KAWIN TERCATAT", "KAWIN BELUM TERCATAT", "CERAI HIDUP BELUM TERCATAT", "JANDA"):
        assert f"`{siak}`" in marital
