"""No command: the desk's window, and the options `ektp-desk` itself takes for it."""

from __future__ import annotations

import argparse

from ektp_desk import __version__
from ektp_desk.cli.base import UsageError, data_dir_of
from ektp_desk.cli.credentials import Credentials


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="start the window offscreen on the real store, build it, and exit 0",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the window on a throwaway demo desk with demo accounts, a demo resident "
        "list and a hub in this same process (nothing is kept)",
    )


def cmd_window(args: argparse.Namespace, creds: Credentials) -> int:
    """No command: the desk's window (the first-run wizard on a new data dir)."""
    from ektp_desk.ui import system_check

    smoke_test = bool(getattr(args, "smoke_test", False))
    if not smoke_test:  # the smoke test runs offscreen: it needs no screen
        problem = system_check.problem()
        if problem is not None:
            raise UsageError(problem)
    try:
        from ektp_desk.ui.app import run
    except ImportError as exc:
        library = system_check.missing_from_import_error(exc)
        if library is not None:
            raise UsageError(
                f"the window cannot start: the system lacks {library}. Install: sudo apt-get "
                f"install {system_check.package_of(library)} (or everything the window needs "
                f"at once: {system_check.install_line()})"
            ) from None
        raise UsageError(
            f"the window needs PySide6 ({exc}); the commands (ektp-desk --help) work without it"
        ) from None
    return run(
        data_dir_of(args),
        smoke_test=smoke_test,
        demo=bool(getattr(args, "demo", False)),
    )
