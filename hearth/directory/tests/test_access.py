"""The directory's access funnel, and the test world the other directory tests share (``make_world``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import Role, User
from hearth.core.models import AuditEvent
from hearth.core.testing import Personas, make_user
from hearth.directory.access import (
    access_organization,
    access_project,
    access_project_record,
    listed_projects,
    manageable_projects,
    visible_organizations,
)
from hearth.directory.models import CEParticipation, CoC, Funder, HMISParticipation, Inventory, Project, ProjectCoC

START = date(2020, 1, 1)


@dataclass
class World:
    p: Personas
    rep: User  # Role.AGENCY_ADMIN of agency A
    nobody: User  # logged in, but no membership
    coc: CoC
    records: dict[tuple[int, str], Any]  # (project id, kind slug) -> record


def add_records(project: Project) -> dict[str, Any]:
    """One record of each descriptor kind, straight into the database."""
    common = {"project": project, "owner_org": project.organization}
    return {
        "cocs": ProjectCoC.objects.create(**common, coc_code="WA-500", geocode="530033", zip="98104"),
        "funders": Funder.objects.create(**common, funder=2, grant_id="WA0001", start_date=START),
        "inventory": Inventory.objects.create(
            **common, coc_code="WA-500", household_type=1, availability=1, es_bed_type=1, unit_inventory=20,
            bed_inventory=20, other_bed_inventory=20, inventory_start_date=START),
        "hmis-participation": HMISParticipation.objects.create(
            **common, hmis_participation_type=1, hmis_participation_status_start_date=START),
        "ce-participation": CEParticipation.objects.create(
            **common, access_point=0, receives_referrals=1, ce_participation_status_start_date=START),
    }


def make_world(personas: Personas) -> World:
    """The personas, agency A's HMIS representative, a user without membership, a CoC, and descriptor records."""
    coc = CoC.objects.create(code="WA-500", name="Seattle/King County CoC")
    records = {}
    for project in (personas.project_a, personas.project_b):
        for kind, record in add_records(project).items():
            records[(project.pk, kind)] = record
    return World(
        p=personas,
        rep=make_user("rita", personas.agency_a, Role.AGENCY_ADMIN),
        nobody=make_user("nora", None, ""),
        coc=coc,
        records=records,
    )


def project_data(organization_id: int | None = None, **changes: Any) -> dict[str, Any]:
    """A valid project form submission (a transitional housing project)."""
    data = {
        "project_name": "Harbor Transitional Housing",
        "project_common_name": "",
        "operating_start_date": "2024-01-01",
        "continuum_project": "1",
        "project_type": "2",
        "rrh_sub_type": "",
        "housing_type": "1",
        "residential_affiliation": "",
        "target_population": "4",
        "hopwa_med_assisted_living_fac": "2",
        "pit_count": "",
    }
    if organization_id is not None:
        data["organization"] = str(organization_id)
    data.update({k: str(v) for k, v in changes.items()})
    return data


def inventory_data(**changes: Any) -> dict[str, Any]:
    data = {
        "coc_code": "WA-500", "household_type": "1", "unit_inventory": "10", "bed_inventory": "12",
        "ch_vet_bed_inventory": "2", "youth_vet_bed_inventory": "", "vet_bed_inventory": "3",
        "ch_youth_bed_inventory": "", "youth_bed_inventory": "", "ch_bed_inventory": "", "other_bed_inventory": "7",
        "inventory_start_date": "2024-01-01", "inventory_end_date": "",
    }
    data.update({k: str(v) for k, v in changes.items()})
    return data


@pytest.fixture
def world(personas: Personas) -> World:
    return make_world(personas)


# --- the access functions ---------------------------------------------------------------------------------------------

def test_every_staff_user_sees_every_agency_and_project(world):
    p = world.p
    for user in (p.alice, p.bob, p.charlie, p.dana, world.rep):
        assert set(visible_organizations(user)) == {p.lead, p.agency_a, p.agency_b, p.agency_c}
        assert access_project(user, p.project_b.pk) == p.project_b
        assert access_organization(user, p.agency_b.pk) == p.agency_b


def test_a_user_without_membership_sees_nothing(world):
    p = world.p
    assert not visible_organizations(world.nobody).exists()
    with pytest.raises(Http404):
        access_project(world.nobody, p.project_a.pk)
    with pytest.raises(Http404):
        access_organization(world.nobody, p.agency_a.pk)


def test_writing_is_for_the_lead_and_the_agency_representative(world):
    p = world.p
    assert set(manageable_projects(p.dana)) == {p.project_a, p.project_b}
    assert set(manageable_projects(world.rep)) == {p.project_a}
    assert not manageable_projects(p.alice).exists()
    assert access_project(world.rep, p.project_a.pk, write=True) == p.project_a
    assert access_organization(world.rep, p.agency_a.pk, write=True) == p.agency_a
    for user, project in ((p.alice, p.project_a), (world.rep, p.project_b), (p.bob, p.project_b)):
        with pytest.raises(Http404):
            access_project(user, project.pk, write=True)
    with pytest.raises(Http404):
        access_organization(world.rep, p.agency_b.pk, write=True)


def test_missing_and_not_yours_look_the_same(world):
    p = world.p
    with pytest.raises(Http404) as missing:
        access_project(world.rep, 999_999, write=True)
    with pytest.raises(Http404) as not_yours:
        access_project(world.rep, p.project_b.pk, write=True)
    assert str(missing.value) == str(not_yours.value)


def test_a_record_is_reached_only_through_its_own_project(world):
    p = world.p
    funder_b = world.records[(p.project_b.pk, "funders")]
    with pytest.raises(Http404):
        access_project_record(p.dana, p.project_a.pk, Funder, funder_b.pk)
    assert access_project_record(p.dana, p.project_b.pk, Funder, funder_b.pk) == (p.project_b, funder_b)


def test_the_projects_list_shows_the_users_own_agencies(world):
    p = world.p
    assert set(listed_projects(p.alice)) == {p.project_a}
    assert set(listed_projects(p.charlie)) == set()
    assert set(listed_projects(p.dana)) == {p.project_a, p.project_b}


def test_soft_deleted_projects_are_gone(world):
    p = world.p
    Project.objects.filter(pk=p.project_a.pk).update(date_deleted=timezone.now())
    with pytest.raises(Http404):
        access_project(p.dana, p.project_a.pk)


def test_refusals_are_audited(world):
    with pytest.raises(Http404):
        access_project(world.p.alice, world.p.project_a.pk, write=True)
    assert AuditEvent.objects.filter(action="denied", object_type="directory.Project").exists()


# --- every page checks access -----------------------------------------------------------------------------------------

READ, PROJECT_WRITE, PROJECT_CREATE, ORG_WRITE, LEAD = "read", "project-write", "project-create", "org-write", "lead"
KINDS = ("funders", "cocs", "inventory", "hmis-participation", "ce-participation")
ENDABLE = ("funders", "inventory", "hmis-participation", "ce-participation")


def pages() -> list[tuple[str, str, Any]]:
    """(test id, access rule, world, project or organization -> URL)."""
    out: list[tuple[str, str, Any]] = [
        ("organizations", READ, lambda w, target: reverse("directory:organizations")),
        ("organization_detail", READ, lambda w, org: reverse("directory:organization_detail", args=[org.pk])),
        ("projects", READ, lambda w, target: reverse("directory:projects")),
        ("project_detail", READ, lambda w, prj: reverse("directory:project_detail", args=[prj.pk])),
        ("organization_create", LEAD, lambda w, target: reverse("directory:organization_create")),
        ("organization_edit", ORG_WRITE, lambda w, org: reverse("directory:organization_edit", args=[org.pk])),
        ("project_create", PROJECT_CREATE, lambda w, target: reverse("directory:project_create")),
        ("project_edit", PROJECT_WRITE, lambda w, prj: reverse("directory:project_edit", args=[prj.pk])),
        ("project_close", PROJECT_WRITE, lambda w, prj: reverse("directory:project_close", args=[prj.pk])),
        ("cocs", LEAD, lambda w, target: reverse("directory:cocs")),
        ("coc_create", LEAD, lambda w, target: reverse("directory:coc_create")),
        ("coc_edit", LEAD, lambda w, target: reverse("directory:coc_edit", args=[w.coc.pk])),
    ]
    for kind in KINDS:
        out.append((f"record_add[{kind}]", PROJECT_WRITE,
                    lambda w, prj, kind=kind: reverse("directory:record_add", args=[prj.pk, kind])))
        out.append((f"record_edit[{kind}]", PROJECT_WRITE, lambda w, prj, kind=kind: reverse(
            "directory:record_edit", args=[prj.pk, kind, w.records[(prj.pk, kind)].pk])))
    for kind in ENDABLE:
        out.append((f"record_end[{kind}]", PROJECT_WRITE, lambda w, prj, kind=kind: reverse(
            "directory:record_end", args=[prj.pk, kind, w.records[(prj.pk, kind)].pk])))
    return out


def get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(("page", "rule", "url"), pages(), ids=[page for page, _r, _u in pages()])
def test_it_checks_access(client, world, page, rule, url):
    p = world.p
    own = p.agency_a if rule in (READ, ORG_WRITE) and "organization" in page else p.project_a
    other = p.agency_b if own == p.agency_a else p.project_b
    url_own, url_other = url(world, own), url(world, other)

    anonymous = get(client, None, url_own)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("accounts:login"))

    assert get(client, p.dana, url_own).status_code == 200
    assert get(client, p.dana, url_other).status_code == 200

    if rule == READ:
        for user in (p.alice, p.charlie, world.rep):
            assert get(client, user, url_own).status_code == 200
            assert get(client, user, url_other).status_code == 200
        assert get(client, world.nobody, url_own).status_code in (403, 404)
    elif rule in (PROJECT_WRITE, ORG_WRITE):
        assert get(client, world.rep, url_own).status_code == 200
        assert get(client, world.rep, url_other).status_code == 404  # another agency's: same as missing
        assert get(client, p.alice, url_own).status_code == 404  # a caseworker never writes
        assert get(client, world.nobody, url_own).status_code == 404
    elif rule == PROJECT_CREATE:
        assert get(client, world.rep, url_own).status_code == 200
        for user in (p.alice, world.nobody):
            assert get(client, user, url_own).status_code == 403
    elif rule == LEAD:
        for user in (p.alice, world.rep, world.nobody):
            assert get(client, user, url_own).status_code == 403


def test_posts_are_refused_like_gets(client, world):
    """A caseworker cannot create or change a project by posting either; nothing is saved."""
    p = world.p
    client.force_login(p.alice)
    before = Project.objects.count()
    assert client.post(reverse("directory:project_create"), project_data(p.agency_a.pk)).status_code == 403
    response = client.post(reverse("directory:project_edit", args=[p.project_a.pk]), project_data(project_name="X"))
    assert response.status_code == 404
    assert client.post(reverse("directory:project_close", args=[p.project_a.pk]),
                       {"operating_end_date": "2025-01-01"}).status_code == 404
    assert Project.objects.count() == before
    p.project_a.refresh_from_db()
    assert p.project_a.project_name == "A Emergency Shelter" and p.project_a.operating_end_date is None


def test_an_agency_representative_cannot_add_a_project_to_another_agency(client, world):
    p = world.p
    client.force_login(world.rep)
    response = client.post(reverse("directory:project_create"), project_data(p.agency_b.pk))
    assert response.status_code == 200  # re-displayed: agency B is not a choice
    assert not Project.objects.filter(organization=p.agency_b, project_name="Harbor Transitional Housing").exists()


def test_an_unknown_record_kind_is_404(client, world):
    client.force_login(world.p.dana)
    assert client.get(reverse("directory:record_add", args=[world.p.project_a.pk, "nonsense"])).status_code == 404
    pc = world.records[(world.p.project_a.pk, "cocs")]
    assert client.get(reverse("directory:record_end", args=[world.p.project_a.pk, "cocs", pc.pk])).status_code == 404
