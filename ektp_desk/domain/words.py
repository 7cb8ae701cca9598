"""The words a person reads for a state or a role, in both languages: one table for the
window, the PDF, the XLSX and the CSV, so a state is never shown as its stored code."""

from __future__ import annotations

from ektp_desk.domain.accounts import Role
from ektp_desk.domain.problems import Text

# A recording on its way to Disdukcapil (the outbox's states).
SYNC_STATES: dict[str, Text] = {
    "queued": Text("Menunggu dikirim", "Waiting to be sent"),
    "sending": Text("Sedang dikirim", "Being sent"),
    "acked": Text("Diterima Disdukcapil", "Received by Disdukcapil"),
    "rejected": Text("Ditolak", "Rejected"),
    "duplicate_nik": Text("NIK ganda", "Duplicate NIK"),
    "awaiting_approval": Text("Menunggu persetujuan", "Waiting for approval"),
    # What the hub said later, through the status feed.
    "case_open": Text(
        "NIK ganda, menunggu keputusan Disdukcapil",
        "Duplicate NIK, awaiting Disdukcapil's decision",
    ),
    "case_voided": Text("Dibatalkan keputusan Disdukcapil", "Voided by Disdukcapil's decision"),
    "replaced": Text("Diganti oleh koreksi", "Replaced by a correction"),
}

# A recording itself: final, or voided by a supervisor.
RECORD_STATES: dict[str, Text] = {
    "final": Text("Final", "Final"),
    "voided": Text("Batal", "Voided"),
    "rerecord": Text("Perlu direkam ulang", "Needs recording again"),
}

# A ticket of the day's queue.
TICKET_STATES: dict[str, Text] = {
    "waiting": Text("Menunggu", "Waiting"),
    "called": Text("Dipanggil", "Called"),
    "skipped": Text("Dilewati", "Skipped"),
    "done": Text("Selesai", "Done"),
    "cancelled": Text("Dibatalkan", "Cancelled"),
}

# How a sync batch ended (the Sinkronisasi page's list of batches).
BATCH_OUTCOMES: dict[str, Text] = {
    "ok": Text("Berhasil", "Succeeded"),
    "failed": Text("Gagal", "Failed"),
    "too_large": Text("Terlalu besar", "Too large"),
}

ROLES: dict[Role, Text] = {
    Role.CLERK: Text("Petugas", "Clerk"),
    Role.SUPERVISOR: Text("Supervisor", "Supervisor"),
    Role.ADMIN: Text("Admin", "Admin"),
}


def _word(table: dict[str, Text], code: str) -> Text:
    # A code from a newer store than this table still shows, as itself.
    return table.get(code) or Text(code, code)


def sync_state_word(state: str) -> Text:
    return _word(SYNC_STATES, state)


def record_state_word(state: str) -> Text:
    return _word(RECORD_STATES, state)


def ticket_state_word(state: str) -> Text:
    return _word(TICKET_STATES, state)


def batch_outcome_word(outcome: str) -> Text:
    return _word(BATCH_OUTCOMES, outcome)


def role_word(role: Role) -> Text:
    return ROLES[role]
