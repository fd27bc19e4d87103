"""The directory services: HUD's project descriptor rules, who may write, stamps and audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hearth.core.models import AuditEvent
from hearth.core.testing import make_project
from hearth.directory import services
from hearth.directory.models import CoC, HMISParticipation, Inventory, Project, ProjectCoC

from .test_access import make_world


@pytest.fixture
def world(personas):
    return make_world(personas)


def project_values(**changes):
    values = {
        "project_name": "Bridge", "project_common_name": "", "operating_start_date": date(2024, 1, 1),
        "continuum_project": 1, "project_type": 2, "rrh_sub_type": None, "housing_type": 1,
        "residential_affiliation": None, "target_population": None, "hopwa_med_assisted_living_fac": None,
        "pit_count": None,
    }
    values.update(changes)
    return values


def errors_of(call, *args, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value.message_dict


# --- who may write ----------------------------------------------------------------------------------------------------

def test_only_the_lead_sets_up_cocs_and_agencies(world):
    p = world.p
    for user in (p.alice, world.rep):
        with pytest.raises(PermissionDenied):
            services.coc_save(acting_user=user, code="WA-501", name="Balance of State", is_active=True)
        with pytest.raises(PermissionDenied):
            services.organization_create(acting_user=user, organization_name="X", victim_service_provider=0)


def test_an_agency_representative_changes_only_the_hmis_contact(world):
    p = world.p
    services.organization_update(organization=p.agency_a, acting_user=world.rep, hmis_contact_name="Rita")
    with pytest.raises(PermissionDenied):
        services.organization_update(organization=p.agency_a, acting_user=world.rep, participation_status="inactive")
    with pytest.raises(PermissionDenied):
        services.organization_update(organization=p.agency_b, acting_user=world.rep, hmis_contact_name="Rita")


def test_caseworkers_do_not_write_projects(world):
    p = world.p
    with pytest.raises(PermissionDenied):
        services.project_create(organization=p.agency_a, acting_user=p.alice, **project_values())
    with pytest.raises(PermissionDenied):
        services.funder_save(project=p.project_a, acting_user=p.alice, funder=2, grant_id="G", start_date=date.today())


def test_only_the_lead_moves_a_project_to_another_agency(world):
    p = world.p
    with pytest.raises(PermissionDenied):
        services.project_update(project=p.project_a, acting_user=world.rep, organization=p.agency_b)


def test_unknown_fields_are_a_programming_error(world):
    with pytest.raises(TypeError):
        services.funder_save(project=world.p.project_a, acting_user=world.p.dana, grant="G")


# --- HUD 2.02 ---------------------------------------------------------------------------------------------------------

def test_a_project_is_stamped_and_audited(world):
    p = world.p
    project = services.project_create(organization=p.agency_a, acting_user=world.rep, **project_values())
    assert (project.owner_org, project.created_by, project.updated_by) == (p.agency_a, world.rep, world.rep)
    event = AuditEvent.objects.get(action="create", object_type="directory.Project", object_id=str(project.pk))
    assert event.user == world.rep and "project_name" in event.detail["fields"]


def test_rrh_services_only_needs_an_affiliation_and_has_no_housing_type(world):
    p = world.p
    errors = errors_of(services.project_create, organization=p.agency_a, acting_user=p.dana,
                       **project_values(project_type=13, rrh_sub_type=1))
    assert "HUD 2.02.B" in errors["residential_affiliation"][0]
    assert "HUD 2.02.D" in errors["housing_type"][0]
    project = services.project_create(organization=p.agency_a, acting_user=p.dana, **project_values(
        project_type=13, rrh_sub_type=1, housing_type=None, residential_affiliation=0))
    assert not services.has_inventory(project)


def test_a_non_continuum_project_may_have_no_type_but_a_continuum_project_must(world):
    p = world.p
    services.project_create(organization=p.agency_a, acting_user=p.dana,
                            **project_values(continuum_project=0, project_type=None, housing_type=None))
    errors = errors_of(services.project_create, organization=p.agency_a, acting_user=p.dana,
                       **project_values(project_type=None, housing_type=None))
    assert "HUD 2.02.6" in errors["project_type"][0]


def test_a_refused_write_saves_nothing(world):
    p = world.p
    before = (Project.objects.count(), AuditEvent.objects.filter(action="create").count())
    errors_of(services.project_create, organization=p.agency_a, acting_user=p.dana,
              **project_values(project_type=13))
    assert (Project.objects.count(), AuditEvent.objects.filter(action="create").count()) == before


# --- HUD 2.03, 2.07 ---------------------------------------------------------------------------------------------------

def test_a_project_has_one_record_per_coc(world):
    p = world.p
    errors = errors_of(services.project_coc_save, project=p.project_a, acting_user=p.dana, coc_code="wa-500",
                       geocode="530033")
    assert "already has a record for CoC WA-500" in errors["coc_code"][0]


def test_a_coc_named_by_inventory_cannot_change_under_it(world):
    p = world.p
    CoC.objects.create(code="WA-501", name="Balance of State")
    record = world.records[(p.project_a.pk, "cocs")]
    errors = errors_of(services.project_coc_save, project=p.project_a, acting_user=p.dana, record=record,
                       coc_code="WA-501")
    assert "HUD 2.07.3" in errors["coc_code"][0]


def test_inventory_names_one_of_the_projects_cocs(world):
    p = world.p
    errors = errors_of(services.inventory_save, project=p.project_a, acting_user=p.dana, coc_code="WA-501",
                       household_type=1, availability=1, es_bed_type=1, unit_inventory=1, bed_inventory=1,
                       other_bed_inventory=1, inventory_start_date=date(2024, 1, 1))
    assert "HUD 2.07.3" in errors["coc_code"][0]


def test_non_shelter_inventory_has_no_availability_or_bed_type(world):
    p = world.p
    housing = make_project(p.agency_a, "Bridge TH", project_type=2, housing_type=1)
    ProjectCoC.objects.create(project=housing, coc_code="WA-500", geocode="530033")
    errors = errors_of(services.inventory_save, project=housing, acting_user=p.dana, coc_code="WA-500",
                       household_type=3, availability=1, es_bed_type=None, unit_inventory=4, bed_inventory=12,
                       other_bed_inventory=12, inventory_start_date=date(2024, 1, 1))
    assert list(errors) == ["availability"]
    services.inventory_save(project=housing, acting_user=p.dana, coc_code="WA-500", household_type=3,
                            unit_inventory=4, bed_inventory=12, other_bed_inventory=12,
                            inventory_start_date=date(2024, 1, 1))
    assert Inventory.objects.filter(project=housing, owner_org=p.agency_a).count() == 1


# --- HUD 2.08, 2.09 ---------------------------------------------------------------------------------------------------

def test_participation_periods_follow_one_another(world):
    p = world.p
    current = world.records[(p.project_a.pk, "hmis-participation")]
    services.hmis_participation_save(project=p.project_a, acting_user=p.dana, record=current,
                                     hmis_participation_status_end_date=date(2023, 12, 31))
    services.hmis_participation_save(project=p.project_a, acting_user=p.dana, hmis_participation_type=0,
                                     hmis_participation_status_start_date=date(2024, 1, 1))
    assert HMISParticipation.objects.filter(project=p.project_a).count() == 2
    errors = errors_of(services.hmis_participation_save, project=p.project_a, acting_user=p.dana,
                       hmis_participation_type=1, hmis_participation_status_start_date=date(2023, 6, 1),
                       hmis_participation_status_end_date=date(2023, 6, 30))
    assert "HUD 2.08" in errors["hmis_participation_status_start_date"][0]


def test_activities_are_recorded_only_for_access_points(world):
    p = world.p
    errors = errors_of(services.ce_participation_save, project=p.project_b, acting_user=p.dana, access_point=0,
                       crisis_assessment=1, receives_referrals=1, ce_participation_status_start_date=date(2019, 1, 1),
                       ce_participation_status_end_date=date(2019, 12, 31))
    assert "HUD 2.09.A" in errors["crisis_assessment"][0]


def test_closing_rolls_back_as_a_whole(world):
    p = world.p
    errors = errors_of(services.project_close, project=p.project_a, acting_user=p.dana,
                       operating_end_date=date(2019, 1, 1))
    assert "HUD 2.02.4" in errors["operating_end_date"][0]
    assert not AuditEvent.objects.filter(action="update", object_type="directory.Project").exists()
