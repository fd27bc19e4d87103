"""Template tags for pages outside this app that show a client's stays (the client profile's panel)."""

from __future__ import annotations

from typing import Any

from django import template

from hearth.enrollments import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def client_panel_data(context: template.Context, client: Any) -> dict[str, Any]:
    """What the client panel shows, read through the access funnel for the requesting user."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or client is None:
        return {"stays": []}
    return selectors.client_panel(user, client)


@register.simple_tag(takes_context=True)
def veteran_information_stay(context: template.Context, client: Any, stays: list[Any]) -> Any:
    """The first of ``stays`` whose project collects V1 about this veteran and that the user may write, else None."""
    from hearth.accounts.models import CLIENT_DATA_ROLES
    from hearth.enrollments import services

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or client is None or getattr(client, "veteran_status", None) != 1:
        return None
    agencies = set() if user.is_lead_admin else set(user.organization_ids(*CLIENT_DATA_ROLES))
    for stay in stays:
        if (user.is_lead_admin or stay.project.organization_id in agencies) and services.veteran_information_required(
            stay
        ):
            return stay
    return None
