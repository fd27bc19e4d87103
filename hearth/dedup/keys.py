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


def _clients(client_ids: list[int] | None) -> Iterator[tuple[int, str, str]]:
    from hearth.clients.models import Client

    qs = Client.objects.alive().order_by("pk")
    if client_ids is None:
        last = 0
        while True:
            rows = list(qs.filter(pk__gt=last).values_list("pk", "first_name", "last_name")[:CHUNK])
            if not rows:
                return
            yield from rows
            last = rows[-1][0]
    else:
        for start in range(0, len(client_ids), CHUNK):
            yield from qs.filter(pk__in=client_ids[start : start + CHUNK]).values_list("pk", "first_name", "last_name")


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
    written = 0
    batch: list[tuple[int, str]] = []
    # Plain executemany rather than bulk_create: a full rebuild writes millions of rows, and model instances would
    # cost more than the database's own work.
    table = connection.ops.quote_name(ClientKey._meta.db_table)
    sql = f"INSERT INTO {table} (client_id, {connection.ops.quote_name('key')}) VALUES (%s, %s)"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        for pk, first, last in _clients(ids):
            batch.extend((pk, key) for key in sorted(name_keys(first or "", last or "")))
            if len(batch) >= CHUNK:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def client_ids_for_keys(keys: Iterable[str]) -> QuerySet:
    """IDs of the clients sharing at least one of ``keys`` (a values queryset, usable as a subquery: ``pk__in=``)."""
    return ClientKey.objects.filter(key__in=list(keys)).values_list("client_id", flat=True).distinct()
