"""The city's status as the hub sends it down to a desk, with no biometrics and no names:
the feed a desk pulls from a cursor at each sync (`GET /api/v1/status`), and the same
carried on a USB stick as one signed file (the status bundle).

A feed page is JSON: `cursor` (the last change number in it; the desk asks `after` it
next), `more` (another page waits), `columns` and `rows` (one list per record, in
`COLUMNS`' order), `cases` (those its rows name) and `published` (the kecamatan's current
resident list: version, published_at, residents; null when none).

The status bundle is that feed read from 0, with the published list's CSV, as gzip'ed JSON
of kind `ektp-status`; `macs` holds, per desk of the kecamatan, an HMAC-SHA256 under the
desk's bundle key (`protocol.bundle.bundle_key`) over the canonical body (every key but
`macs`, sorted, compact, UTF-8), so a desk takes only what its hub wrote for it.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ektp_desk.domain.boundedjson import JsonLimitError, loads
from ektp_desk.fsutil import atomic_private_path
from ektp_desk.protocol.wire import RECORD_ID_RE

STATUS_PATH = "/status"
PUBLISHED_PATH = "/residents/published"
VOIDS_PATH = "/voids"
PUBLISHED_VERSION_HEADER = "X-Published-Version"
DEFAULT_LIMIT = 5000
MAX_LIMIT = 20000
MAX_VOIDS = 500

COLUMNS = ("record_id", "nik", "desk_id", "recorded_on", "state", "case_id", "reason", "replaces")
STATES = ("accepted", "duplicate_nik", "voided", "replaced")
CASE_FIELDS = ("case_id", "nik", "state", "decision", "kept_record_id", "reason", "decided_at")

BUNDLE_KIND = "ektp-status"
BUNDLE_VERSION = 1
# Unpacked: a kecamatan of 200,000 residents makes about 70 MB (its list's CSV, its rows).
MAX_BUNDLE_BYTES = 512 * 1024 * 1024


class StatusError(ValueError):
    """A feed page or status bundle that is malformed or not for this desk."""


@dataclass(frozen=True, slots=True)
class StatusRow:
    """One record as the city holds it now."""

    record_id: str
    nik: str
    desk_id: str
    recorded_on: str
    state: str
    case_id: str | None
    reason: str | None
    replaces: str | None

    def as_list(self) -> list[str | None]:
        return [getattr(self, name) for name in COLUMNS]


@dataclass(frozen=True, slots=True)
class CaseStatus:
    case_id: str
    nik: str
    state: str  # open | resolved
    decision: str | None  # None | keep | void_all
    kept_record_id: str | None
    reason: str | None
    decided_at: str | None

    def as_dict(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in CASE_FIELDS}


@dataclass(frozen=True, slots=True)
class PublishedList:
    """A kecamatan's current published resident list, as the feed names it."""

    version: int
    published_at: str
    residents: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class StatusPage:
    cursor: int
    more: bool
    rows: tuple[StatusRow, ...]
    cases: tuple[CaseStatus, ...]
    published: PublishedList | None

    def as_dict(self) -> dict[str, object]:
        return {
            "cursor": self.cursor,
            "more": self.more,
            "columns": list(COLUMNS),
            "rows": [row.as_list() for row in self.rows],
            "cases": [case.as_dict() for case in self.cases],
            "published": self.published.as_dict() if self.published else None,
        }


def _optional_text(value: object, where: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise StatusError(f"{where} must be text or null")
    return value


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise StatusError(f"{where} must be non-empty text")
    return value


def _count(value: object, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise StatusError(f"{where} must be a count")
    return value


def parse_rows(columns: object, rows: object) -> tuple[StatusRow, ...]:
    """The rows of a page or bundle; the columns may come in any order, and unknown ones
    (a newer hub's) are read past."""
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise StatusError("'columns' must be a list of names")
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        raise StatusError(f"'columns' lacks {', '.join(missing)}")
    at = [columns.index(c) for c in COLUMNS]
    if not isinstance(rows, list):
        raise StatusError("'rows' must be a list")
    out: list[StatusRow] = []
    for n, row in enumerate(rows):
        where = f"rows[{n}]"
        if not isinstance(row, list) or len(row) != len(columns):
            raise StatusError(f"{where} must be a list of {len(columns)} values")
        values = [row[i] for i in at]
        for name, value in zip(COLUMNS[:5], values[:5], strict=True):
            _text(value, f"{where}.{name}")
        for name, value in zip(COLUMNS[5:], values[5:], strict=True):
            _optional_text(value, f"{where}.{name}")
        if values[4] not in STATES:
            raise StatusError(f"{where}.state {values[4]!r} is not one of {', '.join(STATES)}")
        out.append(StatusRow(*values))
    return tuple(out)


def parse_cases(raw: object) -> tuple[CaseStatus, ...]:
    if not isinstance(raw, list):
        raise StatusError("'cases' must be a list")
    out: list[CaseStatus] = []
    for n, item in enumerate(raw):
        where = f"cases[{n}]"
        if not isinstance(item, Mapping):
            raise StatusError(f"{where} must be an object")
        case_id = _text(item.get("case_id"), f"{where}.case_id")
        nik = _text(item.get("nik"), f"{where}.nik")
        state = _text(item.get("state"), f"{where}.state")
        if state not in ("open", "resolved"):
            raise StatusError(f"{where}.state must be open or resolved")
        rest = [_optional_text(item.get(k), f"{where}.{k}") for k in CASE_FIELDS[3:]]
        out.append(CaseStatus(case_id, nik, state, *rest))
    return tuple(out)


def parse_published(raw: object) -> PublishedList | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise StatusError("'published' must be an object or null")
    return PublishedList(
        version=_count(raw.get("version"), "published.version"),
        published_at=_text(raw.get("published_at"), "published.published_at"),
        residents=_count(raw.get("residents"), "published.residents"),
    )


def parse_status_page(obj: object) -> StatusPage:
    """A feed page as the desk reads it; raises StatusError naming what is wrong."""
    if not isinstance(obj, Mapping):
        raise StatusError("the status page is not a JSON object")
    more = obj.get("more")
    if not isinstance(more, bool):
        raise StatusError("'more' must be true or false")
    return StatusPage(
        cursor=_count(obj.get("cursor"), "cursor"),
        more=more,
        rows=parse_rows(obj.get("columns"), obj.get("rows")),
        cases=parse_cases(obj.get("cases", [])),
        published=parse_published(obj.get("published")),
    )


# -- voids, up to the hub ---------------------------------------------------------------

VOID_OUTCOMES = ("voided", "already_voided", "unknown", "not_yours")
MAX_VOID_REASON = 500


@dataclass(frozen=True, slots=True)
class Void:
    """A void a desk sends: its record, the reason given at the desk, and when."""

    record_id: str
    reason: str
    voided_at: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def voids_body(voids: Sequence[Void]) -> dict[str, object]:
    """`POST /api/v1/voids`'s body; the answer lists an outcome (`VOID_OUTCOMES`) per void."""
    return {"voids": [v.as_dict() for v in voids]}


def parse_voids(obj: object) -> tuple[Void, ...]:
    """The voids a desk sent; raises StatusError naming what is wrong."""
    items = obj.get("voids") if isinstance(obj, Mapping) else None
    if not isinstance(items, list) or not 0 < len(items) <= MAX_VOIDS:
        raise StatusError(f"'voids' must be a list of 1 to {MAX_VOIDS} voids")
    out: list[Void] = []
    for n, item in enumerate(items):
        where = f"voids[{n}]"
        if not isinstance(item, Mapping):
            raise StatusError(f"{where} must be an object")
        record_id = _text(item.get("record_id"), f"{where}.record_id")
        if not RECORD_ID_RE.match(record_id):
            raise StatusError(f"{where}.record_id is not a lower-case UUID")
        reason = _text(item.get("reason"), f"{where}.reason")
        voided_at = _text(item.get("voided_at"), f"{where}.voided_at")
        if len(reason) > MAX_VOID_REASON or len(voided_at) > 40:
            raise StatusError(f"{where}: reason of at most {MAX_VOID_REASON} characters")
        out.append(Void(record_id, reason, voided_at))
    return tuple(out)


# -- the status bundle, carried on a USB stick --------------------------------------------


@dataclass(frozen=True, slots=True)
class StatusBundle:
    kecamatan: str
    created_at: str
    cursor: int
    rows: tuple[StatusRow, ...]
    cases: tuple[CaseStatus, ...]
    published: PublishedList | None
    published_csv: str | None  # the list in the desk's import format, when there is one


def canonical_body(body: Mapping[str, Any]) -> bytes:
    """The bytes each desk's MAC covers: every key but `macs`, sorted and compact."""
    rest = {k: v for k, v in body.items() if k != "macs"}
    return json.dumps(rest, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def body_mac(key: bytes, body: Mapping[str, Any]) -> str:
    return hmac.new(key, canonical_body(body), hashlib.sha256).hexdigest()


def status_bundle_body(
    *,
    kecamatan: str,
    created_at: str,
    page: StatusPage,
    published_csv: str | None,
    keys: Mapping[str, bytes],
) -> dict[str, Any]:
    """The bundle's JSON: the feed `page` (read from 0), signed for each desk in `keys`."""
    published: dict[str, object] | None = None
    if page.published is not None:
        published = {**page.published.as_dict(), "csv": published_csv or ""}
    body: dict[str, Any] = {
        "kind": BUNDLE_KIND,
        "version": BUNDLE_VERSION,
        "kecamatan": kecamatan,
        "created_at": created_at,
        "cursor": page.cursor,
        "columns": list(COLUMNS),
        "rows": [row.as_list() for row in page.rows],
        "cases": [case.as_dict() for case in page.cases],
        "published": published,
    }
    body["macs"] = {desk_id: body_mac(key, body) for desk_id, key in sorted(keys.items())}
    return body


def write_status_bundle(target: Path, body: Mapping[str, Any]) -> int:
    """Write the bundle (gzip'ed JSON) whole or not at all; its size in bytes."""
    data = gzip.compress(json.dumps(body, ensure_ascii=False).encode(), mtime=0)
    with atomic_private_path(target) as tmp:
        tmp.write_bytes(data)
    return len(data)


def is_status_bundle(path: Path) -> bool:
    """Whether the file is a status bundle (gzip whose JSON is of kind ektp-status)."""
    try:
        with gzip.open(path, "rb") as f:
            head = f.read(200)
    except (OSError, EOFError):
        return False
    return b'"kind": "ektp-status"' in head or b'"kind":"ektp-status"' in head


def read_status_bundle(path: Path, *, desk_id: str, key: bytes) -> StatusBundle:
    """The bundle at `path`, checked: of kind ektp-status, signed for `desk_id` under its
    bundle `key`; raises StatusError saying why it is refused."""
    try:
        with gzip.open(path, "rb") as f:
            data = f.read(MAX_BUNDLE_BYTES + 1)
    except (OSError, EOFError) as exc:
        raise StatusError(f"{path.name} is not a readable status bundle ({exc})") from None
    if len(data) > MAX_BUNDLE_BYTES:
        raise StatusError(f"{path.name} unpacks to more than {MAX_BUNDLE_BYTES} bytes")
    try:
        body = loads(data, max_bytes=MAX_BUNDLE_BYTES, max_depth=8, what=path.name)
    except JsonLimitError as exc:
        raise StatusError(f"{path.name} is not a status bundle ({exc})") from None
    if not isinstance(body, dict) or body.get("kind") != BUNDLE_KIND:
        raise StatusError(f"{path.name} is not a status bundle")
    if body.get("version") != BUNDLE_VERSION:
        raise StatusError(f"{path.name}: unsupported status bundle version {body.get('version')}")
    macs = body.get("macs")
    mac = macs.get(desk_id) if isinstance(macs, dict) else None
    if not isinstance(mac, str):
        raise StatusError(f"{path.name} is not made for desk {desk_id} (another kecamatan?)")
    if not hmac.compare_digest(mac, body_mac(key, body)):
        raise StatusError(f"{path.name} is not signed by this desk's hub, or was changed")
    published = parse_published(
        {k: v for k, v in body["published"].items() if k != "csv"}
        if isinstance(body.get("published"), dict)
        else body.get("published")
    )
    csv_text = body["published"].get("csv") if published is not None else None
    return StatusBundle(
        kecamatan=_text(body.get("kecamatan"), "kecamatan"),
        created_at=_text(body.get("created_at"), "created_at"),
        cursor=_count(body.get("cursor"), "cursor"),
        rows=parse_rows(body.get("columns"), body.get("rows")),
        cases=parse_cases(body.get("cases")),
        published=published,
        published_csv=csv_text if isinstance(csv_text, str) else None,
    )


def status_rows(rows: Sequence[Sequence[object]]) -> tuple[StatusRow, ...]:
    """Rows from the store, in `COLUMNS`' order, as StatusRow."""
    return tuple(
        StatusRow(*(None if v is None else str(v) for v in row))  # type: ignore[arg-type]
        for row in rows
    )
