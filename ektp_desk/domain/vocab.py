"""The closed vocabularies printed on a KTP-el, with the spelling variants clerks type and
the values SIAK exports (a resident list read from SIAK holds those), each mapped to the
value printed on the card."""

from __future__ import annotations

import re

JENIS_KELAMIN = ("LAKI-LAKI", "PEREMPUAN")
GOLONGAN_DARAH = ("A", "B", "AB", "O", "A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-", "-")
AGAMA = (
    "ISLAM",
    "KRISTEN",
    "KATOLIK",
    "HINDU",
    "BUDDHA",
    "KHONGHUCU",
    "KEPERCAYAAN TERHADAP TUHAN YME",
)
STATUS_PERKAWINAN = ("BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI")
KEWARGANEGARAAN = ("WNI", "WNA")

# The occupation list of SIAK (the civil-registry information system), as printed. Since
# Permendagri 6/2026 the KK and the KTP-el print ASN (covering PNS and PPPK) in place of PNS.
ASN = "APARATUR SIPIL NEGARA (ASN)"
PEKERJAAN = (
    "BELUM/TIDAK BEKERJA",
    "MENGURUS RUMAH TANGGA",
    "PELAJAR/MAHASISWA",
    "PENSIUNAN",
    ASN,
    "TENTARA NASIONAL INDONESIA (TNI)",
    "KEPOLISIAN RI (POLRI)",
    "PERDAGANGAN",
    "PETANI/PEKEBUN",
    "PETERNAK",
    "NELAYAN/PERIKANAN",
    "INDUSTRI",
    "KONSTRUKSI",
    "TRANSPORTASI",
    "KARYAWAN SWASTA",
    "KARYAWAN BUMN",
    "KARYAWAN BUMD",
    "KARYAWAN HONORER",
    "BURUH HARIAN LEPAS",
    "BURUH TANI/PERKEBUNAN",
    "BURUH NELAYAN/PERIKANAN",
    "BURUH PETERNAKAN",
    "PEMBANTU RUMAH TANGGA",
    "TUKANG CUKUR",
    "TUKANG LISTRIK",
    "TUKANG BATU",
    "TUKANG KAYU",
    "TUKANG SOL SEPATU",
    "TUKANG LAS/PANDAI BESI",
    "TUKANG JAHIT",
    "TUKANG GIGI",
    "PENATA RIAS",
    "PENATA BUSANA",
    "PENATA RAMBUT",
    "MEKANIK",
    "SENIMAN",
    "TABIB",
    "PARAJI",
    "PERANCANG BUSANA",
    "PENTERJEMAH",
    "IMAM MASJID",
    "PENDETA",
    "PASTOR",
    "WARTAWAN",
    "USTADZ/MUBALIGH",
    "JURU MASAK",
    "PROMOTOR ACARA",
    "ANGGOTA DPR-RI",
    "ANGGOTA DPD",
    "ANGGOTA BPK",
    "PRESIDEN",
    "WAKIL PRESIDEN",
    "ANGGOTA MAHKAMAH KONSTITUSI",
    "ANGGOTA KABINET/KEMENTERIAN",
    "DUTA BESAR",
    "GUBERNUR",
    "WAKIL GUBERNUR",
    "BUPATI",
    "WAKIL BUPATI",
    "WALIKOTA",
    "WAKIL WALIKOTA",
    "ANGGOTA DPRD PROVINSI",
    "ANGGOTA DPRD KABUPATEN/KOTA",
    "DOSEN",
    "GURU",
    "PILOT",
    "PENGACARA",
    "NOTARIS",
    "ARSITEK",
    "AKUNTAN",
    "KONSULTAN",
    "DOKTER",
    "BIDAN",
    "PERAWAT",
    "APOTEKER",
    "PSIKIATER/PSIKOLOG",
    "PENYIAR TELEVISI",
    "PENYIAR RADIO",
    "PELAUT",
    "PENELITI",
    "SOPIR",
    "PIALANG",
    "PARANORMAL",
    "PEDAGANG",
    "PERANGKAT DESA",
    "KEPALA DESA",
    "BIARAWATI",
    "WIRASWASTA",
    "LAINNYA",
)

_ALIASES: dict[str, dict[str, str]] = {
    "jenis_kelamin": {
        "L": "LAKI-LAKI",
        "LK": "LAKI-LAKI",
        "LAKI LAKI": "LAKI-LAKI",
        "LAKILAKI": "LAKI-LAKI",
        "PRIA": "LAKI-LAKI",
        "P": "PEREMPUAN",
        "PR": "PEREMPUAN",
        "WANITA": "PEREMPUAN",
    },
    "agama": {
        "KATHOLIK": "KATOLIK",
        "KRISTEN KATOLIK": "KATOLIK",
        "KRISTEN PROTESTAN": "KRISTEN",
        "PROTESTAN": "KRISTEN",
        "BUDHA": "BUDDHA",
        "BUDA": "BUDDHA",
        "KONGHUCU": "KHONGHUCU",
        "KHONG HU CU": "KHONGHUCU",
        "KONG HU CU": "KHONGHUCU",
        "KEPERCAYAAN": "KEPERCAYAAN TERHADAP TUHAN YME",
        "KEPERCAYAAN TERHADAP TUHAN YANG MAHA ESA": "KEPERCAYAAN TERHADAP TUHAN YME",
    },
    "status_perkawinan": {
        "BELUM MENIKAH": "BELUM KAWIN",
        "LAJANG": "BELUM KAWIN",
        "MENIKAH": "KAWIN",
        "SUDAH KAWIN": "KAWIN",
        # SIAK records whether a marriage or divorce is registered; the card does not.
        "KAWIN TERCATAT": "KAWIN",
        "KAWIN BELUM TERCATAT": "KAWIN",
        "CERAI HIDUP TERCATAT": "CERAI HIDUP",
        "CERAI HIDUP BELUM TERCATAT": "CERAI HIDUP",
        "CERAI MATI TERCATAT": "CERAI MATI",
        "CERAI MATI BELUM TERCATAT": "CERAI MATI",
    },
    "golongan_darah": {"TIDAK TAHU": "-", "TIDAK_TAHU": "-", "TIDAKTAHU": "-", "": "-"},
    "kewarganegaraan": {"INDONESIA": "WNI", "ASING": "WNA"},
    "pekerjaan": {
        "BELUM BEKERJA": "BELUM/TIDAK BEKERJA",
        "TIDAK BEKERJA": "BELUM/TIDAK BEKERJA",
        "IBU RUMAH TANGGA": "MENGURUS RUMAH TANGGA",
        "IRT": "MENGURUS RUMAH TANGGA",
        "PELAJAR": "PELAJAR/MAHASISWA",
        "MAHASISWA": "PELAJAR/MAHASISWA",
        "PNS": ASN,
        "PEGAWAI NEGERI SIPIL": ASN,
        "PEGAWAI NEGERI SIPIL(PNS)": ASN,
        "ASN": ASN,
        "APARATUR SIPIL NEGARA": ASN,
        "PPPK": ASN,
        "PEGAWAI PEMERINTAH DENGAN PERJANJIAN KERJA": ASN,
        "PEGAWAI PEMERINTAH DENGAN PERJANJIAN KERJA(PPPK)": ASN,
        "ANGGOTA KABINET KEMENTERIAN": "ANGGOTA KABINET/KEMENTERIAN",
        "ANGGOTA KABINET/KEMENTRIAN": "ANGGOTA KABINET/KEMENTERIAN",
        "ANGGOTA KABINET KEMENTRIAN": "ANGGOTA KABINET/KEMENTERIAN",
        "ANGGOTA KABINET": "ANGGOTA KABINET/KEMENTERIAN",
        "ANGGOTA KEMENTERIAN": "ANGGOTA KABINET/KEMENTERIAN",
        "MENTERI": "ANGGOTA KABINET/KEMENTERIAN",
        "TNI": "TENTARA NASIONAL INDONESIA (TNI)",
        "POLRI": "KEPOLISIAN RI (POLRI)",
        "PETANI": "PETANI/PEKEBUN",
        "NELAYAN": "NELAYAN/PERIKANAN",
        "SWASTA": "KARYAWAN SWASTA",
        "PEGAWAI SWASTA": "KARYAWAN SWASTA",
        "HONORER": "KARYAWAN HONORER",
        "BURUH": "BURUH HARIAN LEPAS",
        "SUPIR": "SOPIR",
        "WIRAUSAHA": "WIRASWASTA",
    },
}

# Janda / duda say a marriage ended, not how: cerai hidup or cerai mati is asked, not guessed.
AMBIGUOUS_STATUS = ("JANDA", "DUDA")

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "jenis_kelamin": JENIS_KELAMIN,
    "golongan_darah": GOLONGAN_DARAH,
    "agama": AGAMA,
    "status_perkawinan": STATUS_PERKAWINAN,
    "pekerjaan": PEKERJAAN,
    "kewarganegaraan": KEWARGANEGARAAN,
}


def _squash(text: str) -> str:
    text = " ".join(text.strip().upper().split())
    return re.sub(r"\s*([/()+-])\s*", r"\1", text)


_CANONICAL_BY_SQUASHED = {
    name: {_squash(v): v for v in values} for name, values in VOCABULARIES.items()
}


def canonical(vocabulary: str, text: str) -> str | None:
    """The value as printed on the card for `text`, or None when it is not in the list."""
    squashed = _squash(text)
    if vocabulary == "status_perkawinan" and squashed in AMBIGUOUS_STATUS:
        return None
    found = _CANONICAL_BY_SQUASHED[vocabulary].get(squashed)
    if found is not None:
        return found
    alias = _ALIASES.get(vocabulary, {}).get(squashed)
    if alias is None:
        alias = _ALIASES.get(vocabulary, {}).get(squashed.replace("-", " "))
    return alias
