from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hearth.directory.models import Organization, Project


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: who I am, for which agencies, and where to go next."""
    memberships = (
        request.user.active_memberships().select_related("organization").order_by("organization__organization_name")
    )
    context = {
        "memberships": memberships,
        "organization_count": Organization.objects.alive().count(),
        "project_count": Project.objects.alive().count(),
    }
    return render(request, "core/home.html", context)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language of the pages; a logged-in user's choice is kept with their account."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
    return response
