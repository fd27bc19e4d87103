"""Restricted records on every page that lists or shows clients: redacted (with the reason) to users outside the
agency that serves the client, the HMIS lead included; in full to that agency's users."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hearth.accounts.models import Role
from hearth.core.testing import make_client_record, make_enrollment_record, make_organization, make_project, make_user
from hearth.dedup.models import Candidate, Merge
from hearth.dedup.services import client_merge
from hearth.privacy import services
from hearth.privacy.models import ClientRestriction
from hearth.privacy.rules import client_display_name, is_redacted_for, mark_redactions
from hearth.reports.models import ReportCell, ReportRun

START, END = date(2025, 10, 1), date(2026, 9, 30)
REASON = "a restricted record, kept within the agency that serves the client"
# What must never reach a page that redacts the record: its name, date of birth and SSN (in any form).
SECRETS = ("Zelda", "Quixote", "1985-07-14", "4321")


@pytest.fixture
def zelda(personas):
    """A client of agency A flagged confidential, enrolled in A's shelter and in B's rapid rehousing."""
    p = personas
    zelda = make_client_record(p.agency_a, first_name="Zelda", last_name="Quixote", dob=date(1985, 7, 14),
                               ssn="987654321")  # fmt: skip
    services.client_restriction_set(acting_user=p.alice, client=zelda, confidential=True)
    make_enrollment_record(zelda, p.project_a)
    make_enrollment_record(zelda, p.project_b)
    return zelda


def assert_redacted(body: str) -> None:
    assert "Restricted record" in body and REASON in body
    for secret in SECRETS:
        assert secret not in body, secret


def test_the_rules_redact_outside_the_serving_agency_in_one_query(personas, zelda, django_assert_num_queries):
    p = personas
    open_client = make_client_record(p.agency_b, first_name="Bea", last_name="Open")
    vsp = make_organization("Safe Harbor")
    vsp.victim_service_provider = 1
    vsp.save()
    sheltered = make_client_record(vsp, first_name="Vera", last_name="Shelter")
    for user, expected in (
        (p.alice, {sheltered.pk}),
        (p.bob, {sheltered.pk}),  # B serves zelda: her stay in its project
        (p.dana, {zelda.pk, sheltered.pk}),
    ):
        clients = [zelda, open_client, sheltered]
        for c in clients:
            c.__dict__.pop("hearth_redacted", None)
        with django_assert_num_queries(2):  # the user's agencies, then the restricted ones among the clients
            mark_redactions(user, clients)
        assert {c.pk for c in clients if c.hearth_redacted_for == (user.pk, True)} == expected, user
        assert {c.pk for c in clients if is_redacted_for(user, c)} == expected
    assert client_display_name(p.alice, zelda) == "Zelda Quixote"
    assert client_display_name(p.bob, open_client) == "Bea Open"


@pytest.fixture
def runs(personas, zelda):
    """Runs over A's project (by erin, A's representative), over B's (by bert, B's), over C's (by cleo, C's) and
    over the CoC (by dana), each with a cell counting zelda and a client of B."""
    p = personas
    project_c = make_project(p.agency_c, "C Outreach", project_type=4)
    bea = make_client_record(p.agency_b, first_name="Bea", last_name="Open")
    make_enrollment_record(bea, p.project_b)
    make_enrollment_record(bea, project_c)
    made = {}
    plan = [
        ("erin", p.agency_a, [p.project_a]),
        ("bert", p.agency_b, [p.project_b]),
        ("cleo", p.agency_c, [project_c]),
        ("dana", None, [p.project_a, p.project_b]),
    ]
    for name, org, projects in plan:
        user = p.dana if name == "dana" else make_user(name, org, Role.AGENCY_ADMIN)
        run = ReportRun.objects.create(report="spm", start=START, end=END, coc_code="XX-500", created_by=user,
                                       status=ReportRun.Status.DONE, summary={"tables": []})  # fmt: skip
        run.projects.set(projects)
        ReportCell.objects.create(run=run, table="1a", ref="B1", personal_ids=[zelda.hud_id, bea.hud_id])
        made[name] = (user, run)
    return made


def test_report_drill_down_redacts_restricted_clients_outside_their_agency(client, personas, zelda, runs):
    for name in ("dana",):
        user, run = runs[name]
        client.force_login(user)
        page = client.get(reverse("reports:cell", args=[run.pk, "1a", "B1"]))
        body = page.content.decode()
        assert zelda.pk in [c.pk for c in page.context["page"]], name
        assert_redacted(body)
        assert "Bea Open" in body and "Measure 1 nights of Bea" in body
        nights = client.get(reverse("reports:nights", args=[run.pk, zelda.pk])).content.decode()
        assert "Measure 1 nights of Restricted record" in nights
        assert_redacted(nights)

    user, run = runs["cleo"]  # C's representative: zelda is not C's client at all, only counted
    client.force_login(user)
    page = client.get(reverse("reports:cell", args=[run.pk, "1a", "B1"]))
    assert page.context["found"].hidden == 1
    assert "Zelda" not in page.content.decode() and "Restricted record" not in page.content.decode()

    for name in ("erin", "bert"):  # A entered zelda's record and B's project enrolled her: both serve her, in full
        user, run = runs[name]
        client.force_login(user)
        body = client.get(reverse("reports:cell", args=[run.pk, "1a", "B1"])).content.decode()
        assert "Zelda Quixote" in body and "Restricted record" not in body, name
        nights = client.get(reverse("reports:nights", args=[run.pk, zelda.pk])).content.decode()
        assert "Measure 1 nights of Zelda Quixote" in nights and REASON not in nights, name


@pytest.fixture
def pair(personas, zelda):
    """A possible duplicate: zelda and an open record of B."""
    twin = make_client_record(personas.agency_b, first_name="Zoe", last_name="Quinn", dob=date(1985, 7, 15), ssn="")
    a, b = sorted((zelda, twin), key=lambda c: c.pk)
    return Candidate.objects.create(client_a=a, client_b=b, score=0.8, reasons=[]), twin


def test_duplicate_pages_redact_restricted_records_for_the_lead(client, personas, zelda, pair):
    candidate, twin = pair
    client.force_login(personas.dana)
    queue = client.get(reverse("dedup:queue")).content.decode()
    assert_redacted(queue)
    assert "Zoe Quinn" in queue and "1985-07-15" in queue

    compare = client.get(reverse("dedup:compare", args=[candidate.pk])).content.decode()
    assert "Restricted record" in compare and 'id="redaction-note"' in compare
    for secret in SECRETS:
        assert secret not in compare, secret
    assert "Zoe" in compare and f"Keep Restricted record (#{zelda.pk})" in compare

    confirm = reverse("dedup:merge", args=[candidate.pk]) + f"?survivor={twin.pk}&group_name={zelda.pk}"
    body = client.get(confirm).content.decode()
    assert f"Record #{zelda.pk} (Restricted record) will be merged into record #{twin.pk} (Zoe Quinn)" in body
    for secret in SECRETS:
        assert secret not in body, secret

    client_merge(survivor=twin, merged=zelda, field_choices={}, acting_user=personas.dana, candidate=candidate)
    assert Merge.objects.exists()
    history = client.get(reverse("dedup:history")).content.decode()
    assert_redacted(history)  # one person now, restricted: neither record's former name is shown
    assert "Zoe" not in history and f"(#{twin.pk})" in history


def test_duplicate_pages_show_open_records_in_full(client, personas, pair):
    candidate, twin = pair
    ClientRestriction.objects.filter(client__in=[candidate.client_a, candidate.client_b]).update(confidential=False)
    client.force_login(personas.dana)
    queue = client.get(reverse("dedup:queue")).content.decode()
    assert "Zelda Quixote" in queue and "1985-07-14" in queue and "Restricted record" not in queue
    compare = client.get(reverse("dedup:compare", args=[candidate.pk])).content.decode()
    assert "xxx-xx-4321" in compare and 'id="redaction-note"' not in compare


def test_access_log_and_consent_pages_redact_for_the_lead_and_not_for_the_agency(client, personas, zelda):
    client.force_login(personas.dana)
    for url in (
        reverse("privacy:client_access_log", args=[zelda.pk]),
        reverse("privacy:client_access_log_print", args=[zelda.pk, "en"]),
        reverse("privacy:client_consents", args=[zelda.pk]),
    ):
        body = client.get(url).content.decode()
        assert "Restricted record" in body and REASON in body, url
        assert "Zelda" not in body and "Quixote" not in body, url
    spanish = client.get(reverse("privacy:client_access_log_print", args=[zelda.pk, "es"])).content.decode()
    assert "Expediente restringido" in spanish and "Zelda" not in spanish

    client.force_login(personas.alice)  # A entered the record: in full
    body = client.get(reverse("privacy:client_consents", args=[zelda.pk])).content.decode()
    assert "Zelda Quixote" in body and "Restricted record" not in body
    client.force_login(personas.bob)  # B's project enrolled zelda too: B serves her, in full
    body = client.get(reverse("privacy:client_consents", args=[zelda.pk])).content.decode()
    assert "Zelda Quixote" in body and "Restricted record" not in body
    client.force_login(personas.charlie)  # not C's client: the same 404 as a missing record
    assert client.get(reverse("privacy:client_consents", args=[zelda.pk])).status_code == 404


def test_household_members_are_redacted_outside_the_agencies_that_serve_the_client(client, personas, zelda):
    """Zelda stays at B's rapid rehousing with Bea (head of household, B's client): the lead sees the household with
    zelda redacted; bob (whose project enrolled her) and alice (whose agency entered her) see her in full."""
    from hearth.enrollments.models import Enrollment

    p = personas
    bea = make_client_record(p.agency_b, first_name="Bea", last_name="Open")
    head = make_enrollment_record(bea, p.project_b, household_id="family-1")
    Enrollment.objects.filter(client=zelda, project=p.project_b).update(household_id="family-1", relationship_to_hoh=3)
    zelda_stay_a = Enrollment.objects.get(client=zelda, project=p.project_a)
    for user in (p.dana,):
        client.force_login(user)
        for url in (reverse("enrollments:detail", args=[head.pk]), reverse("clients:detail", args=[bea.pk])):
            body = client.get(url).content.decode()
            assert "Bea Open" in body or "Bea" in body, url
            assert "Restricted record" in body and REASON in body, (user, url)
            assert "Zelda" not in body and "Quixote" not in body, (user, url)
    client.force_login(p.alice)
    body = client.get(reverse("enrollments:detail", args=[zelda_stay_a.pk])).content.decode()
    assert "Zelda Quixote" in body and "Restricted record" not in body
    client.force_login(p.bob)
    body = client.get(reverse("enrollments:detail", args=[head.pk])).content.decode()
    assert "Zelda Quixote" in body and "Restricted record" not in body
    client.force_login(p.charlie)
    assert client.get(reverse("enrollments:detail", args=[head.pk])).status_code == 404


def test_the_profile_of_a_restricted_record_is_redacted_for_the_lead(client, personas, zelda):
    """The lead opens zelda by id: no name, SSN or date of birth, no SSN reveal, no editing; A sees her in full."""
    client.force_login(personas.dana)
    response = client.get(reverse("clients:detail", args=[zelda.pk]))
    assert response.status_code == 200
    assert_redacted(response.content.decode())
    assert 'id="show-ssn"' not in response.content.decode()
    assert client.get(reverse("clients:ssn", args=[zelda.pk])).status_code == 403
    assert client.get(reverse("clients:edit", args=[zelda.pk])).status_code == 403
    from hearth.enrollments.models import Enrollment

    stay = Enrollment.objects.filter(client=zelda).first()
    assert_redacted(client.get(reverse("enrollments:detail", args=[stay.pk])).content.decode())
    client.force_login(personas.alice)
    body = client.get(reverse("clients:detail", args=[zelda.pk])).content.decode()
    assert "Zelda" in body and "Restricted record" not in body
    assert client.get(reverse("clients:edit", args=[zelda.pk])).status_code == 200
