"""Test helpers: the personas of ARCHITECTURE.md section 4 and small record factories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hearth.accounts.models import Membership, Role, User
from hearth.directory.models import Organization, Project

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - test personas only


@dataclass
class Personas:
    alice: User  # caseworker, agency A
    bob: User  # caseworker, agency B
    charlie: User  # caseworker, agency C: sees nothing of A's or B's
    dana: User  # HMIS lead administrator (system administrator)
    agency_a: Organization
    agency_b: Organization
    agency_c: Organization
    lead: Organization
    project_a: Project
    project_b: Project


def make_organization(name: str, **kwargs: Any) -> Organization:
    return Organization.objects.create(organization_name=name, victim_service_provider=0, **kwargs)


def make_project(organization: Organization, name: str, project_type: int = 1, **kwargs: Any) -> Project:
    return Project.objects.create(
        organization=organization,
        owner_org=organization,
        project_name=name,
        operating_start_date=kwargs.pop("operating_start_date", date(2020, 1, 1)),
        continuum_project=kwargs.pop("continuum_project", 1),
        project_type=project_type,
        **kwargs,
    )


def make_user(username: str, organization: Organization | None, role: str, **kwargs: Any) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, first_name=username.title(), **kwargs)
    if organization is not None:
        Membership.objects.create(user=user, organization=organization, role=role)
    return user


def make_personas() -> Personas:
    lead = make_organization("Lead Agency (HMIS Lead)")
    a, b, c = (make_organization(f"Agency {x}") for x in "ABC")
    return Personas(
        alice=make_user("alice", a, Role.CASEWORKER),
        bob=make_user("bob", b, Role.CASEWORKER),
        charlie=make_user("charlie", c, Role.CASEWORKER),
        dana=make_user("dana", lead, Role.LEAD_ADMIN, is_staff=True, is_superuser=True),
        agency_a=a,
        agency_b=b,
        agency_c=c,
        lead=lead,
        project_a=make_project(a, "A Emergency Shelter", project_type=0),
        project_b=make_project(b, "B Rapid Rehousing", project_type=13),
    )
