"""The desk's SQLite store, and all of the desk's SQL: db (connection, transaction),
schema (migrations) and integrity; one module per table family: settings, users, audit
(the hash chain) and replay, residents, queue, recordings, outbox (what the sync engine
claims and settles, the lease), payloads (sealed payloads and their sealing), rot
(payloads that rotted), bundles (records carried out and forwarded), tallies (the
reports' queries); backup, keywrap and token_seal for the keys and copies it keeps."""

from __future__ import annotations

from ektp_desk.domain.problems import CodedError, Text

# Every message of the store's errors, by code, in Indonesian and English side by side.
STORE_TEXTS: dict[str, Text] = {
    "not_initialized": Text(
        "belum ada meja di {data_dir}; siapkan dulu dengan `ektp-desk init`",
        "no desk in {data_dir}; set one up with `ektp-desk init` first",
    ),
    "incomplete": Text(
        "{data_dir} tidak berisi meja yang lengkap; siapkan dengan `ektp-desk init`",
        "{data_dir} holds no complete desk; set it up with `ektp-desk init`",
    ),
    "already_initialized": Text(
        "{data_dir} sudah berisi meja; tidak ada yang diubah",
        "{data_dir} already holds a desk; it was not changed",
    ),
    "restore_not_empty": Text(
        "{data_dir} sudah berisi meja; pulihkan ke folder data yang kosong",
        "{data_dir} already holds a desk; restore into an empty data dir",
    ),
    "damaged": Text(
        "{path} bukan basis data meja yang terbaca: rusak ({reason}). Tidak ada yang diubah "
        "dan tidak ada lagi yang ditulis. Panggil supervisor: pulihkan cadangan terbaru "
        "{backup} dengan `ektp-desk restore FILE` ke folder data baru",
        "{path} is not a readable desk database: it is damaged ({reason}). Nothing was "
        "changed and nothing more is written. Call the supervisor: restore the newest backup "
        "{backup} with `ektp-desk restore FILE` into a new data dir",
    ),
    "unreadable": Text(
        "basis data meja tidak dapat dibaca: {detail}",
        "cannot read the desk's database: {detail}",
    ),
    "no_wal": Text(
        "basis data tidak dapat beralih ke jurnal WAL (didapat {mode})",
        "the database could not switch to WAL journaling (got {mode})",
    ),
    "cannot_open": Text(
        "basis data {path} tidak dapat dibuka: {detail}",
        "cannot open the database {path}: {detail}",
    ),
    "not_a_database": Text(
        "{path} bukan basis data meja yang terbaca ({detail}); tidak ada yang diubah. "
        "Pulihkan dari cadangan atau tanyakan supervisor",
        "{path} is not a readable desk database ({detail}); nothing was changed. "
        "Restore it from a backup or ask the supervisor",
    ),
    "foreign_schema": Text(
        "{path} berisi objek basis data yang tidak dibuat ektp-desk: {objects}; tidak dibuka. "
        "Pulihkan cadangan yang Anda percayai, atau tanyakan supervisor",
        "{path} holds database objects that ektp-desk did not make: {objects}; it is not "
        "opened. Restore a backup you trust, or ask the supervisor",
    ),
    "schema_too_new": Text(
        "basis data berversi skema {current}, lebih baru dari yang dipahami program ini "
        "({known}); pasang ektp-desk yang lebih baru",
        "the database has schema version {current}, newer than this program understands "
        "({known}); install the newer ektp-desk",
    ),
    "disk_full": Text(
        "disk penuh: {what}. Kosongkan ruang di disk folder data, lalu simpan lagi; semua "
        "yang tersimpan sebelumnya aman",
        "the disk is full: {what}. Free space on the disk holding the data dir, then save "
        "again; everything saved before is safe",
    ),
    "read_only": Text(
        "basis data menolak penulisan (ditemukan rusak): {what}",
        "the database refuses writes (it was found damaged): {what}",
    ),
    "busy": Text(
        "basis data sedang dipakai program lain: {what}; coba lagi",
        "the database is busy in another program: {what}; try again",
    ),
    "database_error": Text(
        "galat basis data ({detail}): {what}",
        "database error ({detail}): {what}",
    ),
    "envelope_gone": Text(
        "amplop rekaman {record_id} hilang dari penyimpanan",
        "the envelope of record {record_id} is gone from the store",
    ),
    "wrapped_key_damaged": Text("kunci terbungkus rusak", "the wrapped key is damaged"),
    "wrong_secret": Text(
        "frasa sandi salah, atau kunci terbungkus rusak",
        "wrong passphrase, or the wrapped key is damaged",
    ),
    "backup_write": Text(
        "cadangan {target} tidak dapat ditulis: {detail}",
        "cannot write the backup {target}: {detail}",
    ),
    "passphrase_short": Text(
        "frasa sandi cadangan paling sedikit {minimum} karakter",
        "a backup passphrase needs at least {minimum} characters",
    ),
    "backup_header_secret": Text(
        "frasa sandi salah, atau kepala cadangan rusak",
        "wrong passphrase, or the backup's header is damaged",
    ),
    "backup_read": Text("{source} tidak dapat dibaca: {detail}", "cannot read {source}: {detail}"),
    "backup_truncated": Text("{name} terpotong", "{name} is truncated"),
    "backup_header_damaged": Text(
        "{name}: kepala cadangan rusak", "{name}: the backup header is damaged"
    ),
    "not_a_backup": Text("{name} bukan cadangan ektp-desk", "{name} is not an ektp-desk backup"),
    "backup_last_part": Text(
        "{name} terpotong: bagian terakhirnya hilang",
        "{name} is truncated: its last part is missing",
    ),
    "backup_part": Text(
        "frasa sandi salah, atau cadangan rusak (bagian {part} tidak dapat dibuka)",
        "wrong passphrase, or the backup is damaged (part {part} does not decrypt)",
    ),
    "backup_trailing": Text(
        "{name} berisi data setelah bagian terakhirnya", "{name} has data after its last part"
    ),
    "restored_damaged": Text(
        "basis data yang dipulihkan rusak ({verdict}); tidak dipulihkan",
        "the restored database is damaged ({verdict}); not restored",
    ),
    "restored_chain": Text(
        "rantai audit cadangan putus ({reason}); tidak dipulihkan",
        "the backup's audit chain is broken ({reason}); not restored",
    ),
    "restored_refused": Text("{detail}; tidak dipulihkan", "{detail}; not restored"),
    "restored_not_desk": Text(
        "cadangan tidak berisi basis data meja ({detail})",
        "the backup does not hold a desk database ({detail})",
    ),
}


class StoreError(CodedError):
    """A problem with the desk's database that the user must be told about."""

    code = "store"
    catalogue = STORE_TEXTS


class NotInitialized(StoreError):
    pass


class AlreadyInitialized(StoreError):
    pass


class SchemaTooNew(StoreError):
    pass


class ForeignSchema(StoreError):
    """The store holds a trigger, view, table or index that the program did not make."""
