"""The access funnel for clients: the only way a view reaches a client's record.

Until the consent and sharing model lands (privacy issue), a client is visible to HMIS lead administrators, to the
organization that owns the record, and to organizations whose projects enrolled the client. Reporting-only users see
no client-level data.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from hearth.accounts.models import CLIENT_DATA_ROLES
from hearth.core.audit import audit

from .models import Client


def visible_clients(user: Any) -> QuerySet[Client]:
    """Clients ``user`` may see (not soft-deleted)."""
    from hearth.enrollments.models import Enrollment

    qs = Client.objects.alive()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_lead_admin:
        return qs
    org_ids = user.organization_ids(*CLIENT_DATA_ROLES)
    if not org_ids:
        return qs.none()
    enrolled_here = Enrollment.objects.filter(
        client=OuterRef("pk"), project__organization_id__in=org_ids, date_deleted__isnull=True
    )
    return qs.filter(owner_org_id__in=org_ids) | qs.filter(Exists(enrolled_here))


def access_client(user: Any, client_id: int, *, write: bool = False) -> Client:
    """Return the client if ``user`` may see it; the same 404 for 'missing' and 'not yours'. Audited."""
    client = visible_clients(user).filter(pk=client_id).first()
    if client is None:
        audit(user=user, action="denied", object_type="clients.Client", object_id=str(client_id))
        raise Http404("No such client")
    if not write:
        audit(user=user, action="view", obj=client)
    return client
