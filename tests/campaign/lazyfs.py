"""A FUSE filesystem that forgets, as a power cut does, what was written but not fsynced.

    python -m tests.campaign.lazyfs BACKING MOUNTPOINT SEED [--no-torn]

It mirrors the folder BACKING at MOUNTPOINT. File contents are not written through:
every write and truncation since a file's last fsync is held in this process's memory
(reads see it), and is written through to BACKING, in order, only by fsync. So a file
renamed into place without its content synced comes back empty. Names (create, rename,
unlink, mkdir, rmdir) reach BACKING at once but are journaled, as on ext4 or NTFS: they
become durable, all of them in order, at the next fsync of any file or directory; a cut
undoes those not yet durable (newest first), so a rename that nothing synced after it is
lost too. Files a name operation removed wait in a trash folder beside BACKING until then.

Standard input takes one command a line:

- ``CUT``: the power goes. Each file keeps a seeded random prefix of its unsynced writes
  (its first k writes, and half the time part of write k + 1: a torn write, as LazyFS's
  `torn-seq` models it) and the journal a seeded random prefix of its name operations;
  the rest is lost; the process exits at once, leaving a dead
  mount that the caller removes with ``fusermount3 -u -z``. With ``--no-torn`` every
  unsynced write is lost (for tests that need one outcome).
- ``STOP``: an orderly shutdown: everything pending is written through, then unmount.

Writers that are still running are killed before ``CUT``: a power cut stops them too.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import mfusepy
except (ImportError, OSError):  # no libfuse here: available() says so
    mfusepy = None

PAGE = 4096


@dataclass
class Pending:
    """A file's contents since its last fsync: the writes in order, and the view they make."""

    size: int  # the logical size that readers see
    floor: int  # bytes of the backing file at or past this offset read as zeros
    log: list[tuple[int, bytes | None, int]] = field(default_factory=list)
    pages: dict[int, bytearray] = field(default_factory=dict)


class LazyFS(mfusepy.Operations if mfusepy else object):  # type: ignore[misc]
    use_ns = True

    def __init__(self, backing: str, rng: random.Random, *, torn: bool = True) -> None:
        self.root = backing
        self.rng = rng
        self.torn = torn
        self.mutex = threading.Lock()
        self.pending: dict[str, Pending] = {}
        self.names: list[tuple[str, ...]] = []  # name operations not yet durable, in order
        self.trash = backing.rstrip("/") + ".lazyfs-trash"
        os.makedirs(self.trash, exist_ok=True)
        self.cut_done = False

    def _real(self, path: str) -> str:
        return os.path.join(self.root, path.lstrip("/"))

    # Names and attributes go straight through.

    def getattr(self, path: str, fh: int | None = None) -> dict[str, Any]:
        with self.mutex:
            st = os.lstat(self._real(path))
            attrs = {
                key: getattr(st, key)
                for key in (
                    "st_mode", "st_nlink", "st_uid", "st_gid", "st_size",
                    "st_atime_ns", "st_mtime_ns", "st_ctime_ns",
                )
            }  # fmt: skip
            attrs["st_atime"] = attrs.pop("st_atime_ns")
            attrs["st_mtime"] = attrs.pop("st_mtime_ns")
            attrs["st_ctime"] = attrs.pop("st_ctime_ns")
            state = self.pending.get(path)
            if state is not None:
                attrs["st_size"] = state.size
            return attrs

    def readdir(self, path: str, fh: int) -> list[str]:
        return [".", "..", *os.listdir(self._real(path))]

    def access(self, path: str, amode: int) -> int:
        if not os.access(self._real(path), amode):
            raise mfusepy.FuseOSError(errno.EACCES)
        return 0

    def chmod(self, path: str, mode: int) -> int:
        os.chmod(self._real(path), mode)
        return 0

    def chown(self, path: str, uid: int, gid: int) -> int:
        os.chown(self._real(path), uid, gid)
        return 0

    def utimens(self, path: str, times: tuple[int, int] | None = None) -> int:
        os.utime(self._real(path), ns=times)
        return 0

    def mkdir(self, path: str, mode: int) -> int:
        with self.mutex:
            os.mkdir(self._real(path), mode)
            self.names.append(("mkdir", path))
        return 0

    def rmdir(self, path: str) -> int:
        with self.mutex:
            os.rmdir(self._real(path))
            self.names.append(("rmdir", path))
        return 0

    def _to_trash(self, real: str) -> str:
        kept = os.path.join(self.trash, f"{len(os.listdir(self.trash))}-{os.path.basename(real)}")
        os.rename(real, kept)
        return kept

    def unlink(self, path: str) -> int:
        with self.mutex:
            self.names.append(("unlink", path, self._to_trash(self._real(path))))
            self.pending.pop(path, None)
        return 0

    def rename(self, old: str, new: str) -> int:
        with self.mutex:
            replaced = self._to_trash(self._real(new)) if os.path.lexists(self._real(new)) else ""
            try:
                os.rename(self._real(old), self._real(new))
            except OSError:
                if replaced:
                    os.rename(replaced, self._real(new))
                raise
            self.names.append(("rename", old, new, replaced))
            self.pending.pop(new, None)
            state = self.pending.pop(old, None)
            if state is not None:
                self.pending[new] = state
        return 0

    def _commit_names(self) -> None:
        """A journal commit: every name operation so far is durable."""
        self.names.clear()
        for name in os.listdir(self.trash):
            os.unlink(os.path.join(self.trash, name))

    def _undo_names(self, keep: int) -> None:
        for op in reversed(self.names[keep:]):
            kind, path = op[0], self._real(op[1])
            if kind == "create" and os.path.lexists(path):
                os.unlink(path)
            elif kind == "mkdir":
                shutil.rmtree(path, ignore_errors=True)
            elif kind == "rmdir":
                os.mkdir(path)
            elif kind == "unlink":
                os.rename(op[2], path)
            elif kind == "rename":
                os.rename(self._real(op[2]), path)
                if op[3]:
                    os.rename(op[3], self._real(op[2]))
        self.names.clear()
        shutil.rmtree(self.trash, ignore_errors=True)

    def statfs(self, path: str) -> dict[str, int]:
        st = os.statvfs(self._real(path))
        return {
            key: getattr(st, key)
            for key in (
                "f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail", "f_ffree",
                "f_files", "f_flag", "f_frsize", "f_namemax",
            )
        }  # fmt: skip

    # Files: opened on the backing folder; contents held until fsync.

    def create(self, path: str, mode: int, fi: Any = None) -> int:
        with self.mutex:
            existed = os.path.lexists(self._real(path))
            fd = os.open(self._real(path), os.O_RDWR | os.O_CREAT, mode)
            if not existed:
                self.names.append(("create", path))
            elif os.fstat(fd).st_size:
                self._truncate(path, fd, 0)
            return fd

    def open(self, path: str, flags: int) -> int:
        return os.open(self._real(path), os.O_RDWR if self._writable(path) else os.O_RDONLY)

    def _writable(self, path: str) -> bool:
        return os.access(self._real(path), os.W_OK)

    def release(self, path: str, fh: int) -> int:
        os.close(fh)
        return 0

    def flush(self, path: str, fh: int) -> int:
        return 0  # close() is no promise of durability

    def _state(self, path: str, fd: int) -> Pending:
        state = self.pending.get(path)
        if state is None:
            size = os.fstat(fd).st_size
            state = self.pending[path] = Pending(size=size, floor=size)
        return state

    def _base_page(self, state: Pending, fd: int, index: int) -> bytearray:
        start = index * PAGE
        data = bytearray(os.pread(fd, PAGE, start)) if start < state.floor else bytearray()
        if start + len(data) > state.floor:
            del data[max(0, state.floor - start) :]
        data.extend(bytes(PAGE - len(data)))
        return data

    def read(self, path: str, size: int, offset: int, fh: int) -> bytes:
        with self.mutex:
            state = self.pending.get(path)
            if state is None:
                return os.pread(fh, size, offset)
            end = min(offset + size, state.size)
            out = bytearray()
            position = offset
            while position < end:
                index = position // PAGE
                page = state.pages.get(index)
                if page is None:
                    page = self._base_page(state, fh, index)
                start = position - index * PAGE
                chunk = page[start : min(PAGE, start + end - position)]
                out += chunk
                position += len(chunk)
            return bytes(out)

    def write(self, path: str, data: bytes, offset: int, fh: int) -> int:
        with self.mutex:
            state = self._state(path, fh)
            state.log.append((offset, bytes(data), 0))
            position = offset
            view = memoryview(data)
            while view:
                index = position // PAGE
                page = state.pages.get(index)
                if page is None:
                    page = state.pages[index] = self._base_page(state, fh, index)
                start = position - index * PAGE
                take = min(PAGE - start, len(view))
                page[start : start + take] = view[:take]
                view = view[take:]
                position += take
            state.size = max(state.size, offset + len(data))
            return len(data)

    def truncate(self, path: str, length: int, fh: int | None = None) -> int:
        with self.mutex:
            if fh is None:
                fd = os.open(self._real(path), os.O_RDWR)
                try:
                    self._truncate(path, fd, length)
                finally:
                    os.close(fd)
            else:
                self._truncate(path, fh, length)
        return 0

    def _truncate(self, path: str, fd: int, length: int) -> None:
        state = self._state(path, fd)
        state.log.append((length, None, 0))
        if length < state.size:
            for index in [i for i in state.pages if i * PAGE >= length]:
                del state.pages[index]
            partial = state.pages.get(length // PAGE)
            if partial is not None:
                cut = length % PAGE
                partial[cut:] = bytes(PAGE - cut)
            state.floor = min(state.floor, length)
        state.size = length

    def fsync(self, path: str, datasync: int, fh: int) -> int:
        with self.mutex:
            state = self.pending.pop(path, None)
            if state is not None:
                _apply(fh, state.log)
            os.fsync(fh)
            self._commit_names()
        return 0

    def fsyncdir(self, path: str, datasync: int, fh: int) -> int:
        with self.mutex:
            self._commit_names()
        return 0

    # The two ways to end.

    def power_cut(self) -> None:
        with self.mutex:
            for path, state in sorted(self.pending.items()):
                keep = self.rng.randint(0, len(state.log)) if self.torn else 0
                log = state.log[:keep]
                if self.torn and keep < len(state.log) and self.rng.random() < 0.5:
                    offset, data, _ = state.log[keep]
                    if data is not None and len(data) > 1:
                        log.append((offset, data[: self.rng.randrange(1, len(data))], 0))
                _write_through(self._real(path), log)
            self.pending.clear()
            self._undo_names(self.rng.randint(0, len(self.names)) if self.torn else 0)
            self.cut_done = True

    def orderly_stop(self) -> None:
        with self.mutex:
            for path, state in sorted(self.pending.items()):
                _write_through(self._real(path), state.log)
            self.pending.clear()
            self._commit_names()


def _apply(fd: int, log: list[tuple[int, bytes | None, int]]) -> None:
    for offset, data, _ in log:
        if data is None:
            os.ftruncate(fd, offset)
        else:
            os.pwrite(fd, data, offset)


def _write_through(real: str, log: list[tuple[int, bytes | None, int]]) -> None:
    try:
        fd = os.open(real, os.O_RDWR)
    except FileNotFoundError:
        return  # renamed over or removed since: its pending writes went with it
    try:
        _apply(fd, log)
        os.fsync(fd)
    finally:
        os.close(fd)


def _commands(fs: LazyFS, mountpoint: str) -> None:
    for line in sys.stdin:
        command = line.strip()
        if command == "CUT":
            fs.power_cut()
            sys.stdout.write("CUT\n")
            sys.stdout.flush()
            os._exit(0)
        if command == "STOP":
            fs.orderly_stop()
            sys.stdout.write("STOPPED\n")
            sys.stdout.flush()
            os._exit(0)
    fs.orderly_stop()  # standard input closed: the caller is gone
    os._exit(0)


class LazyMount:
    """The filesystem in a process of its own, mounted over `mountpoint` until cut or stopped."""

    def __init__(self, backing: Path, mountpoint: Path, seed: int, *, torn: bool = True) -> None:
        backing.mkdir(parents=True, exist_ok=True)
        mountpoint.mkdir(parents=True, exist_ok=True)
        self.backing, self.mountpoint = backing, mountpoint
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.campaign.lazyfs",
                str(backing),
                str(mountpoint),
                str(seed),
                *([] if torn else ["--no-torn"]),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=Path(__file__).resolve().parents[2],
        )
        deadline = time.monotonic() + 20
        while not os.path.ismount(mountpoint):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self._end("")
                raise RuntimeError(f"the power-cut filesystem did not mount on {mountpoint}")
            time.sleep(0.02)

    def _end(self, command: str) -> None:
        if self.proc.poll() is None and command:
            assert self.proc.stdin is not None
            self.proc.stdin.write(command.encode() + b"\n")
            self.proc.stdin.flush()
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        subprocess.run(
            ["fusermount3", "-u", "-z", str(self.mountpoint)], capture_output=True, check=False
        )

    def cut(self) -> None:
        """The power goes: what was not fsynced is lost, but for a torn prefix."""
        self._end("CUT")

    def stop(self) -> None:
        """An orderly shutdown: everything written reaches the backing folder."""
        self._end("STOP")


def available() -> str | None:
    """Why the filesystem cannot run here, or None when it can."""
    if not os.path.exists("/dev/fuse"):
        return "no /dev/fuse"
    if shutil.which("fusermount3") is None:
        return "fusermount3 is missing (Debian package fuse3)"
    if mfusepy is None:
        return "mfusepy (the test extra) or libfuse3 is missing"
    return None


def main() -> None:
    backing, mountpoint, seed = sys.argv[1:4]
    fs = LazyFS(
        os.path.abspath(backing), random.Random(int(seed)), torn="--no-torn" not in sys.argv
    )
    threading.Thread(target=_commands, args=(fs, mountpoint), daemon=True).start()
    sys.stdout.write("MOUNTING\n")
    sys.stdout.flush()
    mfusepy.FUSE(fs, mountpoint, foreground=True, nothreads=True, default_permissions=True)


if __name__ == "__main__":
    main()
