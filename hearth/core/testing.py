"""Test helpers: the personas of ARCHITECTURE.md section 4 and small record factories."""

from __future__ import annotations

import base64
import hashlib
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from hearth.accounts.models import Clearance, Membership, Role, TOTPDevice, User
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


def persona_totp_secret(username: str) -> str:
    """The fixed TOTP secret of a test user (so tests and the browser log-in helper can pass the second factor)."""
    digest = hashlib.sha256(f"hearth-persona-totp:{username}".encode()).digest()[:20]
    return base64.b32encode(digest).decode()


def persona_totp_code(username: str) -> str:
    """A code the server accepts now for ``username``: the earliest step near now not used yet."""
    import pyotp

    from hearth.accounts.services import totp_matching_step

    device = TOTPDevice.objects.filter(user__username=username).first()
    secret = device.secret if device else persona_totp_secret(username)
    last = device.last_step if device else 0
    totp = pyotp.TOTP(secret)
    now_step = int(time.time() // totp.interval)
    for step in (now_step - 1, now_step, now_step + 1):
        code = totp.generate_otp(step)
        if step > last and totp_matching_step(secret, code, after=last) is not None:
            return code
    raise RuntimeError(f"no unused TOTP code for {username} in this 90-second window")


def clear_for_client_data(user: User, *, on: date | None = None) -> Clearance:
    """Mark ``user`` trained, quiz passed and agreement signed (on ``on``, today by default): the gate opens."""
    day = on or timezone.localdate()
    clearance, _created = Clearance.objects.update_or_create(
        user=user,
        defaults={
            "training_completed_on": day,
            "quiz_passed_on": day,
            "quiz_score": 100,
            "agreement_signed_on": day,
            "agreement_signature": user.get_full_name() or user.username,
        },
    )
    if hasattr(user, "_clearance_cache"):
        del user._clearance_cache
    return clearance


def expire_clearance(user: User) -> Clearance:
    """Make ``user``'s clearance a year and a day old (suspended)."""
    return clear_for_client_data(user, on=timezone.localdate() - timedelta(days=366))


def give_persona_authenticator(user: User) -> TOTPDevice:
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, defaults={"secret": persona_totp_secret(user.username)}
    )
    return device


def make_user(
    username: str, organization: Organization | None, role: str, *, cleared: bool = True, **kwargs: Any
) -> User:
    """A test user with the personas' password, a role, and (by default) every gate passed: training, quiz,
    agreement, and an authenticator with a known secret for administrators."""
    user = User.objects.create_user(username=username, password=PASSWORD, first_name=username.title(), **kwargs)
    if organization is not None:
        Membership.objects.create(user=user, organization=organization, role=role)
    if cleared:
        clear_for_client_data(user)
    if role in (Role.LEAD_ADMIN, Role.AGENCY_ADMIN) or user.is_superuser:
        give_persona_authenticator(user)
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


def make_client_record(owner_org: Organization, **kwargs: Any) -> Any:
    """A saved client owned by ``owner_org`` (the agency that entered it), with valid HUD defaults."""
    from hearth.clients.models import Client

    values: dict[str, Any] = dict(
        first_name="Ana",
        last_name="Lopez",
        name_data_quality=1,
        ssn="123456789",
        ssn_data_quality=1,
        dob=date(1990, 5, 1),
        dob_data_quality=1,
        sex=0,
        am_ind_ak_native=0,
        asian=0,
        black_af_american=0,
        hispanic_latinao=1,
        mid_east_n_african=0,
        native_hi_pacific=0,
        white=0,
        veteran_status=0,
    )
    values.update(kwargs)
    return Client.objects.create(owner_org=owner_org, **values)


def make_enrollment_record(client: Any, project: Project, **kwargs: Any) -> Any:
    from hearth.enrollments.models import Enrollment

    values: dict[str, Any] = dict(
        entry_date=date(2026, 1, 5),
        household_id=f"h{client.pk}-{project.pk}",
        relationship_to_hoh=1,
        enrollment_coc="XX-500",
        disabling_condition=0,
    )
    values.update(kwargs)
    return Enrollment.objects.create(client=client, project=project, owner_org=project.organization, **values)
