from __future__ import annotations

import struct

import pytest

from ektp_desk.domain.images import ImageError, encode_png_gray, sniff


def _jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xda" + struct.pack(">H", 8) + bytes(6) + b"\xff\xd9"


def test_png_size() -> None:
    info = sniff(encode_png_gray(3, 2, bytes(6)))
    assert (info.format, info.width, info.height) == ("png", 3, 2)


def test_jpeg_size() -> None:
    info = sniff(_jpeg(480, 640))
    assert (info.format, info.width, info.height) == ("jpeg", 480, 640)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a PNG or JPEG"),
        (b"GIF89a" + bytes(30), "not a PNG or JPEG"),
        (encode_png_gray(3, 2, bytes(6))[:-4], "truncated"),
        (_jpeg(480, 640)[:-2], "truncated"),
        (_jpeg(480, 640)[:8], "truncated"),
        (b"\xff\xd8\xff\xd9", "without a frame header"),
    ],
)
def test_damaged_or_foreign_data_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ImageError, match=message):
        sniff(data)


def test_png_header_checksum_is_checked() -> None:
    data = bytearray(encode_png_gray(3, 2, bytes(6)))
    data[17] ^= 0xFF  # the width
    with pytest.raises(ImageError, match="checksum"):
        sniff(bytes(data))
