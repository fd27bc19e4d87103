from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the page header needs to know about the user: which sections to show."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from hearth.accounts.models import CLIENT_DATA_ROLES, Role

    return {
        "is_lead_admin": user.is_lead_admin,
        # HMIS CSV import and export are for the HMIS lead and agency HMIS representatives.
        "can_exchange_csv": user.is_lead_admin or user.has_role(Role.AGENCY_ADMIN),
        # Client-level pages are for roles that work with client data (not reporting-only users).
        "can_see_clients": user.is_lead_admin or bool(user.organization_ids(*CLIENT_DATA_ROLES)),
        "can_manage_staff": user.is_lead_admin or user.has_role(Role.AGENCY_ADMIN),
    }
