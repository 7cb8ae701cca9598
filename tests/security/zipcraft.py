"""ZIP archives written by hand, as a hostile desk would: entries whose deflate stream
inflates to a gigabyte, sizes that lie, more files than a recording has."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from functools import cache

MIB = 1024 * 1024
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
STORED, DEFLATED = 0, 8


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    data: bytes  # as stored in the archive (deflated when method is DEFLATED)
    method: int
    crc: int
    size: int  # the inflated size the archive declares


def stored(name: str, data: bytes) -> Entry:
    return Entry(name, data, STORED, zlib.crc32(data), len(data))


def deflated(name: str, data: bytes) -> Entry:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Entry(name, c.compress(data) + c.flush(), DEFLATED, zlib.crc32(data), len(data))


@cache
def zeros_stream(mib: int) -> tuple[bytes, int]:
    """A raw deflate stream of `mib` MiB of zero bytes (about 1 KB per MiB) and its CRC,
    made from one fully flushed block repeated, so a gigabyte costs no gigabyte here."""
    block = bytes(MIB)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    unit = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    assert again == unit
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(block, crc)
    return unit * mib + c.flush(), crc


def bomb(name: str, mib: int, *, declared: int | None = None) -> Entry:
    """An entry that inflates to `mib` MiB of zeros, declaring that size or `declared`."""
    stream, crc = zeros_stream(mib)
    return Entry(name, stream, DEFLATED, crc, mib * MIB if declared is None else declared)


def archive(entries: list[Entry]) -> bytes:
    out = bytearray()
    central = bytearray()
    for e in entries:
        name = e.name.encode()
        offset = len(out)
        out += _LOCAL.pack(
            b"PK\x03\x04", 20, 0, e.method, 0, 0x21, e.crc, len(e.data), e.size, len(name), 0
        )
        out += name + e.data
        central += _CENTRAL.pack(
            b"PK\x01\x02", 20, 20, 0, e.method, 0, 0x21, e.crc, len(e.data), e.size,
            len(name), 0, 0, 0, 0, 0o644 << 16, offset,
        )  # fmt: skip
        central += name
    start = len(out)
    count = min(len(entries), 0xFFFF)
    out += central + _END.pack(b"PK\x05\x06", 0, 0, count, count, len(central), start, 0)
    return bytes(out)
