"""What the contract writes as JSON keeps its keys, their order and their values: a bundle's
entry (signed and read back by the hub), a published list (the hub's status feed), the feed's
list, a void and an audit head."""

from __future__ import annotations

from ektp_desk.hub.store.published import Publication
from ektp_desk.protocol.bundle import BundleEntry


def test_a_bundle_entry_as_json() -> None:
    entry = BundleEntry("r", "D1", "7271024507050001", "f", "2026-11-27", "s", 12, "m")
    assert list(entry.as_dict().items()) == [
        ("record_id", "r"), ("desk_id", "D1"), ("nik", "7271024507050001"),
        ("finalized_at", "f"), ("recorded_on", "2026-11-27"), ("sha256", "s"), ("size", 12),
        ("mac", "m"),
    ]  # fmt: skip


def test_a_publication_as_json() -> None:
    published = Publication("72.71.02", 3, "at", "kasi", "s", 10, 1, 2, 0, new=False)
    assert list(published.as_dict().items()) == [
        ("kecamatan", "72.71.02"), ("version", 3), ("published_at", "at"),
        ("published_by", "kasi"), ("sha256", "s"), ("residents", 10), ("added", 1),
        ("changed", 2), ("removed", 0), ("new", False),
    ]  # fmt: skip


def test_the_feeds_list_a_void_and_an_audit_head_as_json() -> None:
    from ektp_desk.protocol.status import PublishedList, Void
    from ektp_desk.protocol.wire import AuditHeadReport

    assert list(PublishedList(3, "at", 10).as_dict().items()) == [
        ("version", 3), ("published_at", "at"), ("residents", 10),
    ]  # fmt: skip
    assert list(Void("r", "salah NIK", "at").as_dict().items()) == [
        ("record_id", "r"), ("reason", "salah NIK"), ("voided_at", "at"),
    ]  # fmt: skip
    assert list(AuditHeadReport(4, "h", 2, "c").as_dict().items()) == [
        ("count", 4), ("hash", "h"), ("confirmed_count", 2), ("confirmed_hash", "c"),
    ]  # fmt: skip
