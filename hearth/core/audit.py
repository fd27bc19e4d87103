"""Writing the audit log: every read and write of client data is recorded, in the same transaction.

The log is a hash chain: each event's ``entry_hash`` is SHA-256 of the previous event's hash and this event's
canonical content, so editing or removing any entry breaks every hash after it (``hearth audit_verify``).

Writing and chaining are two steps, so that a page view does not serialize behind every other one:
1. ``audit()`` inserts the event *unsealed* (no place in the chain, no hashes) in the caller's transaction: no lock,
   and the event commits or rolls back with the data it describes.
2. ``seal_pending()`` runs right after that transaction commits (``transaction.on_commit``; at once outside a
   transaction). In a short transaction of its own it locks the single ``AuditChainHead`` row (a row lock on
   PostgreSQL, the database write lock on SQLite), takes the committed unsealed events in id order, and gives each
   the next ``chain_seq``, its ``prev_hash`` and ``entry_hash``. The chain's order is this sealing order: on
   PostgreSQL ids are handed out before commit, so they commit out of order. The lock is held for milliseconds, not
   for a whole request, and one sealing seals whatever other requests committed meanwhile (a batch).
An event whose seal failed (the process died between commit and seal) stays unsealed until the next seal picks it
up; ``hearth audit_verify`` seals pending events before it checks, or with ``--no-seal`` counts them.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import connection, models, transaction

from .models import AuditChainHead, AuditEvent
from .request import current_ip

logger = logging.getLogger(__name__)

GENESIS = "0" * 64


def canonical_content(event: AuditEvent) -> bytes:
    """The bytes that an event's hash covers: every column but the id and the hashes, in a fixed form."""
    content = {
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "user": event.user_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "client": event.client_id,
        "ip": event.ip_address,
        "detail": event.detail,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical_content(event)).hexdigest()


def _normal_ip(value: str | None) -> str | None:
    try:
        return ipaddress.ip_address(value).compressed if value else None
    except ValueError:
        return None


def _locked_head() -> AuditChainHead:
    """Take the chain's lock (the head row) for the rest of the transaction and return the head."""
    if connection.vendor == "sqlite":
        # A write first: SQLite's write lock is taken now, not at the first write after a read (which could fail).
        AuditChainHead.objects.filter(pk=1).update(length=models.F("length"))
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # No head yet (a new or emptied database): make it from the log; concurrent first sealers insert one row.
        last = AuditEvent.objects.filter(chain_seq__isnull=False).order_by("-chain_seq").first()
        AuditChainHead.objects.bulk_create(
            [
                AuditChainHead(
                    pk=1,
                    last_hash=last.entry_hash if last else "",
                    last_event_id=last.pk if last else None,
                    length=last.chain_seq if last else 0,
                )
            ],
            ignore_conflicts=True,
        )
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def audit(
    *,
    user: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    client_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event (sealed into the chain once the caller's transaction commits). ``obj`` names what was
    touched; ``client_id`` ties it to the person the data is about."""
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(obj.pk)
        if client_id is None:
            client_id = getattr(obj, "client_id", None)
            if client_id is None and obj._meta.label == "clients.Client":
                client_id = obj.pk
    event = AuditEvent(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        client_id=client_id,
        ip_address=_normal_ip(current_ip()),
        # What the database gives back (string keys, JSON types), so the hash computed now is the one verified later.
        detail=json.loads(json.dumps(detail or {}, default=str)),
    )
    event.save()
    _seal_after_commit()
    return event


def _seal_after_commit() -> None:
    """Seal once after this transaction commits, however many events it wrote."""
    if connection.in_atomic_block and any(func is _seal_quietly for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(_seal_quietly)


def _seal_quietly() -> None:
    # The page's own work is committed: a failed seal must not turn it into an error page. The event waits, unsealed,
    # for the next seal (or ``audit_verify``).
    try:
        seal_pending()
    except Exception:
        logger.exception("audit events could not be sealed now; the next seal will take them")


SEAL_SQL = (
    "UPDATE core_auditevent SET chain_seq = %s, prev_hash = %s, entry_hash = %s WHERE id = %s AND chain_seq IS NULL"
)


def seal_pending(*, batch_size: int = 1000) -> int:
    """Chain every committed unsealed event, in id order, after the current end; answer how many were sealed."""
    sealed = 0
    while True:
        with transaction.atomic():
            head = _locked_head()
            # Read after the lock: everything sealed before us has committed, so none of these is sealed twice.
            pending = list(AuditEvent.objects.filter(chain_seq__isnull=True).order_by("id")[:batch_size])
            if not pending:
                return sealed
            previous, seq = head.last_hash or GENESIS, head.length
            rows = []
            for event in pending:
                seq += 1
                entry_hash = chain_hash(previous, event)
                rows.append((seq, previous, entry_hash, event.pk))
                previous = entry_hash
            with connection.cursor() as cursor:
                cursor.executemany(SEAL_SQL, rows)
            AuditChainHead.objects.filter(pk=1).update(last_hash=previous, last_event_id=pending[-1].pk, length=seq)
        sealed += len(pending)
        if len(pending) < batch_size:
            return sealed


def unsealed_count() -> int:
    return AuditEvent.objects.filter(chain_seq__isnull=True).count()


@dataclass
class ChainProblem:
    event_id: int | None
    reason: str


def verify_chain(*, chunk_size: int = 5000) -> Iterator[tuple[int, ChainProblem | None]]:
    """Walk the chain in sealing order up to its recorded end; yield (events checked, the first problem or None) once,
    at the end or the break. Events sealed while this runs lie past the end read first and are left for next time."""
    head = AuditChainHead.objects.filter(pk=1).first()
    length = head.length if head is not None else 0
    expected_prev = GENESIS
    checked = 0
    last_id = None
    chain = AuditEvent.objects.filter(chain_seq__isnull=False, chain_seq__lte=length).order_by("chain_seq")
    for event in chain.iterator(chunk_size=chunk_size):
        if event.prev_hash != expected_prev or event.chain_seq != checked + 1:
            yield (
                checked,
                ChainProblem(event.pk, "does not follow the entry before it (an entry was removed or edited)"),
            )
            return
        if chain_hash(event.prev_hash, event) != event.entry_hash:
            yield checked, ChainProblem(event.pk, "its content does not match its hash (the entry was edited)")
            return
        expected_prev = event.entry_hash
        last_id = event.pk
        checked += 1
    if head is None:
        stray = AuditEvent.objects.filter(chain_seq__isnull=False).order_by("chain_seq").first()
        if stray is not None:
            yield 0, ChainProblem(stray.pk, "the chain's recorded end is missing (the head row was removed)")
            return
    elif checked != length or (checked and (head.last_event_id != last_id or head.last_hash != expected_prev)):
        yield checked, ChainProblem(head.last_event_id, "the log ends before the recorded end of the chain")
        return
    yield checked, None
