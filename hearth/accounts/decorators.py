from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import Role


def staff_manager_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The HMIS lead and agency HMIS representatives only (others get 403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (request.user.is_lead_admin or request.user.has_role(Role.AGENCY_ADMIN)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def lead_admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_lead_admin:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
