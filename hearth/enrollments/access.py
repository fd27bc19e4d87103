"""The access funnel for enrollments: visible when the client is, and the enrollment is the user's agency's or
shared with it by the client's consent. Enrollments in victim-service projects never leave their agency."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from hearth.accounts.models import CLIENT_DATA_ROLES
from hearth.clients.access import visible_clients
from hearth.core.audit import audit

from .models import Enrollment


def visible_enrollments(user: Any) -> QuerySet[Enrollment]:
    from hearth.clients.models import Client
    from hearth.privacy.rules import shared_q

    qs = Enrollment.objects.alive().filter(client__in=visible_clients(user))
    if getattr(user, "is_authenticated", False) and not user.is_lead_admin:
        org_ids = user.organization_ids(*CLIENT_DATA_ROLES)
        shared_clients = Client.objects.filter(shared_q(org_ids)).values("pk")
        ours = Q(project__organization_id__in=org_ids) | Q(owner_org_id__in=org_ids)
        shared = Q(client__in=shared_clients) & ~Q(project__organization__victim_service_provider=1)
        qs = qs.filter(ours | shared)
    return qs


def access_enrollment(user: Any, enrollment_id: int, *, write: bool = False) -> Enrollment:
    """Return the enrollment if ``user`` may see it (writing needs the project's agency); the same 404 otherwise."""
    qs = visible_enrollments(user)
    if write and not user.is_lead_admin:
        qs = qs.filter(project__organization_id__in=user.organization_ids(*CLIENT_DATA_ROLES))
    enrollment = qs.select_related("client", "project").filter(pk=enrollment_id).first()
    if enrollment is None:
        audit(user=user, action="denied", object_type="enrollments.Enrollment", object_id=str(enrollment_id))
        raise Http404("No such enrollment")
    if not write:
        audit(user=user, action="view", obj=enrollment)
    return enrollment
