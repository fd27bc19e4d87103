"""Consent-driven sharing, revocation, the CoC's model, restricted records, and why something is hidden."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import Role
from hearth.clients.access import access_client, visible_clients
from hearth.core.models import AuditEvent
from hearth.core.testing import make_client_record, make_enrollment_record, make_user
from hearth.enrollments.access import visible_enrollments
from hearth.privacy import services
from hearth.privacy.models import Consent, SharingPolicy
from hearth.privacy.rules import hidden_reason


@pytest.fixture
def world(personas):
    ana = make_client_record(personas.agency_a)
    stay = make_enrollment_record(ana, personas.project_a)
    return personas, ana, stay


def consent(p, client, *, agencies=None, **kwargs):
    scope = Consent.Scope.AGENCIES if agencies else Consent.Scope.COC
    values = dict(signed_on=timezone.localdate(), typed_signature="Ana Lopez")
    values.update(kwargs)
    return services.consent_record(
        acting_user=p.alice, client=client, organization=p.agency_a, scope=scope, agencies=agencies, **values
    )


def test_without_consent_only_the_entering_agency_sees_the_record(world):
    p, ana, _ = world
    assert access_client(p.alice, ana.pk) == ana
    for outsider in (p.bob, p.charlie):
        with pytest.raises(Http404):
            access_client(outsider, ana.pk)
    assert hidden_reason(p.bob, ana) == "hidden: no consent to share with your agency"


def test_bob_sees_alices_client_when_the_consent_names_his_agency(world):
    p, ana, stay = world
    consent(p, ana, agencies=[p.agency_b])
    assert access_client(p.bob, ana.pk) == ana
    assert stay in visible_enrollments(p.bob)
    with pytest.raises(Http404):
        access_client(p.charlie, ana.pk)
    assert hidden_reason(p.bob, ana) == ""


def test_a_coc_wide_consent_shares_with_every_agency(world):
    p, ana, _ = world
    consent(p, ana)
    assert access_client(p.bob, ana.pk) == ana
    assert access_client(p.charlie, ana.pk) == ana


def test_revocation_hides_the_record_at_the_next_request(client, world):
    p, ana, stay = world
    given = consent(p, ana)
    client.force_login(p.bob)
    url = reverse("privacy:client_consents", args=[ana.pk])
    assert client.get(url).status_code == 200
    services.consent_revoke(acting_user=p.alice, consent=given)
    assert client.get(url).status_code == 404
    assert stay not in visible_enrollments(p.bob)
    assert hidden_reason(p.bob, ana) == "hidden: the client revoked their consent to share"
    assert access_client(p.alice, ana.pk) == ana  # the entering agency keeps its record


def test_an_expired_or_future_consent_shares_nothing(world):
    p, ana, _ = world
    today = timezone.localdate()
    consent(p, ana, signed_on=today - timedelta(days=400), expires_on=today - timedelta(days=35))
    consent(p, ana, signed_on=today + timedelta(days=3))
    assert not visible_clients(p.bob).filter(pk=ana.pk).exists()


def test_implied_consent_shares_unless_the_client_revoked(world):
    p, ana, _ = world
    SharingPolicy.objects.update_or_create(pk=1, defaults={"model": SharingPolicy.Model.IMPLIED})
    assert access_client(p.charlie, ana.pk) == ana
    services.consent_revoke(acting_user=p.alice, consent=consent(p, ana))
    with pytest.raises(Http404):
        access_client(p.charlie, ana.pk)


def test_a_confidential_client_is_never_shared(world):
    p, ana, _ = world
    consent(p, ana)
    services.client_restriction_set(acting_user=p.alice, client=ana, confidential=True)
    assert not visible_clients(p.bob).filter(pk=ana.pk).exists()
    assert access_client(p.alice, ana.pk) == ana
    assert access_client(p.dana, ana.pk) == ana
    assert "restricted record" in hidden_reason(p.bob, ana)


def test_records_of_victim_service_providers_stay_in_their_agency(world):
    p, ana, stay = world
    p.agency_a.victim_service_provider = 1
    p.agency_a.save()
    consent(p, ana)
    assert not visible_clients(p.bob).filter(pk=ana.pk).exists()


def test_enrollments_in_victim_service_projects_are_not_shared(world):
    p, ana, stay = world
    p.agency_b.victim_service_provider = 1
    p.agency_b.save()
    shelter_stay = make_enrollment_record(ana, p.project_b)
    consent(p, ana, agencies=[p.agency_c])
    assert stay in visible_enrollments(p.charlie)
    assert shelter_stay not in visible_enrollments(p.charlie)
    assert shelter_stay in visible_enrollments(p.bob)


def test_an_untrained_user_is_told_why(world):
    p, ana, _ = world
    nina = make_user("nina", p.agency_a, Role.CASEWORKER, cleared=False)
    assert "training" in hidden_reason(nina, ana)


def test_consents_need_a_signature_or_the_paper(world):
    from django.core.exceptions import ValidationError

    p, ana, _ = world
    with pytest.raises(ValidationError):
        consent(p, ana, typed_signature="")
    with pytest.raises(ValidationError):
        consent(p, ana, method=Consent.Method.PAPER)
    with pytest.raises(ValidationError):
        services.consent_record(
            acting_user=p.alice,
            client=ana,
            organization=p.agency_a,
            signed_on=timezone.localdate(),
            scope=Consent.Scope.AGENCIES,
            agencies=[],
            typed_signature="Ana",
        )


def test_it_checks_access(client, world):
    p, ana, _ = world
    given = consent(p, ana, agencies=[p.agency_b])
    pages = {
        "consents": reverse("privacy:client_consents", args=[ana.pk]),
        "revoke": reverse("privacy:consent_revoke", args=[given.pk]),
        "print": reverse("privacy:consent_print", args=[given.pk, "es"]),
        "log": reverse("privacy:client_access_log", args=[ana.pk]),
        "log_print": reverse("privacy:client_access_log_print", args=[ana.pk, "en"]),
        "policy": reverse("privacy:policy"),
        "notice": reverse("privacy:document", args=["notice", "es"]),
    }
    expected = {
        "alice": {
            "consents": 200,
            "revoke": 200,
            "print": 200,
            "log": 403,
            "log_print": 403,
            "policy": 403,
            "notice": 200,
        },
        "bob": {
            "consents": 200,
            "revoke": 200,
            "print": 200,
            "log": 403,
            "log_print": 403,
            "policy": 403,
            "notice": 200,
        },
        "charlie": {
            "consents": 404,
            "revoke": 404,
            "print": 404,
            "log": 403,
            "log_print": 403,
            "policy": 403,
            "notice": 200,
        },
        "dana": {
            "consents": 200,
            "revoke": 200,
            "print": 200,
            "log": 200,
            "log_print": 200,
            "policy": 200,
            "notice": 200,
        },
    }
    for name, outcomes in expected.items():
        client.force_login(getattr(p, name))
        got = {key: client.get(url).status_code for key, url in pages.items()}
        assert got == outcomes, name
    client.logout()
    assert all(client.get(url).status_code == 302 for url in pages.values())


def test_recording_and_revoking_a_consent_through_the_pages(client, world):
    p, ana, _ = world
    client.force_login(p.alice)
    url = reverse("privacy:client_consents", args=[ana.pk])
    response = client.post(
        url,
        {
            "signed_on": timezone.localdate().isoformat(),
            "scope": "agencies",
            "agencies": [p.agency_b.pk],
            "method": "typed",
            "typed_signature": "Ana Lopez",
        },
    )
    assert response.status_code == 302
    given = Consent.objects.get(client=ana)
    assert list(given.agencies.all()) == [p.agency_b]
    assert access_client(p.bob, ana.pk) == ana
    client.force_login(p.bob)  # a client may revoke at any agency that serves them
    client.post(reverse("privacy:consent_revoke", args=[given.pk]), {"note": "asked at intake"})
    with pytest.raises(Http404):
        access_client(p.bob, ana.pk)


def test_printable_documents_exist_in_english_and_spanish(client, world):
    p, ana, _ = world
    given = consent(p, ana)
    client.force_login(p.alice)
    english = client.get(reverse("privacy:consent_print", args=[given.pk, "en"])).content.decode()
    spanish = client.get(reverse("privacy:consent_print", args=[given.pk, "es"])).content.decode()
    assert "Consent to share" in english and 'lang="en"' in english
    assert "Consentimiento para compartir" in spanish and 'lang="es"' in spanish
    for name in ("consent", "revocation", "notice"):
        es = client.get(reverse("privacy:document", args=[name, "es"]))
        assert es.status_code == 200 and 'lang="es"' in es.content.decode()
    assert client.get(reverse("privacy:document", args=["notice", "fr"])).status_code == 404


def test_the_access_log_lists_who_saw_the_client(client, world):
    p, ana, _ = world
    consent(p, ana, agencies=[p.agency_b])
    access_client(p.bob, ana.pk)
    client.force_login(p.dana)
    page = client.get(reverse("privacy:client_access_log", args=[ana.pk])).content.decode()
    assert "Bob" in page and "Agency B" in page
    printable = client.get(reverse("privacy:client_access_log_print", args=[ana.pk, "es"])).content.decode()
    assert "Bob" in printable
    assert AuditEvent.objects.filter(client=ana, user=p.bob, action="view").exists()


def test_the_lead_sets_the_coc_policy(client, world):
    p, _, _ = world
    client.force_login(p.dana)
    client.post(reverse("privacy:policy"), {"sharing_model": "implied", "mfa_for_all_users": "on"})
    assert SharingPolicy.current().model == "implied"
    from hearth.accounts.models import SecurityPolicy

    assert SecurityPolicy.current().mfa_for_all_users


def test_restricted_records_are_left_out_of_search_outside_their_agency_and_redacted(world):
    from hearth.clients.access import searchable_clients
    from hearth.privacy.rules import client_display_name

    p, ana, _ = world
    other = make_client_record(p.agency_b, first_name="Bea")
    services.client_restriction_set(acting_user=p.alice, client=ana, confidential=True)
    assert ana in searchable_clients(p.alice)
    assert ana not in searchable_clients(p.dana) and other in searchable_clients(p.dana)
    assert access_client(p.dana, ana.pk) == ana  # opened by id, not found by name
    assert client_display_name(p.dana, ana) == "Restricted record"
    assert client_display_name(p.alice, ana) == "Ana Lopez"
    assert client_display_name(p.dana, other) == "Bea Lopez"


def test_a_restricted_record_is_found_and_named_where_the_client_is_enrolled(world):
    """Issue 7: left out of search outside *their project*: an agency whose project enrolled the client serves them."""
    from hearth.clients.access import searchable_clients
    from hearth.privacy.rules import client_display_name, is_redacted_for, mark_redactions

    p, ana, _ = world
    services.client_restriction_set(acting_user=p.alice, client=ana, confidential=True)
    assert ana not in searchable_clients(p.bob)
    assert not visible_clients(p.bob).filter(pk=ana.pk).exists()
    make_enrollment_record(ana, p.project_b)
    assert ana in searchable_clients(p.bob)
    assert client_display_name(p.bob, ana) == "Ana Lopez"
    assert not is_redacted_for(p.bob, mark_redactions(p.bob, [ana])[0])
    # Agency C neither entered nor enrolled the record: still nothing, and the lead sees it redacted.
    assert ana not in searchable_clients(p.charlie)
    assert ana not in searchable_clients(p.dana)
    assert client_display_name(p.dana, ana) == "Restricted record"
    assert is_redacted_for(p.dana, mark_redactions(p.dana, [ana])[0])


def test_the_access_log_keeps_the_history_of_a_record_merged_in(client, world):
    from hearth.dedup.services import client_merge

    p, ana, _ = world
    twin = make_client_record(p.agency_a, first_name="Anna")
    access_client(p.alice, twin.pk)  # alice opened the duplicate before the merge
    client_merge(survivor=ana, merged=twin, field_choices={}, acting_user=p.dana)
    client.force_login(p.dana)
    page = client.get(reverse("privacy:client_access_log", args=[ana.pk])).content.decode()
    assert "Alice" in page
