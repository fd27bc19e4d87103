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
