"""Kemendagri region codes (kode wilayah): look-up by code and by name, and time zones.

The list is loaded once, lazily, from `resources/regions/wilayah.tsv.gz`, so opening a
store or starting the program does not pay for it.
"""

from __future__ import annotations

import gzip
import re
import threading
from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property
from pathlib import Path

from ektp_desk.paths import resources_dir


class Level(IntEnum):
    PROVINCE = 1
    REGENCY = 2
    KECAMATAN = 3
    KELURAHAN = 4


_CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str

    @property
    def level(self) -> Level:
        return Level(self.code.count(".") + 1)

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


def is_region_code(code: str) -> bool:
    return bool(_CODE_RE.match(code))


def dotted(code: str) -> str:
    """`727102` or `72.71.02` -> `72.71.02`; raises ValueError when it is neither."""
    code = code.strip()
    if is_region_code(code):
        return code
    if code.isdigit() and len(code) in (2, 4, 6, 10):
        parts = [code[0:2], code[2:4], code[4:6], code[6:10]]
        return ".".join(p for p in parts if p)
    raise ValueError(f"not a region code: {code!r}")


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


class RegionList:
    """Every province, regency/city, kecamatan and kelurahan/desa, by code."""

    def __init__(self, regions: dict[str, str]) -> None:
        self._names = regions

    @classmethod
    def load(cls, path: Path | None = None) -> RegionList:
        path = path or resources_dir() / "regions" / "wilayah.tsv.gz"
        with gzip.open(path, "rt", encoding="utf-8") as f:
            regions = dict(line.rstrip("\n").split("\t", 1) for line in f)
        return cls(regions)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._names

    def get(self, code: str) -> Region | None:
        name = self._names.get(code)
        return Region(code, name) if name is not None else None

    def name(self, code: str) -> str | None:
        return self._names.get(code)

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = {}
        for code in self._names:
            if "." in code:
                children.setdefault(code.rsplit(".", 1)[0], []).append(code)
        for codes in children.values():
            codes.sort()
        return children

    def children(self, code: str) -> list[Region]:
        return [Region(c, self._names[c]) for c in self._children.get(code, [])]

    def chain(self, code: str) -> list[Region]:
        """The region and its parents, province first; unknown levels are left out."""
        parts = code.split(".")
        out = []
        for i in range(1, len(parts) + 1):
            region = self.get(".".join(parts[:i]))
            if region is not None:
                out.append(region)
        return out

    @cached_property
    def _folded(self) -> list[tuple[str, str]]:
        return sorted((_fold(n), c) for c, n in self._names.items())

    def search(
        self, text: str, *, level: Level | None = None, within: str | None = None, limit: int = 50
    ) -> list[Region]:
        """Regions whose name contains `text` (case-insensitive), names starting with it first."""
        needle = _fold(text)
        if not needle:
            return []
        starts: list[Region] = []
        contains: list[Region] = []
        for folded, code in self._folded:
            if needle not in folded:
                continue
            if within is not None and not code.startswith(within + "."):
                continue
            region = Region(code, self._names[code])
            if level is not None and region.level is not level:
                continue
            words = folded.split()
            if folded.startswith(needle) or any(w.startswith(needle) for w in words):
                starts.append(region)
            else:
                contains.append(region)
        return (starts + contains)[:limit]


_lock = threading.Lock()
_default: RegionList | None = None


def regions() -> RegionList:
    """The shipped region list, loaded on first use."""
    global _default  # noqa: PLW0603 - a process-wide cache of read-only data
    with _lock:
        if _default is None:
            _default = RegionList.load()
        return _default


# Indonesia's three time zones by province (Kemendagri province codes).
_WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96"}
_PONTIANAK_PROVINCES = {"61", "62"}


def timezone_for(kecamatan_code: str) -> str:
    """The IANA zone a desk in this region keeps: WIB, WITA or WIT."""
    province = kecamatan_code[:2]
    if province in _WITA_PROVINCES:
        return "Asia/Makassar"
    if province in _WIT_PROVINCES:
        return "Asia/Jayapura"
    if province in _PONTIANAK_PROVINCES:
        return "Asia/Pontianak"
    return "Asia/Jakarta"
