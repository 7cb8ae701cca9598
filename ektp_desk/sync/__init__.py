"""The desk's side of sync to Disdukcapil: the HTTP client of the hub (`client`) and the
engine that sends the outbox in batches and settles each record on the hub's word
(`engine`), with its batch sizer and backoff (`pace`), lease (`lease`), run report
(`report`) and the service that runs it while the link answers (`service`). The wire
format it speaks lives in ektp_desk.protocol, shared with the hub."""

from __future__ import annotations

from ektp_desk.domain.problems import CodedError, Text

# A failure of the hub's client, by its kind, as the Indonesian window says it; the English
# is the client's own message (what the CLI has always printed).
SYNC_TEXTS: dict[str, Text] = {
    "sync": Text("galat sinkronisasi: {detail}", "{detail}"),
    "hub_unreachable": Text(
        "hub tidak menjawab: sambungan putus, hub mati, atau sertifikatnya ditolak", "{detail}"
    ),
    "hub_auth": Text("hub menolak token meja ini", "{detail}"),
    "hub_too_large": Text("hub menolak kiriman karena terlalu besar", "{detail}"),
    "hub_server": Text("hub sedang gagal (galat server)", "{detail}"),
    "hub_protocol": Text("jawaban hub tidak sesuai protokol", "{detail}"),
    "download_stopped": Text("unduhan dihentikan; berlanjut dari tempatnya berhenti", "{detail}"),
    "not_a_hub_url": Text("alamat itu bukan URL http(s) sebuah hub", "{detail}"),
    "plain_http": Text(
        "http biasa mengirim metadata rekaman dan token meja tanpa perlindungan; pakai https",
        "{detail}",
    ),
}


class SyncError(CodedError):
    """A sync problem the supervisor must be told about: made from the English detail, it
    says in Indonesian what kind of failure it is (`said`, its entry in SYNC_TEXTS)."""

    code = "sync"
    catalogue = SYNC_TEXTS
    said = "sync"

    def __init__(self, detail: object = "", /) -> None:
        super().__init__(self.said, detail=detail)


# The hub client's failures, by kind. They live here, not beside the client, so that the
# Desk can tell them apart without importing the HTTP stack (the log-in window starts
# faster for it).


class HubUnreachable(SyncError):
    """No answer: the link is down, the hub is down, or it hung."""

    said = "hub_unreachable"


class HubAuthError(SyncError):
    """The hub refused this desk's token (401)."""

    said = "hub_auth"


class HubTooLarge(SyncError):
    """The hub refused the batch as too large (413)."""

    said = "hub_too_large"


class HubServerError(SyncError):
    """The hub failed (5xx)."""

    said = "hub_server"


class HubProtocolError(SyncError):
    """The hub answered something that is not the protocol (garbage, or 400)."""

    said = "hub_protocol"
    status: int | None = None


class HubConflict(HubProtocolError):
    """The hub refused the request as it stands (409); `code` says why."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.status = 409
        self.code = code


class HubRefused(HubProtocolError):
    """The hub refused the request as malformed (a 4xx other than 401, 403 and 413)."""


class NotAHubUrl(SyncError):
    """The address given for the hub is not an http(s) URL."""

    said = "not_a_hub_url"


class PlainHttpRefused(SyncError):
    """Plain http to a hub that is not on this computer, without --allow-http."""

    said = "plain_http"


# Days an acknowledged payload is kept before it is purged (the setting's default).
DEFAULT_PURGE_DAYS = 7

# sync_meta keys: why the hub refused the audit head; a restore whose rollback the hub must
# accept.
AUDIT_REFUSED = "audit_refused"
AUDIT_RESTORED = "audit_restored"
# A desk clock this far from the hub's is told to the supervisor.
CLOCK_WARNING_SECONDS = 300
