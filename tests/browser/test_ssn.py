"""The full SSN in a real browser: the HMIS lead's "Show full SSN" puts it in place (htmx), audited; the profile
stays accessible."""

from __future__ import annotations

import pytest

from hearth.clients import services
from hearth.core.models import AuditEvent
from hearth.core.testing import make_client_record

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_lead_shows_the_full_ssn_in_place(page, personas):
    ana = make_client_record(personas.agency_a, ssn="234561111")
    log_in(page, "dana")
    page.goto(f"/clients/{ana.pk}/")
    cell = page.locator("#ssn-value")
    assert "***-**-1111" in cell.inner_text() and "234-56-1111" not in page.content()
    assert_accessible(page)
    with page.expect_response(lambda r: r.url.endswith(f"/clients/{ana.pk}/ssn/")):
        page.click("#show-ssn")
    page.locator("#full-ssn").wait_for()
    assert page.locator("#full-ssn").inner_text() == "234-56-1111"
    assert page.url.endswith(f"/clients/{ana.pk}/")  # in place, no new page
    assert page.locator("#show-ssn").count() == 0
    assert AuditEvent.objects.filter(client_id=ana.pk, object_type=services.SSN_AUDIT_TYPE, action="view").count() == 1
