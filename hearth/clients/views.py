"""Client pages: search first, create (likely duplicates shown before saving), the profile, and edit."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from hearth.accounts.models import CLIENT_DATA_ROLES
from hearth.directory.models import Organization
from hearth.privacy.rules import is_redacted_for, mark_redactions, redacted_name, redaction_reason

from . import selectors, services
from .access import access_client, visible_clients
from .forms import ClientForm, SearchForm
from .search import parse_query, search_clients

SEARCH_LIMIT = 25
DUPLICATE_LIMIT = 5


def _require_client_data(user: Any) -> None:
    """Client pages are for staff who work with client data (not reporting-only users)."""
    if not (user.is_lead_admin or user.organization_ids(*CLIENT_DATA_ROLES)):
        raise PermissionDenied


def show_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form: each message next to its field, the rest at the top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        if name in services.RACE_FIELDS:
            target = "race"
        form.add_error(target, errors)


def _hit_rows(hits: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "client": hit.client,
            "name": selectors.client_name(hit.client) or _("(no name)"),
            "age": selectors.client_age(hit.client),
            "ssn": selectors.masked_ssn(hit.client.ssn),
            "reasons": hit.reasons,
            "score": hit.score,
        }
        for hit in hits
    ]


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """One box: name, date of birth, last four of the SSN or HMIS ID. Results as you type (htmx) or on submit."""
    _require_client_data(request.user)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    hits = search_clients(request.user, query, limit=SEARCH_LIMIT) if query else []
    context = {"form": form, "query": query, "rows": _hit_rows(hits), "limit": SEARCH_LIMIT}
    if getattr(request, "htmx", False) and request.htmx.target == "search-results":
        response = render(request, "clients/_results.html", context)
    else:
        response = render(request, "clients/search.html", context)
    patch_vary_headers(response, ("HX-Request",))  # the same URL answers a page or a fragment
    return response


def _initial_from_query(query: str) -> dict[str, Any]:
    """Fill the new-client form from what was searched: "Maria Lopez 4/3/1990" -> names and DOB."""
    parsed = parse_query(query)
    initial: dict[str, Any] = {}
    words = parsed.words
    if parsed.comma_name and len(words) >= 2:
        initial.update(last_name=words[0], first_name=" ".join(words[1:]))
    elif len(words) >= 2:
        initial.update(first_name=" ".join(words[:-1]), last_name=words[-1])
    elif words:
        initial["last_name"] = words[0]
    if parsed.dates:
        initial["dob"] = parsed.dates[0]
    return initial


def _likely_duplicates(user: Any, fields: dict[str, Any]) -> list[Any]:
    """Likely duplicates of the client about to be created, from the duplicate matcher (when installed)."""
    try:
        from hearth.dedup.matching import likely_matches
    except ImportError:
        return []
    return list(
        likely_matches(
            user,
            first_name=fields.get("first_name") or "",
            last_name=fields.get("last_name") or "",
            dob=fields.get("dob"),
            ssn=fields.get("ssn") or "",
            limit=DUPLICATE_LIMIT,
        )
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """A new client: the universal elements; likely duplicates are shown first, to open one instead."""
    _require_client_data(request.user)
    organizations = list(
        Organization.objects.filter(pk__in=services.creatable_organization_ids(request.user)).order_by(
            "organization_name"
        )
    )
    if not organizations:
        raise PermissionDenied
    query = request.GET.get("q", "")
    form = ClientForm(
        request.POST or None, organizations=organizations, initial=_initial_from_query(query) if query else None
    )
    duplicates: list[Any] = []
    if request.method == "POST" and form.is_valid():
        fields = form.client_fields()
        owner = form.cleaned_data.get("owner_org") or organizations[0]
        try:
            # Errors first, then likely duplicates (of a record that could be saved), then the new record.
            services.client_check(owner_org=owner, **fields)
            if not request.POST.get("confirm_new"):
                duplicates = _likely_duplicates(request.user, fields)
            if not duplicates:
                client = services.client_create(acting_user=request.user, owner_org=owner, **fields)
                messages.success(request, _("Client created."))
                return redirect("clients:detail", client_id=client.pk)
        except ValidationError as exc:
            show_errors(form, exc)
    duplicate_rows = [
        {
            "client": match.client,
            "name": selectors.client_name(match.client) or _("(no name)"),
            "age": selectors.client_age(match.client),
            "ssn": selectors.masked_ssn(match.client.ssn),
            "reasons": list(getattr(match, "reasons", []) or []),
            "score": getattr(match, "score", None),
        }
        for match in duplicates
    ]
    return render(
        request,
        "clients/form.html",
        {
            "form": form,
            "title": _("New client"),
            "duplicates": duplicate_rows,
            "submit_label": _("Save client"),
            "cancel_url": reverse("clients:search") + (f"?{urlencode({'q': query})}" if query else ""),
            "creating": True,
        },
    )


@login_required
def detail(request: HttpRequest, client_id: int) -> HttpResponse:
    """The client profile: universal elements with data quality, household members, and the stays panel."""
    from hearth.dedup.services import is_merged_away, resolve_client_id

    if is_merged_away(client_id):
        # A merged-away ID keeps working: links and bookmarks lead to the surviving record (if the user may see it).
        survivor = resolve_client_id(client_id)
        if visible_clients(request.user).filter(pk=survivor).exists():
            return redirect("clients:detail", client_id=survivor)
    client = access_client(request.user, client_id)
    elements = selectors.universal_elements(client)
    redacted = is_redacted_for(request.user, client)
    if redacted:
        # A restricted record opened by id outside the agencies that serve it (the HMIS lead): no name, SSN or DOB.
        elements = [replace(row, value="") if row.element in IDENTIFYING_ELEMENTS else row for row in elements]
    can_show_ssn = not redacted and bool(client.ssn) and services.may_see_full_ssn(request.user, client)
    household = selectors.household_members(request.user, client)
    mark_redactions(request.user, [member.client for member in household])  # one query for the client_name tags
    return render(
        request,
        "clients/detail.html",
        {
            "client": client,
            "name": redacted_name(client) if redacted else selectors.client_name(client) or _("(no name)"),
            "redaction_reason": redaction_reason() if redacted else "",
            "age": None if redacted else selectors.client_age(client),
            "elements": elements,
            "missing_count": sum(1 for row in elements if row.flagged),
            "household": household,
            "can_show_ssn": can_show_ssn,
        },
    )


# Universal elements that identify a person (name, SSN, date of birth): left out of a redacted profile.
IDENTIFYING_ELEMENTS = ("3.01", "3.02", "3.03")


def _refuse_if_redacted(user: Any, client: Any) -> None:
    if is_redacted_for(user, client):
        raise PermissionDenied(redaction_reason())


@login_required
def full_ssn(request: HttpRequest, client_id: int) -> HttpResponse:
    """The full SSN, for the HMIS lead and the owning agency's HMIS representatives; each viewing is audited."""
    client = access_client(request.user, client_id)
    _refuse_if_redacted(request.user, client)
    ssn = selectors.formatted_ssn(services.client_full_ssn(client=client, acting_user=request.user))
    context = {"client": client, "name": selectors.client_name(client) or _("(no name)"), "ssn": ssn}
    template = "clients/_ssn.html" if getattr(request, "htmx", False) else "clients/ssn.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
def edit(request: HttpRequest, client_id: int) -> HttpResponse:
    """Change a client's universal elements."""
    client = access_client(request.user, client_id, write=True)
    _refuse_if_redacted(request.user, client)  # the agencies that serve a restricted client keep its record
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_update(client=client, acting_user=request.user, **form.client_fields())
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Client saved."))
            return redirect("clients:detail", client_id=client.pk)
    return render(
        request,
        "clients/form.html",
        {
            "form": form,
            "title": _("Edit client"),
            "client": client,
            "duplicates": [],
            "submit_label": _("Save changes"),
            "cancel_url": reverse("clients:detail", args=[client.pk]),
            "creating": False,
        },
    )
