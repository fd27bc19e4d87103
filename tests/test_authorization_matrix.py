"""The authorization matrix: every URL of the project x persona x the client's consent state -> expected outcome.

The URLs come from the URL configuration itself (``get_resolver()``); a URL name without an entry in ``MATRIX``
fails the test, so every new page gets an explicit decision. Each entry names a rule (the expected HTTP status per
persona, depending on the consent state for client data) and how to build the URL's arguments.

Personas: alice (caseworker, agency A, entered the client), bob (caseworker, agency B), charlie (caseworker,
agency C), dana (HMIS lead), removed (agency A caseworker whose access was removed today, logged in before), expired
(agency A caseworker whose yearly training expired). Consent states: none (a consent exists but shares with no
agency), shared (the client's consent names agency B), revoked (that consent, revoked).
GET requests only; pages that only accept POST must answer 405 to GET (their POST is tested in the apps).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from hearth.accounts.models import Membership, Role
from hearth.accounts.services import membership_end
from hearth.core.testing import (
    expire_clearance,
    make_client_record,
    make_enrollment_record,
    make_project,
    make_user,
)
from hearth.privacy.models import Consent

PERSONAS = ("alice", "bob", "charlie", "dana", "removed", "expired")
CONSENT_STATES = ("none", "shared", "revoked")
MISSING = 987654  # an id no record has: guessing must look like "not found" (or "not allowed" for the role)


def everyone(status: int) -> Callable[[str, str], int]:
    return lambda persona, consent: status


def signed_in(status: int = 200) -> Callable[[str, str], int]:
    """Any logged-in user; the removed user's session is over (to the log-in page)."""
    return lambda persona, consent: 302 if persona == "removed" else status


def lead_only(status: int = 200, others: int = 403) -> Callable[[str, str], int]:
    return lambda persona, consent: {"dana": status, "removed": 302}.get(persona, others)


def client_data(*, bob_when_shared: bool = True, write: bool = False) -> Callable[[str, str], int]:
    """Agency A's client: A and the lead see it; B only under the consent; C never; the expired user is gated."""

    def rule(persona: str, consent: str) -> int:
        if persona == "removed":
            return 302
        if persona in ("alice", "dana"):
            return 200
        if persona == "bob" and consent == "shared" and bob_when_shared and not write:
            return 200
        return 404

    return rule


def agency_a_page(*, expired: int = 200) -> Callable[[str, str], int]:
    """A page of agency A's own (its project): A and the lead; others get 404."""
    return lambda persona, consent: {"alice": 200, "dana": 200, "removed": 302, "expired": expired}.get(persona, 404)


def role_gated_missing(*, lead: int = 404, others: int = 403) -> Callable[[str, str], int]:
    return lambda persona, consent: {"dana": lead, "removed": 302}.get(persona, others)


@dataclass
class Entry:
    rule: Callable[[str, str], int]
    args: Callable[[Any], list[Any]] = lambda w: []  # noqa: E731
    query: str = ""


MATRIX: dict[str, Entry] = {
    # core
    "core:home": Entry(signed_in()),
    "core:set_language": Entry(everyone(405)),
    "set_language": Entry(everyone(302)),  # Django's view: GET only redirects
    # accounts
    "accounts:login": Entry(everyone(200)),
    "accounts:login_verify": Entry(everyone(302)),  # without a pending log-in: back to step one
    "accounts:login_enroll": Entry(everyone(302)),
    "accounts:logout": Entry(everyone(405)),
    "accounts:set_password": Entry(everyone(200), lambda w: ["MQ", "bad-token"]),  # "link expired" page
    "accounts:security": Entry(signed_in()),
    "accounts:mfa_setup": Entry(signed_in()),
    "accounts:quiz": Entry(signed_in()),
    "accounts:quiz_questions": Entry(lead_only()),
    "accounts:quiz_question_add": Entry(lead_only()),
    "accounts:quiz_question_edit": Entry(lead_only(404), lambda w: [MISSING]),
    "accounts:quiz_question_move": Entry(everyone(405), lambda w: [MISSING]),
    "accounts:quiz_question_retire": Entry(everyone(405), lambda w: [MISSING]),
    "accounts:agreement": Entry(signed_in()),
    "accounts:staff": Entry(lead_only()),
    "accounts:staff_add": Entry(lead_only()),
    "accounts:staff_remove": Entry(everyone(405), lambda w: [w.membership_b.pk]),
    "accounts:staff_approve": Entry(everyone(405), lambda w: [w.membership_b.pk]),
    "accounts:staff_training": Entry(everyone(405), lambda w: [w.bob.pk]),
    "accounts:access_overview": Entry(lead_only()),
    # privacy
    "privacy:policy": Entry(lead_only()),
    "privacy:client_consents": Entry(client_data(), lambda w: [w.client.pk]),
    "privacy:client_restriction": Entry(everyone(405), lambda w: [w.client.pk]),
    "privacy:client_access_log": Entry(lead_only(), lambda w: [w.client.pk]),
    "privacy:client_access_log_print": Entry(lead_only(), lambda w: [w.client.pk, "es"]),
    "privacy:consent_revoke": Entry(client_data(), lambda w: [w.consent.pk]),
    "privacy:consent_print": Entry(client_data(), lambda w: [w.consent.pk, "en"]),
    "privacy:document": Entry(signed_in(), lambda w: ["notice", "es"]),
    # clients
    "clients:search": Entry(signed_in()),
    "clients:create": Entry(signed_in()),
    "clients:detail": Entry(client_data(), lambda w: [w.client.pk]),
    "clients:edit": Entry(client_data(), lambda w: [w.client.pk]),
    # The full SSN: the lead (and agency A's HMIS representative); a caseworker who sees the client is refused.
    "clients:ssn": Entry(
        lambda persona, consent: (
            403 if persona == "alice" or (persona == "bob" and consent == "shared") else client_data()(persona, consent)
        ),
        lambda w: [w.client.pk],
    ),
    # enrollments
    "enrollments:projects": Entry(signed_in()),
    "enrollments:start": Entry(signed_in()),
    "enrollments:detail": Entry(client_data(), lambda w: [w.enrollment.pk]),
    "enrollments:assess": Entry(client_data(write=True), lambda w: [w.enrollment.pk, "update"]),
    "enrollments:exit": Entry(client_data(write=True), lambda w: [w.enrollment.pk]),
    "enrollments:edit_stage": Entry(client_data(write=True), lambda w: [w.enrollment.pk, "start"]),
    "enrollments:move_in": Entry(client_data(write=True), lambda w: [w.enrollment.pk]),
    "enrollments:service_add": Entry(client_data(write=True), lambda w: [w.shelter_stay.pk]),
    "enrollments:change_head": Entry(client_data(write=True), lambda w: [w.enrollment.pk]),
    "enrollments:post_exit": Entry(client_data(write=True), lambda w: [w.enrollment.pk]),
    "enrollments:veteran": Entry(client_data(write=True), lambda w: [w.enrollment.pk]),
    "enrollments:contact_add": Entry(client_data(write=True), lambda w: [w.enrollment.pk]),
    "enrollments:note_add": Entry(signed_in(405), lambda w: [w.enrollment.pk]),
    "enrollments:file_add": Entry(signed_in(405), lambda w: [w.enrollment.pk]),
    "enrollments:file_download": Entry(signed_in(404), lambda w: [MISSING]),
    "enrollments:bed_nights": Entry(agency_a_page(), lambda w: [w.night_shelter.pk]),
    "enrollments:project_dq": Entry(agency_a_page(), lambda w: [w.project_a.pk]),
    "enrollments:branching_js": Entry(everyone(200)),
    # directory (public within the CoC; changes by the lead or the agency's representative)
    "directory:organizations": Entry(signed_in()),
    "directory:organization_create": Entry(lead_only()),
    "directory:organization_detail": Entry(signed_in(), lambda w: [w.agency_a.pk]),
    "directory:organization_edit": Entry(lead_only(others=404), lambda w: [w.agency_a.pk]),
    "directory:projects": Entry(signed_in()),
    "directory:project_create": Entry(lead_only()),
    "directory:project_detail": Entry(signed_in(), lambda w: [w.project_a.pk]),
    "directory:project_edit": Entry(lead_only(others=404), lambda w: [w.project_a.pk]),
    "directory:project_close": Entry(lead_only(others=404), lambda w: [w.project_a.pk]),
    "directory:record_add": Entry(lead_only(others=404), lambda w: [w.project_a.pk, "funders"]),
    "directory:record_edit": Entry(lead_only(404, others=404), lambda w: [w.project_a.pk, "funders", MISSING]),
    "directory:record_end": Entry(lead_only(404, others=404), lambda w: [w.project_a.pk, "funders", MISSING]),
    "directory:cocs": Entry(lead_only()),
    "directory:coc_create": Entry(lead_only()),
    "directory:coc_edit": Entry(lead_only(404), lambda w: [MISSING]),
    # duplicates (the HMIS lead's work; others get the same 404 as a missing page)
    "dedup:queue": Entry(lead_only(others=404)),
    "dedup:history": Entry(lead_only(others=404)),
    "dedup:compare": Entry(lead_only(404, others=404), lambda w: [MISSING]),
    "dedup:merge": Entry(lead_only(404, others=404), lambda w: [MISSING]),
    "dedup:not_duplicate": Entry(signed_in(405), lambda w: [MISSING]),
    "dedup:unmerge": Entry(signed_in(405), lambda w: [MISSING]),
    # reports (the form for those who may run them; a guessed run id is not found)
    "reports:index": Entry(signed_in()),
    "reports:run": Entry(signed_in(405)),
    "reports:detail": Entry(signed_in(404), lambda w: [MISSING]),
    "reports:download": Entry(signed_in(404), lambda w: [MISSING]),
    "reports:nights": Entry(signed_in(404), lambda w: [MISSING, w.client.pk]),
    "reports:cell": Entry(signed_in(404), lambda w: [MISSING, "Q5a", "B2"]),
    # background jobs (each user sees their own; a guessed id is not found)
    "jobs:detail": Entry(signed_in(404), lambda w: [MISSING]),
    # HMIS CSV (the lead and agency representatives)
    "hudcsv:imports": Entry(lead_only()),
    "hudcsv:import_upload": Entry(lead_only()),
    "hudcsv:import_detail": Entry(role_gated_missing(), lambda w: [MISSING]),
    "hudcsv:exports": Entry(lead_only()),
    "hudcsv:export_download": Entry(lead_only()),
}


def url_names() -> list[str]:
    """Every named URL of the project (Django's admin and static files aside), with its namespace."""

    def walk(patterns: list[Any], namespace: str = "") -> list[str]:
        names = []
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                if pattern.namespace == "admin":
                    continue
                names += walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"a URL without a name: {pattern.pattern}"
                names.append(f"{namespace}{pattern.name}")
        return names

    return sorted(set(walk(get_resolver().url_patterns)))


def test_every_url_has_an_entry():
    missing = [name for name in url_names() if name not in MATRIX]
    stale = [name for name in MATRIX if name not in url_names()]
    assert not missing, f"add these URLs to the authorization matrix: {missing}"
    assert not stale, f"these matrix entries name no URL: {stale}"


@dataclass
class World:
    client: Any
    enrollment: Any
    consent: Consent
    membership_b: Membership
    bob: Any
    agency_a: Any
    project_a: Any
    night_shelter: Any
    shelter_stay: Any


@pytest.fixture
def browsers(personas):
    """A logged-in browser per persona (the removed user logged in before the removal)."""
    removed = make_user("rudy", personas.agency_a, Role.CASEWORKER)
    expired = make_user("eve", personas.agency_a, Role.CASEWORKER)
    expire_clearance(expired)
    users = {
        "alice": personas.alice,
        "bob": personas.bob,
        "charlie": personas.charlie,
        "dana": personas.dana,
        "removed": removed,
        "expired": expired,
    }
    browsers = {}
    for name, user in users.items():
        browsers[name] = Client()
        browsers[name].force_login(user)
    membership_end(acting_user=personas.dana, membership=Membership.objects.get(user=removed))
    return browsers


def make_world(personas, consent_state: str) -> World:
    client = make_client_record(personas.agency_a)
    enrollment = make_enrollment_record(client, personas.project_a)
    night_shelter = make_project(personas.agency_a, "A Night Shelter", project_type=1)
    shelter_stay = make_enrollment_record(client, night_shelter, entry_date=timezone.localdate())
    consent = Consent.objects.create(
        client=client,
        organization=personas.agency_a,
        signed_on=timezone.localdate(),
        scope=Consent.Scope.AGENCIES,
        typed_signature="Ana Lopez",
        recorded_by=personas.alice,
    )
    if consent_state in ("shared", "revoked"):
        consent.agencies.add(personas.agency_b)
    if consent_state == "revoked":
        consent.revoked_at = timezone.now()
        consent.revoked_by = personas.alice
        consent.save()
    return World(
        client=client,
        enrollment=enrollment,
        consent=consent,
        membership_b=Membership.objects.get(user=personas.bob),
        bob=personas.bob,
        agency_a=personas.agency_a,
        project_a=personas.project_a,
        night_shelter=night_shelter,
        shelter_stay=shelter_stay,
    )


@pytest.mark.parametrize("consent_state", CONSENT_STATES)
def test_the_authorization_matrix(personas, browsers, consent_state):
    world = make_world(personas, consent_state)
    wrong = []
    for name in url_names():
        entry = MATRIX.get(name)
        if entry is None:
            continue  # reported by test_every_url_has_an_entry
        url = reverse(name, args=entry.args(world)) + entry.query
        for persona in PERSONAS:
            expected = entry.rule(persona, consent_state)
            got = browsers[persona].get(url).status_code
            if got != expected:
                wrong.append(f"{name} as {persona} ({consent_state} consent): expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_anonymous_visitors_reach_only_the_public_pages(personas):
    world = make_world(personas, "shared")
    public = {"accounts:login", "accounts:set_password", "enrollments:branching_js", "set_language"}
    anonymous = Client()
    for name in url_names():
        entry = MATRIX.get(name)
        if entry is None:
            continue  # reported by test_every_url_has_an_entry
        url = reverse(name, args=entry.args(world))
        status = anonymous.get(url).status_code
        if name in public:
            assert status in (200, 204, 302), name
        else:
            assert status in (302, 405), f"{name} answered {status} to an anonymous visitor"
