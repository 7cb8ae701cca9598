"""Bundles: sealed recordings carried on a USB stick when the link is down for days.

A bundle holds envelopes already sealed to the hub's key, so only the hub can open them.
Each record's index entry carries a MAC made with its desk's bundle key (derived from the
desk's hub token, which the hub also knows), so the hub can tell a desk's own records from
forged ones even when another desk forwards them. The file ends with a SHA-256 of all that
comes before, so a damaged or cut-short copy is refused before anything is read from it.

Layout: MAGIC (8) | version (1) | header length (4) | header JSON | envelopes, back to back
in header order | TRAILER (8) | SHA-256 (32) of everything before the trailer.

An entry may also carry, as a manifest does, a record's `approval` and the record id a
correction `replaces`: optional, and under the entry's MAC when present. A bundle with such
an entry is version 2, so an older program says to update it instead of refusing its MACs
as forged; one without is version 1, signed and read as before, and both are read here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import struct
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from ektp_desk.domain.boundedjson import DEFAULT_MAX_DEPTH, JsonLimitError, JsonTooDeep, loads
from ektp_desk.domain.desks import desk_id_problem
from ektp_desk.fsutil import TargetInUse, atomic_private_file
from ektp_desk.protocol import envelope as sealed
from ektp_desk.protocol import wire
from ektp_desk.protocol.wire import DATE_RE, HEX64_RE, RECORD_ID_RE

MAGIC = b"EKTPBNDL"
VERSION = 2  # the newest written: 2 when an entry carries an approval or `replaces`
READ_VERSIONS = (1, 2)
TRAILER = b"EKTPSUM1"
FORMAT = "ektp-desk-bundle"
SUFFIX = ".ektpbundle"
MAX_HEADER = 64 * 1024 * 1024
_PREFIX = len(MAGIC) + 1 + 4
_TAIL = len(TRAILER) + 32
_READ = 1024 * 1024


class BundleError(ValueError):
    """A bundle that cannot be written or must be refused; the message says why."""


def bundle_key(token: str) -> bytes:
    """The key a desk signs its bundle entries with; the hub derives it from the same token."""
    return hmac.new(token.strip().encode(), b"ektp-desk bundle key v1", hashlib.sha256).digest()


@dataclass(frozen=True, slots=True)
class BundleEntry:
    record_id: str
    desk_id: str  # the desk that recorded it (not necessarily the one that exported it)
    nik: str
    finalized_at: str
    recorded_on: str
    sha256: str
    size: int
    mac: str
    approval: dict[str, object] | None = None  # a supervisor's, when it needed one
    replaces: str | None = None  # the record a correction replaces

    def signed_text(self) -> bytes:
        """What the MAC covers: the v1 fields, then the approval (canonical JSON) and
        `replaces`, each on a tagged line only when present (so v1 entries keep their MAC)."""
        fields = [self.record_id, self.desk_id, self.nik, self.finalized_at, self.recorded_on]
        fields += [self.sha256, str(self.size)]
        if self.approval:  # as `as_dict` writes them: only when present
            fields.append("approval " + canonical_approval(self.approval))
        if self.replaces:
            fields.append("replaces " + self.replaces)
        return ("ektp-desk bundle entry v1\n" + "\n".join(fields)).encode()

    def as_dict(self) -> dict[str, object]:
        # Every field, in their order; the optional two only when present.
        return {k: v for k, v in asdict(self).items() if v or k not in _OPTIONAL}


_OPTIONAL = ("approval", "replaces")


def canonical_approval(approval: dict[str, object]) -> str:
    return json.dumps(approval, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def sign_entry(key: bytes, entry: BundleEntry) -> BundleEntry:
    mac = hmac.new(key, entry.signed_text(), hashlib.sha256).hexdigest()
    return replace(entry, mac=mac)


def entry_signed_by(key: bytes, entry: BundleEntry) -> bool:
    expected = hmac.new(key, entry.signed_text(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, entry.mac)


@dataclass(frozen=True, slots=True)
class DeskBundleKey:
    """One of a desk's bundle keys at the hub: the current one (`retired_at` None), or one
    derived from a token since rotated, which still vouches for the records the desk
    finalized before the rotation (a bundle exported earlier and carried in later)."""

    key: bytes
    retired_at: str | None = None


def signed_by_desk(keys: Iterable[DeskBundleKey], entry: BundleEntry) -> bool:
    """Whether the entry carries the MAC of one of the desk's keys: its current key, or a
    retired one for a record finalized before that key was retired."""
    for k in keys:
        if k.retired_at is not None:
            try:
                finalized = datetime.fromisoformat(entry.finalized_at)
                retired = datetime.fromisoformat(k.retired_at)
                if finalized.tzinfo is None or not finalized < retired:
                    continue
            except ValueError:
                continue
        if entry_signed_by(k.key, entry):
            return True
    return False


@dataclass(frozen=True, slots=True)
class BundleHeader:
    bundle_id: str
    desk_id: str  # the desk that exported it
    kecamatan: str
    created_at: str
    key_id: str  # the hub key its envelopes are sealed for
    entries: tuple[BundleEntry, ...]

    @property
    def version(self) -> int:
        return 2 if any(e.approval or e.replaces for e in self.entries) else 1

    @property
    def payload_bytes(self) -> int:
        return sum(e.size for e in self.entries)

    def as_dict(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "version": self.version,
            "bundle_id": self.bundle_id,
            "desk_id": self.desk_id,
            "kecamatan": self.kecamatan,
            "created_at": self.created_at,
            "key_id": self.key_id,
            "records": [e.as_dict() for e in self.entries],
        }

    def summary(self) -> dict[str, object]:
        origins: dict[str, int] = {}
        for e in self.entries:
            origins[e.desk_id] = origins.get(e.desk_id, 0) + 1
        return {
            "bundle_id": self.bundle_id,
            "desk_id": self.desk_id,
            "kecamatan": self.kecamatan,
            "created_at": self.created_at,
            "key_id": self.key_id,
            "records": len(self.entries),
            "bytes": self.payload_bytes,
            "from_desks": origins,
        }


def write_bundle(target: Path, header: BundleHeader, envelopes: Iterable[bytes]) -> int:
    """Write the bundle atomically (a temporary file, fsync, rename); returns its size.

    `envelopes` yields the sealed envelopes in the header's order, one at a time, so a bundle
    of thousands of recordings never sits in memory whole. Each must match its entry. A
    target another program holds open raises `TargetInUse`, any other failure BundleError;
    either way nothing was written.
    """
    if target.is_dir():
        raise BundleError(f"{target} is a folder; give a file name")
    digest = hashlib.sha256()
    written = 0

    def put(out: IO[bytes], data: bytes) -> None:
        nonlocal written
        out.write(data)
        digest.update(data)
        written += len(data)

    try:
        with atomic_private_file(target) as out:
            head = json.dumps(header.as_dict(), separators=(",", ":")).encode()
            put(out, MAGIC + bytes([header.version]) + struct.pack(">I", len(head)))
            put(out, head)
            for entry, envelope in zip(header.entries, envelopes, strict=True):
                if len(envelope) != entry.size or hashlib.sha256(envelope).hexdigest() != (
                    entry.sha256
                ):
                    raise BundleError(
                        f"the stored envelope of record {entry.record_id} does not match its "
                        "hash; run `ektp-desk check`"
                    )
                put(out, envelope)
            out.write(TRAILER + digest.digest())
            written += _TAIL
    except TargetInUse:
        raise  # the caller says so in its reader's language, and offers another name
    except OSError as exc:
        raise BundleError(
            f"cannot write the bundle {target}: {exc.strerror or exc}; nothing was written"
        ) from None
    return written


def _text(obj: dict[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise BundleError(f"{where}: '{key}' is missing or not text")
    return value


def _parse_entry(item: object, where: str) -> BundleEntry:
    if not isinstance(item, dict):
        raise BundleError(f"{where} is not an object")
    record_id = _text(item, "record_id", where)
    nik = _text(item, "nik", where)
    sha = _text(item, "sha256", where)
    size = item.get("size")
    recorded_on = _text(item, "recorded_on", where)
    if not RECORD_ID_RE.match(record_id):
        raise BundleError(f"{where}: record_id is not a UUID")
    if len(nik) != 16 or not (nik.isascii() and nik.isdigit()):
        raise BundleError(f"{where}: nik is not 16 ASCII digits")
    if not HEX64_RE.match(sha):
        raise BundleError(f"{where}: sha256 is malformed")
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        raise BundleError(f"{where}: size must be a positive integer")
    if not DATE_RE.match(recorded_on) or not _is_date(recorded_on):
        raise BundleError(f"{where}: recorded_on must be a date, YYYY-MM-DD")
    mac = _text(item, "mac", where)
    if not HEX64_RE.match(mac):
        raise BundleError(f"{where}: mac is malformed")
    desk_id = _text(item, "desk_id", where)
    if desk_id_problem(desk_id):
        raise BundleError(f"{where}: desk_id is not a desk id")
    finalized_at = _text(item, "finalized_at", where)
    if len(finalized_at) > 40 or not _is_moment(finalized_at):
        raise BundleError(f"{where}: finalized_at is not a date and time")
    try:
        replaces = wire.parse_replaces(item.get("replaces"), record_id, where)
        approval = wire.parse_approval(item.get("approval"), where)
    except wire.ManifestError as exc:
        raise BundleError(str(exc)) from None
    return BundleEntry(
        record_id=record_id,
        desk_id=desk_id,
        nik=nik,
        finalized_at=finalized_at,
        recorded_on=recorded_on,
        sha256=sha,
        size=size,
        mac=mac,
        approval=approval,
        replaces=replaces,
    )


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_moment(text: str) -> bool:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return False
    return moment.tzinfo is not None


def check_forwardable(
    entry: BundleEntry, envelope: bytes, *, key_id: str, max_bytes: int, where: str
) -> None:
    """Refuse, before it is kept to forward, a record the hub would refuse as a whole
    batch: larger than a batch may be, or not a sealed envelope for the hub's key."""
    if entry.size > max_bytes:
        raise BundleError(
            f"{where}: record {entry.record_id} is {entry.size:,} bytes, more than the"
            f" {max_bytes:,} bytes a record may have to fit the hub's batch limit of 16 MiB"
            " (BatchSizer.max_bytes in ektp_desk/sync/pace.py)"
        )
    if (
        len(envelope) < sealed.HEADER_SIZE + 16
        or not envelope.startswith(sealed.MAGIC)
        or sealed.envelope_key_id(envelope) != key_id
    ):
        raise BundleError(
            f"{where}: record {entry.record_id} is not an envelope sealed for hub key {key_id}"
        )


def _parse_header(raw: bytes, name: str) -> BundleHeader:
    try:
        obj = loads(raw, max_bytes=MAX_HEADER, max_depth=DEFAULT_MAX_DEPTH, what="its index")
    except JsonTooDeep as exc:
        raise BundleError(f"{name}: the bundle's index is refused: {exc}") from None
    except JsonLimitError as exc:
        raise BundleError(f"{name}: the bundle's index is damaged ({exc})") from None
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise BundleError(f"{name}: the bundle's index is damaged")
    records = obj.get("records")
    if not isinstance(records, list) or not records:
        raise BundleError(f"{name}: the bundle lists no recordings")
    entries = tuple(_parse_entry(item, f"{name}: record {i + 1}") for i, item in enumerate(records))
    if len({e.record_id for e in entries}) != len(entries):
        raise BundleError(f"{name}: the bundle lists a record twice")
    for key in ("bundle_id", "desk_id", "kecamatan", "created_at", "key_id"):
        if len(_text(obj, key, name)) > 100:
            raise BundleError(f"{name}: '{key}' is too long")
    return BundleHeader(
        bundle_id=_text(obj, "bundle_id", name),
        desk_id=_text(obj, "desk_id", name),
        kecamatan=_text(obj, "kecamatan", name),
        created_at=_text(obj, "created_at", name),
        key_id=_text(obj, "key_id", name),
        entries=entries,
    )


class BundleReader:
    """An opened bundle: its checksum verified and its index parsed. Envelopes are read one
    at a time by `envelopes()`, each checked against its entry."""

    def __init__(self, path: Path) -> None:
        self.path = path
        name = path.name
        try:
            size = path.stat().st_size
            f = path.open("rb")
        except OSError as exc:
            raise BundleError(f"cannot read {path}: {exc.strerror or exc}") from None
        with f:
            prefix = f.read(_PREFIX)
            if len(prefix) < _PREFIX or not prefix.startswith(MAGIC):
                raise BundleError(f"{name} is not an ektp-desk bundle")
            if prefix[len(MAGIC)] not in READ_VERSIONS:
                raise BundleError(
                    f"{name} is a bundle of version {prefix[len(MAGIC)]}, which this "
                    f"program does not read (it reads versions 1 and {VERSION}); update it"
                )
            (head_len,) = struct.unpack(">I", prefix[len(MAGIC) + 1 :])
            if head_len > MAX_HEADER or _PREFIX + head_len + _TAIL > size:
                raise BundleError(f"{name} is damaged or cut short (its index does not fit)")
            f.seek(0)
            digest = hashlib.sha256()
            left = size - _TAIL
            while left > 0:
                block = f.read(min(_READ, left))
                if not block:
                    raise BundleError(f"{name} is cut short")
                digest.update(block)
                left -= len(block)
            tail = f.read(_TAIL)
            if tail[: len(TRAILER)] != TRAILER or not hmac.compare_digest(
                tail[len(TRAILER) :], digest.digest()
            ):
                raise BundleError(
                    f"{name} is damaged: its checksum does not match (copy it again from the "
                    "desk that exported it)"
                )
            f.seek(_PREFIX)
            raw = f.read(head_len)
        self.header = _parse_header(raw, name)
        self._body = _PREFIX + head_len
        if self._body + self.header.payload_bytes + _TAIL != size:
            raise BundleError(f"{name}: its index does not match its contents")
        self.size = size

    def envelopes(self) -> Iterator[tuple[BundleEntry, bytes]]:
        with self.path.open("rb") as f:
            f.seek(self._body)
            for entry in self.header.entries:
                data = f.read(entry.size)
                if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
                    raise BundleError(
                        f"{self.path.name}: the envelope of record {entry.record_id} does not "
                        "match its index"
                    )
                yield entry, data
