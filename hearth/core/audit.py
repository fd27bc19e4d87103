"""Writing the audit log: every read and write of client data is recorded, in the same transaction.

The log is a hash chain: each event's ``entry_hash`` is SHA-256 of the previous event's hash and this event's
canonical content, so editing or removing any entry breaks every hash after it (``hearth audit_verify``). Appends are
serialized by updating the single ``AuditChainHead`` row first: a row lock held to the end of the transaction on
PostgreSQL, the database write lock on SQLite. The chain therefore stays linear under concurrent requests.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import models, transaction

from .models import AuditChainHead, AuditEvent
from .request import current_ip

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
    if AuditChainHead.objects.filter(pk=1).update(length=models.F("length")) == 0:
        # No head yet (a new or emptied database): make it from the log; concurrent first writers insert one row.
        last = AuditEvent.objects.order_by("-id").values("id", "entry_hash").first()
        head = AuditChainHead(
            pk=1,
            last_hash=last["entry_hash"] if last else "",
            last_event_id=last["id"] if last else None,
            length=AuditEvent.objects.count(),
        )
        AuditChainHead.objects.bulk_create([head], ignore_conflicts=True)
    return AuditChainHead.objects.select_for_update().get(pk=1)


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
    """Append one event. ``obj`` names what was touched; ``client_id`` ties it to the person the data is about."""
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
    with transaction.atomic():
        head = _locked_head()
        event.prev_hash = head.last_hash or GENESIS
        event.entry_hash = chain_hash(event.prev_hash, event)
        event.save()
        AuditChainHead.objects.filter(pk=1).update(
            last_hash=event.entry_hash, last_event_id=event.pk, length=models.F("length") + 1
        )
    return event


@dataclass
class ChainProblem:
    event_id: int | None
    reason: str


def verify_chain(*, chunk_size: int = 5000) -> Iterator[tuple[int, ChainProblem | None]]:
    """Walk the chain in id order; yield (events checked, the first problem or None) once, at the end or the break."""
    expected_prev = GENESIS
    checked = 0
    last_id = None
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=chunk_size):
        if event.prev_hash != expected_prev:
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
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and checked and (head.last_event_id != last_id or head.last_hash != expected_prev):
        yield checked, ChainProblem(head.last_event_id, "the log ends before the recorded end of the chain")
        return
    yield checked, None
