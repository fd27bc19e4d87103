"""Head of household changes, service details (V2/V3/W1/W2), R20 aftercare after exit and V1 veteran's information."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hearth.core.models import AuditEvent
from hearth.core.testing import make_project
from hearth.enrollments import services
from hearth.enrollments.models import Enrollment, Exit, Service

from .test_services import add_funder, make_client, make_enrollment

pytestmark = pytest.mark.django_db

ENTRY = date(2026, 1, 5)


def household(personas, project=None, names=("Ana", "Luis", "Sofia"), relationships=(1, 3, 2)):
    """A household of stays sharing one HouseholdID in ``project`` (agency A's shelter by default)."""
    project = project or personas.project_a
    stays = []
    for name, relationship in zip(names, relationships, strict=True):
        dob = date(2015, 6, 1) if relationship == 2 else date(1985, 6, 1)
        person = make_client(personas.agency_a, name, "Reyes", dob)
        stays.append(make_enrollment(person, project, ENTRY, household_id="hh-reyes", relationship_to_hoh=relationship))
    return stays


# --- head of household ---------------------------------------------------------------------------------------------


def test_head_change_swaps_the_head_and_audits_each_change(personas):
    ana, luis, sofia = household(personas)
    changed = services.household_head_change(
        enrollment=ana, relationships={ana.pk: 3, luis.pk: 1, sofia.pk: 2}, acting_user=personas.alice
    )
    assert {m.pk for m in changed} == {ana.pk, luis.pk}
    assert {e.pk: e.relationship_to_hoh for e in Enrollment.objects.all()} == {ana.pk: 3, luis.pk: 1, sofia.pk: 2}
    assert services.head_of(sofia).pk == luis.pk
    events = AuditEvent.objects.filter(action="update", object_type="enrollments.Enrollment")
    details = {int(e.object_id): e.detail["relationship_to_hoh"] for e in events}
    assert details == {ana.pk: {"from": 1, "to": 3}, luis.pk: {"from": 3, "to": 1}}
    luis.refresh_from_db()
    assert luis.updated_by == personas.alice


@pytest.mark.parametrize(
    ("wanted", "message"),
    [
        ({"ana": 1, "luis": 1}, "exactly one head"),
        ({"ana": 3, "luis": 3}, "exactly one head"),
        ({"ana": None, "luis": 1}, "Choose this person's relationship"),
    ],
)
def test_head_change_refuses_anything_but_one_head_and_saves_nothing(personas, wanted, message):
    ana, luis, sofia = household(personas)
    ids = {"ana": ana.pk, "luis": luis.pk}
    with pytest.raises(ValidationError) as caught:
        services.household_head_change(
            enrollment=ana,
            relationships={ids[k]: v for k, v in wanted.items()} | {sofia.pk: 2},
            acting_user=personas.alice,
        )
    assert message in str(caught.value)
    assert {e.pk: e.relationship_to_hoh for e in Enrollment.objects.all()} == {ana.pk: 1, luis.pk: 3, sofia.pk: 2}


def test_the_new_head_must_still_be_in_the_stay(personas):
    ana, luis, _sofia = household(personas)
    services.household_exit(
        enrollments=[luis],
        exit_date=ENTRY + timedelta(days=10),
        acting_user=personas.alice,
        answers=[{"exit__destination": 410}],
    )
    with pytest.raises(ValidationError) as caught:
        services.household_head_change(
            enrollment=ana, relationships={ana.pk: 3, luis.pk: 1}, acting_user=personas.alice
        )
    assert str(luis.pk) in caught.value.error_dict and "exited" in str(caught.value)


def test_after_the_change_the_former_head_may_exit_alone(personas):
    ana, luis, sofia = household(personas)
    day = ENTRY + timedelta(days=20)
    with pytest.raises(ValidationError, match="3.15"):
        services.household_exit(
            enrollments=[ana], exit_date=day, acting_user=personas.alice, answers=[{"exit__destination": 410}]
        )
    services.household_head_change(
        enrollment=ana, relationships={ana.pk: 3, luis.pk: 1, sofia.pk: 2}, acting_user=personas.alice
    )
    services.household_exit(
        enrollments=[Enrollment.objects.get(pk=ana.pk)],
        exit_date=day,
        acting_user=personas.alice,
        answers=[{"exit__destination": 410}],
    )
    assert Exit.objects.filter(enrollment=ana).exists()


def test_head_change_page_keeps_input_and_shows_errors_next_to_fields(client, personas):
    ana, luis, sofia = household(personas)
    url = reverse("enrollments:change_head", args=[ana.pk])
    detail = reverse("enrollments:detail", args=[ana.pk])
    client.force_login(personas.alice)
    assert url in client.get(detail).content.decode()
    page = client.get(url).content.decode()
    assert page.count("<select") == 3
    response = client.post(url, {str(ana.pk): "1", str(luis.pk): "1", str(sofia.pk): "2"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "exactly one head" in html and f'id="id_{ana.pk}_error"' in html
    chosen = re.search(rf'<select name="{luis.pk}".*?</select>', html, re.S).group(0)
    assert '<option value="1" selected>' in chosen  # what was chosen is kept
    assert Enrollment.objects.get(pk=luis.pk).relationship_to_hoh == 3
    response = client.post(url, {str(ana.pk): "3", str(luis.pk): "1", str(sofia.pk): "2"})
    assert response.status_code == 302 and response["Location"] == detail
    assert Enrollment.objects.get(pk=luis.pk).relationship_to_hoh == 1


def test_head_change_page_checks_access(client, personas):
    ana, luis, _sofia = household(personas)
    url = reverse("enrollments:change_head", args=[ana.pk])
    assert client.get(url).status_code == 302
    client.force_login(personas.charlie)
    assert client.get(url).status_code == 404
    assert client.post(url, {str(ana.pk): "3", str(luis.pk): "1"}).status_code == 404
    assert Enrollment.objects.get(pk=luis.pk).relationship_to_hoh == 3


# --- services with details ------------------------------------------------------------------------------------------


@pytest.fixture
def ssvf_stay(personas):
    project = make_project(personas.agency_a, "A SSVF Rapid Rehousing", project_type=13)
    add_funder(project, 33)
    return make_enrollment(make_client(personas.agency_a, veteran_status=1), project, ENTRY)


def test_ssvf_financial_assistance_needs_its_amount_and_start(personas, ssvf_stay):
    base = {"enrollment": ssvf_stay, "record_type": 152, "type_provided": 1, "acting_user": personas.alice}
    with pytest.raises(ValidationError) as caught:
        services.service_add(**base, date_provided=date(2026, 2, 1))
    assert {"fa_amount", "fa_start_date"} <= set(caught.value.error_dict)
    with pytest.raises(ValidationError) as caught:
        services.service_add(
            **base, date_provided=date(2026, 2, 1), fa_amount=Decimal("-5"), fa_start_date=date(2026, 2, 1)
        )
    assert "fa_amount" in caught.value.error_dict
    assert not Service.objects.exists()
    saved = services.service_add(
        **base,
        date_provided=date(2026, 2, 1),
        fa_amount=Decimal("950.00"),
        fa_start_date=date(2026, 2, 1),
        fa_end_date=date(2026, 4, 30),
    )
    assert (saved.fa_amount, saved.fa_start_date, saved.type_provided) == (Decimal("950.00"), date(2026, 2, 1), 1)
    assert AuditEvent.objects.filter(action="create", object_type="enrollments.Service").count() == 1


def test_ssvf_service_sub_type_follows_the_type_and_stray_details_are_refused(personas, ssvf_stay):
    base = {"enrollment": ssvf_stay, "record_type": 144, "acting_user": personas.alice, "date_provided": ENTRY}
    with pytest.raises(ValidationError) as caught:
        services.service_add(**base, type_provided=3)  # assistance obtaining VA benefits: which one (V2.A)
    assert "sub_type_provided" in caught.value.error_dict
    with pytest.raises(ValidationError):
        services.service_add(**base, type_provided=2, fa_amount=Decimal("10"))  # an amount is not V2's
    with pytest.raises(ValidationError):
        services.service_add(**base, type_provided=6)  # "other" needs its text (V2.D)
    service = services.service_add(**base, type_provided=3, sub_type_provided=1)
    assert service.sub_type_provided == 1
    plain = services.service_add(**base, type_provided=2, sub_type_provided=1)  # not asked for type 2: stored blank
    assert plain.sub_type_provided is None


def test_service_page_offers_the_kinds_then_keeps_input_on_error(client, personas, ssvf_stay):
    url = reverse("enrollments:service_add", args=[ssvf_stay.pk])
    client.force_login(personas.alice)
    chooser = client.get(url).content.decode()
    assert "?kind=144" in chooser and "?kind=152" in chooser and 'name="fa_amount"' not in chooser
    form = client.get(url + "?kind=152").content.decode()
    assert 'name="fa_amount"' in form and 'name="fa_start_date"' in form
    data = {"kind": "152", "date_provided": "2026-02-01", "type_provided": "2", "fa_amount": ""}
    data["fa_start_date"] = "2026-02-03"
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "V3" in html and 'id="id_fa_amount_error"' in html
    assert 'value="2026-02-03"' in html and not Service.objects.exists()
    data["fa_amount"] = "1200.50"
    assert client.post(url, data).status_code == 302
    assert Service.objects.get().fa_amount == Decimal("1200.50")
    detail = client.get(reverse("enrollments:detail", args=[ssvf_stay.pk])).content.decode()
    assert "$1200.50" in detail and "Security deposit" in detail


def test_hopwa_financial_assistance_is_for_the_head_only(personas):
    project = make_project(personas.agency_a, "A HOPWA STRMU", project_type=12)
    add_funder(project, 17)
    head, child = household(personas, project, names=("Ana", "Sofia"), relationships=(1, 2))
    assert (("W2", 151) in services.service_kinds(head, ENTRY)) and ("W1", 143) in services.service_kinds(head, ENTRY)
    assert [k for k in services.service_kinds(child, ENTRY)] == [("W1", 143)]
    with pytest.raises(ValidationError, match="do not record"):
        services.service_add(
            enrollment=child,
            record_type=151,
            type_provided=1,
            date_provided=ENTRY,
            acting_user=personas.alice,
            fa_amount=Decimal("100"),
        )
    saved = services.service_add(
        enrollment=head,
        record_type=151,
        type_provided=1,
        date_provided=ENTRY,
        acting_user=personas.alice,
        fa_amount=Decimal("100"),
    )
    assert saved.fa_amount == Decimal("100")


# --- R20 aftercare ----------------------------------------------------------------------------------------------------


@pytest.fixture
def rhy_exited(personas):
    project = make_project(personas.agency_a, "A Transitional Living", project_type=2)
    add_funder(project, 24)
    stay = make_enrollment(make_client(personas.agency_a, dob=date(2006, 1, 1)), project, ENTRY)
    Exit.objects.create(
        enrollment=stay, client=stay.client, exit_date=date(2026, 3, 1), destination=410, owner_org=stay.owner_org
    )
    return Enrollment.objects.get(pk=stay.pk)


def test_aftercare_is_recorded_after_exit_with_its_branch(personas, rhy_exited):
    assert [q.field for q in services.post_exit_collection(rhy_exited).questions][:2] == [
        "aftercare_date",
        "aftercare_provided",
    ]
    with pytest.raises(ValidationError) as caught:
        services.post_exit_update(
            enrollment=rhy_exited,
            acting_user=personas.alice,
            answers={"exit__aftercare_date": date(2026, 2, 1), "exit__aftercare_provided": 1},
        )
    errors = caught.value.error_dict
    assert "0:exit__aftercare_date" in errors and "0:exit__telephone" in errors  # before exit; the way it was provided
    assert Exit.objects.get().aftercare_provided is None
    services.post_exit_update(
        enrollment=rhy_exited,
        acting_user=personas.alice,
        answers={
            "exit__aftercare_date": date(2026, 4, 1),
            "exit__aftercare_provided": 1,
            "exit__email_social_media": 0,
            "exit__telephone": 1,
            "exit__in_person_individual": 0,
            "exit__in_person_group": 0,
        },
    )
    record = Exit.objects.get()
    assert (record.aftercare_date, record.aftercare_provided, record.telephone) == (date(2026, 4, 1), 1, 1)
    assert AuditEvent.objects.filter(object_type="enrollments.Exit", action="update").exists()


def test_aftercare_page(client, personas, rhy_exited, stay_not_rhy):
    url = reverse("enrollments:post_exit", args=[rhy_exited.pk])
    client.force_login(personas.alice)
    detail = client.get(reverse("enrollments:detail", args=[rhy_exited.pk])).content.decode()
    assert url in detail and "R20 Aftercare Plans</strong>" in detail  # the link and the reminder that it is missing
    response = client.post(url, {"m0-exit__aftercare_date": "2026-02-01", "m0-exit__aftercare_provided": "0"})
    html = response.content.decode()
    assert response.status_code == 200 and "R20" in html and 'value="2026-02-01"' in html
    response = client.post(url, {"m0-exit__aftercare_date": "2026-04-01", "m0-exit__aftercare_provided": "0"})
    assert response.status_code == 302 and Exit.objects.get(enrollment=rhy_exited).aftercare_provided == 0
    other = client.get(reverse("enrollments:post_exit", args=[stay_not_rhy.pk])).content.decode()
    assert "post-exit-none" in other and "m0-exit__aftercare_date" not in other
    client.force_login(personas.charlie)
    assert client.get(url).status_code == 404


@pytest.fixture
def stay_not_rhy(personas):
    return make_enrollment(make_client(personas.agency_a, "Rosa", "Diaz"), personas.project_a, ENTRY)


# --- V1 veteran's information -----------------------------------------------------------------------------------------


def v1_answers(**extra):
    answers = {
        "client__year_entered_service": 2004,
        "client__year_separated": 2010,
        **{f"client__{name}": 0 for name in services.rules.V1_THEATERS},
        "client__military_branch": 1,
        "client__discharge_status": 1,
    }
    answers["client__iraq_oif"] = 1
    answers.update(extra)
    return answers


@pytest.fixture
def gpd_stay(personas):
    project = make_project(personas.agency_a, "A GPD Bridge Housing", project_type=2)
    add_funder(project, 37)
    return make_enrollment(make_client(personas.agency_a, "Tom", "Hale", date(1980, 2, 2), veteran_status=1), project)


def test_v1_is_required_for_veterans_in_va_funded_projects_only(personas, gpd_stay, ssvf_stay, stay_not_rhy):
    assert services.veteran_information_required(gpd_stay)
    assert services.veteran_information_required(ssvf_stay)  # SSVF rapid re-housing
    assert not services.veteran_information_required(stay_not_rhy)
    sso = make_project(personas.agency_a, "A SSVF services only", project_type=6)
    add_funder(sso, 33)
    assert not services.veteran_information_required(make_enrollment(gpd_stay.client, sso, household_id="x"))


def test_v1_update_validates_years_and_required_answers(personas, gpd_stay):
    veteran = gpd_stay.client
    with pytest.raises(ValidationError) as caught:
        services.veteran_information_update(
            client=veteran,
            acting_user=personas.alice,
            answers=v1_answers(client__year_separated=2001, client__military_branch=None),
        )
    errors = caught.value.error_dict
    assert "0:client__year_separated" in errors and "0:client__military_branch" in errors
    veteran.refresh_from_db()
    assert veteran.military_branch is None
    services.veteran_information_update(client=veteran, acting_user=personas.alice, answers=v1_answers())
    veteran.refresh_from_db()
    assert (veteran.year_entered_service, veteran.iraq_oif, veteran.discharge_status) == (2004, 1, 1)
    event = AuditEvent.objects.filter(object_type="clients.Client", action="update").latest("pk")
    assert "iraq_oif" in event.detail["fields"]
    with pytest.raises(ValidationError, match="only about veterans"):
        services.veteran_information_update(
            client=make_client(personas.agency_a), acting_user=personas.alice, answers=v1_answers()
        )


def test_v1_page(client, personas, gpd_stay, stay_not_rhy):
    url = reverse("enrollments:veteran", args=[gpd_stay.pk])
    client.force_login(personas.alice)
    detail = client.get(reverse("enrollments:detail", args=[gpd_stay.pk])).content.decode()
    assert url in detail and "V1 Veteran&#x27;s Information</strong>" in detail
    dq = client.get(reverse("enrollments:project_dq", args=[gpd_stay.project_id])).content.decode()
    assert "V1 Veteran" in dq and f'href="{url}#m0-element-v1"' in dq  # the project's list links to the fix too
    data = {f"m0-{k}": v for k, v in v1_answers(client__year_entered_service=2030).items()}
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "V1: The year cannot be in the future." in html and 'value="2030"' in html
    data["m0-client__year_entered_service"] = "2004"
    assert client.post(url, data).status_code == 302
    gpd_stay.client.refresh_from_db()
    assert gpd_stay.client.military_branch == 1
    detail = client.get(reverse("enrollments:detail", args=[gpd_stay.pk])).content.decode()
    assert "Veteran&#x27;s Information</strong>" not in detail
    assert url not in client.get(reverse("enrollments:detail", args=[stay_not_rhy.pk])).content.decode()
    not_veteran = client.get(reverse("enrollments:veteran", args=[stay_not_rhy.pk])).content.decode()
    assert "veteran-none" in not_veteran
    client.force_login(personas.charlie)
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404


def test_client_profile_panel_links_to_v1_for_those_who_may_write(personas, gpd_stay):
    from .test_pages import render_panel

    url = reverse("enrollments:veteran", args=[gpd_stay.pk])
    assert url in render_panel(personas.alice, gpd_stay.client)
    assert url not in render_panel(personas.charlie, gpd_stay.client)
    gpd_stay.client.veteran_status = 0
    gpd_stay.client.save()
    assert url not in render_panel(personas.alice, gpd_stay.client)
