"""Django's SQLite backend, except that ``flush`` (which empties every table: tests, ``hearth flush``) lifts the audit
log's append-only trigger for its own DELETE and puts it back. PostgreSQL needs nothing: its flush is TRUNCATE,
which row-level triggers do not see. Anyone able to flush the database could drop the trigger anyway; the hash
chain (``hearth audit_verify``) is what shows tampering."""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import base
from django.db.backends.sqlite3.operations import DatabaseOperations as SQLiteOperations

AUDIT_TABLE = "core_auditevent"
NO_DELETE = "core_auditevent_no_delete"
RECREATE = (
    f"CREATE TRIGGER {NO_DELETE} BEFORE DELETE ON {AUDIT_TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
)


class DatabaseOperations(SQLiteOperations):
    def sql_flush(self, style: Any, tables: Any, *, reset_sequences: bool = False, allow_cascade: bool = False):
        statements = super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        if not any(AUDIT_TABLE in statement and "DELETE" in statement.upper() for statement in statements):
            return statements
        existed = (
            self.connection.cursor()
            .execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [NO_DELETE])
            .fetchone()
        )
        return [f"DROP TRIGGER IF EXISTS {NO_DELETE};", *statements, *([RECREATE] if existed else [])]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
