"""Who may see a client beyond the agency that entered the record: consent, the CoC's sharing model, restrictions.

Used by the access funnels (``hearth/clients/access.py``, ``hearth/enrollments/access.py``); views never call it to
query client data, only to say why something is hidden.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ClientRestriction, Consent, SharingPolicy


def restricted_q() -> Q:
    """Clients never shared outside their own agency: flagged confidential, or entered by a victim-service provider."""
    confidential = ClientRestriction.objects.filter(client=OuterRef("pk"), confidential=True)
    return Q(Exists(confidential)) | Q(owner_org__victim_service_provider=1)


def shared_q(organization_ids: Iterable[int], day: date | None = None) -> Q:
    """Clients whose consent (or, under implied consent, the absence of a refusal) shares them with these agencies."""
    organization_ids = list(organization_ids)
    day = day or timezone.localdate()
    in_force = Consent.objects.in_force(day).filter(client=OuterRef("pk"))
    covering = in_force.filter(Q(scope=Consent.Scope.COC) | Q(agencies__in=organization_ids))
    if SharingPolicy.current().model == SharingPolicy.Model.IMPLIED:
        refused = Consent.objects.filter(client=OuterRef("pk"), revoked_at__isnull=False)
        return (Q(Exists(covering)) | ~Q(Exists(refused))) & ~restricted_q()
    return Q(Exists(covering)) & ~restricted_q()


def hidden_reason(user, client) -> str:
    """Why ``user`` cannot see ``client`` (for pages that show a placeholder), or '' when nothing is hidden."""
    from hearth.accounts.models import CLIENT_DATA_ROLES
    from hearth.accounts.services import user_is_cleared
    from hearth.clients.access import visible_clients

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return _("hidden: you are not logged in")
    if not user_is_cleared(user):
        return _("hidden: your training, privacy quiz or user agreement is missing or expired")
    if visible_clients(user).filter(pk=client.pk).exists():
        return ""
    if not user.organization_ids(*CLIENT_DATA_ROLES):
        return _("hidden: your role does not include client data")
    restriction = ClientRestriction.objects.filter(client=client, confidential=True).exists()
    if restriction or (client.owner_org_id and client.owner_org.victim_service_provider == 1):
        return _("hidden: a restricted record, kept within the agency that serves the client")
    if Consent.objects.filter(client=client, revoked_at__isnull=False).exists() and not (
        Consent.objects.in_force().filter(client=client).exists()
    ):
        return _("hidden: the client revoked their consent to share")
    return _("hidden: no consent to share with your agency")


def is_restricted(client) -> bool:
    if ClientRestriction.objects.filter(client=client, confidential=True).exists():
        return True
    return bool(client.owner_org_id and client.owner_org.victim_service_provider == 1)


def redacted_name(client) -> str:
    """What a page outside the client's agency may show of a restricted client: no name, no identifiers."""
    return _("Restricted record")


def client_display_name(user, client) -> str:
    """The client's name, or a redaction for a restricted record seen from outside its agency (the lead included)."""
    from hearth.accounts.models import CLIENT_DATA_ROLES

    if is_restricted(client) and client.owner_org_id not in user.organization_ids(*CLIENT_DATA_ROLES):
        return redacted_name(client)
    return " ".join(part for part in (client.first_name, client.last_name) if part)
