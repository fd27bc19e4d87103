"""What the busiest pages cost in SQL: no query per row (N+1), and the per-request reads done once per request."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.core.testing import make_client_record, make_enrollment_record
from hearth.directory.models import Funder
from hearth.enrollments.models import CaseNote, IncomeBenefits, Service

PARTIAL = {"HX-Request": "true", "HX-Target": "search-results"}


def page_queries(client, url, headers=None) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200, url
    return [q["sql"] for q in captured.captured_queries]


def touching(queries: list[str], table: str) -> int:
    return sum(f'"{table}"' in sql for sql in queries)


def add_stay_records(stay, author, n: int) -> None:
    """``n`` more bed nights, income assessments and case notes on a stay."""
    for i in range(n):
        day = stay.entry_date + timedelta(days=i + 1)
        Service.objects.create(
            enrollment=stay, client=stay.client, owner_org=stay.owner_org, date_provided=day, record_type=200,
            type_provided=200,
        )  # fmt: skip
        IncomeBenefits.objects.create(
            enrollment=stay, client=stay.client, owner_org=stay.owner_org, information_date=day,
            data_collection_stage=2, income_from_any_source=0,
        )  # fmt: skip
        CaseNote.objects.create(
            enrollment=stay, client=stay.client, owner_org=stay.owner_org, author=author, note_date=day, text="seen"
        )


@pytest.fixture
def casework(personas, client):
    p = personas
    # A CoC-funded shelter: HUD asks for income, benefits, insurance and disabilities at project start.
    Funder.objects.create(
        project=p.project_a, owner_org=p.agency_a, funder=2, grant_id="XX0001", start_date=date(2020, 1, 1)
    )
    ana = make_client_record(p.agency_a, first_name="Ana", last_name="Lopez")
    stay = make_enrollment_record(ana, p.project_a)
    client.force_login(p.alice)
    pages = {
        "search page": (reverse("clients:search") + "?q=Ana+Lopez", None),
        "search as you type": (reverse("clients:search") + "?q=Ana+Lopez", PARTIAL),
        "client profile": (reverse("clients:detail", args=[ana.pk]), None),
        "enrollment page": (reverse("enrollments:detail", args=[stay.pk]), None),
    }
    # Once-only work is not what is measured: the day's clearance reminder, the sharing policy's first row.
    for url, headers in pages.values():
        page_queries(client, url, headers)
    return p, ana, stay, pages


def test_page_queries_do_not_grow_with_the_records_shown(casework, client):
    p, ana, stay, pages = casework

    def add_household_member(i):
        member = make_client_record(p.agency_a, first_name=f"Kid{i}", last_name="Lopez", dob=date(2015 + i, 3, 4))
        make_enrollment_record(member, p.project_a, household_id=stay.household_id, relationship_to_hoh=2)

    add_household_member(0)
    before = {kind: len(page_queries(client, url, headers)) for kind, (url, headers) in pages.items()}
    # More of everything the pages list: search hits, household members, stays, services, assessments, notes.
    for i in range(1, 4):
        add_household_member(i)
    for i in range(4):
        other = make_client_record(p.agency_a, first_name="Ana", last_name="Lopez", dob=date(1980 + i, 1, 2))
        make_enrollment_record(other, p.project_a)
        make_enrollment_record(ana, p.project_a, entry_date=date(2025, 1 + i, 1), household_id=f"more{i}")
    add_stay_records(stay, p.alice, 6)
    after = {kind: len(page_queries(client, url, headers)) for kind, (url, headers) in pages.items()}
    assert after == before


def test_each_page_reads_the_users_roles_and_the_sharing_policy_once(casework, client):
    _p, _ana, stay, pages = casework
    add_stay_records(stay, _p.alice, 3)
    for kind, (url, headers) in pages.items():
        queries = page_queries(client, url, headers)
        assert touching(queries, "accounts_membership") == 1, kind
        assert touching(queries, "privacy_sharingpolicy") <= 1, kind
    # The stay's missing-data list reads each kind of assessment record once, not once per HUD question (income
    # alone has some 20 questions): the page reads income records for that list, the assessments and the annual due.
    url, _headers = pages["enrollment page"]
    assert touching(page_queries(client, url), "enrollments_incomebenefits") <= 3
