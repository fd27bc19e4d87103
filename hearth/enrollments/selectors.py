"""Reads of stays that pages reuse; every one goes through the enrollment access funnel."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .access import visible_enrollments
from .models import Enrollment


def client_stays(user: Any, client: Any) -> QuerySet[Enrollment]:
    """The client's project stays that ``user`` may see, newest first, with project and exit."""
    return (
        visible_enrollments(user)
        .filter(client_id=client.pk)
        .select_related("project", "project__organization", "exit")
        .order_by("-entry_date", "-pk")
    )


def client_panel(user: Any, client: Any) -> dict[str, Any]:
    """What the client profile's panel shows: the stays the user may see (more is added as it is built)."""
    return {"stays": list(client_stays(user, client)[:100])}
