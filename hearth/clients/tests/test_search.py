"""Client search: names with typos, nicknames and swaps, dates of birth in several formats, last four, HMIS ID;
results only from the access funnel."""

from __future__ import annotations

from datetime import date

import pytest

from hearth.clients.models import Client
from hearth.clients.search import parse_dates, parse_query, search_clients
from hearth.dedup.keys import refresh_client_keys

TODAY = date(2026, 11, 21)


def make_client(org, first, last, dob=None, ssn="", **kwargs):
    client = Client.objects.create(
        owner_org=org,
        first_name=first,
        last_name=last,
        name_data_quality=1,
        ssn=ssn,
        ssn_data_quality=1 if ssn else 99,
        dob=dob,
        dob_data_quality=1 if dob else 99,
        am_ind_ak_native=0,
        asian=0,
        black_af_american=0,
        hispanic_latinao=0,
        mid_east_n_african=0,
        native_hi_pacific=0,
        white=1,
        veteran_status=0,
        sex=1,
        **kwargs,
    )
    refresh_client_keys([client.pk])
    return client


@pytest.fixture
def people(personas):
    a = personas.agency_a
    return {
        "william": make_client(a, "William", "Johnson", date(1984, 7, 9), "123456789"),
        "maria": make_client(a, "Maria", "Hernandez", date(1990, 4, 3), "234561111"),
        "jose": make_client(a, "José", "Garcia-Lopez", date(1975, 12, 25), "345672222"),
        "catherine": make_client(a, "Catherine", "Smith", date(2001, 1, 15), "456783333"),
        "other": make_client(a, "Robert", "Brown", date(1990, 3, 4), "567894444"),
        # Agency B's client: alice may not see it.
        "bmaria": make_client(personas.agency_b, "Maria", "Hernandez", date(1990, 4, 3), "678901111"),
    }


def names_found(user, query):
    return [(h.client.first_name, h.client.last_name) for h in search_clients(user, query)]


def top(user, query):
    hits = search_clients(user, query)
    assert hits, f"nothing found for {query!r}"
    return hits[0]


@pytest.mark.parametrize(
    ("query", "who", "reason"),
    [
        ("William Johnson", "william", "name"),
        ("Wiliam Jonson", "william", "name sounds or is spelled alike"),  # typos
        ("Bill Johnson", "william", "nickname of William"),  # nickname
        ("Johnson William", "william", "first and last name swapped"),  # swapped
        ("Johnson, William", "william", "name"),  # "Last, First"
        ("Maria Hernandes", "maria", "name sounds or is spelled alike"),
        ("Maria Ernandez", "maria", "name sounds or is spelled alike"),  # silent h
        ("Jose Garcia-Lopez", "jose", "name"),  # accents and hyphens
        ("Pepe Garcia", "jose", "nickname of José"),
        ("Cathy Smith", "catherine", "nickname of Catherine"),
        ("Smyth", "catherine", "name sounds or is spelled alike"),
        ("Hernandez", "maria", "name"),
    ],
)
def test_names_match_with_typos_nicknames_and_swaps(personas, people, query, who, reason):
    hit = top(personas.alice, query)
    assert hit.client == people[who]
    assert reason in hit.reasons


@pytest.mark.parametrize("query", ["1990-04-03", "4/3/1990", "04/03/1990", "04031990", "19900403", "4-3-1990"])
def test_dates_of_birth_in_several_formats(personas, people, query):
    hits = search_clients(personas.alice, query)
    assert hits[0].client == people["maria"]
    assert "date of birth" in hits[0].reasons
    # Day and month swapped (3 April vs 4 March) is found too, ranked below the exact date.
    assert [h.client for h in hits][:2] == [people["maria"], people["other"]]
    assert hits[1].score < hits[0].score


@pytest.mark.parametrize("query", ["6789", "***-**-6789", "xxx-xx-6789"])
def test_last_four_of_the_ssn(personas, people, query):
    hits = search_clients(personas.alice, query)
    assert [h.client for h in hits] == [people["william"]]
    assert "last four digits of the SSN" in hits[0].reasons


def test_a_full_ssn(personas, people):
    assert [h.client for h in search_clients(personas.alice, "123-45-6789")] == [people["william"]]


def test_hmis_id_by_number_and_by_hud_id(personas, people):
    jose = people["jose"]
    assert top(personas.alice, str(jose.pk)).client == jose
    assert top(personas.alice, jose.hud_id).client == jose
    assert "HMIS ID" in top(personas.alice, jose.hud_id).reasons


def test_name_and_date_together_rank_the_person_with_both_first(personas, people):
    hits = search_clients(personas.alice, "Maria 4/3/1990")
    assert hits[0].client == people["maria"]
    assert {"name", "date of birth"} <= set(hits[0].reasons)


def test_a_surname_being_typed(personas, people):
    assert top(personas.alice, "Hern").client == people["maria"]


def test_no_match(personas, people):
    assert search_clients(personas.alice, "Zebulon Quartermaine") == []
    assert search_clients(personas.alice, "   ") == []
    assert search_clients(personas.alice, "1/1/1950") == []


def test_results_only_from_the_access_funnel(personas, people):
    assert names_found(personas.alice, "Maria Hernandez") == [("Maria", "Hernandez")]
    assert [h.client for h in search_clients(personas.alice, "Maria Hernandez")] == [people["maria"]]
    assert [h.client for h in search_clients(personas.bob, "Maria Hernandez")] == [people["bmaria"]]
    assert search_clients(personas.charlie, "Maria Hernandez") == []
    assert search_clients(personas.charlie, str(people["maria"].pk)) == []
    assert len(search_clients(personas.dana, "Maria Hernandez")) == 2


def test_soft_deleted_clients_are_not_found(personas, people):
    from django.utils import timezone

    Client.objects.filter(pk=people["maria"].pk).update(date_deleted=timezone.now())
    assert search_clients(personas.alice, "Maria Hernandez") == []


def test_the_limit_bounds_the_results(personas):
    for i in range(8):
        make_client(personas.agency_a, "Ann", "Lee", date(1980, 1, 1 + i))
    assert len(search_clients(personas.alice, "Ann Lee", limit=5)) == 5


def test_parse_dates():
    assert parse_dates("4/3/1990", today=TODAY) == [date(1990, 4, 3)]
    assert parse_dates("4/3/90", today=TODAY) == [date(1990, 4, 3)]
    assert parse_dates("4/3/20", today=TODAY) == [date(2020, 4, 3)]
    assert parse_dates("13/13/1990", today=TODAY) == []
    assert parse_dates("12/31/2030", today=TODAY) == []  # in the future
    assert parse_dates("6789", today=TODAY) == []


def test_parse_query_splits_the_parts():
    parsed = parse_query("Lopez, Maria 04031990 ***-**-1234", today=TODAY)
    assert parsed.words == ["Lopez", "Maria"] and parsed.comma_name
    assert parsed.dates == [date(1990, 4, 3)]
    assert parsed.last_four == "1234"
    assert parsed.numbers == [] and parsed.ids == []  # IDs are searched alone
    assert parse_query("12345", today=TODAY).numbers == [12345]


def test_a_restricted_record_is_found_only_by_its_own_agency(personas):
    from hearth.core.testing import make_client_record
    from hearth.privacy import services as privacy_services

    p = personas
    ana = make_client_record(p.agency_a, first_name="Anabel", last_name="Quintero")
    refresh_client_keys([ana.pk])
    privacy_services.client_restriction_set(acting_user=p.alice, client=ana, confidential=True)
    assert [hit.client for hit in search_clients(p.alice, "Anabel Quintero")] == [ana]
    assert search_clients(p.dana, "Anabel Quintero") == []  # the lead opens it by id, never finds it by name
