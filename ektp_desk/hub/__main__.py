"""`python -m ektp_desk.hub` behaves like the `ektp-hub` command."""

from ektp_desk.hub.cli import main

raise SystemExit(main())
