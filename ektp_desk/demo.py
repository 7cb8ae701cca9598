"""Synthetic but valid residents and recordings, for demos, training and benchmarks.

Everything is drawn from one seeded random generator, so the same seed gives the same
people. Recordings go through the same validation and save path as a clerk's.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from ektp_desk.desk import Desk, SavedRecording, ValidationFailed
from ektp_desk.domain.accounts import Permission
from ektp_desk.domain.captures import FINGERS, IRISES
from ektp_desk.domain.images import encode_png_gray
from ektp_desk.domain.nik import FEMALE, MALE, format_nik
from ektp_desk.domain.recording import read_draft
from ektp_desk.domain.vocab import AGAMA, PEKERJAAN

MALE_NAMES = (
    "MUHAMMAD", "AHMAD", "ANDI", "RIZKY", "FAJAR", "ARIF", "BUDI", "HENDRA", "IRWAN", "YUSUF",
    "SYAHRUL", "FADLI", "AGUS", "DEDI", "RAHMAT", "IKHSAN", "ILHAM", "MOH.", "KADEK", "YOHANES",
)  # fmt: skip
FEMALE_NAMES = (
    "SITI", "NUR", "DEWI", "FITRI", "RATNA", "WAHYUNI", "ANISA", "PUTRI", "SRI", "RISKA",
    "NURHAYATI", "HASNAH", "MARLINA", "YULIANA", "NI LUH", "FATIMAH", "INDAH", "SRIWAHYUNI",
)  # fmt: skip
FAMILY_NAMES = (
    "LAMAKARATE", "TOMBOLOTUTU", "LASADINDI", "PUTRA", "SAPUTRA", "HIDAYAT", "RAHMAN", "LATIF",
    "PAKAMUNDI", "LAMBARA", "DAENG", "PALUSI", "SUMARNO", "SANTOSO", "WIJAYA", "LAPASERE",
    "TONDJI", "MALUSU", "MASTURA", "SALEH", "HASAN", "KADIR", "BORMAN", "LAHAMI",
)  # fmt: skip
STREETS = (
    "JL. TOMBOLOTUTU", "JL. DIPONEGORO", "JL. GAJAH MADA", "JL. SIS ALJUFRI", "JL. CUT MUTIAH",
    "JL. KARTINI", "JL. MOH. HATTA", "JL. TANJUNG MANIMBAYA", "JL. SAM RATULANGI",
    "JL. TRANS SULAWESI", "JL. KIJANG", "JL. MALONDA",
)  # fmt: skip
PLACES = ("PALU", "DONGGALA", "POSO", "PARIGI", "TOLITOLI", "LUWUK", "SIGI", "MAKASSAR")
_SYLLABLES = (
    "LA", "MA", "SA", "TO", "DI", "RU", "KA", "NI", "PA", "BO", "LU", "TU", "NGGA", "WA",
    "RI", "SU", "TI", "MBA", "DE", "RO",
)  # fmt: skip
_YOUNG_JOBS = ("PELAJAR/MAHASISWA", "BELUM/TIDAK BEKERJA")


class BiometricDetail(StrEnum):
    NONE = "none"  # blank placeholder images of a few KB, for volume tests
    SMALL = "small"  # about 40 KB of noisy images per recording
    REALISTIC = "realistic"  # about 300 KB, the size of real captures


@dataclass(frozen=True, slots=True)
class SeedResult:
    residents: int
    recordings: int
    refused: int


def _noise_png(
    rng: random.Random, width: int, height: int, levels: int, *, noisy_rows: float = 1.0
) -> bytes:
    """A greyscale PNG whose pixels take `levels` values in the first `noisy_rows` of its
    rows and one flat shade below: the entropy sets the file's size."""
    table = bytes((i % levels) * (255 // max(levels - 1, 1)) for i in range(256))
    noisy = int(height * noisy_rows)
    pixels = rng.randbytes(width * noisy).translate(table) + bytes([200]) * (
        width * (height - noisy)
    )
    return encode_png_gray(width, height, pixels, level=1)


def _flat_png(width: int, height: int, shade: int) -> bytes:
    return encode_png_gray(width, height, bytes([shade]) * (width * height), level=9)


class ImageMaker:
    """Biometric images of the requested detail, as {slot: bytes}."""

    def __init__(self, detail: BiometricDetail, rng: random.Random) -> None:
        self.detail = detail
        self.rng = rng
        if detail is BiometricDetail.NONE:
            face, small = _flat_png(480, 640, 200), _flat_png(16, 16, 128)
            self._fixed = {"face": face, "signature": small}
            self._fixed.update({f"fingers.{f}": small for f in FINGERS})
            self._fixed.update({f"iris.{i}": small for i in IRISES})

    def images(self) -> dict[str, bytes]:
        if self.detail is BiometricDetail.NONE:
            return dict(self._fixed)
        rng = self.rng
        if self.detail is BiometricDetail.SMALL:
            face = _noise_png(rng, 480, 640, 2, noisy_rows=0.3)
            finger_size, finger_levels, iris_size, iris_levels = 64, 4, 64, 4
        else:
            face = _noise_png(rng, 480, 640, 40)
            finger_size, finger_levels, iris_size, iris_levels = 160, 4, 240, 2
        out = {"face": face, "signature": _noise_png(rng, 300, 40, 2)}
        for f in FINGERS:
            out[f"fingers.{f}"] = _noise_png(rng, finger_size, finger_size, finger_levels)
        for i in IRISES:
            out[f"iris.{i}"] = _noise_png(rng, iris_size, iris_size * 3 // 4, iris_levels)
        return out


class PeopleMaker:
    """Residents of one kecamatan with unique, valid NIKs."""

    def __init__(
        self,
        rng: random.Random,
        kecamatan: str,
        kelurahan: list[str],
        today: date,
        *,
        taken: Callable[[str], bool] = lambda nik: False,
    ):
        self.rng = rng
        self.taken = taken
        self.kecamatan = kecamatan
        self.kelurahan = kelurahan
        self.today = today
        self._serials: dict[tuple[date, str], int] = {}

    def _birth_date(self, *, early_margin_days: int) -> date:
        rng = self.rng
        if rng.random() < 0.04:
            # Sixteen now and still sixteen on any recording day of the demo period.
            return self.today - timedelta(
                days=int(16 * 365.25) + early_margin_days + rng.randint(5, 200)
            )
        age = (
            rng.choice((17, 17, 17, 18, 18, 19, 20)) if rng.random() < 0.5 else rng.randint(21, 80)
        )
        return self.today - timedelta(days=int(age * 365.25) + rng.randint(early_margin_days, 360))

    def _family_name(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return rng.choice(FAMILY_NAMES)
        # Kaili-sounding names made of syllables, so that a large list has many names.
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))

    def person(self, *, early_margin_days: int) -> dict[str, str]:
        rng = self.rng
        sex = MALE if rng.random() < 0.5 else FEMALE
        birth = self._birth_date(early_margin_days=early_margin_days)
        key = (birth, sex)
        serial = self._serials.get(key, 0) + 1
        self._serials[key] = serial
        if serial > 9999:
            return self.person(early_margin_days=early_margin_days)
        nik = format_nik(kecamatan_code=self.kecamatan, birth_date=birth, sex=sex, serial=serial)
        if self.taken(nik):  # already on this desk's list, e.g. from an earlier seed
            return self.person(early_margin_days=early_margin_days)
        given = rng.choice(MALE_NAMES if sex == MALE else FEMALE_NAMES)
        age = (self.today - birth).days // 365
        married = age >= 20 and rng.random() < 0.65
        status = "KAWIN" if married else "BELUM KAWIN"
        if married and age > 55 and rng.random() < 0.2:
            status = "CERAI MATI"
        job = rng.choice(_YOUNG_JOBS) if age < 22 and rng.random() < 0.7 else rng.choice(PEKERJAAN)
        return {
            "nik": nik,
            "no_kk": self.kecamatan.replace(".", "") + f"{rng.randint(1, 9_999_999_999):010d}",
            "nama": f"{given} {self._family_name()}",
            "tempat_lahir": rng.choice(PLACES),
            "tanggal_lahir": birth.isoformat(),
            "jenis_kelamin": sex,
            "golongan_darah": rng.choice(("A", "B", "AB", "O", "-", "-")),
            "alamat": f"{rng.choice(STREETS)} NO. {rng.randint(1, 150)}",
            "rt": f"{rng.randint(1, 12):03d}",
            "rw": f"{rng.randint(1, 6):03d}",
            "kelurahan": rng.choice(self.kelurahan),
            "agama": rng.choices(AGAMA[:6], weights=(78, 12, 3, 4, 2, 1))[0],
            "status_perkawinan": status,
            "pekerjaan": job,
            "kewarganegaraan": "WNI",
        }


def seed(
    desk: Desk,
    *,
    recordings: int,
    days: int = 1,
    seed_value: int = 1,
    detail: BiometricDetail = BiometricDetail.SMALL,
    extra_residents: float = 0.25,
    progress: Callable[[int], None] | None = None,
) -> SeedResult:
    """Add residents (recordings plus `extra_residents` more, not yet recorded) and record
    `recordings` of them over the last `days` days, in office hours."""
    if recordings < 0 or days < 1:
        raise ValueError("recordings must be >= 0 and days >= 1")
    desk.session.require(Permission.SEED_DEMO)
    rng = random.Random(seed_value)
    kelurahan = [code for code, _ in desk.kelurahan_list()]
    today = desk.today()
    people = PeopleMaker(
        rng,
        desk.kecamatan,
        kelurahan,
        today,
        taken=lambda nik: (
            desk.residents.get(nik) is not None or desk.residents.recorded_on(nik) is not None
        ),
    )
    total = recordings + int(recordings * extra_residents)
    residents = [people.person(early_margin_days=days) for _ in range(total)]
    desk.residents.add(residents, source=f"demo seed {seed_value}")

    chosen = rng.sample(range(total), recordings)
    now = desk.now()
    images = ImageMaker(detail, rng)
    stash: dict[str, bytes] = {}

    when = _moments(rng, today=today, now=now, timezone=desk.timezone, days=days)
    items = _recording_items(
        [residents[i] for i in chosen], when, images=images, rng=rng, stash=stash
    )
    per_transaction = 20 if detail is BiometricDetail.REALISTIC else 500
    saved = refused = 0
    drafts = (read_draft(item, read_file=stash.pop) for item in items)
    held: list[str] = []
    for outcome in desk.recordings.save_many(drafts, per_transaction=per_transaction):
        if isinstance(outcome, SavedRecording):
            saved += 1
            if outcome.needs_approval:
                held.append(outcome.record_id)
        elif isinstance(outcome, ValidationFailed):
            refused += 1
        if progress is not None and (saved + refused) % 1000 == 0:
            progress(saved + refused)
    # The days seeded are past: their supervisor approved what needed it (the early ones).
    for record_id in held:
        desk.approvals.approve(record_id, reason="data demo")
    return SeedResult(residents=total, recordings=saved, refused=refused)


def _moments(
    rng: random.Random, *, today: date, now: datetime, timezone: tzinfo, days: int
) -> Iterator[datetime]:
    """Times in office hours over the last `days` days, never later than now."""
    while True:
        day = today - timedelta(days=rng.randrange(days))
        local = datetime.combine(day, time(8), tzinfo=timezone) + timedelta(
            seconds=rng.randrange(8 * 3600)
        )
        if local > now:  # today, later than now: earlier today instead, never yesterday
            since_midnight = now - datetime.combine(day, time(0), tzinfo=timezone)
            span = max(1, min(3600, int(since_midnight.total_seconds())))
            local = now - timedelta(seconds=rng.randrange(span))
        yield local


def _recording_items(
    people: list[dict[str, str]],
    moments: Iterator[datetime],
    *,
    images: ImageMaker,
    rng: random.Random,
    stash: dict[str, bytes],
) -> Iterator[dict[str, object]]:
    """One recording per person, its images kept in `stash` under the names it gives."""
    for number, (resident, when) in enumerate(zip(people, moments, strict=False)):
        person: dict[str, object] = dict(resident)
        groups: dict[str, dict[str, object]] = {"fingers": {}, "iris": {}}
        biometrics: dict[str, object] = dict(groups)
        for slot, data in images.images().items():
            name = f"{number}/{slot}"
            stash[name] = data
            # At or above the iris threshold (60), as a capture retried until it is good
            # enough is: one below it would wait for a supervisor's approval.
            item = {"file": name, "quality": max(rng.randint(45, 98), 60)}
            group, _, sub = slot.partition(".")
            if sub:
                groups[group][sub] = item
            else:
                biometrics[slot] = item
        if rng.random() < 0.01:
            groups["fingers"]["L5"] = {"exception": "JARI DIAMPUTASI"}
        person["biometrics"] = biometrics
        person["recorded_at"] = when.isoformat()
        yield person
