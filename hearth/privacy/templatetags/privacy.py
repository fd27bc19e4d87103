"""Template tags that print clients through the privacy rules: restricted records are redacted, with the reason.

``{% load privacy %}`` then ``{% client_name client %}`` (the name, or "Restricted record" and why), and
``{% client_redacted client as hidden %}`` to leave out identifiers (date of birth, SSN) when ``hidden``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from hearth.privacy.rules import client_display_name, is_redacted_for, redacted_name, redaction_reason

register = template.Library()


def _user(context: template.Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def client_redacted(context: template.Context, client: Any) -> bool:
    """True when the page's user may see this client only redacted."""
    if client is None:
        return False
    return is_redacted_for(_user(context), client)


@register.simple_tag(takes_context=True)
def client_name(context: template.Context, client: Any, plain: bool = False) -> str:
    """The client's name, or "Restricted record" with the reason beside it (``plain=True``: the words alone)."""
    if client is None:
        return ""
    user = _user(context)
    if not is_redacted_for(user, client):
        return client_display_name(user, client)
    if plain:
        return redacted_name(client)
    return format_html(
        '<span class="hearth-redacted">{}</span> <span class="usa-hint hearth-redacted-reason">({})</span>',
        redacted_name(client),
        redaction_reason(),
    )
