"""`ektp-desk record`: save recordings from JSON or JSON Lines; void, approve or correct one
(supervisor)."""

from __future__ import annotations

import argparse
import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ektp_desk.cli.base import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    desk_json,
    fail,
    open_desk,
    problem_line,
)
from ektp_desk.cli.credentials import Credentials
from ektp_desk.desk import Desk, SavedRecording, ValidationFailed
from ektp_desk.domain import boundedjson
from ektp_desk.domain.accounts import Permission
from ektp_desk.domain.recording import RecordingDraft, file_reader, read_draft


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("record", parents=[common], help="recordings")
    rec_sub = p.add_subparsers(dest="record_command", metavar="ACTION", required=True)
    q = rec_sub.add_parser("add", parents=[common], help="save recordings from JSON or JSON Lines")
    q.add_argument("file", type=Path)
    q = rec_sub.add_parser("void", parents=[common], help="void a recording (supervisor)")
    q.add_argument("record_id")
    q.add_argument("--reason", required=True)
    q = rec_sub.add_parser(
        "approve",
        parents=[common],
        help="approve a recording held for a supervisor's approval (supervisor); "
        "without RECORD-ID, list those waiting",
    )
    q.add_argument("record_id", nargs="?", metavar="RECORD-ID")
    q.add_argument("--reason", default="", help="why it is approved (audited, sent to the hub)")
    q = rec_sub.add_parser(
        "correct",
        parents=[common],
        help="a new recording in place of a rejected, voided or duplicate-NIK one (supervisor)",
    )
    q.add_argument("record_id", metavar="RECORD-ID")
    q.add_argument("file", type=Path, help="the recording, as `record add` takes it (one)")
    p.set_defaults(handler=cmd_record)


def _recording_items(path: Path, lines: deque[int]) -> Iterator[object]:
    """The recordings of a JSON file (one object, or an array) or a JSON Lines file, with
    their line numbers pushed to `lines` as they are handed out."""
    try:
        with path.open(encoding="utf-8-sig") as f:
            first = f.read(1)
            while first.isspace():
                first = f.read(1)
            f.seek(0)
            whole: object = _NOT_ONE_DOCUMENT
            text = f.read() if first else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot be read ({exc})") from None
    if text:
        try:
            whole = desk_json(text)
        except boundedjson.JsonTooDeep as exc:
            raise UsageError(f"{path}: {exc}; nothing was saved") from None
        except boundedjson.JsonLimitError:
            pass  # not one JSON document: JSON Lines, read line by line below
    if whole is not _NOT_ONE_DOCUMENT and not isinstance(whole, dict | list):
        raise UsageError(
            f"{path}: holds a JSON {_json_kind(whole)}, not a recording (a JSON object),"
            " an array of them, or JSON Lines; nothing was saved"
        )
    if isinstance(whole, dict):
        lines.append(1)
        yield whole
        return
    if isinstance(whole, list):
        for index, item in enumerate(whole, start=1):
            lines.append(index)
            yield item
        return
    with path.open(encoding="utf-8-sig") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                item = desk_json(line)
            except boundedjson.JsonLimitError as exc:
                fail(f"line {number}: {exc}")
                yield _Malformed(number)
                continue
            lines.append(number)
            yield item


_NOT_ONE_DOCUMENT = object()


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return "string" if isinstance(value, str) else "number"


class _Malformed:
    def __init__(self, line: int) -> None:
        self.line = line


AWAITING_APPROVAL = "menunggu-persetujuan"


def _approve(desk: Desk, record_id: str | None, reason: str) -> int:
    if record_id is None:
        desk.require(Permission.APPROVE_RECORDING)
        for w in desk.approvals.waiting():
            rules = ",".join(w.rules)
            print(f"{w.record_id}\t{w.nik}\t{w.nama}\t{w.operator}\t{w.finalized_at}\t{rules}")
        return EXIT_OK
    approved = desk.approvals.approve(record_id, reason=reason)
    print(f"approved {approved.record_id} by {approved.approved_by}")
    return EXIT_OK


def _correct(desk: Desk, record_id: str, path: Path) -> int:
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    items = list(_recording_items(path, deque()))
    if len(items) != 1 or isinstance(items[0], _Malformed):
        raise UsageError(f"{path}: must hold exactly one recording; nothing was saved")
    draft = read_draft(items[0], read_file=file_reader(path.resolve().parent))
    saved = desk.recordings.correct(record_id, draft)
    held = f" {AWAITING_APPROVAL}" if saved.needs_approval else ""
    print(f"saved {saved.record_id} {saved.nik} replaces {record_id}{held}")
    for w in saved.warnings:
        print(problem_line("", w), file=sys.stderr)
    return EXIT_OK


def cmd_record(args: argparse.Namespace, creds: Credentials) -> int:
    with open_desk(args) as desk:
        creds.login(desk)
        if args.record_command == "void":
            desk.recordings.void(args.record_id, args.reason)
            print(f"voided {args.record_id}")
            return EXIT_OK
        if args.record_command == "approve":
            return _approve(desk, args.record_id, args.reason)
        if args.record_command == "correct":
            return _correct(desk, args.record_id, args.file)
        path: Path = args.file
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        lines: deque[int] = deque()
        saved = rejected = 0
        malformed = 0

        read = file_reader(path.resolve().parent)

        def items() -> Iterator[RecordingDraft]:
            nonlocal malformed
            for item in _recording_items(path, lines):
                if isinstance(item, _Malformed):
                    malformed += 1
                else:
                    yield read_draft(item, read_file=read)

        for outcome in desk.recordings.save_many(items()):
            line = lines.popleft()
            if isinstance(outcome, SavedRecording):
                saved += 1
                held = f" {AWAITING_APPROVAL}" if outcome.needs_approval else ""
                sys.stdout.write(f"saved {outcome.record_id} {outcome.nik}{held}\n")
                sys.stdout.flush()
                for w in outcome.warnings:
                    print(problem_line(f"line {line}: ", w), file=sys.stderr)
            elif isinstance(outcome, ValidationFailed):
                rejected += 1
                for p in outcome.problems:
                    print(problem_line(f"line {line}: ", p), file=sys.stderr)
        rejected += malformed
        print(f"{saved} saved, {rejected} rejected", file=sys.stderr, flush=True)
        if saved == 0 and rejected == 0:
            raise UsageError(f"{path}: holds no recording")
    return EXIT_PROBLEMS if rejected else EXIT_OK
