"""Bulk loading on PostgreSQL: a large import into a table that is small (or empty) writes it without per-row
foreign-key checks, then checks each foreign key once, inside the import's single transaction.

For each such table the import drops, at its start and before writing anything, the table's foreign-key constraints;
after the last row it adds each constraint again, which PostgreSQL checks with one set-based query instead of one
deferred trigger per row at commit. The indexes stay and are kept up to date by the COPY as it goes: the database
does that on one core while the importer parses the export on the other, where a rebuild after the last row was
time the importer only waited (250,000 clients: 158 s against 169 s). With ``DROP_INDEXES`` the secondary indexes
are dropped too and built again in one sort each, which costs less database time in all, for a database server
that has no core to spare. The primary key and the unique indexes always stay, so duplicate keys are still refused
row by row. Everything happens in the import's transaction: a refused or dry run rolls back to the very same indexes
and constraints.

The price is locking: dropping a constraint (or an index) locks its table (and a constraint's referenced table)
against all other use until the import commits, so pages that read those tables wait. That is why only a load that
brings at least ``BULK_MIN_ROWS`` new rows and at least half as many as the table already holds is bulk-loaded: a
first import, a migration from another HMIS, a large new data source; a routine import into a full database keeps
the normal path. The importer validates every reference itself before writing, so the restored constraints are a
second net.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import OperationalError, connection, transaction

DROP_INDEXES = False  # also drop and rebuild the secondary indexes (see above)
BULK_MIN_ROWS = 10_000  # new rows of one file (estimated) from which its table is bulk-loaded
SAMPLE_BYTES = 1 << 18  # bytes read from the start of a file to estimate its bytes per row
MAINTENANCE_WORK_MEM = "256MB"  # memory for each index build (this transaction only)


def estimated_rows(path: str | Path) -> dict[str, int]:
    """Rows per HUD file, estimated from its size and the length of its first lines (never raises)."""
    from hearth.hudcsv.reader import open_export

    out: dict[str, int] = {}
    try:
        with open_export(path) as export:
            for file in export.members:
                size = export.size(file)
                with export.open(file) as stream:
                    head = stream.read(SAMPLE_BYTES)
                lines = head.count(b"\n")
                rows = lines if len(head) >= size or not lines else size * lines // len(head)
                out[file] = max(rows - 1, 0)  # the header is not a row
    except Exception:  # noqa: BLE001 - only an estimate: reading the export reports the real problem
        return {}
    return out


@dataclass
class BulkLoad:
    """The tables of one import that are bulk-loaded, with the indexes and constraints to restore."""

    tables: list[str] = field(default_factory=list)
    indexes: list[str] = field(default_factory=list)  # CREATE INDEX statements
    constraints: list[tuple[str, str, str]] = field(default_factory=list)  # (table, name, definition)

    def restore(self) -> None:
        """Build the dropped indexes and add the dropped constraints again (checking every row once)."""
        if not self.tables:
            return
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
            for statement in self.indexes:
                cursor.execute(statement)
            for table, name, definition in self.constraints:
                cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")


def begin(tables_rows: dict[str, int], data_source_id: int | None, unsourced: frozenset[str] = frozenset()) -> BulkLoad:
    """Drop the secondary indexes and foreign keys of the tables that ``{table: estimated rows}`` makes worth
    bulk-loading (PostgreSQL only; call inside the import's transaction before it writes any row). Tables in
    ``unsourced`` have no data source column: all their rows count as stored."""
    load = BulkLoad()
    # Only in a transaction of the import's own: rows a caller's transaction wrote before would still have pending
    # deferred checks, and PostgreSQL does not alter a table with pending checks.
    if connection.vendor != "postgresql" or len(connection.atomic_blocks) > 1:
        return load
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, incoming in sorted(tables_rows.items()):
            if incoming < BULK_MIN_ROWS:
                continue
            # The rows already there, counted up to the rows coming (the planner's estimate can be far off, e.g.
            # right after a refused import that was bulk-loaded).
            head = f"SELECT 1 FROM {quote(table)} LIMIT %s"  # noqa: S608 - a model's table, quoted
            cursor.execute(f"SELECT count(*) FROM ({head}) AS head", [2 * incoming + 1])  # noqa: S608
            stored = cursor.fetchone()[0]
            if stored and data_source_id is not None and table not in unsourced:  # updated, not added
                where = "WHERE data_source_id = %s"
                cursor.execute(f"SELECT count(*) FROM {quote(table)} {where}", [data_source_id])  # noqa: S608
                incoming -= cursor.fetchone()[0]
            if incoming < BULK_MIN_ROWS or 2 * incoming < stored:
                continue
            indexes = []
            if DROP_INDEXES:
                cursor.execute(
                    "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                    "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass "
                    "AND NOT i.indisunique AND NOT i.indisprimary ORDER BY c.relname",
                    [table],
                )
                indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                "AND contype = 'f' ORDER BY conname",
                [table],
            )
            constraints = cursor.fetchall()
            try:
                with transaction.atomic():
                    for name, _definition in constraints:
                        cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
                    for name, _definition in indexes:
                        cursor.execute(f"DROP INDEX {quote(name)}")
            except OperationalError:  # e.g. pending checks on a referenced table: load this one the normal way
                continue
            load.tables.append(table)
            load.indexes.extend(definition for _name, definition in indexes)
            load.constraints.extend((table, name, definition) for name, definition in constraints)
    return load


def describe(load: BulkLoad) -> dict[str, Any]:
    """What a bulk load dropped (for the import's report)."""
    return {"tables": list(load.tables), "indexes": len(load.indexes), "constraints": len(load.constraints)}
