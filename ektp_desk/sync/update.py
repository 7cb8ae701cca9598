"""The desk release the hub offers, its release key, and the installer fetched from the hub,
resumable on a slow link that drops: the bytes go into a `.part` file that a later attempt
continues with a Range request, flushed to disk as they come so that a power cut keeps what
arrived. Checking the file against the signed release is the caller's
(`protocol.release.check_file`)."""

from __future__ import annotations

import base64
import binascii
import logging
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import requests

from ektp_desk.protocol.envelope import key_id
from ektp_desk.protocol.release import DOWNLOAD_PATH, RELEASE_PATH, Release
from ektp_desk.sync import SyncError
from ektp_desk.sync.client import HubClient, HubProtocolError, HubRefused, HubUnreachable

log = logging.getLogger(__name__)

CHUNK = 64 * 1024
SYNC_EVERY = 1 << 20  # fsync the .part file after this many bytes

Progress = Callable[[int, int], None]  # (bytes held, bytes in all)


class DownloadStopped(SyncError):
    """The download was asked to stop; its .part file stays for the next attempt."""

    said = "download_stopped"


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise HubProtocolError("the hub's answer is not a JSON object")
    return body


def release_key(client: HubClient) -> tuple[bytes, str] | None:
    """The hub's release key and its id, from its `/config` (beside its sealing key); None
    from a hub that has none yet."""
    body = _json(client.get("/config"))
    if "release_public_key" not in body:
        return None
    try:
        public = base64.b64decode(str(body["release_public_key"]), validate=True)
        advertised = str(body["release_key_id"])
    except (KeyError, binascii.Error, ValueError):
        raise HubProtocolError("the hub's release key answer is malformed") from None
    if len(public) != 32 or key_id(public) != advertised:
        raise HubProtocolError("the hub's release key does not match its key id")
    return public, advertised


def offered_release(client: HubClient) -> dict[str, Any] | None:
    """The desk release the hub offers, as sent; None when it offers none."""
    try:
        return _json(client.get(RELEASE_PATH))
    except HubRefused as exc:
        if exc.status == 404:
            return None
        raise


def _download(client: HubClient, offset: int, stream_timeout: float) -> requests.Response:
    """The installer from byte `offset` on (a Range request), streamed."""
    return client.get(
        DOWNLOAD_PATH,
        headers={"Range": f"bytes={offset}-"} if offset else {},
        stream=True,
        timeout=(client.timeout[0], stream_timeout),
    )


def fetch_release(
    client: HubClient,
    release: Release,
    part: Path,
    *,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
    stream_timeout: float = 30.0,
) -> Path:
    """Bring `part` to the release's whole size, continuing what it holds. Returns `part`.
    A failure of the link leaves the bytes that arrived for the next attempt."""
    part.parent.mkdir(parents=True, exist_ok=True)
    held = part.stat().st_size if part.exists() else 0
    if held > release.size:  # not this release's: start again
        part.unlink()
        held = 0
    if held == release.size:
        return part
    try:
        response = _download(client, held, stream_timeout)
    except HubRefused as exc:
        if exc.status == 416:  # the hub's file is not the one the .part began
            part.unlink(missing_ok=True)
            response = _download(client, 0, stream_timeout)
            held = 0
        else:
            raise
    with response:
        if response.status_code == 200 and held:
            log.info("the hub sent the whole installer again; starting over")
            held = 0
        elif response.status_code == 206:
            first = response.headers.get("content-range", "").removeprefix("bytes ").split("-")[0]
            if first != str(held):
                raise HubProtocolError(f"the hub resumed the installer at {first!r}, not {held}")
        log.info("downloading release %s from byte %d of %d", release.version, held, release.size)
        _write(response.iter_content(CHUNK), part, held, release.size, progress, stop)
    return part


def _write(
    chunks: Iterator[bytes],
    part: Path,
    held: int,
    size: int,
    progress: Progress | None,
    stop: threading.Event | None,
) -> None:
    unsynced = 0
    with part.open("r+b" if held else "wb") as f:
        f.seek(held)
        f.truncate()
        try:
            for chunk in chunks:
                if stop is not None and stop.is_set():
                    raise DownloadStopped("the download was stopped; it resumes where it was")
                if held + len(chunk) > size:
                    raise HubProtocolError("the hub sent more bytes than the release holds")
                f.write(chunk)
                held += len(chunk)
                unsynced += len(chunk)
                if unsynced >= SYNC_EVERY:
                    f.flush()
                    os.fsync(f.fileno())
                    unsynced = 0
                if progress is not None:
                    progress(held, size)
        except requests.RequestException as exc:
            raise HubUnreachable(
                f"the download broke off after {held} of {size} bytes ({type(exc).__name__}); "
                "it resumes where it was"
            ) from exc
        finally:
            f.flush()
            os.fsync(f.fileno())
    if held != size:
        raise HubUnreachable(f"the download ended after {held} of {size} bytes; it resumes")
