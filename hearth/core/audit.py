"""Writing the audit log: every read and write of client data is recorded, in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent
from .request import current_ip


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
    return AuditEvent.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        client_id=client_id,
        ip_address=current_ip(),
        detail=detail or {},
    )
