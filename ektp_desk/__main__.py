"""`python -m ektp_desk` behaves like the `ektp-desk` command."""

from ektp_desk.cli import main

raise SystemExit(main())
