"""`python -m ektp_desk` behaves like the `ektp-desk` command."""

import os
import sys

from ektp_desk.cli import main

# The windowed program of the Windows folder has no console: print() and a traceback would
# fail on a missing stream. What it says goes to the log and the crash files instead.
if sys.stdout is None:
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process)
if sys.stderr is None:
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process)

raise SystemExit(main())
