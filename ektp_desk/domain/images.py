"""Recognise PNG and JPEG images by their content and read their size, without decoding them.

Decoding pixels is the capture devices' business; here we only make sure that what is
sealed into a recording is a whole image of the declared kind and large enough.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class ImageError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class ImageInfo:
    format: str  # "png" or "jpeg"
    width: int
    height: int


def _png_info(data: bytes) -> ImageInfo:
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise ImageError("PNG without an IHDR header")
    (length,) = struct.unpack(">I", data[8:12])
    if length != 13:
        raise ImageError("PNG with a malformed IHDR header")
    (crc,) = struct.unpack(">I", data[29:33])
    if zlib.crc32(data[12:29]) != crc:
        raise ImageError("PNG header checksum does not match (damaged file)")
    width, height = struct.unpack(">II", data[16:24])
    if not data.endswith(b"IEND\xaeB`\x82"):
        raise ImageError("PNG is truncated (no IEND chunk at the end)")
    return ImageInfo("png", width, height)


# Start-of-frame markers carry the image size; C4 (DHT), C8 (JPG) and CC (DAC) do not.
_SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_info(data: bytes) -> ImageInfo:
    pos = 2
    end = len(data)
    while pos + 4 <= end:
        if data[pos] != 0xFF:
            raise ImageError("JPEG structure is damaged")
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        (seg_len,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if seg_len < 2 or pos + 2 + seg_len > end:
            raise ImageError("JPEG is truncated")
        if marker in _SOF_MARKERS:
            if seg_len < 7:
                raise ImageError("JPEG frame header is damaged")
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            if b"\xff\xd9" not in data[-64:]:
                raise ImageError("JPEG is truncated (no end-of-image marker)")
            return ImageInfo("jpeg", width, height)
        pos += 2 + seg_len
    raise ImageError("JPEG without a frame header")


def sniff(data: bytes) -> ImageInfo:
    """Format and size of a PNG or JPEG image; raises ImageError for anything else."""
    if data.startswith(PNG_SIGNATURE):
        return _png_info(data)
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg_info(data)
    raise ImageError("not a PNG or JPEG image")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def encode_png_gray(width: int, height: int, rows: bytes, *, level: int = 6) -> bytes:
    """An 8-bit greyscale PNG from `height` rows of `width` bytes each (no filtering)."""
    if len(rows) != width * height:
        raise ValueError("pixel data does not match the size")
    raw = b"".join(b"\x00" + rows[y * width : (y + 1) * width] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, level))
        + _chunk(b"IEND", b"")
    )
