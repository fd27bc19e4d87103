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


def served_here_q(organization_ids: Iterable[int]) -> Q:
    """Clients these agencies serve: entered by one of them, or enrolled in one of their projects.

    A restricted record is found by search, and shown with its name and identifiers, only where it is served."""
    from hearth.enrollments.models import Enrollment

    organization_ids = list(organization_ids)
    enrolled_here = Enrollment.objects.filter(
        client=OuterRef("pk"), project__organization_id__in=organization_ids, date_deleted__isnull=True
    )
    return Q(owner_org_id__in=organization_ids) | Q(Exists(enrolled_here))


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


def redaction_reason() -> str:
    """Why a page shows a restricted record without its name and identifiers."""
    return _("name and identifiers hidden: a restricted record, kept within the agency that serves the client")


def _own_organization_ids(user) -> list[int]:
    from hearth.accounts.models import CLIENT_DATA_ROLES

    if not getattr(user, "is_authenticated", False):
        return []
    return list(user.organization_ids(*CLIENT_DATA_ROLES))


def is_redacted_for(user, client) -> bool:
    """Whether ``user`` sees ``client`` only redacted: a restricted record outside the agencies that serve it (the
    agency that entered it and those whose projects enrolled the client), the lead included."""
    marked = getattr(client, "hearth_redacted_for", None)
    if marked is not None and marked[0] == getattr(user, "pk", None):
        return marked[1]
    if not is_restricted(client):
        return False
    from hearth.clients.models import Client

    own = _own_organization_ids(user)
    return not (own and Client.objects.filter(pk=client.pk).filter(served_here_q(own)).exists())


def mark_redactions(user, clients: Iterable) -> list:
    """Mark each client as redacted for ``user`` or not (``hearth_redacted_for``), in one query; returns the list.

    Pages listing many clients call this first so the ``client_name`` tag and ``is_redacted_for`` need no query."""
    from hearth.clients.models import Client

    clients = [c for c in clients if c is not None]
    ids = {c.pk for c in clients}
    redacted: set[int] = set()
    if ids:
        redacted = set(
            Client.objects.filter(pk__in=ids)
            .filter(restricted_q())
            .exclude(served_here_q(_own_organization_ids(user)))
            .values_list("pk", flat=True)
        )
    for client in clients:
        client.hearth_redacted_for = (getattr(user, "pk", None), client.pk in redacted)
    return clients


def client_display_name(user, client) -> str:
    """The client's name, or a redaction for a restricted record seen from outside its agency (the lead included)."""
    if is_redacted_for(user, client):
        return redacted_name(client)
    return " ".join(part for part in (client.first_name, client.last_name) if part) or str(client)
