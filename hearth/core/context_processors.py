from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the page header needs to know about the user: which sections to show."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from hearth.accounts.models import CLIENT_DATA_ROLES, Role

    # One read of the user's active roles answers every question below (it is the request's memo when the
    # middleware set one).
    roles = {role for role, _org in user._request_roles() or user.active_memberships().values_list("role", "pk")}
    lead = user.is_superuser or Role.LEAD_ADMIN in roles
    agency_admin = Role.AGENCY_ADMIN in roles
    return {
        "is_lead_admin": lead,
        # HMIS CSV import and export are for the HMIS lead and agency HMIS representatives.
        "can_exchange_csv": lead or agency_admin,
        # Client-level pages are for roles that work with client data (not reporting-only users).
        "can_see_clients": lead or bool(roles & set(CLIENT_DATA_ROLES)),
        "can_manage_staff": lead or agency_admin,
    }
