from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ektp_desk.domain.biodata import DeskContext
from ektp_desk.domain.captures import BIOMETRIC_SLOTS
from ektp_desk.domain.eligibility import Eligibility
from ektp_desk.domain.problems import Problem
from ektp_desk.domain.recording import (
    Recording,
    build_recording,
    file_reader,
    read_draft,
)
from tests.conftest import FACE, SMALL, b64, png

CONTEXT = DeskContext("72.71.02", ZoneInfo("Asia/Makassar"))
NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)  # 10:00 WITA

Make = Callable[..., dict[str, Any]]


def build(raw: object, **kwargs: Any) -> tuple[Recording | None, list[Problem]]:
    return build_recording(raw, context=CONTEXT, now=NOW, **kwargs)


def errors(problems: list[Problem]) -> dict[str, str]:
    return {p.field: p.code for p in problems if p.is_error}


def test_a_valid_recording_is_normalised(make_recording: Make) -> None:
    recording, problems = build(make_recording())
    assert recording is not None, problems
    bio = recording.biodata
    assert bio["nama"] == "SITI LAMAKARATE"
    assert bio["alamat"] == "JL. TOMBOLOTUTU NO. 5"
    assert (bio["rt"], bio["rw"]) == ("003", "002")
    assert recording.age == 21
    assert recording.eligibility is Eligibility.ELIGIBLE
    assert recording.local_date.isoformat() == "2026-11-28"
    assert recording.recorded_at == NOW
    assert [c.slot for c in recording.captures] == list(BIOMETRIC_SLOTS)
    face = recording.captures[0]
    assert (face.format, face.width, face.height, face.quality) == ("png", 480, 640, 90)
    assert problems == []


@pytest.mark.parametrize(
    ("field", "given", "canonical"),
    [
        ("agama", "Katholik", "KATOLIK"),
        ("agama", "budha", "BUDDHA"),
        ("agama", "Kong Hu Cu", "KHONGHUCU"),
        ("agama", "kepercayaan", "KEPERCAYAAN TERHADAP TUHAN YME"),
        ("jenis_kelamin", "P", "PEREMPUAN"),
        ("jenis_kelamin", "wanita", "PEREMPUAN"),
        ("pekerjaan", "pelajar / mahasiswa", "PELAJAR/MAHASISWA"),
        ("pekerjaan", "Mahasiswa", "PELAJAR/MAHASISWA"),
        ("golongan_darah", "ab+", "AB+"),
        ("status_perkawinan", "belum  kawin", "BELUM KAWIN"),
        ("kewarganegaraan", "wni", "WNI"),
    ],
)
def test_spelling_variants_become_the_printed_value(
    make_recording: Make, field: str, given: str, canonical: str
) -> None:
    recording, problems = build(make_recording(**{field: given}))
    assert recording is not None, problems
    assert recording.biodata[field] == canonical


def test_blood_type_defaults_to_unknown(make_recording: Make) -> None:
    recording, _ = build(make_recording(golongan_darah=None))
    assert recording is not None
    assert recording.biodata["golongan_darah"] == "-"


def test_every_problem_is_reported_at_once_each_on_its_field(make_recording: Make) -> None:
    raw = make_recording(
        no_kk="12345",
        nama="Siti 99",
        agama="Jedi",
        pekerjaan="astronot",
        rt="0",
        rw="abcd",
        kelurahan="72.71.02.9999",
        kewarganegaraan=None,
        status_perkawinan="maybe",
        warna="biru",
    )
    recording, problems = build(raw)
    assert recording is None
    assert errors(problems) == {
        "no_kk": "kk_format",
        "nama": "name_characters",
        "agama": "not_in_list",
        "pekerjaan": "not_in_list",
        "rt": "rt_rw_format",
        "rw": "rt_rw_format",
        "kelurahan": "kelurahan_unknown",
        "kewarganegaraan": "required",
        "status_perkawinan": "not_in_list",
        "warna": "unknown_field",
    }
    for p in problems:
        assert p.message_id and p.message_en and p.message_id != p.message_en


def test_missing_fields_are_required(make_recording: Make) -> None:
    raw = {"biometrics": make_recording()["biometrics"]}
    _, problems = build(raw)
    required = {p.field for p in problems if p.code == "required"}
    assert required == {
        "nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "alamat",
        "rt", "rw", "kelurahan", "agama", "status_perkawinan", "pekerjaan", "kewarganegaraan",
    }  # fmt: skip


def test_nik_must_agree_with_sex_and_birth_date(make_recording: Make) -> None:
    _, problems = build(make_recording(jenis_kelamin="LAKI-LAKI", tanggal_lahir="2005-07-06"))
    assert errors(problems) == {
        "jenis_kelamin": "nik_sex_mismatch",
        "tanggal_lahir": "nik_birth_mismatch",
    }


def test_bad_nik_is_reported_on_the_nik_field(make_recording: Make) -> None:
    _, problems = build(make_recording(nik="7271024507050000"))
    assert errors(problems)["nik"] == "nik_serial"


def test_kelurahan_of_another_kecamatan_is_a_warning(make_recording: Make) -> None:
    recording, problems = build(make_recording(kelurahan="72.71.01.1004"))
    assert recording is not None
    assert [(p.field, p.code, p.is_error) for p in problems] == [
        ("kelurahan", "kelurahan_elsewhere", False)
    ]
    assert recording.warnings == tuple(problems)


@pytest.mark.parametrize(
    ("nik", "birth", "status", "expected"),
    [
        ("7271020511090001", "2009-11-05", "BELUM KAWIN", Eligibility.ELIGIBLE),  # 17
        ("7271022911090001", "2009-11-29", "BELUM KAWIN", Eligibility.EARLY),  # 16, 17 tomorrow
        ("7271020101100001", "2010-01-01", "BELUM KAWIN", Eligibility.EARLY),  # 16
        ("7271020101110001", "2011-01-01", "KAWIN", Eligibility.ELIGIBLE),  # 15, married
        ("7271020101110001", "2011-01-01", "CERAI HIDUP", Eligibility.ELIGIBLE),
    ],
)
def test_eligibility(
    make_recording: Make, nik: str, birth: str, status: str, expected: Eligibility
) -> None:
    recording, problems = build(
        make_recording(
            nik=nik, tanggal_lahir=birth, jenis_kelamin="LAKI-LAKI", status_perkawinan=status
        )
    )
    assert recording is not None, problems
    assert recording.eligibility is expected
    assert [p.code for p in problems] == (
        ["early_recording"]
        if expected is Eligibility.EARLY
        else ["married_under_age"]  # married at 15: lawful only with a dispensation
        if status != "BELUM KAWIN"
        else []
    )


def test_a_fifteen_year_old_never_married_is_refused_with_the_reason(
    make_recording: Make,
) -> None:
    recording, problems = build(
        make_recording(nik="7271020101110001", tanggal_lahir="2011-01-01", jenis_kelamin="L")
    )
    assert recording is None
    (problem,) = [p for p in problems if p.is_error]
    assert problem.code == "not_eligible"
    assert "umur 15" in problem.message_id and "aged 15" in problem.message_en


def test_age_counts_on_the_recording_date_not_today(make_recording: Make) -> None:
    # 17 on 2026-11-05; recorded a month earlier at 16: early, not plain eligible.
    recording, _ = build(
        make_recording(
            nik="7271020511090001",
            tanggal_lahir="2009-11-05",
            jenis_kelamin="LAKI-LAKI",
            recorded_at="2026-10-20T09:00:00+08:00",
        )
    )
    assert recording is not None
    assert recording.age == 16 and recording.eligibility is Eligibility.EARLY


def test_recorded_at_needs_an_offset_and_cannot_be_in_the_future(make_recording: Make) -> None:
    _, problems = build(make_recording(recorded_at="2026-11-28T09:00:00"))
    assert errors(problems) == {"recorded_at": "datetime_offset"}
    _, problems = build(make_recording(recorded_at="2026-11-28T12:00:00+08:00"))
    assert errors(problems) == {"recorded_at": "future_time"}
    _, problems = build(make_recording(recorded_at="kemarin"))
    assert errors(problems) == {"recorded_at": "datetime_format"}


def test_local_date_follows_the_desk_time_zone(make_recording: Make) -> None:
    # 23:30 UTC on the 27th is 07:30 WITA on the 28th.
    recording, _ = build(make_recording(recorded_at="2026-11-27T23:30:00+00:00"))
    assert recording is not None
    assert recording.local_date.isoformat() == "2026-11-28"


def test_every_biometric_slot_must_be_captured_or_excepted(make_recording: Make) -> None:
    raw = make_recording()
    del raw["biometrics"]["fingers"]["L3"]
    del raw["biometrics"]["iris"]["R"]
    raw["biometrics"]["fingers"]["R2"] = {"exception": "JARI TERLUKA"}
    raw["biometrics"]["iris"]["L"] = {"exception": "  MATA   BUTA "}
    recording, problems = build(raw)
    assert recording is None
    assert errors(problems) == {
        "biometrics.fingers.L3": "capture_missing",
        "biometrics.iris.R": "capture_missing",
    }
    raw["biometrics"]["fingers"]["L3"] = {"exception": "AMPUTASI"}
    raw["biometrics"]["iris"]["R"] = {"base64": b64(SMALL)}
    recording, problems = build(raw)
    assert recording is not None, problems
    by_slot = {c.slot: c for c in recording.captures}
    assert by_slot["iris.L"].exception == "MATA BUTA"
    assert by_slot["iris.L"].image is None


@pytest.mark.parametrize(
    ("slot_change", "code"),
    [
        ({"face": {"exception": "TIDAK ADA"}}, "exception_not_allowed"),
        ({"signature": {"exception": "TIDAK BISA"}}, "exception_not_allowed"),
        ({"face": {"base64": b64(png(479, 640))}}, "face_too_small"),
        ({"face": {"base64": b64(b"GIF89a" + bytes(40))}}, "image_content"),
        ({"face": {"base64": b64(FACE[:-12])}}, "image_content"),
        ({"face": {"base64": "not base64!"}}, "base64"),
        ({"face": {"base64": b64(FACE), "quality": 101}}, "quality_range"),
        ({"face": {"base64": b64(FACE), "file": "x.png"}}, "biometric_format"),
        ({"face": "face.png"}, "biometric_format"),
        ({"signature": {"exception": ""}}, "exception_not_allowed"),
    ],
)
def test_bad_biometric_items(make_recording: Make, slot_change: dict[str, Any], code: str) -> None:
    raw = make_recording()
    raw["biometrics"].update(slot_change)
    _, problems = build(raw)
    slot = next(iter(slot_change))
    assert errors(problems) == {f"biometrics.{slot}": code}


def test_empty_exception_reason_on_a_finger_is_refused(make_recording: Make) -> None:
    raw = make_recording()
    raw["biometrics"]["fingers"]["R1"] = {"exception": "  "}
    _, problems = build(raw)
    assert errors(problems) == {"biometrics.fingers.R1": "exception_reason"}


def test_images_from_files_relative_to_the_json(tmp_path: Path, make_recording: Make) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "face.png").write_bytes(FACE)
    raw = make_recording()
    raw["biometrics"]["face"] = {"file": "img/face.png", "quality": 77}
    raw["biometrics"]["signature"] = {"file": "img/missing.png"}
    _, problems = build(read_draft(raw, read_file=file_reader(tmp_path)))
    assert errors(problems) == {"biometrics.signature": "file_unreadable"}
    raw["biometrics"]["signature"] = {"file": "img/face.png"}
    recording, _ = build(read_draft(raw, read_file=file_reader(tmp_path)))
    assert recording is not None
    assert recording.captures[0].image == FACE


def test_a_non_object_is_refused() -> None:
    recording, problems = build(["not", "an", "object"])
    assert recording is None
    assert [p.code for p in problems] == ["not_an_object"]


def test_an_exception_may_carry_its_photo(make_recording: Make) -> None:
    import io
    import zipfile
    from datetime import UTC, datetime

    from ektp_desk.protocol.payload import build_payload, capture_summary

    raw = make_recording()
    raw["biometrics"]["fingers"]["L5"] = {
        "exception": "JARI DIAMPUTASI",
        "photo": {"base64": b64(FACE)},
    }
    recording, problems = build(raw)
    assert recording is not None, problems
    capture = next(c for c in recording.captures if c.slot == "fingers.L5")
    assert capture.exception_photo == FACE and capture.exception_photo_format == "png"
    assert capture_summary(recording)["fingers.L5"] == {
        "exception": "JARI DIAMPUTASI",
        "photo": "exceptions/fingers_L5.png",
    }
    payload = build_payload(
        recording, record_id="r", desk_id="d", operator="o", finalized_at=datetime.now(UTC)
    )
    with zipfile.ZipFile(io.BytesIO(payload)) as zf:
        assert zf.read("exceptions/fingers_L5.png") == FACE

    raw["biometrics"]["fingers"]["L5"] = {"exception": "AMPUTASI", "photo": {"base64": b64(b"no")}}
    _, problems = build(raw)
    assert errors(problems) == {"biometrics.fingers.L5.photo": "image_content"}
    raw["biometrics"]["fingers"]["L5"] = {"base64": b64(SMALL), "photo": {"base64": b64(FACE)}}
    _, problems = build(raw)
    assert errors(problems) == {"biometrics.fingers.L5": "biometric_format"}
