"""The SSN on pages: the last four for everyone, the full number for the lead and the owning agency's HMIS
representatives on request (audited), and editing without seeing it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import Role
from hearth.clients import services
from hearth.clients.models import Client
from hearth.core.models import AuditEvent
from hearth.core.testing import make_client_record, make_user
from hearth.privacy.models import Consent

from .test_pages import valid_post

FULL_FORMS = ("123-45-6789", "123456789")


@pytest.fixture
def ana(personas):
    return make_client_record(personas.agency_a, ssn="123456789")


def text(response) -> str:
    return response.content.decode()


def ssn_events(client: Client, action: str = "view"):
    return AuditEvent.objects.filter(client_id=client.pk, object_type=services.SSN_AUDIT_TYPE, action=action)


def test_who_may_see_the_full_ssn(personas, ana):
    rita = make_user("rita", personas.agency_a, Role.AGENCY_ADMIN)  # agency A's HMIS representative
    boris = make_user("boris", personas.agency_b, Role.AGENCY_ADMIN)  # another agency's representative
    assert services.may_see_full_ssn(personas.dana, ana) and services.may_see_full_ssn(rita, ana)
    assert not services.may_see_full_ssn(personas.alice, ana)  # a caseworker of the owning agency
    assert not services.may_see_full_ssn(boris, ana)


def test_a_caseworker_sees_the_last_four_only(client, personas, ana):
    client.force_login(personas.alice)
    page = text(client.get(reverse("clients:detail", args=[ana.pk])))
    assert "***-**-6789" in page and not any(full in page for full in FULL_FORMS)
    assert 'id="show-ssn"' not in page
    results = text(client.get(reverse("clients:search"), {"q": "6789"}))
    assert "***-**-6789" in results and not any(full in results for full in FULL_FORMS)

    response = client.get(reverse("clients:ssn", args=[ana.pk]))
    assert response.status_code == 403 and not any(full in text(response) for full in FULL_FORMS)
    assert ssn_events(ana, "denied").filter(user=personas.alice).count() == 1
    assert not ssn_events(ana).exists()


def test_another_agency_sharing_the_record_sees_the_last_four_only(client, personas, ana):
    consent = Consent.objects.create(
        client=ana,
        organization=personas.agency_a,
        signed_on=timezone.localdate(),
        scope=Consent.Scope.AGENCIES,
        typed_signature="Ana Lopez",
        recorded_by=personas.alice,
    )
    consent.agencies.add(personas.agency_b)
    client.force_login(personas.bob)
    page = text(client.get(reverse("clients:detail", args=[ana.pk])))
    assert "***-**-6789" in page and 'id="show-ssn"' not in page and not any(full in page for full in FULL_FORMS)
    assert client.get(reverse("clients:ssn", args=[ana.pk])).status_code == 403
    assert not ssn_events(ana).exists()


@pytest.mark.parametrize("who", ["dana", "rita"])
def test_the_lead_and_the_agency_representative_show_the_full_ssn_and_it_is_audited(client, personas, ana, who):
    user = personas.dana if who == "dana" else make_user("rita", personas.agency_a, Role.AGENCY_ADMIN)
    client.force_login(user)
    page = text(client.get(reverse("clients:detail", args=[ana.pk])))
    assert "***-**-6789" in page and 'id="show-ssn"' in page and not any(full in page for full in FULL_FORMS)
    assert not ssn_events(ana).exists()  # opening the profile is not reading the SSN

    shown = text(client.get(reverse("clients:ssn", args=[ana.pk])))
    assert "123-45-6789" in shown and "<html" in shown.lower()
    fragment = text(client.get(reverse("clients:ssn", args=[ana.pk]), headers={"HX-Request": "true"}))
    assert 'id="ssn-value"' in fragment and "123-45-6789" in fragment and "<html" not in fragment.lower()
    events = ssn_events(ana).filter(user=user)
    assert events.count() == 2 and events.first().detail == {"field": "ssn"}


def test_editing_keeps_a_masked_ssn_and_replaces_a_typed_one(client, personas, ana):
    client.force_login(personas.alice)
    url = reverse("clients:edit", args=[ana.pk])
    page = text(client.get(url))
    assert 'value="***-**-6789"' in page and not any(full in page for full in FULL_FORMS)

    response = client.post(url, valid_post(first_name="Ana", ssn="***-**-6789"))
    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.ssn == "123456789" and ana.first_name == "Ana"
    updates = AuditEvent.objects.filter(client_id=ana.pk, action="update")
    assert updates.exists() and not any("ssn" in e.detail["fields"] for e in updates)  # the SSN did not change

    response = client.post(url, valid_post(first_name="Ana", ssn="234-56-7891"))
    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.ssn == "234567891"
    assert "***-**-7891" in text(client.get(url))


def test_an_invalid_stored_ssn_is_reported_without_its_digits(client, personas):
    bad = make_client_record(personas.agency_a, ssn="000123456")  # e.g. imported: no 000 area exists
    client.force_login(personas.alice)
    response = client.post(reverse("clients:edit", args=[bad.pk]), valid_post(ssn="***-**-3456"))
    page = text(response)
    assert response.status_code == 200 and "***-**-3456 is not a number" in page and "000-12-3456" not in page
