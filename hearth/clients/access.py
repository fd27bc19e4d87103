"""The access funnel for clients: the only way a view reaches a client's record.

A client is visible to a user who has passed the training gate (training, quiz, agreement within the year) and
- is an HMIS lead administrator, or
- works (with a client-data role) for the agency that entered the record or one whose projects enrolled the client, or
- works for an agency the client's consent covers (or, under implied consent, any agency unless the client refused),
  except for restricted records (confidential clients, records of victim-service providers), which stay in their agency.
Reporting-only users see no client-level data. Reads and refusals are audited.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from hearth.accounts.models import CLIENT_DATA_ROLES
from hearth.accounts.services import user_is_cleared
from hearth.core.audit import audit

from .models import Client


def visible_clients(user: Any) -> QuerySet[Client]:
    """Clients ``user`` may see (not soft-deleted)."""
    from hearth.enrollments.models import Enrollment
    from hearth.privacy.rules import shared_q

    qs = Client.objects.alive()
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user_is_cleared(user):
        return qs.none()
    if user.is_lead_admin:
        return qs
    org_ids = user.organization_ids(*CLIENT_DATA_ROLES)
    if not org_ids:
        return qs.none()
    enrolled_here = Enrollment.objects.filter(
        client=OuterRef("pk"), project__organization_id__in=org_ids, date_deleted__isnull=True
    )
    return qs.filter(Q(owner_org_id__in=org_ids) | Q(Exists(enrolled_here)) | shared_q(org_ids))


def searchable_clients(user: Any) -> QuerySet[Client]:
    """What search may list: visible clients, less restricted records (confidential clients, victim-service providers'
    records) outside the agencies that serve them (the one that entered the record, those whose projects enrolled the
    client), the HMIS lead included: elsewhere they are opened by id, not found by name."""
    from hearth.privacy.rules import restricted_q, served_here_q

    qs = visible_clients(user)
    if not getattr(user, "is_authenticated", False):
        return qs
    org_ids = user.organization_ids(*CLIENT_DATA_ROLES)
    return qs.filter(~restricted_q() | served_here_q(org_ids))


def access_client(user: Any, client_id: int, *, write: bool = False) -> Client:
    """Return the client if ``user`` may see it; the same 404 for 'missing' and 'not yours'. Audited."""
    client = visible_clients(user).filter(pk=client_id).first()
    if client is None:
        audit(user=user, action="denied", object_type="clients.Client", object_id=str(client_id))
        raise Http404("No such client")
    if not write:
        audit(user=user, action="view", obj=client)
    return client
