"""The power-cut filesystem of the campaign: it must lose exactly what a power cut loses,
or the campaign proves nothing."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from tests.campaign.lazyfs import LazyMount, available


@pytest.fixture
def fs_or_skip() -> None:
    why = available()
    if why is not None:
        if os.environ.get("EKTP_REQUIRE_FUSE") == "1":
            pytest.fail(f"the power-cut filesystem must run here: {why}")
        pytest.skip(f"the power-cut filesystem cannot run here: {why}")


@pytest.fixture
def mount(tmp_path: Path, fs_or_skip: None) -> Iterator[LazyMount]:
    lazy = LazyMount(tmp_path / "backing", tmp_path / "mnt", 1, torn=False)
    yield lazy
    lazy.cut()  # idempotent once the process is gone


def test_unsynced_writes_are_lost_and_synced_ones_kept(mount: LazyMount) -> None:
    path = mount.mountpoint / "a.bin"
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.write(fd, b"kept")
    os.fsync(fd)
    os.write(fd, b" lost")
    assert os.pread(fd, 100, 0) == b"kept lost"  # readers see what is not yet synced
    os.close(fd)  # closing is no promise of durability
    mount.cut()
    assert (mount.backing / "a.bin").read_bytes() == b"kept"


def test_a_file_renamed_into_place_without_fsync_comes_back_empty(mount: LazyMount) -> None:
    (mount.mountpoint / "new.tmp").write_bytes(b"the whole report")
    os.replace(mount.mountpoint / "new.tmp", mount.mountpoint / "report.csv")
    fd = os.open(mount.mountpoint / "other.log", os.O_CREAT | os.O_WRONLY, 0o600)
    os.fsync(fd)  # another file's fsync makes the rename durable, not the report's content
    os.close(fd)
    mount.cut()
    assert (mount.backing / "report.csv").read_bytes() == b""


def test_truncation_is_held_until_fsync(mount: LazyMount) -> None:
    (mount.backing / "t.bin").write_bytes(b"0123456789")
    with (mount.mountpoint / "t.bin").open("r+b") as f:
        f.truncate(3)
        f.seek(0, os.SEEK_END)
        f.write(b"abc")
        f.flush()
        f.seek(0)
        assert f.read() == b"012abc"
    mount.cut()
    assert (mount.backing / "t.bin").read_bytes() == b"0123456789"


def test_an_orderly_stop_keeps_everything(mount: LazyMount) -> None:
    (mount.mountpoint / "s.bin").write_bytes(b"written")
    mount.stop()
    assert (mount.backing / "s.bin").read_bytes() == b"written"


def test_a_torn_cut_keeps_a_prefix_of_each_files_writes(tmp_path: Path, fs_or_skip: None) -> None:
    lazy = LazyMount(tmp_path / "backing", tmp_path / "mnt", 7)
    chunks = [bytes([65 + i]) * 100 for i in range(20)]
    for name in range(8):
        fd = os.open(lazy.mountpoint / f"f{name}", os.O_CREAT | os.O_WRONLY, 0o600)
        os.fsync(fd)  # the name is durable; what follows is not
        for chunk in chunks:
            os.write(fd, chunk)
        os.close(fd)
    lazy.cut()
    kept = []
    for name in range(8):
        data = (lazy.backing / f"f{name}").read_bytes()
        whole = b"".join(chunks)
        assert whole.startswith(data), f"f{name} is not a prefix of what was written"
        kept.append(len(data))
    assert len(set(kept)) > 1, kept  # seeded: different files keep different prefixes
    assert any(0 < k < 2000 for k in kept), kept
    assert any(k % 100 for k in kept), kept  # and some write was torn


@pytest.mark.parametrize(("synchronous", "survives"), [("FULL", True), ("OFF", False)])
def test_sqlite_commits_survive_only_when_synced(
    mount: LazyMount, synchronous: str, survives: bool
) -> None:
    """The campaign would see a changed pragma: with synchronous=OFF a committed row is
    gone after the cut; with FULL, as the desk and hub use, it stays."""
    with closing(sqlite3.connect(mount.mountpoint / "db.sqlite3", isolation_level=None)) as c:
        c.execute("PRAGMA journal_mode = WAL")
        c.execute(f"PRAGMA synchronous = {synchronous}")
        c.execute("CREATE TABLE t (x)")
        for i in range(20):
            c.execute("INSERT INTO t VALUES (?)", (i,))
        mount.cut()
    with closing(sqlite3.connect(mount.backing / "db.sqlite3")) as c:
        tables = c.execute("SELECT count(*) FROM sqlite_master WHERE name = 't'").fetchone()[0]
        rows = c.execute("SELECT count(*) FROM t").fetchone()[0] if tables else 0
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert rows == (20 if survives else 0)


def test_names_are_durable_only_once_something_is_synced(mount: LazyMount) -> None:
    """A journaling filesystem's name operations: a rename that nothing synced after it is
    lost at a cut; a directory fsync (or any fsync) makes every earlier one durable."""
    kept, lost = mount.mountpoint / "kept", mount.mountpoint / "lost"
    for folder in (kept, lost):
        folder.mkdir()
        fd = os.open(folder / "new.tmp", os.O_CREAT | os.O_WRONLY, 0o600)
        os.write(fd, b"content")
        os.fsync(fd)
        os.close(fd)
        (folder / "old.txt").write_bytes(b"")  # name only, never synced
    (kept / "old.txt").unlink()
    os.replace(kept / "new.tmp", kept / "final.txt")
    dirfd = os.open(kept, os.O_RDONLY)
    os.fsync(dirfd)
    os.close(dirfd)
    (lost / "old.txt").unlink()
    os.replace(lost / "new.tmp", lost / "final.txt")
    mount.cut()
    back = mount.backing
    assert (back / "kept" / "final.txt").read_bytes() == b"content"
    assert sorted(p.name for p in (back / "kept").iterdir()) == ["final.txt"]
    # After the last fsync: the unlink and the rename are undone, the content kept.
    assert sorted(p.name for p in (back / "lost").iterdir()) == ["new.tmp", "old.txt"]
    assert (back / "lost" / "new.tmp").read_bytes() == b"content"


def test_an_export_reported_written_survives_a_power_cut(tmp_path: Path, fs_or_skip: None) -> None:
    """Found by the campaign's power-cut part: tally and outreach exports were renamed into
    place without an fsync, so a cut right after "written" left an empty or missing file.
    The export writer now fsyncs the file and its folder."""
    from ektp_desk.reports.writers import atomic_path

    lazy = LazyMount(tmp_path / "backing", tmp_path / "mnt", 3, torn=False)
    target = lazy.mountpoint / "laporan-harian.csv"
    with atomic_path(target) as tmp:
        tmp.write_text("nik,nama\n7271024507050001,SITI\n", encoding="utf-8")
    lazy.cut()
    assert (lazy.backing / "laporan-harian.csv").read_text(encoding="utf-8").endswith("SITI\n")
