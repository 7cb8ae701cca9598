"""Who holds the outbox's lease: one sync run at a time per data dir, and a lease whose
owner process died on this machine need not be waited out."""

from __future__ import annotations

import os
import socket
import threading

from ektp_desk.fsutil import process_alive

LEASE_SECONDS = 120


def this_process() -> str:
    """The start of every lease owner of this process."""
    return f"{socket.gethostname()}:{os.getpid()}:"


def default_owner() -> str:
    return f"{this_process()}{threading.get_ident()}"


def owner_gone(owner: str) -> bool:
    """The lease's owner was a process of this machine that no longer runs (it crashed or
    was killed): its lease need not be waited out. Asked the same way on every OS, Windows
    too; unknown cases count as alive."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    return not process_alive(int(pid))  # this process (another thread) counts as alive
