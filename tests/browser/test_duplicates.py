"""The HMIS lead's duplicate work in a real browser: the queue, side-by-side comparison, merge, and undo."""

from __future__ import annotations

from datetime import date

import pytest

from hearth.clients.models import Client
from hearth.dedup.keys import refresh_client_keys
from hearth.dedup.matching import scan
from hearth.dedup.models import Candidate, Merge
from hearth.dedup.services import candidates_record
from hearth.dedup.tests.factories import make_client, make_enrollment
from hearth.enrollments.models import Enrollment

from .conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_lead_compares_merges_and_undoes(page, personas):
    kept = make_client("Maria", "Hernandez", date(1984, 3, 12), owner_org=personas.agency_a, ssn="234561111")
    other = make_client("Mari", "Ernandez", date(1984, 12, 3), owner_org=personas.agency_b, veteran_status=1)
    make_enrollment(other, personas.project_b, date(2026, 2, 1))
    refresh_client_keys()
    candidates_record(pairs=scan())
    candidate = Candidate.objects.get()

    log_in(page, "dana")
    page.goto("/duplicates/")
    assert page.get_by_role("heading", name="Possible duplicates").is_visible()
    assert not axe_violations(page)
    page.get_by_role("link", name="Compare Maria Hernandez and Mari Ernandez").click()
    page.wait_for_url(f"**/duplicates/{candidate.pk}/")
    assert page.get_by_text("B Rapid Rehousing").is_visible()
    assert not axe_violations(page)
    # USWDS radios are styled labels over visually hidden inputs: a person clicks the label.
    page.locator("label", has_text=f"Keep Maria Hernandez (#{kept.pk})").click()
    page.locator("label", has_text=f"Keep Veteran status (3.07) and veteran information (V1) from #{other.pk}").click()
    assert page.get_by_label(f"Keep Veteran status (3.07) and veteran information (V1) from #{other.pk}").is_checked()
    page.get_by_role("button", name="Review the merge").click()
    page.wait_for_url(f"**/duplicates/{candidate.pk}/merge/**")
    assert not axe_violations(page)
    page.get_by_role("button", name="Merge the records").click()
    page.wait_for_url("**/duplicates/merges/")
    assert page.get_by_text("Records merged").is_visible()

    kept.refresh_from_db()
    assert kept.veteran_status == 1 and kept.first_name == "Maria"
    assert Enrollment.objects.filter(client=kept).count() == 1
    assert Client._base_manager.get(pk=other.pk).date_deleted is not None

    merge = Merge.objects.get()
    page.get_by_role("button", name=f"Undo the merge of #{other.pk}").click()
    page.wait_for_url("**/duplicates/merges/")
    assert page.get_by_text("Merge undone").is_visible()
    kept.refresh_from_db()
    assert kept.veteran_status == 0
    assert Client.objects.get(pk=other.pk).date_deleted is None
    assert Enrollment.objects.get().client_id == other.pk
    assert Merge.objects.get(pk=merge.pk).undone_at is not None
