"""The directory pages end to end: set up agencies and projects with HUD's descriptor elements through form posts."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hearth.accounts.models import Role
from hearth.core.models import AuditEvent
from hearth.core.testing import make_organization, make_project, make_user
from hearth.directory.models import (
    CEParticipation,
    CoC,
    Funder,
    HMISParticipation,
    Inventory,
    Organization,
    ParticipationStatus,
    Project,
    ProjectCoC,
)

from .test_access import inventory_data, make_world, project_data


@pytest.fixture
def world(personas):
    return make_world(personas)


def url(name, *args):
    return reverse(f"directory:{name}", args=args)


def page_text(response) -> str:
    return response.content.decode()


# --- the whole set-up through the pages -------------------------------------------------------------------------------

def test_the_lead_sets_up_a_coc_an_agency_and_a_project_with_every_descriptor(client, personas):
    client.force_login(personas.dana)

    response = client.post(url("coc_create"), {"code": "WA-501", "name": "Washington Balance of State CoC",
                                               "is_active": "on"})
    assert response.status_code == 302
    assert CoC.objects.filter(code="WA-501").exists()

    response = client.post(url("organization_create"), {
        "organization_name": "Harbor Services", "organization_common_name": "Harbor", "victim_service_provider": "0",
        "participation_status": "active", "hmis_contact_name": "Hana Lee", "hmis_contact_email": "hana@example.org",
        "hmis_contact_phone": "206-555-0100",
    })
    org = Organization.objects.get(organization_name="Harbor Services")
    assert response.url == url("organization_detail", org.pk)
    assert org.owner_org == org and org.created_by == personas.dana

    response = client.post(url("project_create"), project_data(org.pk, project_type=13, rrh_sub_type=2,
                                                               housing_type=3))
    project = Project.objects.get(project_name="Harbor Transitional Housing")
    assert response.url == url("project_detail", project.pk)
    assert (project.organization, project.owner_org, project.rrh_sub_type) == (org, org, 2)
    assert project.created_by == personas.dana and project.hud_user.login == personas.dana

    posts = {
        "cocs": {"coc_code": "WA-501", "geocode": "530000", "address1": "1 Main St", "address2": "", "city": "Olympia",
                 "state": "wa", "zip": "98501", "geography_type": "2"},
        "funders": {"funder": "46", "other_funder": "County levy", "grant_id": "LEVY-24", "start_date": "2024-01-01",
                    "end_date": ""},
        "inventory": inventory_data(coc_code="WA-501"),
        "hmis-participation": {"hmis_participation_type": "1", "hmis_participation_status_start_date": "2024-01-01",
                               "hmis_participation_status_end_date": ""},
        "ce-participation": {"access_point": "1", "prevention_assessment": "0", "crisis_assessment": "1",
                             "housing_assessment": "1", "direct_services": "0", "receives_referrals": "1",
                             "ce_participation_status_start_date": "2024-01-01",
                             "ce_participation_status_end_date": ""},
    }
    for kind, data in posts.items():
        response = client.post(url("record_add", project.pk, kind), data)
        assert response.status_code == 302, (kind, response.context and response.context["form"].errors)
        assert response.url == url("project_detail", project.pk) + f"#{kind}"

    project_coc = ProjectCoC.objects.get(project=project)
    assert (project_coc.coc_code, project_coc.state, project_coc.owner_org) == ("WA-501", "WA", org)
    assert Funder.objects.get(project=project).other_funder == "County levy"
    inventory = Inventory.objects.get(project=project)
    assert (inventory.bed_inventory, inventory.vet_bed_inventory, inventory.youth_bed_inventory) == (12, 3, None)
    assert HMISParticipation.objects.filter(project=project, hmis_participation_type=1).exists()
    ce = CEParticipation.objects.get(project=project)
    assert (ce.crisis_assessment, ce.prevention_assessment) == (1, 0)

    detail = page_text(client.get(url("project_detail", project.pk)))
    for text in ("Harbor Transitional Housing", "RRH: Housing with or without services", "WA-501", "530000",
                 "County levy", "LEVY-24", "HMIS Participating", "Crisis assessment"):
        assert text in detail

    events = AuditEvent.objects.filter(user=personas.dana, action="create")
    assert set(events.values_list("object_type", flat=True)) >= {
        "directory.CoC", "directory.Organization", "directory.Project", "directory.ProjectCoC", "directory.Funder",
        "directory.Inventory", "directory.HMISParticipation", "directory.CEParticipation"}


def test_an_agency_representative_manages_their_own_agencys_projects(client, world):
    p = world.p
    client.force_login(world.rep)
    response = client.post(url("project_create"), project_data(p.agency_a.pk))
    project = Project.objects.get(project_name="Harbor Transitional Housing")
    assert project.organization == p.agency_a and response.status_code == 302

    response = client.post(url("project_edit", p.project_a.pk),
                           project_data(project_type=0, housing_type=1, project_name="A Shelter, renamed"))
    assert response.status_code == 302
    p.project_a.refresh_from_db()
    assert p.project_a.project_name == "A Shelter, renamed"
    assert p.project_a.updated_by == world.rep
    assert AuditEvent.objects.filter(user=world.rep, action="update", object_type="directory.Project",
                                     object_id=str(p.project_a.pk)).exists()


def test_an_agency_representative_edits_only_the_hmis_contact(client, world):
    p = world.p
    client.force_login(world.rep)
    form = client.get(url("organization_edit", p.agency_a.pk)).context["form"]
    assert set(form.fields) == {"hmis_contact_name", "hmis_contact_email", "hmis_contact_phone"}
    response = client.post(url("organization_edit", p.agency_a.pk), {
        "hmis_contact_name": "Rita Ruiz", "hmis_contact_email": "rita@example.org", "hmis_contact_phone": "",
        "participation_status": "inactive", "organization_name": "Taken over",
    })
    assert response.status_code == 302
    p.agency_a.refresh_from_db()
    assert p.agency_a.hmis_contact_name == "Rita Ruiz"
    assert p.agency_a.participation_status == ParticipationStatus.ACTIVE
    assert p.agency_a.organization_name == "Agency A"


def test_the_lead_changes_an_agencys_participation(client, world):
    p = world.p
    client.force_login(p.dana)
    response = client.post(url("organization_edit", p.agency_b.pk), {
        "organization_name": "Agency B", "organization_common_name": "", "victim_service_provider": "1",
        "participation_status": "inactive", "hmis_contact_name": "", "hmis_contact_email": "", "hmis_contact_phone": "",
    })
    assert response.status_code == 302
    p.agency_b.refresh_from_db()
    assert (p.agency_b.participation_status, p.agency_b.victim_service_provider) == ("inactive", 1)


# --- bad input: re-displayed with HUD's message next to the field, nothing saved --------------------------------------

def assert_refused(response, field: str, message: str) -> None:
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors.get(field, [])), form.errors
    text = page_text(response)
    assert f'id="{form[field].auto_id}_error"' in text, "the error is shown next to its field"


def test_rapid_rehousing_without_a_subtype_is_refused(client, world):
    client.force_login(world.p.dana)
    before = Project.objects.count()
    response = client.post(url("project_create"), project_data(world.p.agency_a.pk, project_type=13,
                                                               project_name="Rapid Exit"))
    assert_refused(response, "rrh_sub_type", "HUD 2.02.A")
    assert 'value="Rapid Exit"' in page_text(response), "the input is kept"
    assert Project.objects.count() == before


def test_a_subtype_for_a_project_that_is_not_rapid_rehousing_is_refused(client, world):
    client.force_login(world.p.dana)
    response = client.post(url("project_create"), project_data(world.p.agency_a.pk, rrh_sub_type=1))
    assert_refused(response, "rrh_sub_type", "HUD 2.02.A")


def test_a_residential_project_needs_a_housing_type(client, world):
    client.force_login(world.p.dana)
    response = client.post(url("project_create"), project_data(world.p.agency_a.pk, housing_type=""))
    assert_refused(response, "housing_type", "HUD 2.02.D")
    response = client.post(url("project_create"), project_data(world.p.agency_a.pk, project_type=4))
    assert_refused(response, "housing_type", "HUD 2.02.D")  # street outreach has none


def test_a_missing_answer_names_the_hud_element(client, world):
    client.force_login(world.p.dana)
    response = client.post(url("project_create"), project_data(world.p.agency_a.pk, project_name=""))
    assert_refused(response, "project_name", "HUD 2.02.2")


def test_inventory_whose_bed_counts_do_not_add_up_is_refused(client, world):
    p = world.p
    client.force_login(p.dana)
    before = Inventory.objects.count()
    response = client.post(url("record_add", p.project_a.pk, "inventory"),
                           inventory_data(availability=1, es_bed_type=1, other_bed_inventory=5))
    assert_refused(response, "bed_inventory", "HUD 2.07.14")
    assert "add up to 10, not to the total bed inventory 12" in page_text(response)
    assert Inventory.objects.count() == before


def test_shelter_inventory_needs_availability_and_bed_type(client, world):
    p = world.p
    client.force_login(p.dana)
    response = client.post(url("record_add", p.project_a.pk, "inventory"), inventory_data())
    assert_refused(response, "availability", "HUD 2.07.6")
    assert "HUD 2.07.5" in response.context["form"].errors["es_bed_type"][0]


def test_inventory_for_a_project_without_beds_is_refused(client, world):
    p = world.p
    outreach = make_project(p.agency_a, "Street Team", project_type=4)
    ProjectCoC.objects.create(project=outreach, coc_code="WA-500", geocode="530033")
    client.force_login(p.dana)
    form = client.get(url("record_add", outreach.pk, "inventory")).context["form"]
    assert "availability" not in form.fields, "shelter-only questions are not asked"
    response = client.post(url("record_add", outreach.pk, "inventory"), inventory_data())
    assert response.status_code == 200
    assert any("HUD 2.07" in e for e in response.context["form"].non_field_errors())
    assert not Inventory.objects.filter(project=outreach).exists()


def test_a_funder_ending_before_it_starts_is_refused(client, world):
    p = world.p
    client.force_login(world.rep)
    before = Funder.objects.count()
    response = client.post(url("record_add", p.project_a.pk, "funders"), {
        "funder": "2", "other_funder": "", "grant_id": "WA0999", "start_date": "2024-07-01", "end_date": "2024-06-30"})
    assert_refused(response, "end_date", "HUD 2.06.4")
    assert 'value="WA0999"' in page_text(response)
    assert Funder.objects.count() == before


def test_a_local_funder_must_be_named(client, world):
    p = world.p
    client.force_login(p.dana)
    response = client.post(url("record_add", p.project_a.pk, "funders"), {
        "funder": "46", "other_funder": "", "grant_id": "L1", "start_date": "2024-07-01", "end_date": ""})
    assert_refused(response, "other_funder", "HUD 2.06.A")


def test_a_project_coc_must_be_a_coc_this_hmis_serves(client, world):
    p = world.p
    client.force_login(p.dana)
    response = client.post(url("record_add", p.project_a.pk, "cocs"), {
        "coc_code": "WA-502", "geocode": "53003", "address1": "", "address2": "", "city": "", "state": "",
        "zip": "981", "geography_type": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "coc_code" in errors  # not one of the choices: only configured CoCs are
    CoC.objects.create(code="WA-502", name="Spokane")
    response = client.post(url("record_add", p.project_a.pk, "cocs"), {
        "coc_code": "WA-502", "geocode": "53003", "address1": "", "address2": "", "city": "", "state": "",
        "zip": "981", "geography_type": ""})
    assert_refused(response, "geocode", "HUD 2.03.2")
    assert_refused(response, "zip", "HUD 2.03.7")


def test_overlapping_hmis_participation_is_refused(client, world):
    p = world.p
    client.force_login(p.dana)
    response = client.post(url("record_add", p.project_a.pk, "hmis-participation"), {
        "hmis_participation_type": "0", "hmis_participation_status_start_date": "2024-01-01",
        "hmis_participation_status_end_date": ""})
    assert_refused(response, "hmis_participation_status_start_date", "HUD 2.08")


def test_a_ce_access_point_answers_each_activity(client, world):
    p = world.p
    client.force_login(p.dana)
    CEParticipation.objects.filter(project=p.project_a).update(ce_participation_status_end_date=date(2023, 12, 31))
    response = client.post(url("record_add", p.project_a.pk, "ce-participation"), {
        "access_point": "1", "prevention_assessment": "", "crisis_assessment": "1", "housing_assessment": "0",
        "direct_services": "0", "receives_referrals": "0", "ce_participation_status_start_date": "2024-01-01",
        "ce_participation_status_end_date": ""})
    assert_refused(response, "prevention_assessment", "HUD 2.09.A")


def test_a_coc_code_must_be_one_hud_publishes(client, world):
    client.force_login(world.p.dana)
    response = client.post(url("coc_create"), {"code": "ZZ-999", "name": "Nowhere", "is_active": "on"})
    assert_refused(response, "code", "HUD 2.03.1")
    assert not CoC.objects.filter(code="ZZ-999").exists()


# --- closing a project and ending records -----------------------------------------------------------------------------

def test_closing_a_project_ends_its_open_records(client, world):
    p = world.p
    ended = Funder.objects.create(project=p.project_a, owner_org=p.agency_a, funder=8, grant_id="ESG-OLD",
                                  start_date=date(2020, 1, 1), end_date=date(2021, 12, 31))
    client.force_login(world.rep)
    response = client.post(url("project_close", p.project_a.pk), {"operating_end_date": "2025-06-30"})
    assert response.status_code == 302
    closed = date(2025, 6, 30)
    p.project_a.refresh_from_db()
    assert p.project_a.operating_end_date == closed
    records = {kind: type(r).objects.get(pk=r.pk) for (pid, kind), r in world.records.items() if pid == p.project_a.pk}
    assert records["funders"].end_date == closed
    assert records["inventory"].inventory_end_date == closed
    assert records["hmis-participation"].hmis_participation_status_end_date == closed
    assert records["ce-participation"].ce_participation_status_end_date == closed
    ended.refresh_from_db()
    assert ended.end_date == date(2021, 12, 31), "a record that had ended keeps its end date"
    assert records["funders"].updated_by == world.rep
    funder_events = AuditEvent.objects.filter(action="update", object_type="directory.Funder",
                                              object_id=str(records["funders"].pk))
    assert funder_events.filter(detail__project_closed=p.project_a.pk).exists()
    assert AuditEvent.objects.filter(action="update", object_type="directory.Project", detail__closed=True).exists()
    # The other agency's project is untouched.
    assert world.records[(p.project_b.pk, "funders")].end_date is None
    detail = page_text(client.get(url("project_detail", p.project_a.pk)))
    assert "Closed" in detail and url("project_close", p.project_a.pk) not in detail


def test_a_project_cannot_close_before_it_started(client, world):
    p = world.p
    client.force_login(p.dana)
    response = client.post(url("project_close", p.project_a.pk), {"operating_end_date": "2019-12-31"})
    assert_refused(response, "operating_end_date", "HUD 2.02.4")
    assert 'value="2019-12-31"' in page_text(response)
    p.project_a.refresh_from_db()
    assert p.project_a.operating_end_date is None
    assert Funder.objects.get(pk=world.records[(p.project_a.pk, "funders")].pk).end_date is None


def test_a_project_cannot_close_before_an_open_record_starts(client, world):
    p = world.p
    Funder.objects.create(project=p.project_a, owner_org=p.agency_a, funder=8, grant_id="ESG-NEW",
                          start_date=date(2025, 1, 1))
    client.force_login(p.dana)
    response = client.post(url("project_close", p.project_a.pk), {"operating_end_date": "2024-12-31"})
    assert_refused(response, "operating_end_date", "start after that date")
    p.project_a.refresh_from_db()
    assert p.project_a.operating_end_date is None
    assert not Funder.objects.filter(project=p.project_a, end_date__isnull=False).exists()


def test_a_closed_project_is_not_closed_again(client, world):
    p = world.p
    Project.objects.filter(pk=p.project_a.pk).update(operating_end_date=date(2024, 1, 1))
    client.force_login(p.dana)
    response = client.get(url("project_close", p.project_a.pk))
    assert response.status_code == 302


def test_a_record_is_ended_on_its_own(client, world):
    p = world.p
    funder = world.records[(p.project_a.pk, "funders")]
    client.force_login(world.rep)
    response = client.post(url("record_end", p.project_a.pk, "funders", funder.pk), {"end_date": "2019-01-01"})
    assert_refused(response, "end_date", "HUD 2.06.4")
    response = client.post(url("record_end", p.project_a.pk, "funders", funder.pk), {"end_date": "2024-09-30"})
    assert response.status_code == 302
    funder.refresh_from_db()
    assert funder.end_date == date(2024, 9, 30) and funder.grant_id == "WA0001"


def test_a_record_is_edited(client, world):
    p = world.p
    inventory = world.records[(p.project_a.pk, "inventory")]
    client.force_login(p.dana)
    form = client.get(url("record_edit", p.project_a.pk, "inventory", inventory.pk)).context["form"]
    assert form.initial["bed_inventory"] == 20
    response = client.post(url("record_edit", p.project_a.pk, "inventory", inventory.pk),
                           inventory_data(availability=2, es_bed_type=1, inventory_start_date="2020-01-01"))
    assert response.status_code == 302
    inventory.refresh_from_db()
    assert (inventory.availability, inventory.bed_inventory, inventory.other_bed_inventory) == (2, 12, 7)


# --- lists ----------------------------------------------------------------------------------------------------------

def test_every_staff_user_sees_the_participating_agencies(client, world):
    client.force_login(world.p.charlie)
    text = page_text(client.get(url("organizations")))
    for name in ("Agency A", "Agency B", "Agency C", "Lead Agency (HMIS Lead)"):
        assert name in text
    assert url("organization_create") not in text


def test_the_agency_list_filters_and_paginates(client, world):
    for i in range(55):
        make_organization(f"Zeta Shelter {i:02}")
    client.force_login(world.p.alice)
    first = client.get(url("organizations"), {"q": "zeta"})
    assert first.context["page"].paginator.count == 55
    assert len(first.context["page"].object_list) == 50
    second = client.get(url("organizations"), {"q": "zeta", "page": 2})
    assert len(second.context["page"].object_list) == 5
    assert "q=zeta" in page_text(first), "page links keep the search"
    inactive = client.get(url("organizations"), {"status": "inactive"})
    assert inactive.context["page"].paginator.count == 0


def test_the_projects_list_shows_type_dates_and_status(client, world):
    p = world.p
    Project.objects.filter(pk=p.project_b.pk).update(operating_end_date=date(2021, 6, 30))
    client.force_login(p.dana)
    text = page_text(client.get(url("projects")))
    assert "A Emergency Shelter" in text and "Emergency Shelter – Entry Exit" in text
    assert "B Rapid Rehousing" in text and "Closed" in text
    closed = client.get(url("projects"), {"status": "closed"}).context["page"].object_list
    assert [x.project_name for x in closed] == ["B Rapid Rehousing"]
    client.force_login(p.alice)
    listed = client.get(url("projects")).context["page"].object_list
    assert [x.project_name for x in listed] == ["A Emergency Shelter"]


def test_pages_show_edit_buttons_only_to_who_may_edit(client, world):
    p = world.p
    edit = url("project_edit", p.project_a.pk)
    client.force_login(p.alice)
    assert edit not in page_text(client.get(url("project_detail", p.project_a.pk)))
    client.force_login(world.rep)
    assert edit in page_text(client.get(url("project_detail", p.project_a.pk)))
    assert url("project_edit", p.project_b.pk) not in page_text(client.get(url("project_detail", p.project_b.pk)))


def test_a_lead_admin_moves_a_project_but_an_agency_representative_cannot(client, world):
    p = world.p
    client.force_login(world.rep)
    assert "organization" not in client.get(url("project_edit", p.project_a.pk)).context["form"].fields
    client.force_login(p.dana)
    response = client.post(url("project_edit", p.project_a.pk),
                           project_data(p.agency_c.pk, project_type=0, housing_type=1))
    assert response.status_code == 302
    p.project_a.refresh_from_db()
    assert p.project_a.organization == p.agency_c and p.project_a.owner_org == p.agency_c
    assert Funder.objects.get(pk=world.records[(p.project_a.pk, "funders")].pk).owner_org == p.agency_c


def test_a_user_with_two_agencies_sees_both_agencies_projects(client, world):
    p = world.p
    both = make_user("bea", p.agency_a, Role.CASEWORKER)
    both.memberships.create(organization=p.agency_b, role=Role.CASEWORKER)
    client.force_login(both)
    listed = {x.project_name for x in client.get(url("projects")).context["page"].object_list}
    assert listed == {"A Emergency Shelter", "B Rapid Rehousing"}


def test_a_project_page_links_its_own_staff_to_check_in_and_data_quality(client, world):
    p = world.p
    dq = reverse("enrollments:project_dq", args=[p.project_a.pk])
    client.force_login(p.alice)
    assert dq in page_text(client.get(url("project_detail", p.project_a.pk)))
    client.force_login(p.charlie)  # another agency's caseworker sees the project, not its client-level pages
    assert dq not in page_text(client.get(url("project_detail", p.project_a.pk)))
