"""The hub this desk sends to: its key pinned, its URL and this desk's token (sealed by
the operating system where it can), the sync engine on this desk's connection, and what
the sync panel shows."""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ektp_desk.desk.errors import DeskError
from ektp_desk.desk.settings import int_of
from ektp_desk.domain.accounts import Permission
from ektp_desk.domain.moments import iso
from ektp_desk.domain.problems import Text
from ektp_desk.protocol.envelope import open_envelope, seal
from ektp_desk.store import outbox as outbox_store
from ektp_desk.store import payloads as payload_store
from ektp_desk.store import settings as settings_store
from ektp_desk.store import token_seal
from ektp_desk.store.outbox import Quarantined, SentBatch
from ektp_desk.sync import SyncError

if TYPE_CHECKING:  # the HTTP stack is imported when the hub is first talked to
    import requests

    from ektp_desk.desk import Desk
    from ektp_desk.sync.client import HubClient
    from ektp_desk.sync.engine import SyncEngine

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SyncOverview:
    """What the sync panel shows: records waiting, recent batches, quarantined records."""

    waiting: int
    batches: list[SentBatch]
    quarantine: list[Quarantined]
    meta: dict[str, str]


@dataclass(frozen=True, slots=True)
class TokenStorage:
    """Where the hub token is kept: "sealed" (by `keeper`), "clear", or None (not set);
    `warning` when it is in clear or cannot be opened here."""

    kept: str | None
    keeper: str | None
    warning: str | None


def hub_url_problem(url: str) -> Text | None:
    """Why `url` cannot be a hub's address (not http(s), or plain http off this computer),
    in both languages; None when it can. Asks no hub: the first-run wizard checks the
    address as its page is left, before there is a desk to set it on."""
    from ektp_desk.sync.client import check_url

    try:
        check_url(url, allow_http=False)
    except SyncError as exc:
        return Text(exc.text("id"), exc.text("en"))
    return None


RELEASE_KEY = "hub_release_key"  # settings: the hub's release key, pinned at `hub set`
RELEASE_KEY_ID = "hub_release_key_id"
TOKEN_SEALED = "hub_token_sealed"
TOKEN_KEEPER = "hub_token_keeper"
TOKEN_KEK = "hub_token_kek"
TOKEN_SETTINGS = frozenset({"hub_token", TOKEN_SEALED, TOKEN_KEEPER, TOKEN_KEK})


class Hub:
    """`desk.hub`."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.session = desk.session
        self._token_problem: dict[str, str | None] = {}  # a sealed token: why it does not open

    def public_key(self) -> bytes | None:
        encoded = self.session.settings.get("hub_public_key")
        return base64.b64decode(encoded) if encoded else None

    def client(self, *, session: requests.Session | None = None) -> HubClient:
        url = self.session.settings.get("hub_url")
        if not url:
            raise DeskError("no_hub")
        ca_bundle = self.session.settings.get("hub_ca_bundle")
        from ektp_desk.sync.client import HubClient

        return HubClient(url, self.token(), session=session, verify=ca_bundle or True)

    def set(
        self,
        url: str,
        token: str,
        *,
        ca_bundle: Path | None = None,
        allow_http: bool = False,
        session: requests.Session | None = None,
    ) -> tuple[str, int]:
        """Pin the hub's public key and remember its URL and this desk's token; seal every
        payload still kept in clear. Returns (key id, payloads sealed now)."""
        self.session.require(Permission.CHANGE_SETTINGS)
        from ektp_desk.sync.client import HubClient, check_url

        try:
            url = check_url(url, allow_http=allow_http)
        except SyncError as exc:
            raise DeskError("hub_url_refused", detail=exc) from None
        if ca_bundle is not None and not ca_bundle.is_file():
            raise DeskError("no_ca_bundle", path=ca_bundle)
        verify: bool | str = str(ca_bundle) if ca_bundle else True
        client = HubClient(url, token.strip(), session=session, verify=verify)
        try:
            public, kid = client.config()
            from ektp_desk.sync import update as update_client

            release_key = update_client.release_key(client)
            enrolled = client.whoami()
        except SyncError as exc:
            raise DeskError("hub_unusable", url=url, detail=exc) from None
        if enrolled.get("desk_id") != self.session.desk_id:
            raise DeskError(
                "token_other_desk", theirs=enrolled.get("desk_id"), ours=self.session.desk_id
            )
        sealed = self.pin(url, token.strip(), public, kid, ca_bundle=ca_bundle)
        self.pin_release_key(release_key)
        return kid, sealed

    def pin(
        self, url: str, token: str, public: bytes, kid: str, *, ca_bundle: Path | None = None
    ) -> int:
        """Remember a hub whose key was checked, and seal every payload kept in clear;
        returns how many were sealed now."""
        if (
            payload_store.count_clear(self.session.connection)
            and self.desk.accounts.holding_private is None
        ):
            raise DeskError("holding_needed")
        old_kid = self.session.settings.get("hub_key_id")
        if old_kid and old_kid != kid:
            stranded = payload_store.unsent_for_other_key(self.session.connection, kid)
            if stranded:
                raise DeskError("hub_key_changed", old=old_kid, new=kid, stranded=stranded)
        values = {
            "hub_url": url,
            "hub_public_key": base64.b64encode(public).decode(),
            "hub_key_id": kid,
        }
        with self.session.transaction():
            values.update(self._store_token(token))  # in the transaction: one writer at a time
            for key, value in values.items():
                settings_store.put(self.session.connection, key, value)
            if ca_bundle:
                settings_store.put(
                    self.session.connection, "hub_ca_bundle", str(ca_bundle.resolve())
                )
            else:
                settings_store.delete(self.session.connection, "hub_ca_bundle")
            self.session.audit("hub.set", url, key_id=kid, previous_key_id=old_kid)
        self.session.settings.update(values)
        if ca_bundle:
            self.session.settings["hub_ca_bundle"] = str(ca_bundle.resolve())
        else:
            self.session.settings.pop("hub_ca_bundle", None)

        def reseal(record_id: str, payload: bytes, fmt: str) -> bytes:
            if fmt == payload_store.HELD_FORMAT:
                assert self.desk.accounts.holding_private is not None
                payload = open_envelope(
                    payload,
                    private_key=self.desk.accounts.holding_private,
                    record_id=record_id,
                    desk_id=self.session.desk_id,
                )
            return seal(
                payload, public_key=public, record_id=record_id, desk_id=self.session.desk_id
            )

        return payload_store.seal_clear_payloads(
            self.session.connection, reseal, key_id=kid, at=iso(self.session.now())
        )

    def pin_release_key(self, release_key: tuple[bytes, str] | None) -> None:
        """Pin the hub's release key (it signs the desk installers the hub offers), checked
        as its sealing key was; or forget one pinned before when the hub has none."""
        self.session.require(Permission.CHANGE_SETTINGS)
        with self.session.transaction():
            for key in (RELEASE_KEY, RELEASE_KEY_ID):
                settings_store.delete(self.session.connection, key)
                self.session.settings.pop(key, None)
            if release_key is not None:
                values = {
                    RELEASE_KEY: base64.b64encode(release_key[0]).decode(),
                    RELEASE_KEY_ID: release_key[1],
                }
                for key, value in values.items():
                    settings_store.put(self.session.connection, key, value)
                self.session.settings.update(values)
            self.session.audit(
                "hub.release_key", release_key[1] if release_key else "", pinned=bool(release_key)
            )

    def _store_token(self, token: str) -> dict[str, str]:
        """Write the token into the settings (inside the caller's transaction): sealed under
        a key the operating system keeps, or in clear where it keeps none. Returns the
        settings written."""
        values = {"hub_token": token}
        keeper = token_seal.keeper(self.session.desk_id, self.session.data_dir)
        if keeper is not None:
            try:
                kek, stored = keeper.new_kek()
            except token_seal.TokenSealError as exc:
                log.warning("the hub token stays in clear in the store: %s", exc)
            else:
                values = {
                    TOKEN_SEALED: token_seal.seal(token, kek, desk_id=self.session.desk_id),
                    TOKEN_KEEPER: keeper.kind,
                }
                if stored:
                    values[TOKEN_KEK] = stored
        for key in TOKEN_SETTINGS - values.keys():
            settings_store.delete(self.session.connection, key)
            self.session.settings.pop(key, None)
        for key, value in values.items():
            settings_store.put(self.session.connection, key, value)
        self.session.settings.update(values)
        self._token_problem.clear()
        return values

    def token(self) -> str | None:
        """This desk's hub token: unsealed, or read in clear (and sealed now when this
        computer has come to offer a key store)."""
        sealed = self.session.settings.get(TOKEN_SEALED)
        if sealed:
            return self._unseal_token(sealed)
        token = self.session.settings.get("hub_token")
        if (
            token
            and self.session.damaged is None
            and token_seal.keeper(self.session.desk_id, self.session.data_dir)
        ):
            with self.session.transaction():
                current = settings_store.get_all(self.session.connection)
                if current.get("hub_token") == token and TOKEN_SEALED not in current:
                    written = self._store_token(token)
                    if TOKEN_SEALED in written:
                        self.session.audit(
                            "hub.token_sealed", self.session.desk_id, keeper=written[TOKEN_KEEPER]
                        )
        return token

    def _unseal_token(self, sealed: str) -> str:
        keeper = token_seal.keeper(self.session.desk_id, self.session.data_dir)
        kek = None
        if keeper is not None and keeper.kind == self.session.settings.get(TOKEN_KEEPER):
            kek = keeper.kek(self.session.settings.get(TOKEN_KEK, ""))
        if kek is not None:
            try:
                return token_seal.unseal(sealed, kek, desk_id=self.session.desk_id)
            except token_seal.TokenSealError:
                pass
        raise DeskError("token_sealed_elsewhere", desk_id=self.session.desk_id)

    def token_storage(self) -> TokenStorage:
        """Where the hub token is kept, for `status`: sealed (and by what), in clear, or
        not set; with a warning when it is in clear or cannot be opened here."""
        sealed = self.session.settings.get(TOKEN_SEALED)
        if sealed:
            if sealed not in self._token_problem:
                try:
                    self._unseal_token(sealed)
                    self._token_problem[sealed] = None
                except DeskError as exc:
                    self._token_problem[sealed] = str(exc)
            return TokenStorage(
                kept="sealed",
                keeper=self.session.settings.get(TOKEN_KEEPER),
                warning=self._token_problem[sealed],
            )
        if self.session.settings.get("hub_token"):
            keeper = token_seal.keeper(self.session.desk_id, self.session.data_dir)
            return TokenStorage(
                kept="clear",
                keeper=None,
                warning=(
                    "the hub token is kept in clear in the store: this computer offers no key "
                    "store (Windows DPAPI, or a Secret Service on a Linux desktop)"
                    if keeper is None
                    else "the hub token is still in clear in the store; the next sync seals it"
                ),
            )
        return TokenStorage(kept=None, keeper=None, warning=None)

    def waiting_to_seal(self) -> int:
        """Recordings kept sealed for the holding key (or from before it) until an admin's
        `hub set` seals them for the hub."""
        return payload_store.count_clear(self.session.connection)

    def engine(self, client: HubClient | None = None) -> SyncEngine:
        """The engine for this desk's connection; use it on the thread that opened the desk."""
        from ektp_desk.sync.engine import SyncEngine

        engine = SyncEngine(
            self.session.connection,
            client or self.client(),
            desk_id=self.session.desk_id,
            clock=self.session.clock,
            purge_days=int_of(self.session.settings, "purge_after_days"),
        )
        engine.published = self.desk.city.apply_published
        return engine

    def abandon_runs(self) -> None:
        """This process's sync runs are cut short (the service stops mid-upload): their
        lease is released and the batch they were sending goes back to the queue."""
        from ektp_desk.sync.lease import this_process

        outbox_store.abandon_runs(
            self.session.connection, owner_prefix=this_process(), at=iso(self.session.now())
        )

    def overview(self) -> SyncOverview:
        """What the sync panel shows: waiting count, recent batches, quarantined records."""
        conn = self.session.connection
        return SyncOverview(
            waiting=outbox_store.count_waiting(conn),
            batches=outbox_store.recent_batches(conn),
            quarantine=outbox_store.quarantine(conn),
            meta=outbox_store.meta(conn),
        )
