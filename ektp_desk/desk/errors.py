"""The Desk's one error tree. Each error is made from a code of `DESK_TEXTS` (the store's
from `STORE_TEXTS`) with its fields, so its text exists in Indonesian and English side by
side: `str(error)` is the English the CLI prints, the window shows `error.text(language)`.
SQLite's own failures are told apart by their `sqlite_errorcode`, never by the words of
their message."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ektp_desk.domain.problems import CodedError, Problem, Text
from ektp_desk.store import StoreError

# Messages that only pass on a text made elsewhere (a rule's problem, the store's error)
# are "{...}" alone in both languages; the rest are sentences in both.
DESK_TEXTS: dict[str, Text] = {
    # accounts
    "user_name": Text(
        "nama pengguna {name!r} ditolak: pakai 1 sampai 40 huruf, angka, titik, tanda hubung "
        "atau garis bawah",
        "user name {name!r} refused: use 1 to 40 letters, digits, dots, hyphens or underscores",
    ),
    "login_refused": Text(
        "nama pengguna tidak dikenal atau kata sandi salah (setelah {attempts} kali gagal "
        "berturut-turut, sebuah nama harus menunggu {minutes} menit; admin dapat mengatur "
        "ulang kata sandi)",
        "unknown user or wrong password (after {attempts} failed log-ins in a row a name must "
        "wait {minutes} minutes; an admin can reset a password)",
    ),
    "take_over": Text(
        "hanya supervisor atau admin yang boleh mengambil alih",
        "only a supervisor or an admin may take over",
    ),
    "password_refused": Text("kata sandi ditolak: {problem}", "password refused: {problem}"),
    "admin_password_refused": Text(
        "kata sandi admin ditolak: {problem}", "admin password refused: {problem}"
    ),
    "user_exists": Text("pengguna bernama {name} sudah ada", "a user named {name} already exists"),
    "no_user": Text("tidak ada pengguna bernama {name}", "no user named {name}"),
    "disable_self": Text(
        "Anda tidak dapat menonaktifkan akun Anda sendiri", "you cannot disable your own account"
    ),
    "last_admin": Text(
        "ini admin aktif terakhir; tambahkan admin lain dulu",
        "this is the last active admin; add another admin first",
    ),
    "login_first": Text(
        "masuk dulu (beri --user dan kata sandi)", "log in first (give --user and a password)"
    ),
    "may_not": Text(
        "pengguna {name} ({role}) tidak boleh {permission}",
        "user {name} ({role}) may not {permission}",
    ),
    "needs_admin": Text(
        "{what} memerlukan admin; {who} tidak boleh", "{what} needs an admin; {who} may not"
    ),
    "store_damaged": Text("{damage}", "{damage}"),
    # founding a desk
    "not_kecamatan": Text(
        "{code!r} bukan kode kecamatan dalam daftar Kemendagri (misalnya 72.71.02 untuk "
        "Palu Barat)",
        "{code!r} is not a kecamatan code of the Kemendagri list (for example 72.71.02 for "
        "Palu Barat)",
    ),
    "desk_id_refused": Text("{problem}", "{problem}"),
    "negative_target": Text("target tidak boleh negatif", "the target cannot be negative"),
    "cannot_create": Text("{path} tidak dapat dibuat: {detail}", "cannot create {path}: {detail}"),
    "unknown_zone": Text(
        "zona waktu {name!r} tidak dikenal (misalnya Asia/Makassar)",
        "unknown time zone {name!r} (for example Asia/Makassar)",
    ),
    # settings
    "setting_no_value": Text(
        "pengaturan {key} tidak bernilai dan tidak punya bawaan",
        "the setting {key} has no value and no default",
    ),
    "setting_unknown": Text(
        "pengaturan {key!r} tidak dikenal atau tetap; yang dapat diubah: {adjustable}",
        "unknown or fixed setting {key!r}; adjustable: {adjustable}",
    ),
    "setting_refused": Text("{key}: {problem}", "{key}: {problem}"),
    # backups
    "backup_refused": Text("{problem}", "{problem}"),
    "backup_target_folder": Text(
        "{target} adalah folder; beri nama berkas", "{target} is a folder; give a file name"
    ),
    "no_backup_passphrase": Text(
        "belum ada frasa sandi cadangan untuk pencadangan otomatis: admin mengaturnya dengan "
        "`ektp-desk backup --set-passphrase` (atau beri frasa sandi sekarang)",
        "no backup passphrase is set for automatic backups: an admin sets it with "
        "`ektp-desk backup --set-passphrase` (or give a passphrase now)",
    ),
    "passphrase_short": Text(
        "frasa sandi cadangan paling sedikit {minimum} karakter",
        "a backup passphrase needs at least {minimum} characters",
    ),
    "backup_failed": Text(
        "pencadangan gagal: {detail}; tidak ada yang ditulis",
        "the backup failed: {detail}; nothing was written",
    ),
    "no_backup_folder": Text(
        "folder cadangan belum diatur: ektp-desk settings set backup_folder PATH",
        "no backup folder is set: ektp-desk settings set backup_folder PATH",
    ),
    "backup_folder_unusable": Text(
        "folder cadangan {path} tidak dapat dipakai: {detail}",
        "the backup folder {path} cannot be used: {detail}",
    ),
    # bundles
    "bundle_no_hub_export": Text(
        "hub belum diatur: bundel disegel untuk kunci hub dan ditandatangani dengan token meja "
        "ini; admin mengaturnya dengan `ektp-desk hub set URL TOKEN` selagi sambungan berjalan",
        "no hub is set: a bundle is sealed for the hub's key and signed with this desk's "
        "token; an admin sets them with `ektp-desk hub set URL TOKEN` while a link works",
    ),
    "bundle_failed": Text("bundel tidak dapat ditulis: {detail}", "{detail}"),
    "nothing_to_export": Text(
        "tidak ada yang diekspor: setiap rekaman sudah sampai di hub{clear}",
        "nothing to export: every recording has reached the hub{clear}",
    ),
    "bundle_no_hub_import": Text(
        "hub belum diatur: bundel hanya dapat diperiksa dengan kunci hub; admin mengaturnya "
        "dulu dengan `ektp-desk hub set URL TOKEN`",
        "no hub is set: a bundle can only be checked against the hub's key; an admin sets it "
        "with `ektp-desk hub set URL TOKEN` first",
    ),
    "bundle_unreadable": Text(
        "bundel ditolak ({detail}); tidak ada yang diimpor", "{detail}; nothing was imported"
    ),
    "bundle_other_hub": Text(
        "{name} disegel untuk kunci hub {theirs}, tetapi meja ini mengirim ke kunci hub "
        "{ours}: bukan untuk hub meja ini; tidak ada yang diimpor",
        "{name} is sealed for hub key {theirs}, but this desk sends to hub key {ours}: it is "
        "not for this desk's hub; nothing was imported",
    ),
    "bundle_own": Text(
        "{name} diekspor oleh meja ini: rekamannya masih di kotak keluar meja ini dan "
        "dikirim ke hub pada sinkronisasi berikutnya; tidak ada yang diimpor",
        "{name} was exported by this desk: its recordings are still in this desk's outbox "
        "and go to the hub at the next sync; nothing was imported",
    ),
    "bundle_record": Text(
        "{name}: rekaman ditolak ({detail}); tidak ada yang diimpor",
        "{name}: {detail}; nothing was imported",
    ),
    "bundle_no_room": Text(
        "mengimpor {name} ({size} MB) akan menyisakan kurang dari {floor} MB di disk meja; "
        "kosongkan ruang dulu. Tidak ada yang diimpor",
        "importing {name} ({size} MB) would leave less than {floor} MB free on the desk's "
        "disk; free space first. Nothing was imported",
    ),
    "no_forwarded": Text(
        "tidak ada bundel terusan {bundle_id!r} di sini; `ektp-desk bundle list` menampilkannya",
        "no forwarded bundle {bundle_id!r} here; `ektp-desk bundle list` shows them",
    ),
    "cannot_write_to": Text(
        "tidak dapat menulis ke {folder}: {detail}", "cannot write to {folder}: {detail}"
    ),
    "stick_too_small": Text(
        "{folder} punya {free} MB ruang kosong; bundel memerlukan sekitar {need} MB. Pakai "
        "flashdisk yang lebih besar; tidak ada yang ditulis",
        "{folder} has {free} MB free; the bundle needs about {need} MB. Use a larger USB "
        "stick; nothing was written",
    ),
    # the hub
    "no_hub": Text(
        "hub belum diatur; admin mengaturnya dengan `ektp-desk hub set URL`",
        "no hub is set; an admin sets it with `ektp-desk hub set URL`",
    ),
    "hub_url_refused": Text("alamat hub ditolak: {detail}", "{detail}"),
    "no_ca_bundle": Text("berkas CA {path} tidak ada", "the CA bundle {path} does not exist"),
    "hub_unusable": Text(
        "hub di {url} tidak dapat dipakai: {detail}", "the hub at {url} could not be used: {detail}"
    ),
    # updates of the program over the hub's link
    "update_no_key": Text(
        "kunci rilis hub belum disematkan: admin menjalankan `ektp-desk hub set` lagi setelah "
        "Disdukcapil membuat kunci rilisnya",
        "no release key is pinned: an admin runs `ektp-desk hub set` again once Disdukcapil "
        "has made its release key",
    ),
    "update_none": Text(
        "hub tidak menawarkan versi yang lebih baru dari {installed}",
        "the hub offers no version newer than {installed}",
    ),
    "update_refused": Text(
        "pembaruan {version} ditolak dan berkasnya dihapus: {detail}",
        "update {version} refused and its file deleted: {detail}",
    ),
    "update_broken_off": Text(
        "unduhan pembaruan terputus ({detail}); unduh lagi untuk melanjutkan dari situ",
        "the update's download broke off ({detail}); download again to resume from there",
    ),
    "update_not_ready": Text(
        "belum ada pembaruan yang terunduh dan terperiksa; unduh dulu",
        "no update is downloaded and checked yet; download it first",
    ),
    "update_unconfirmed": Text(
        "memasang pembaruan menutup meja ini; konfirmasi dulu",
        "installing the update closes this desk; confirm it first (--yes)",
    ),
    "update_not_windows": Text(
        "pemasang {path} hanya berjalan di Windows; berkasnya tetap di sana",
        "the installer {path} runs only on Windows; the file stays there",
    ),
    "token_other_desk": Text(
        "token ini milik meja {theirs}, bukan {ours}",
        "this token belongs to desk {theirs}, not {ours}",
    ),
    "holding_needed": Text(
        "rekaman yang disimpan sebelum kunci hub diketahui menunggu disegel, dan hanya admin "
        "meja ini yang dapat membukanya: masuk sebagai admin itu dan atur hub lagi",
        "recordings saved before the hub's key wait to be sealed for it, and only an admin of "
        "this desk can open them: log in as such an admin and set the hub again",
    ),
    "hub_key_changed": Text(
        "kunci hub berubah ({old} -> {new}) sementara {stranded} rekaman yang disegel untuk "
        "kunci lama belum terkirim; kirim dulu ke hub lama",
        "the hub's key changed ({old} -> {new}) while {stranded} recordings sealed for the old "
        "key are unsent; send them to the old hub first",
    ),
    "token_sealed_elsewhere": Text(
        "token hub meja ini disegel oleh sistem operasi komputer (dan folder data) tempat hub "
        "diatur, dan tidak dapat dibuka di sini, seperti setelah cadangan dipulihkan ke PC "
        "lain. Minta token baru ke Disdukcapil (`ektp-hub desk rotate {desk_id}`) lalu minta "
        "admin menjalankan `ektp-desk hub set URL --token TOKEN`",
        "this desk's hub token was sealed by the operating system of the computer (and data "
        "dir) where the hub was set, and cannot be opened here, as after a backup restored "
        "onto another PC. Ask Disdukcapil for a new token (`ektp-hub desk rotate {desk_id}`) "
        "and have an admin run `ektp-desk hub set URL --token TOKEN`",
    ),
    # recordings and the queue
    "void_reason": Text(
        "pembatalan rekaman memerlukan alasan", "voiding a recording needs a reason"
    ),
    "no_recording": Text(
        "tidak ada rekaman dengan id {record_id}", "no recording with id {record_id}"
    ),
    "approval_not_needed": Text(
        "rekaman {record_id} tidak memerlukan persetujuan",
        "recording {record_id} needs no approval",
    ),
    "already_approved": Text(
        "rekaman {record_id} sudah disetujui oleh {by}",
        "recording {record_id} was already approved by {by}",
    ),
    "approval_voided": Text(
        "rekaman {record_id} sudah dibatalkan; tidak ada yang perlu disetujui",
        "recording {record_id} is voided; there is nothing to approve",
    ),
    "approval_reason_long": Text(
        "alasan persetujuan paling panjang {limit} karakter",
        "an approval's reason is at most {limit} characters",
    ),
    "approver_not_supervisor": Text(
        "hanya supervisor atau admin yang boleh menyetujui; {name} adalah {role}",
        "only a supervisor or an admin may approve; {name} is a {role}",
    ),
    "already_voided": Text(
        "rekaman {record_id} sudah dibatalkan", "recording {record_id} is already voided"
    ),
    "disk_floor": Text(
        "hanya {free} MB ruang kosong di disk folder data (batas bawahnya {floor} MB): tidak "
        "ada rekaman baru yang dimulai. Kosongkan ruang di disk itu, lalu simpan lagi; semua "
        "yang tersimpan sebelumnya aman",
        "only {free} MB free on the disk of the data dir (the floor is {floor} MB): no new "
        "recording is started. Free space on that disk, then save again; everything saved "
        "before is safe",
    ),
    "nik": Text("{problem}", "{problem}"),
    "not_listed": Text(
        "NIK {nik} tidak ada dalam daftar rujukan; tambahkan penduduk sebagai datang langsung",
        "NIK {nik} is not on the reference list; add the resident as a walk-in",
    ),
    "ticket_today": Text(
        "NIK {nik} sudah punya nomor antrean hari ini", "NIK {nik} already has a ticket today"
    ),
    "already_recorded": Text(
        "NIK {nik} sudah direkam pada {day}", "NIK {nik} was already recorded on {day}"
    ),
    "need_nik": Text(
        "beri NIK penduduk yang ada dalam daftar, atau tambahkan penduduk datang langsung",
        "give the NIK of a resident on the list, or add a walk-in",
    ),
    "walk_in_name": Text("penduduk datang langsung memerlukan nama", "a walk-in needs a name"),
    "no_ticket": Text("tidak ada nomor antrean {ticket}", "no ticket {ticket}"),
    "ticket_closed": Text(
        "nomor antrean {label} sudah {state}", "ticket {label} is already {state}"
    ),
    # reports
    "period_backwards": Text(
        "periode berakhir ({date_to}) sebelum dimulai ({date_from})",
        "the period ends ({date_to}) before it starts ({date_from})",
    ),
    "report_format": Text(
        "format laporan {fmt!r} tidak dikenal: csv, xlsx, pdf atau json",
        "unknown report format {fmt!r}: csv, xlsx, pdf or json",
    ),
    "holidays_file": Text(
        "daftar hari libur tidak dapat dibaca: {detail}; perbaiki atau hapus pengaturan "
        "holidays_file",
        "the holidays list cannot be read: {detail}; fix or clear the setting holidays_file",
    ),
    "cannot_write": Text(
        "{target} tidak dapat ditulis: {detail}; tidak ada yang ditulis",
        "cannot write {target}: {detail}; nothing was written",
    ),
    "outreach_format": Text(
        "daftar jangkauan diekspor sebagai xlsx atau pdf, bukan {fmt!r}",
        "the outreach list is exported as xlsx or pdf, not {fmt!r}",
    ),
    "csv_style": Text(
        "gaya CSV {style!r} tidak dikenal: excel-id atau standard",
        "unknown CSV style {style!r}: excel-id or standard",
    ),
    "file_in_use": Text(
        "{target} sedang dibuka di program lain, jadi tidak dapat ditimpa: tutup di sana, "
        "atau simpan dengan nama lain; tidak ada yang ditulis",
        "cannot write {target}: the file is open in another program; close it there, or "
        "write to another name; nothing was written",
    ),
    # paper
    "paper_refused": Text("{problem}", "{problem}"),
    "no_ticket_on": Text(
        "tidak ada nomor antrean {label} pada {day}", "no ticket {label} on {day}"
    ),
    "no_recording_here": Text(
        "tidak ada rekaman {record_id} di desk ini", "no recording {record_id} on this desk"
    ),
    "voided_no_receipt": Text(
        "rekaman {record_id} sudah dibatalkan; tidak ada tanda bukti",
        "recording {record_id} was voided; it has no receipt",
    ),
    "nobody_to_invite": Text(
        "semua penduduk {where} sudah direkam; tidak ada yang diundang",
        "everyone on {where} is recorded; there is no one to invite",
    ),
}


class DeskError(CodedError):
    """A refusal a person can act on; the message says why and what to do."""

    code = "desk"
    catalogue = DESK_TEXTS


class AuthError(DeskError):
    code = "auth"


class PermissionDenied(DeskError):
    code = "permission"


class TakeOverRefused(PermissionDenied):
    """A locked session may be taken over by a supervisor or an admin only."""

    code = "take_over"


class FileInUse(DeskError):
    """An export's target is held open by another program (Excel, a PDF viewer); nothing
    was written. The window offers another name."""

    code = "file_in_use"

    @property
    def target(self) -> Path:
        return Path(str(self.params["target"]))


class ValidationFailed(DeskError):
    """The recording's problems, each a field's message in both languages."""

    code = "validation"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.key = "validation"
        self.params = {}
        errors = [p for p in problems if p.is_error]
        Exception.__init__(self, "; ".join(str(p) for p in errors))

    def text(self, language: str) -> str:
        return "; ".join(p.message(language) for p in self.problems if p.is_error)


def store_failure(exc: sqlite3.OperationalError, what: Text) -> StoreError:
    """A write SQLite refused, as a message saying what was not done and what to do."""
    primary = getattr(exc, "sqlite_errorcode", -1) & 0xFF
    if primary == sqlite3.SQLITE_FULL:
        return StoreError("disk_full", what=what)
    if primary == sqlite3.SQLITE_READONLY:
        return StoreError("read_only", what=what)
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreError("busy", what=what)
    return StoreError("database_error", detail=exc, what=what)
