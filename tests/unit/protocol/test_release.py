"""A desk release: versions compared as versions, the signature bound to version, size and
digest, a file checked against all three, and the one byte range a download asks."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ektp_desk.protocol.release import (
    Release,
    ReleaseError,
    check_file,
    check_signature,
    is_newer,
    parse_range,
    release_public_bytes,
    sign_release,
)

KEY = Ed25519PrivateKey.generate()
PUBLIC = release_public_bytes(KEY)


def signed(data: bytes, version: str = "0.2.0") -> Release:
    return sign_release(
        KEY, version=version, size=len(data), sha256=hashlib.sha256(data).hexdigest()
    )


def test_versions_compare_as_versions_not_text() -> None:
    assert is_newer("0.10.0", "0.9.0")
    assert is_newer("1.0.0", "1.0.0rc1")
    assert not is_newer("0.1.0", "0.1.0")
    assert not is_newer("0.0.9", "0.1.0")
    with pytest.raises(ReleaseError, match="not a version"):
        is_newer("latest", "0.1.0")


def test_a_signed_file_passes_and_a_tampered_one_does_not(tmp_path: Path) -> None:
    data = b"MZ installer" * 1000
    release = signed(data)
    path = tmp_path / "setup.exe"
    path.write_bytes(data)
    check_file(release, path, PUBLIC)
    path.write_bytes(data[:-1] + b"!")
    with pytest.raises(ReleaseError, match="SHA-256"):
        check_file(release, path, PUBLIC)
    path.write_bytes(data + b"x")
    with pytest.raises(ReleaseError, match="bytes"):
        check_file(release, path, PUBLIC)


def test_the_signature_binds_the_version_and_the_key() -> None:
    release = signed(b"abc")
    with pytest.raises(ReleaseError, match="not signed by the release key"):
        check_signature(replace(release, version="9.9.9"), PUBLIC)  # an old file, a new name
    with pytest.raises(ReleaseError, match="not signed by the release key"):
        check_signature(release, release_public_bytes(Ed25519PrivateKey.generate()))
    with pytest.raises(ReleaseError, match="is not signed"):
        check_signature(replace(release, signature=""), PUBLIC)
    with pytest.raises(ReleaseError, match="not signed by the release key"):
        check_signature(replace(release, signature="not base64!"), PUBLIC)


def test_a_release_answer_is_read_with_its_fields_checked() -> None:
    release = signed(b"abc")
    assert Release.from_dict(release.as_dict()) == release
    for bad in ({"version": "x"}, {"size": "3"}, {"size": -1}, {"sha256": "zz"}):
        with pytest.raises(ReleaseError):
            Release.from_dict({**release.as_dict(), **bad})
    with pytest.raises(ReleaseError, match="no 'sha256'"):
        Release.from_dict({"version": "1.0", "size": 3})


def test_one_byte_range_is_served_and_others_refused() -> None:
    assert parse_range(None, 100) is None
    assert parse_range("bytes=40-", 100) == (40, 99)
    assert parse_range("bytes=0-9", 100) == (0, 9)
    assert parse_range("bytes=90-500", 100) == (90, 99)
    assert parse_range("bytes=-10", 100) == (90, 99)
    for bad in ("bytes=100-", "bytes=5-2", "bytes=0-1,5-6", "lines=1-2", "bytes=a-"):
        with pytest.raises(ValueError):
            parse_range(bad, 100)
