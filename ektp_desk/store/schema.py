"""The schema as an ordered list of migrations; version N is `MIGRATIONS[N - 1]`.

Never edit a migration that has shipped: add a new one. Each runs in its own transaction.
"""

from __future__ import annotations

V1_IDENTITY_USERS_AUDIT = (
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
        salt BLOB NOT NULL,
        password_hash BLOB NOT NULL,
        scrypt_n INTEGER NOT NULL,
        scrypt_r INTEGER NOT NULL,
        scrypt_p INTEGER NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        created_at TEXT NOT NULL,
        last_login_at TEXT
    )""",
    """CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )""",
)

V2_RESIDENTS = (
    """CREATE TABLE residents (
        id INTEGER PRIMARY KEY,
        nik TEXT NOT NULL UNIQUE,
        no_kk TEXT,
        nama TEXT NOT NULL,
        tempat_lahir TEXT,
        tanggal_lahir TEXT NOT NULL,
        jenis_kelamin TEXT NOT NULL,
        golongan_darah TEXT,
        alamat TEXT,
        rt TEXT,
        rw TEXT,
        kelurahan TEXT,
        agama TEXT,
        status_perkawinan TEXT,
        pekerjaan TEXT,
        kewarganegaraan TEXT,
        imported_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX residents_kelurahan ON residents (kelurahan)",
    """CREATE VIRTUAL TABLE residents_fts USING fts5 (
        nama, content = 'residents', content_rowid = 'id',
        tokenize = 'unicode61', prefix = '1 2 3'
    )""",
    """CREATE TRIGGER residents_fts_insert AFTER INSERT ON residents BEGIN
        INSERT INTO residents_fts (rowid, nama) VALUES (new.id, new.nama);
    END""",
    """CREATE TRIGGER residents_fts_delete AFTER DELETE ON residents BEGIN
        INSERT INTO residents_fts (residents_fts, rowid, nama) VALUES ('delete', old.id, old.nama);
    END""",
    """CREATE TRIGGER residents_fts_update AFTER UPDATE OF nama ON residents BEGIN
        INSERT INTO residents_fts (residents_fts, rowid, nama) VALUES ('delete', old.id, old.nama);
        INSERT INTO residents_fts (rowid, nama) VALUES (new.id, new.nama);
    END""",
)

V3_QUEUE = (
    """CREATE TABLE queue (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL,
        ticket INTEGER NOT NULL,
        nik TEXT,
        nama TEXT NOT NULL,
        walk_in INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'waiting'
            CHECK (state IN ('waiting', 'called', 'skipped', 'done', 'cancelled')),
        created_at TEXT NOT NULL,
        called_at TEXT,
        finished_at TEXT,
        UNIQUE (day, ticket)
    )""",
    "CREATE INDEX queue_day_state ON queue (day, state)",
)

V4_RECORDINGS_OUTBOX = (
    """CREATE TABLE recordings (
        id INTEGER PRIMARY KEY,
        record_id TEXT NOT NULL UNIQUE,
        nik TEXT NOT NULL,
        nama TEXT NOT NULL,
        jenis_kelamin TEXT NOT NULL,
        tanggal_lahir TEXT NOT NULL,
        kelurahan TEXT NOT NULL,
        biodata TEXT NOT NULL,
        captures TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        local_date TEXT NOT NULL,
        local_hour INTEGER NOT NULL,
        age INTEGER NOT NULL,
        early INTEGER NOT NULL,
        on_list INTEGER NOT NULL,
        operator TEXT NOT NULL,
        ticket_id INTEGER REFERENCES queue (id),
        finalized_at TEXT NOT NULL,
        voided_at TEXT,
        voided_by TEXT,
        void_reason TEXT
    )""",
    "CREATE INDEX recordings_nik ON recordings (nik)",
    "CREATE INDEX recordings_local_date ON recordings (local_date)",
    """CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        record_id TEXT NOT NULL UNIQUE REFERENCES recordings (record_id),
        state TEXT NOT NULL DEFAULT 'queued'
            CHECK (state IN ('queued', 'sending', 'acked', 'rejected', 'duplicate_nik')),
        payload_format TEXT NOT NULL,
        payload BLOB,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        updated_at TEXT NOT NULL,
        acked_at TEXT
    )""",
    "CREATE INDEX outbox_state ON outbox (state)",
)

V5_SYNC = (
    # The hub key an envelope was sealed for, and what the hub said of the record.
    "ALTER TABLE outbox ADD COLUMN key_id TEXT",
    "ALTER TABLE outbox ADD COLUMN hub_detail TEXT",
    """CREATE TABLE sync_lease (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        owner TEXT NOT NULL,
        expires_at TEXT NOT NULL
    )""",
    """CREATE TABLE sync_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE sync_batches (
        id INTEGER PRIMARY KEY,
        batch_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        records INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        detail TEXT
    )""",
)

V6_LOG_INDEXES = (
    # The log is searched by name prefix and filtered by sync state and operator.
    "CREATE INDEX recordings_nama ON recordings (nama)",
    "CREATE INDEX recordings_operator ON recordings (operator)",
    "CREATE INDEX recordings_ticket ON recordings (ticket_id)",
)

V7_TALLY = (
    # Recordings per local day, kept by triggers in the saving (and voiding) transaction, so
    # progress to the deadline never counts a million rows.
    """CREATE TABLE daily_counts (
        local_date TEXT PRIMARY KEY,
        recorded INTEGER NOT NULL
    ) WITHOUT ROWID""",
    """INSERT INTO daily_counts (local_date, recorded)
        SELECT local_date, count(*) FROM recordings WHERE voided_at IS NULL GROUP BY local_date""",
    """CREATE TRIGGER daily_counts_insert AFTER INSERT ON recordings
        WHEN new.voided_at IS NULL BEGIN
        INSERT INTO daily_counts (local_date, recorded) VALUES (new.local_date, 1)
            ON CONFLICT (local_date) DO UPDATE SET recorded = recorded + 1;
    END""",
    """CREATE TRIGGER daily_counts_void AFTER UPDATE OF voided_at ON recordings
        WHEN old.voided_at IS NULL AND new.voided_at IS NOT NULL BEGIN
        UPDATE daily_counts SET recorded = recorded - 1 WHERE local_date = old.local_date;
    END""",
    # One day's tally reads only this index (voided recordings are not in it).
    """CREATE INDEX recordings_tally ON recordings
        (local_date, kelurahan, jenis_kelamin, age, operator, local_hour, early, on_list)
        WHERE voided_at IS NULL""",
    # The outbox knows the local date too, so a day's sync states need no join.
    "ALTER TABLE outbox ADD COLUMN local_date TEXT",
    """UPDATE outbox SET local_date = r.local_date FROM recordings r
        WHERE r.record_id = outbox.record_id""",
    "CREATE INDEX outbox_day_state ON outbox (local_date, state)",
    "CREATE INDEX recordings_voided ON recordings (local_date) WHERE voided_at IS NOT NULL",
)

V8_BUNDLES = (
    # Recordings that left on a USB stick, and in which bundle, so the next sync asks the
    # hub what became of them before sending them again. A table of its own: updating an
    # outbox row would rewrite its sealed payload too.
    """CREATE TABLE bundled (
        record_id TEXT PRIMARY KEY REFERENCES outbox (record_id),
        bundle_id TEXT NOT NULL,
        bundled_at TEXT NOT NULL
    ) WITHOUT ROWID""",
    # Recordings of other desks (a laptop out in the villages) brought here in a bundle and
    # forwarded to the hub at the next sync. They are not this desk's recordings: they have
    # no place in its log or tallies, only in what it sends.
    """CREATE TABLE forwarded (
        id INTEGER PRIMARY KEY,
        record_id TEXT NOT NULL UNIQUE,
        origin_desk TEXT NOT NULL,
        bundle_id TEXT NOT NULL,
        nik TEXT NOT NULL,
        finalized_at TEXT NOT NULL,
        recorded_on TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        mac TEXT NOT NULL,
        key_id TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'queued'
            CHECK (state IN ('queued', 'sending', 'acked', 'rejected', 'duplicate_nik')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        hub_detail TEXT,
        imported_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        acked_at TEXT
    )""",
    "CREATE INDEX forwarded_state ON forwarded (state)",
    # Sealed payloads in a table of their own: SQLite rewrites a whole row on any update, so
    # with the payload in the outbox row every state change (sending, acked) wrote the
    # payload again, a third of a megabyte per recording, on the desk's slow disk.
    """CREATE TABLE payloads (
        id INTEGER PRIMARY KEY,
        record_id TEXT NOT NULL UNIQUE,
        payload BLOB NOT NULL
    )""",
    """INSERT INTO payloads (record_id, payload)
        SELECT record_id, payload FROM outbox WHERE payload IS NOT NULL ORDER BY id""",
    "ALTER TABLE outbox DROP COLUMN payload",
)

# Failed log-ins by name, known or not, so that guessing an unknown name costs the same
# lockout as a real one; the counter is taken before the password is checked.
V9_LOGIN_ATTEMPTS = (
    """CREATE TABLE login_attempts (
        name TEXT PRIMARY KEY,
        attempts INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT
    )""",
    """INSERT INTO login_attempts (name, attempts, locked_until)
        SELECT lower(name), failed_logins, locked_until FROM users
        WHERE failed_logins > 0 OR locked_until IS NOT NULL""",
)

# The forwarded table as V10 remakes it: V8's columns, told apart by id and content.
_FORWARDED_V9 = (
    V8_BUNDLES[1]
    .replace("CREATE TABLE forwarded (", "CREATE TABLE forwarded_v9 (")
    .replace("record_id TEXT NOT NULL UNIQUE,", "record_id TEXT NOT NULL,")
    .replace(
        "acked_at TEXT\n    )",
        "acked_at TEXT,\n        payload_key TEXT NOT NULL UNIQUE,\n"
        "        UNIQUE (record_id, sha256)\n    )",
    )
)

V10_FORWARDED_BUNDLES = (
    # Forwarded bundles as the supervisor lists and drops them (`ektp-desk bundle list`).
    """CREATE TABLE forwarded_bundles (
        bundle_id TEXT PRIMARY KEY,
        desk_id TEXT NOT NULL,
        kecamatan TEXT NOT NULL,
        created_at TEXT NOT NULL,
        file TEXT NOT NULL,
        records INTEGER NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT
    ) WITHOUT ROWID""",
    """INSERT INTO forwarded_bundles (bundle_id, desk_id, kecamatan, created_at, file, records,
            imported_at)
        SELECT bundle_id, '', '', min(imported_at), '', count(*), min(imported_at)
        FROM forwarded GROUP BY bundle_id""",
    # A forged copy of a record (same id, other content) must not stand for the genuine one:
    # forwarded records are told apart by id and content, and each keeps its payload under
    # a key of its own (id:sha256), apart from this desk's own payloads (keyed by id).
    _FORWARDED_V9,
    """UPDATE payloads SET record_id = record_id || ':' || (
            SELECT f.sha256 FROM forwarded f WHERE f.record_id = payloads.record_id)
        WHERE record_id IN (SELECT record_id FROM forwarded)
        AND record_id NOT IN (SELECT record_id FROM outbox)""",
    """INSERT INTO forwarded_v9 (id, record_id, origin_desk, bundle_id, nik, finalized_at,
            recorded_on, sha256, size, mac, key_id, state, attempts, last_error, hub_detail,
            imported_at, updated_at, acked_at, payload_key)
        SELECT id, record_id, origin_desk, bundle_id, nik, finalized_at, recorded_on, sha256,
            size, mac, key_id, state, attempts, last_error, hub_detail, imported_at,
            updated_at, acked_at, record_id || ':' || sha256
        FROM forwarded ORDER BY id""",
    "DROP TABLE forwarded",
    "ALTER TABLE forwarded_v9 RENAME TO forwarded",
    "CREATE INDEX forwarded_state ON forwarded (state)",
    "CREATE INDEX forwarded_bundle ON forwarded (bundle_id)",
)

V11_PAYLOAD_ROT = (
    # When a sealed payload was found rotten on this desk (its SHA-256 no longer the one
    # kept when it was sealed): the record is never sent, and the resident is invited back.
    "ALTER TABLE outbox ADD COLUMN rotten_at TEXT",
    "ALTER TABLE forwarded ADD COLUMN rotten_at TEXT",
)

V_SIAK_FIELDS = (
    # A foreign resident's stay permit (KITAP) and the date it ends: a WNA's only, so empty
    # for every resident listed before.
    "ALTER TABLE residents ADD COLUMN no_kitap TEXT",
    "ALTER TABLE residents ADD COLUMN kitap_berlaku TEXT",
)

V_APPROVAL = (
    # A recording a supervisor must approve before it is sent: the rules that asked for it,
    # and, once approved, by whom, when and why. No row: nothing to approve.
    """CREATE TABLE approvals (
        record_id TEXT PRIMARY KEY REFERENCES recordings (record_id),
        rules TEXT NOT NULL,
        held_at TEXT NOT NULL,
        approved_by TEXT,
        approved_at TEXT,
        reason TEXT
    )""",
    "CREATE INDEX approvals_waiting ON approvals (record_id) WHERE approved_at IS NULL",
)

V_CITY_STATUS = (
    # What the hub says of the kecamatan's recordings, at any desk (the status feed, no
    # biometrics): by record, and the duplicate cases they are in. Pulled from a cursor kept
    # in sync_meta (`status_cursor`, `published_version`).
    """CREATE TABLE city_status (
        record_id TEXT PRIMARY KEY,
        nik TEXT NOT NULL,
        desk_id TEXT NOT NULL,
        recorded_on TEXT,
        state TEXT NOT NULL,
        case_id TEXT,
        reason TEXT,
        replaces TEXT
    ) WITHOUT ROWID""",
    "CREATE INDEX city_status_nik ON city_status (nik, state)",
    """CREATE TABLE city_cases (
        case_id TEXT PRIMARY KEY,
        nik TEXT NOT NULL,
        state TEXT NOT NULL,
        decision TEXT,
        kept_record_id TEXT,
        reason TEXT,
        decided_at TEXT
    ) WITHOUT ROWID""",
    # A correction names the recording it replaces; a void is sent to the hub once.
    "ALTER TABLE recordings ADD COLUMN replaces TEXT",
    "ALTER TABLE recordings ADD COLUMN void_sent_at TEXT",
    "CREATE INDEX recordings_replaces ON recordings (replaces) WHERE replaces IS NOT NULL",
    """CREATE INDEX recordings_void_unsent ON recordings (record_id)
        WHERE voided_at IS NOT NULL AND void_sent_at IS NULL""",
)

V_FORWARDED_APPROVAL = (
    # A forwarded record keeps what its bundle entry carried beside the envelope (both
    # under its desk's MAC): the supervisor's approval, as the JSON the wire carries, and
    # the record a correction replaces. Empty for the records forwarded before.
    "ALTER TABLE forwarded ADD COLUMN approval TEXT",
    "ALTER TABLE forwarded ADD COLUMN replaces TEXT",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    V1_IDENTITY_USERS_AUDIT,
    V2_RESIDENTS,
    V3_QUEUE,
    V4_RECORDINGS_OUTBOX,
    V5_SYNC,
    V6_LOG_INDEXES,
    V7_TALLY,
    V8_BUNDLES,
    V9_LOGIN_ATTEMPTS,
    V10_FORWARDED_BUNDLES,
    V11_PAYLOAD_ROT,
    V_SIAK_FIELDS,
    V_APPROVAL,
    V_CITY_STATUS,
    V_FORWARDED_APPROVAL,
)
