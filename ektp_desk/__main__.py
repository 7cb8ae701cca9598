"""`python -m ektp_desk` behaves like the `ektp-desk` command (and is the frozen programs'
entry point)."""

from ektp_desk.cli import main
from ektp_desk.cli.base import ensure_streams

ensure_streams()
raise SystemExit(main())
