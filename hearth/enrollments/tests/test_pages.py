"""Pages of a stay: every view checks access (charlie never sees alice's agency's stays) and keeps input on error."""

from __future__ import annotations

import pytest
from django.template import engines
from django.test import RequestFactory

from .test_services import make_client, make_enrollment

pytestmark = pytest.mark.django_db


def render_panel(user, client) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = engines["django"].from_string('{% include "enrollments/_client_panel.html" %}')
    return template.render({"client": client}, request)


def test_client_panel_lists_only_visible_stays(personas):
    client = make_client(personas.agency_a)
    make_enrollment(client, personas.project_a)
    make_enrollment(client, personas.project_b, household_id="elsewhere")
    html = render_panel(personas.alice, client)
    assert personas.project_a.project_name in html
    assert personas.project_b.project_name not in html
    everything = render_panel(personas.dana, client)
    assert personas.project_b.project_name in everything


def test_client_panel_shows_nothing_to_a_stranger(personas):
    client = make_client(personas.agency_a)
    make_enrollment(client, personas.project_a)
    html = render_panel(personas.charlie, client)
    assert personas.project_a.project_name not in html
