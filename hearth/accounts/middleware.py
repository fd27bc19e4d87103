from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

SESSION_TOUCHED = "hearth_touched"


class UserLanguageMiddleware:
    """Show pages in the language the logged-in user chose (a language switch sets it); others get the browser's.

    It also gives the request's user a per-request memo, so that the access funnel, the navigation and the gate read
    the user's memberships once per request instead of once per check (``User.organization_ids``/``has_role``), and
    keeps the session alive for the idle timeout: a logged-in user's session is saved again (its expiry moved to
    SESSION_COOKIE_AGE from now) when it was last saved more than HEARTH_SESSION_TOUCH_SECONDS ago.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user._request_memo = {}
            now = int(time.time())
            if now - request.session.get(SESSION_TOUCHED, 0) >= settings.HEARTH_SESSION_TOUCH_SECONDS:
                request.session[SESSION_TOUCHED] = now
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
        return self.get_response(request)


# The one inline style htmx 2 adds to every page (its request indicators), allowed by its hash and nothing else.
HTMX_INDICATOR_STYLE = "'sha256-faU7yAF8NxuMTNEwVmBz+VcYeIoBQ2EMHW3WaVxCvnk='"


def content_security_policy(path: str) -> str:
    """Scripts and styles from this site only. Django's admin keeps its inline styles (its pages are staff-only)."""
    style = "'self' 'unsafe-inline'" if path.startswith("/admin/") else f"'self' {HTMX_INDICATOR_STYLE}"
    return (
        "default-src 'self'; script-src 'self'; "
        f"style-src {style}; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
    )


class SecurityHeadersMiddleware:
    """Content-Security-Policy and related headers Django's SecurityMiddleware does not set (Django 5.2)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(request.path))
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        static = request.path.startswith("/" + settings.STATIC_URL.lstrip("/"))
        if not static and getattr(request, "user", None) is not None and request.user.is_authenticated:
            response.headers.setdefault("Cache-Control", "no-store")  # client data must not stay in shared caches
        return response


class ClearanceReminderMiddleware:
    """Remind a user, once a day per session, that their training clearance runs out within 30 days or is missing."""

    SESSION_KEY = "hearth_clearance_reminded"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.method == "GET"
            and not request.headers.get("HX-Request")
            and not request.path.startswith(("/static/", "/admin/", "/i18n/"))
        ):
            today = timezone.localdate()
            if request.session.get(self.SESSION_KEY) != today.isoformat():
                self._remind(request, user, today)
        return self.get_response(request)

    def _remind(self, request: HttpRequest, user, today) -> None:
        from .models import CLIENT_DATA_ROLES
        from .services import clearance_of

        if not (user.is_lead_admin or user.organization_ids(*CLIENT_DATA_ROLES)):
            return
        request.session[self.SESSION_KEY] = today.isoformat()
        clearance = clearance_of(user)
        until = clearance.valid_until if clearance else None
        if until is None or until <= today:
            messages.warning(
                request,
                _(
                    "You cannot see client data until your training is recorded, you pass the privacy quiz and "
                    "sign the user agreement (renewed yearly). See your account page."
                ),
            )
        elif (until - today).days <= settings.HEARTH_CLEARANCE_REMINDER_DAYS:
            messages.warning(
                request,
                _(
                    "Your HMIS training, quiz and user agreement must be renewed by %(date)s, or your access to "
                    "client data will be suspended."
                )
                % {"date": until.isoformat()},
            )
