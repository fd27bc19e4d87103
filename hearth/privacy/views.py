"""Consent and revocation, restrictions, the CoC's sharing model, printable documents, who accessed a client."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.accounts.decorators import lead_admin_required
from hearth.accounts.models import CLIENT_DATA_ROLES, SecurityPolicy
from hearth.clients.access import access_client, visible_clients
from hearth.core.audit import audit
from hearth.core.models import AuditEvent
from hearth.directory.models import Organization

from . import services
from .forms import ConsentForm, PolicyForm, RestrictionForm, RevokeForm
from .models import ClientRestriction, Consent, SharingPolicy

DOCUMENTS = ("consent", "revocation", "notice")
LANGUAGES = ("en", "es")


def _acting_organization(request: HttpRequest, client) -> Organization:
    """The agency a user acts for on this client: the record's owner if they work there, else their first agency."""
    org_ids = request.user.organization_ids(*CLIENT_DATA_ROLES)
    if client.owner_org_id in org_ids:
        return client.owner_org
    if org_ids:
        return Organization.objects.get(pk=org_ids[0])
    return client.owner_org or Organization.objects.alive().order_by("pk").first()


@login_required
def client_consents(request: HttpRequest, client_id: int) -> HttpResponse:
    """A client's consents (in force, expired, revoked), their restriction, and a form to record a new consent."""
    client = access_client(request.user, client_id)
    form = ConsentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_record(
                acting_user=request.user,
                client=client,
                organization=_acting_organization(request, client),
                signed_on=data["signed_on"],
                expires_on=data["expires_on"],
                scope=data["scope"],
                agencies=list(data["agencies"]),
                method=data["method"],
                typed_signature=data["typed_signature"],
                document=data.get("document") or None,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("privacy:client_consents", client_id=client.pk)
    restriction = ClientRestriction.objects.filter(client=client).first()
    context = {
        "client": client,
        "consents": Consent.objects.filter(client=client).prefetch_related("agencies").select_related("organization"),
        "form": form,
        "restriction": restriction,
        "can_restrict": _can_restrict(request, client),
        "restriction_form": RestrictionForm(
            initial={
                "confidential": bool(restriction and restriction.confidential),
                "reason": getattr(restriction, "reason", ""),
            }
        ),
        "policy": SharingPolicy.current(),
    }
    return render(request, "privacy/client_consents.html", context)


def _consent_for(request: HttpRequest, consent_id: int) -> Consent:
    consent = Consent.objects.filter(pk=consent_id, client__in=visible_clients(request.user)).first()
    if consent is None:
        audit(user=request.user, action="denied", object_type="privacy.Consent", object_id=str(consent_id))
        raise Http404("No such consent")
    return consent


@login_required
def consent_revoke(request: HttpRequest, consent_id: int) -> HttpResponse:
    """Any agency that serves the client records a revocation; sharing stops at the next request."""
    consent = _consent_for(request, consent_id)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.consent_revoke(acting_user=request.user, consent=consent, note=form.cleaned_data["note"])
        messages.success(request, _("Consent revoked. Other agencies no longer see this client's shared record."))
        return redirect("privacy:client_consents", client_id=consent.client_id)
    return render(request, "privacy/consent_revoke.html", {"consent": consent, "form": form})


@login_required
def consent_print(request: HttpRequest, consent_id: int, language: str) -> HttpResponse:
    """A recorded consent, printable for the client in English or Spanish."""
    if language not in LANGUAGES:
        raise Http404("No such language")
    consent = _consent_for(request, consent_id)
    audit(user=request.user, action="view", obj=consent, client_id=consent.client_id, detail={"printed": language})
    context = {"consent": consent, "client": consent.client, "language": language, "document": "consent"}
    with translation.override(language):
        return render(request, f"privacy/documents/consent_{language}.html", context)


@login_required
def document(request: HttpRequest, name: str, language: str) -> HttpResponse:
    """Blank printable documents: consent form, revocation form, privacy notice (English and Spanish)."""
    if name not in DOCUMENTS or language not in LANGUAGES:
        raise Http404("No such document")
    with translation.override(language):
        return render(request, f"privacy/documents/{name}_{language}.html", {"language": language, "document": name})


def _can_restrict(request: HttpRequest, client) -> bool:
    user = request.user
    return user.is_lead_admin or client.owner_org_id in user.organization_ids(*CLIENT_DATA_ROLES)


@require_POST
@login_required
def client_restriction(request: HttpRequest, client_id: int) -> HttpResponse:
    """Flag a client confidential (the entering agency or the HMIS lead)."""
    client = access_client(request.user, client_id, write=True)
    if not _can_restrict(request, client):
        raise PermissionDenied
    form = RestrictionForm(request.POST)
    if form.is_valid():
        services.client_restriction_set(
            acting_user=request.user,
            client=client,
            confidential=form.cleaned_data["confidential"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Restriction saved."))
    return redirect("privacy:client_consents", client_id=client.pk)


@lead_admin_required
def policy(request: HttpRequest) -> HttpResponse:
    """The CoC's choices: the sharing model, a second factor for everyone, the lead's approval of new access."""
    security = SecurityPolicy.current()
    sharing = SharingPolicy.current()
    form = PolicyForm(
        request.POST or None,
        initial={
            "sharing_model": sharing.model,
            "mfa_for_all_users": security.mfa_for_all_users,
            "lead_approves_access": security.lead_approves_access,
        },
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.sharing_policy_set(acting_user=request.user, model=form.cleaned_data["sharing_model"])
            security.mfa_for_all_users = form.cleaned_data["mfa_for_all_users"]
            security.lead_approves_access = form.cleaned_data["lead_approves_access"]
            security.save()
            audit(user=request.user, action="update", obj=security, detail=form.cleaned_data)
        messages.success(request, _("The CoC's privacy and security policy was saved."))
        return redirect("privacy:policy")
    return render(request, "privacy/policy.html", {"form": form})


def _access_events(client):
    """The client's audit events, with those of records merged into it (the audit log itself never moves)."""
    from hearth.dedup.services import merged_client_ids

    client_ids = {client.pk, *merged_client_ids(client.pk)}
    return (
        AuditEvent.objects.filter(client_id__in=client_ids, action__in=["view", "create", "update", "delete", "export"])
        .select_related("user")
        .order_by("-at", "-id")
    )


@lead_admin_required
def client_access_log(request: HttpRequest, client_id: int) -> HttpResponse:
    """Who accessed this client, when, what and from where (the HMIS lead only)."""
    client = access_client(request.user, client_id)
    events = list(_access_events(client)[:500])
    _attach_agencies(events)
    return render(request, "privacy/client_access_log.html", {"client": client, "events": events})


@lead_admin_required
def client_access_log_print(request: HttpRequest, client_id: int, language: str) -> HttpResponse:
    """The same, printable, for the client who asks who has seen their record."""
    if language not in LANGUAGES:
        raise Http404("No such language")
    client = access_client(request.user, client_id)
    events = list(_access_events(client)[:2000])
    _attach_agencies(events)
    with translation.override(language):
        return render(
            request,
            "privacy/client_access_log_print.html",
            {"client": client, "events": events, "language": language},
        )


def _attach_agencies(events: list[AuditEvent]) -> None:
    from hearth.accounts.models import Membership

    user_ids = {e.user_id for e in events if e.user_id}
    agencies: dict[int, list[str]] = {}
    for user_id, name in Membership.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "organization__organization_name"
    ):
        agencies.setdefault(user_id, []).append(name)
    for event in events:
        event.agencies = ", ".join(sorted(set(agencies.get(event.user_id, []))))
