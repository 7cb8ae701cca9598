"""The desk's SQLite store, and all of the desk's SQL: db (connection, transaction),
schema (migrations) and integrity; one module per table family: settings, users, audit
(the hash chain) and replay, residents, queue, recordings, outbox (what the sync engine
claims and settles, the lease), payloads (sealed payloads and their sealing), rot
(payloads that rotted), bundles (records carried out and forwarded), tallies (the
reports' queries); backup, keywrap and token_seal for the keys and copies it keeps."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the desk's database that the user must be told about."""


class NotInitialized(StoreError):
    pass


class AlreadyInitialized(StoreError):
    pass


class SchemaTooNew(StoreError):
    pass


class ForeignSchema(StoreError):
    """The store holds a trigger, view, table or index that the program did not make."""
