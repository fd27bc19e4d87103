"""The persisted blocking index: name keys per client, kept in ``dedup.ClientKey``.

Whoever creates or edits a client's name calls ``refresh_client_keys([client.pk])`` (in the same transaction);
client search narrows with ``client_ids_for_keys(name_keys(first, last))``. ``hearth dedup_index`` rebuilds it all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import connection, transaction
from django.db.models import QuerySet

from .models import ClientKey
from .names import name_keys

CHUNK = 5000


def _client_chunks(client_ids: list[int] | None) -> Iterator[list[tuple[int, str, str]]]:
    """``(pk, first name, last name)`` of the living clients (None: all), CHUNK at a time."""
    from hearth.clients.models import Client

    qs = Client.objects.alive().order_by("pk")
    if client_ids is None:
        last = 0
        while True:
            rows = list(qs.filter(pk__gt=last).values_list("pk", "first_name", "last_name")[:CHUNK])
            if not rows:
                return
            yield rows
            last = rows[-1][0]
    else:
        for start in range(0, len(client_ids), CHUNK):
            yield list(qs.filter(pk__in=client_ids[start : start + CHUNK]).values_list("pk", "first_name", "last_name"))


@transaction.atomic
def refresh_client_keys(client_ids: Iterable[int] | None = None) -> int:
    """Recompute the name keys of the given clients (None: every client). Returns how many keys were written.

    Soft-deleted clients (including merged-away ones) lose their keys.
    """
    ids = None if client_ids is None else sorted({int(i) for i in client_ids})
    if ids is None:
        ClientKey.objects.all().delete()
    else:
        for start in range(0, len(ids), CHUNK):
            ClientKey.objects.filter(client_id__in=ids[start : start + CHUNK]).delete()
    return sum(add_client_keys(clients) for clients in _client_chunks(ids))


def add_client_keys(clients: Iterable[tuple[int, str | None, str | None]]) -> int:
    """Write the keys of living clients that have none yet, from ``(pk, first name, last name)``; how many keys.

    The HMIS CSV import calls it in its own transaction for the clients it creates, with the names it read."""
    written = 0
    rows: list[tuple[int, str]] = []
    for pk, first, last in clients:
        rows.extend((pk, key) for key in sorted(name_keys(first or "", last or "")))
        if len(rows) >= 10 * CHUNK:
            written += _insert_keys(rows)
            rows = []
    return written + _insert_keys(rows)


def _insert_keys(rows: list[tuple[int, str]]) -> int:
    """Write ``(client_id, key)`` rows; how many. Not bulk_create: a full rebuild writes millions of rows, and model
    instances would cost more than the database's own work. PostgreSQL takes them in a COPY (an import's 250,000 new
    clients' keys in a few seconds, where one INSERT per key took twenty), other databases by executemany."""
    if not rows:
        return 0
    quote = connection.ops.quote_name
    table, columns = quote(ClientKey._meta.db_table), f"client_id, {quote('key')}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s)", rows)  # noqa: S608 - model names
    return len(rows)


def client_ids_for_keys(keys: Iterable[str]) -> QuerySet:
    """IDs of the clients sharing at least one of ``keys`` (a values queryset, usable as a subquery: ``pk__in=``)."""
    return ClientKey.objects.filter(key__in=list(keys)).values_list("client_id", flat=True).distinct()
