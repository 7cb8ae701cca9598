"""The desk's SQLite store: connection settings, migrations and one module per table family."""

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


class IntegrityProblem(StoreError):
    pass
