"""The hub's desk releases, the same on SQLite and PostgreSQL: the release key kept
encrypted and private with its public half in the store, installers kept as files with their
metadata in the store, the newest by version offered, a version added once, and the bytes
of a download (one range) as the service answers them."""

from __future__ import annotations

import argparse
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from ektp_desk.hub import HubError
from ektp_desk.hub.cli import main as hub_main
from ektp_desk.hub.cli.base import UsageError, release_dir
from ektp_desk.hub.releases import add_release, create_release_key, load_release_key
from ektp_desk.hub.service import ApiError, HubService
from ektp_desk.hub.store import HubStore, open_store
from ektp_desk.protocol.envelope import generate_private_key
from ektp_desk.protocol.release import check_file

AT = "2026-11-27T02:00:00.000+00:00"


@pytest.fixture
def store(hub_db: str) -> Iterator[HubStore]:
    opened = open_store(hub_db)
    opened.add_desk("D1", "72.71.02", "token-1", AT)
    yield opened
    opened.close()


def test_releases_are_files_with_signed_metadata_newest_version_first(
    store: HubStore, tmp_path: Path
) -> None:
    key_path = tmp_path / "hub.release.pem"
    key = create_release_key(key_path, b"passphrase-1", store)
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert load_release_key(key_path, b"passphrase-1").public_key() == key.public_key()
    with pytest.raises(HubError, match="wrong passphrase"):
        load_release_key(key_path, b"another-one")
    with pytest.raises(HubError, match="keeps its release key"):
        create_release_key(key_path, b"passphrase-1", store)
    folder = tmp_path / "releases"
    for version in ("0.10.0", "0.9.0"):
        source = tmp_path / f"{version}.exe"
        source.write_bytes(version.encode() * 1000)
        add_release(store, key, source, version=version, notes="n", folder=folder, at=AT)
    assert [r.version for r, _ in store.releases()] == ["0.10.0", "0.9.0"]
    current, name = store.current_release()  # type: ignore[misc]
    check_file(current, folder / name, key.public_key().public_bytes_raw())
    with pytest.raises(HubError, match="already added"):
        add_release(store, key, source, version="0.9.0", notes="", folder=folder, at=AT)
    with pytest.raises(HubError, match="not a version"):
        add_release(store, key, source, version="soon", notes="", folder=folder, at=AT)
    assert sorted(p.name for p in folder.iterdir()) == [
        "ektp-desk-0.10.0-setup.exe",
        "ektp-desk-0.9.0-setup.exe",
    ]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_an_installer_is_written_whole_and_readable_by_nginx(
    store: HubStore, tmp_path: Path
) -> None:
    key = create_release_key(tmp_path / "hub.release.pem", b"passphrase-1", store)
    folder = tmp_path / "releases"
    empty = tmp_path / "empty.exe"
    empty.write_bytes(b"")
    with pytest.raises(HubError, match="is empty"):
        add_release(store, key, empty, version="1.0.0", notes="", folder=folder, at=AT)
    assert list(folder.iterdir()) == [] and store.releases() == []  # no file, no row
    source = tmp_path / "setup.exe"
    source.write_bytes(b"MZ" * 5000)
    add_release(store, key, source, version="1.0.0", notes="", folder=folder, at=AT)
    (installer,) = folder.iterdir()
    assert installer.read_bytes() == source.read_bytes()
    assert stat.S_IMODE(installer.stat().st_mode) == 0o644


def test_the_service_offers_the_release_and_serves_one_range(
    store: HubStore, tmp_path: Path
) -> None:
    service = HubService(store, generate_private_key(), release_dir=tmp_path / "releases")
    desk = store.desk("D1")
    assert desk is not None
    assert "release_key_id" not in service.config()
    with pytest.raises(ApiError) as none:
        service.release(desk)
    assert none.value.status == 404
    key = create_release_key(tmp_path / "r.pem", b"passphrase-1", store)
    source = tmp_path / "setup.exe"
    source.write_bytes(bytes(range(256)) * 40)
    add_release(store, key, source, version="1.0", notes="", folder=tmp_path / "releases", at=AT)
    assert service.config()["release_key_id"] == service.release(desk)["key_id"]
    whole = service.release_bytes(desk, None)
    assert (whole.partial, whole.length) == (False, 10240)
    rest = service.release_bytes(desk, "bytes=10000-")
    assert b"".join(rest.chunks()) == source.read_bytes()[10000:]
    assert rest.headers()["Content-Range"] == "bytes 10000-10239/10240"
    with pytest.raises(ApiError) as past:
        service.release_bytes(desk, "bytes=10240-")
    assert past.value.status == 416


def test_the_release_commands_say_what_is_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("EKTP_HUB_PASSPHRASE", "passphrase-1")
    monkeypatch.delenv("EKTP_HUB_RELEASES", raising=False)
    db = ["--db", str(tmp_path / "hub.sqlite3")]
    assert hub_main([*db, "release", "keygen"]) == 0
    said = capsys.readouterr().out
    assert (tmp_path / "hub.release.pem").is_file() and "key id" in said
    assert hub_main([*db, "release", "keygen"]) == 2
    assert "keeps its release key" in capsys.readouterr().err
    assert hub_main([*db, "release", "add", str(tmp_path / "none.exe"), "--version", "1.0"]) == 2
    assert "is not a file" in capsys.readouterr().err
    on_postgres = argparse.Namespace(db="postgresql://hub@db/hub", release_dir=None)
    assert release_dir(on_postgres, required=False) is None
    with pytest.raises(UsageError, match="--release-dir or EKTP_HUB_RELEASES"):
        release_dir(on_postgres)
    assert release_dir(argparse.Namespace(db=db[1], release_dir=None)) == tmp_path / "releases"
