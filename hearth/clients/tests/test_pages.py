"""Client pages end to end: search, create (with likely duplicates first), profile, edit; access for every view."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hearth.accounts.models import Role
from hearth.clients import services
from hearth.clients.models import Client
from hearth.core.models import AuditEvent
from hearth.core.testing import make_user
from hearth.enrollments.models import Enrollment


def valid_post(**overrides):
    data = {
        "first_name": "Maria",
        "middle_name": "",
        "last_name": "Lopez",
        "name_suffix": "",
        "name_data_quality": "1",
        "ssn": "123-45-6789",
        "ssn_data_quality": "1",
        "dob": "1990-04-03",
        "dob_data_quality": "1",
        "race": ["hispanic_latinao", "white"],
        "race_none": "",
        "additional_race_ethnicity": "Mexican American",
        "sex": "0",
        "veteran_status": "0",
    }
    data.update(overrides)
    return data


def make_client(user, org, **overrides):
    values = {
        "first_name": "Maria",
        "last_name": "Lopez",
        "name_data_quality": 1,
        "ssn": "123456789",
        "ssn_data_quality": 1,
        "dob": date(1990, 4, 3),
        "dob_data_quality": 1,
        "hispanic_latinao": 1,
        "sex": 0,
        "veteran_status": 0,
    }
    values.update(overrides)
    return services.client_create(acting_user=user, owner_org=org, **values)


def enroll(person, project, household_id, relationship=1):
    return Enrollment.objects.create(
        client=person,
        project=project,
        entry_date=date(2026, 2, 1),
        household_id=household_id,
        relationship_to_hoh=relationship,
        enrollment_coc="XX-500",
        disabling_condition=0,
        owner_org=project.organization,
    )


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def alices_client(personas):
    return make_client(personas.alice, personas.agency_a)


# --- access ---------------------------------------------------------------------------------------------------------


def test_it_checks_access(client, personas, alices_client):
    pages = [
        reverse("clients:search") + "?q=Maria",
        reverse("clients:create"),
        reverse("clients:detail", args=[alices_client.pk]),
        reverse("clients:edit", args=[alices_client.pk]),
    ]
    for url in pages:  # anonymous: to the login page
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url

    client.force_login(personas.charlie)  # another agency: the same 404 as a missing client
    for url in pages[2:]:
        assert client.get(url).status_code == 404
    assert client.get(reverse("clients:detail", args=[999999])).status_code == 404
    assert client.post(pages[3], valid_post(last_name="Hacked")).status_code == 404
    assert "Lopez" not in text(client.get(pages[0]))
    assert AuditEvent.objects.filter(user=personas.charlie, action="denied").exists()

    for user in (personas.alice, personas.dana):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 200, (user, url)

    rita = make_user("rita", personas.lead, Role.REPORTING)  # reporting only: no client pages
    client.force_login(rita)
    for url in pages[:2]:
        assert client.get(url).status_code == 403
    for url in pages[2:]:
        assert client.get(url).status_code == 404
    Client.objects.filter(pk=alices_client.pk).update(last_name="Lopez")
    assert Client.objects.get(pk=alices_client.pk).last_name == "Lopez"


def test_bob_sees_alices_client_once_his_agency_enrolls_them(client, personas, alices_client):
    client.force_login(personas.bob)
    url = reverse("clients:detail", args=[alices_client.pk])
    assert client.get(url).status_code == 404
    enroll(alices_client, personas.project_b, "h1")
    assert client.get(url).status_code == 200


# --- search -----------------------------------------------------------------------------------------------------------


def test_search_page_without_javascript_and_as_an_htmx_partial(client, personas, alices_client):
    client.force_login(personas.alice)
    response = client.get(reverse("clients:search"), {"q": "Mariah Lopes"})
    page = text(response)
    assert "<html" in page and 'hx-get="/clients/"' in page and "input changed delay:250ms" in page
    assert reverse("clients:detail", args=[alices_client.pk]) in page
    assert "***-**-6789" in page and "123456789" not in page and "123-45-6789" not in page
    assert "1990-04-03 (" in page

    partial = text(
        client.get(
            reverse("clients:search"), {"q": "Maria Lopez"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-results"
        )
    )
    assert "<html" not in partial and reverse("clients:detail", args=[alices_client.pk]) in partial


def test_search_with_no_match_offers_to_create(client, personas, alices_client):
    client.force_login(personas.alice)
    page = text(client.get(reverse("clients:search"), {"q": "Zebulon Quartermaine"}))
    assert 'id="no-match"' in page
    assert reverse("clients:create") + "?q=Zebulon%20Quartermaine" in page


# --- create -----------------------------------------------------------------------------------------------------------


def test_create_prefills_from_the_search(client, personas):
    client.force_login(personas.alice)
    page = text(client.get(reverse("clients:create"), {"q": "Ana Ruiz 4/3/1990"}))
    assert 'value="Ana"' in page and 'value="Ruiz"' in page and 'value="1990-04-03"' in page


def test_create_a_client_lands_on_the_profile(client, personas):
    client.force_login(personas.alice)
    response = client.post(reverse("clients:create"), valid_post())
    created = Client.objects.get()
    assert response.status_code == 302 and response.url == reverse("clients:detail", args=[created.pk])
    assert created.owner_org == personas.agency_a and created.ssn == "123456789"
    assert (created.hispanic_latinao, created.white, created.asian) == (1, 1, 0)
    assert created.additional_race_ethnicity == "Mexican American"
    page = text(client.get(response.url))
    assert "Maria Lopez" in page and "***-**-6789" in page and "Mexican American" in page


def test_create_shows_likely_duplicates_first_then_creates_on_confirmation(client, personas, alices_client):
    pytest.importorskip("hearth.dedup.matching")
    client.force_login(personas.alice)
    response = client.post(reverse("clients:create"), valid_post(first_name="Mariah", ssn="", ssn_data_quality="99"))
    page = text(response)
    assert response.status_code == 200 and 'id="duplicates"' in page
    assert reverse("clients:detail", args=[alices_client.pk]) in page
    assert 'value="Mariah"' in page  # the input is kept
    assert Client.objects.count() == 1

    response = client.post(
        reverse("clients:create"), valid_post(first_name="Mariah", ssn="", ssn_data_quality="99", confirm_new="1")
    )
    assert response.status_code == 302
    assert Client.objects.count() == 2


def test_a_user_in_several_agencies_chooses_the_owner(client, personas):
    from hearth.accounts.models import Membership

    Membership.objects.create(user=personas.alice, organization=personas.agency_b, role=Role.CASEWORKER)
    client.force_login(personas.alice)
    page = text(client.get(reverse("clients:create")))
    assert 'name="owner_org"' in page
    response = client.post(reverse("clients:create"), valid_post(owner_org=str(personas.agency_b.pk)))
    assert response.status_code == 302
    assert Client.objects.get().owner_org == personas.agency_b
    response = client.post(reverse("clients:create"), valid_post(owner_org=str(personas.agency_c.pk)))
    assert response.status_code == 200 and "owner_org" in text(response)  # not one of hers


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"dob": "2999-01-01"}, "dob", "3.03 Date of birth: cannot be in the future."),
        ({"dob": ""}, "dob", "3.03 Date of birth: &#x27;Full DOB reported&#x27;"),
        ({"ssn": "12345"}, "ssn", "3.02 Social Security Number: &#x27;Full SSN reported&#x27; needs all 9 digits."),
        ({"first_name": ""}, "name_data_quality", "3.01 Name: &#x27;Full name reported&#x27; needs both"),
        ({"race": []}, "race_none", "3.04 Race and ethnicity: choose at least one"),
        ({"sex": ""}, "sex", "4.21 Sex: choose one, or say why it is missing."),
        ({"veteran_status": ""}, "veteran_status", "3.07 Veteran status: required for adults"),
        ({"ssn": "12-ab"}, "ssn", "3.02 Social Security Number: use digits"),
    ],
)
def test_errors_are_shown_next_to_their_field_with_all_input_kept(client, personas, overrides, field, message):
    client.force_login(personas.alice)
    response = client.post(reverse("clients:create"), valid_post(middle_name="Elena", **overrides))
    page = text(response)
    assert response.status_code == 200
    assert message in page
    assert f'id="id_{field}_error"' in page
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in page or field == "race"
    assert 'value="Elena"' in page  # everything typed is kept
    assert 'value="Mexican American"' in page
    assert 'value="hispanic_latinao" id="id_race_0"' not in page or "checked" in page
    assert not Client.objects.exists()


def test_a_partial_ssn_is_padded_with_x(client, personas):
    client.force_login(personas.alice)
    response = client.post(reverse("clients:create"), valid_post(ssn="6789", ssn_data_quality="2"))
    assert response.status_code == 302
    assert Client.objects.get().ssn == "xxxxx6789"


# --- profile and edit -------------------------------------------------------------------------------------------------


def test_profile_marks_missing_and_partial_data_quality(client, personas):
    c = make_client(
        personas.alice,
        personas.agency_a,
        ssn="xxxxx6789",
        ssn_data_quality=2,
        dob=None,
        dob_data_quality=8,
        hispanic_latinao=0,
        race_none=9,
        veteran_status=99,
    )
    client.force_login(personas.alice)
    page = text(client.get(reverse("clients:detail", args=[c.pk])))
    assert 'id="data-quality-alert"' in page
    assert page.count('class="hearth-dq-missing"') == 3  # DOB, race and ethnicity, veteran status
    assert page.count('class="hearth-dq-partial"') == 1  # SSN
    assert "Client doesn’t know" in page and "Client prefers not to answer" in page


def test_profile_lists_household_members_and_the_stays_panel(client, personas, alices_client):
    child = make_client(
        personas.alice,
        personas.agency_a,
        first_name="Luis",
        ssn="",
        ssn_data_quality=99,
        dob=date(2018, 6, 1),
        veteran_status=None,
    )
    stranger = make_client(
        personas.bob, personas.agency_b, first_name="Other", last_name="Person", ssn="", ssn_data_quality=99
    )
    for person, rel, hh in ((alices_client, 1, "hh-1"), (child, 2, "hh-1"), (stranger, 1, "hh-2")):
        enroll(person, personas.project_a, hh, rel)
    client.force_login(personas.alice)
    page = text(client.get(reverse("clients:detail", args=[alices_client.pk])))
    assert reverse("clients:detail", args=[child.pk]) in page
    assert reverse("clients:detail", args=[stranger.pk]) not in page
    assert 'id="project-stays"' in page and "A Emergency Shelter" in page
    assert AuditEvent.objects.filter(user=personas.alice, action="view", object_id=str(alices_client.pk)).exists()


def test_edit_keeps_race_choices_and_saves_changes(client, personas, alices_client):
    client.force_login(personas.alice)
    url = reverse("clients:edit", args=[alices_client.pk])
    page = text(client.get(url))
    assert 'value="hispanic_latinao" id="id_race_3" checked' in page
    assert 'name="owner_org"' not in page

    response = client.post(url, valid_post(last_name="Lopez-Garcia", dob="4/3/1990", race=["asian"]))
    assert response.status_code == 302
    alices_client.refresh_from_db()
    assert alices_client.last_name == "Lopez-Garcia" and alices_client.dob == date(1990, 4, 3)
    assert (alices_client.asian, alices_client.hispanic_latinao) == (1, 0)
    assert alices_client.owner_org == personas.agency_a

    response = client.post(url, valid_post(last_name="Changed", dob_data_quality="9"))
    assert response.status_code == 200 and 'value="Changed"' in text(response)
    alices_client.refresh_from_db()
    assert alices_client.last_name == "Lopez-Garcia"


def test_errors_come_before_likely_duplicates(client, personas, alices_client):
    client.force_login(personas.alice)
    response = client.post(reverse("clients:create"), valid_post(dob_data_quality="99"))
    page = text(response)
    assert 'id="id_dob_data_quality_error"' in page and 'id="duplicates"' not in page
    assert Client.objects.count() == 1


def test_a_merged_away_id_leads_to_the_surviving_record(client, personas, alices_client):
    from hearth.dedup.services import client_merge

    twin = make_client(personas.alice, personas.agency_a)
    client_merge(survivor=alices_client, merged=twin, field_choices={}, acting_user=personas.dana)
    client.force_login(personas.alice)
    response = client.get(reverse("clients:detail", args=[twin.pk]))
    assert response.status_code == 302 and response.url == reverse("clients:detail", args=[alices_client.pk])
    client.force_login(personas.charlie)  # someone who may not see the survivor learns nothing
    assert client.get(reverse("clients:detail", args=[twin.pk])).status_code == 404
