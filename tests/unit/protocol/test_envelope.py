from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ektp_desk.protocol.envelope import (
    EnvelopeError,
    envelope_key_id,
    generate_private_key,
    key_id,
    open_envelope,
    private_key_from_pem,
    private_key_to_pem,
    public_bytes,
    seal,
)

KEY = generate_private_key()
PUBLIC = public_bytes(KEY)
RID = "0b7c3f5e-8d2a-4c1e-9f00-123456789abc"


def test_seal_then_open() -> None:
    envelope = seal(b"payload", public_key=PUBLIC, record_id=RID, desk_id="D1")
    assert b"payload" not in envelope
    assert envelope_key_id(envelope) == key_id(PUBLIC)
    assert open_envelope(envelope, private_key=KEY, record_id=RID, desk_id="D1") == b"payload"


def test_each_seal_is_different() -> None:
    a = seal(b"same", public_key=PUBLIC, record_id=RID, desk_id="D1")
    b = seal(b"same", public_key=PUBLIC, record_id=RID, desk_id="D1")
    assert a != b


@pytest.mark.parametrize(("record_id", "desk_id"), [(RID.replace("a", "b"), "D1"), (RID, "D2")])
def test_an_envelope_is_bound_to_its_record_and_desk(record_id: str, desk_id: str) -> None:
    envelope = seal(b"payload", public_key=PUBLIC, record_id=RID, desk_id="D1")
    with pytest.raises(EnvelopeError, match="does not open"):
        open_envelope(envelope, private_key=KEY, record_id=record_id, desk_id=desk_id)


def test_another_hubs_key_cannot_open_it() -> None:
    envelope = seal(b"payload", public_key=PUBLIC, record_id=RID, desk_id="D1")
    with pytest.raises(EnvelopeError, match="another hub key"):
        open_envelope(envelope, private_key=generate_private_key(), record_id=RID, desk_id="D1")


@settings(max_examples=50)
@given(position=st.integers(min_value=0), flip=st.integers(min_value=1, max_value=255))
def test_any_flipped_byte_is_detected(position: int, flip: int) -> None:
    envelope = bytearray(seal(b"payload" * 10, public_key=PUBLIC, record_id=RID, desk_id="D1"))
    envelope[position % len(envelope)] ^= flip
    with pytest.raises(EnvelopeError):
        open_envelope(bytes(envelope), private_key=KEY, record_id=RID, desk_id="D1")


def test_garbage_is_not_an_envelope() -> None:
    with pytest.raises(EnvelopeError, match="not a sealed"):
        envelope_key_id(b"hello")


def test_private_key_file_round_trip() -> None:
    pem = private_key_to_pem(KEY, b"passphrase-1")
    assert b"ENCRYPTED PRIVATE KEY" in pem
    assert public_bytes(private_key_from_pem(pem, b"passphrase-1")) == PUBLIC
    with pytest.raises(EnvelopeError, match="wrong passphrase"):
        private_key_from_pem(pem, b"passphrase-2")
    with pytest.raises(ValueError, match="at least 8"):
        private_key_to_pem(KEY, b"short")
