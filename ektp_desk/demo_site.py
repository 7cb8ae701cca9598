"""`ektp-desk --demo`: a whole site in one process for a newcomer's first minute.

A throwaway data dir, a desk of Palu Barat with demo accounts, a demo resident list, a few
days of recordings, and a hub on a loopback port of this same process that the desk is
enrolled at, so a new recording goes from the queue to "acked" while one watches.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ektp_desk.demo import BiometricDetail, seed
from ektp_desk.desk import Desk, iso, utc_now
from ektp_desk.domain.accounts import Role
from ektp_desk.hub.lite import LiteHub
from ektp_desk.store import token_seal

DEMO_KECAMATAN = "72.71.02"  # Palu Barat, Kota Palu, Sulawesi Tengah
DEMO_DESK = "DEMO-PALU-1"
# Shown on the log-in screen in demo mode only; the demo's data dir is thrown away.
DEMO_ACCOUNTS: tuple[tuple[str, Role, str], ...] = (
    ("petugas", Role.CLERK, "demo-petugas"),
    ("supervisor", Role.SUPERVISOR, "demo-supervisor"),
    ("admin", Role.ADMIN, "demo-admin-1"),
)


@dataclass
class DemoSite:
    folder: Path
    hub: LiteHub
    accounts: tuple[tuple[str, Role, str], ...] = DEMO_ACCOUNTS
    _closed: bool = field(default=False, repr=False)

    @property
    def data_dir(self) -> Path:
        return self.folder / "desk"

    def close(self) -> None:
        """Stop the hub and delete the throwaway data."""
        if self._closed:
            return
        self._closed = True
        self.hub.stop()
        token_seal.forget(DEMO_DESK, self.data_dir)  # no key store entry outlives the demo
        shutil.rmtree(self.folder, ignore_errors=True)


def start_demo_site(
    folder: Path | None = None, *, recordings: int = 40, residents_waiting: int = 160
) -> DemoSite:
    """Set up and start the demo: returns the site, its hub already serving."""
    folder = folder or Path(tempfile.mkdtemp(prefix="ektp-desk-demo-"))
    hub = LiteHub(folder / "hub", training=True)  # the demo desk records for training
    hub.start()
    site = DemoSite(folder, hub)
    try:
        (admin_name, _, admin_password) = DEMO_ACCOUNTS[2]
        with Desk.create(
            site.data_dir,
            kecamatan=DEMO_KECAMATAN,
            desk_id=DEMO_DESK,
            admin_name=admin_name,
            admin_password=admin_password,
            target=recordings + residents_waiting + 300,
            training=True,  # simulated devices, and records no real hub takes
        ) as desk:
            desk.accounts.login(admin_name, admin_password)
            for name, role, password in DEMO_ACCOUNTS[:2]:
                desk.accounts.add(name, role, password)
            token = hub.enroll(DEMO_DESK, DEMO_KECAMATAN, iso(utc_now()))
            desk.hub.set(hub.url, token)
            seed(
                desk,
                recordings=recordings,
                days=5,
                seed_value=17,
                detail=BiometricDetail.SMALL,
                extra_residents=residents_waiting / max(1, recordings),
            )
    except BaseException:
        site.close()
        raise
    return site
