from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from hearth.dedup.keys import refresh_client_keys
from hearth.dedup.matching import likely_matches, scan
from hearth.dedup.models import Candidate
from hearth.dedup.services import candidate_mark_not_duplicate, queue_matches_for_import

from .factories import make_client, make_enrollment


@pytest.fixture
def world(personas):
    ana = make_client("Ana", "Lopez", date(1990, 4, 3), owner_org=personas.agency_a, ssn="234567891")
    anna = make_client("Anna", "Lopes", date(1990, 3, 4), owner_org=personas.agency_a)  # typo + day/month swap
    hidden = make_client("Ana", "Lopez", date(1990, 4, 3), owner_org=personas.agency_c)  # only charlie's agency
    other = make_client("Tom", "Baker", date(1960, 1, 2), owner_org=personas.agency_a)
    refresh_client_keys()
    return ana, anna, hidden, other


def test_likely_matches_ranks_and_goes_through_the_access_funnel(personas, world):
    ana, anna, hidden, other = world
    found = likely_matches(personas.alice, first_name="Anna", last_name="Lopez", dob=date(1990, 4, 3))
    ids = [m.client.pk for m in found]
    assert ana.pk in ids and anna.pk in ids
    assert hidden.pk not in ids and other.pk not in ids  # alice (agency A) cannot see agency C's record
    assert ids[0] == ana.pk
    assert found[0].reasons and all(isinstance(r, str) for r in found[0].reasons)

    lead = likely_matches(personas.dana, first_name="Anna", last_name="Lopez", dob=date(1990, 4, 3))
    assert hidden.pk in [m.client.pk for m in lead]
    assert likely_matches(personas.charlie, first_name="Tom", last_name="Baker", dob=date(1960, 1, 2)) == []
    excluded = likely_matches(personas.dana, first_name="Ana", last_name="Lopez", exclude_client_id=ana.pk, limit=10)
    assert ana.pk not in [m.client.pk for m in excluded]


def test_likely_matches_on_ssn_alone_and_enrollment_visibility(personas, world):
    ana, *_ = world
    by_ssn = likely_matches(personas.dana, first_name="", last_name="", ssn="234-56-7891")
    assert [m.client.pk for m in by_ssn] == [ana.pk]
    # bob sees agency A's client once it is enrolled in one of his agency's projects
    assert not likely_matches(personas.bob, first_name="Ana", last_name="Lopez", dob=date(1990, 4, 3))
    make_enrollment(ana, personas.project_b)
    assert ana.pk in [m.client.pk for m in likely_matches(personas.bob, first_name="Ana", last_name="Lopez")]


def test_scan_and_command_are_idempotent(personas, world):
    ana, anna, hidden, other = world
    pairs = {(p.a, p.b) for p in scan()}
    assert (min(ana.pk, hidden.pk), max(ana.pk, hidden.pk)) in pairs
    assert all(other.pk not in pair for pair in pairs)
    out = StringIO()
    call_command("duplicates_scan", stdout=out)
    first = sorted(Candidate.objects.values_list("client_a_id", "client_b_id", "score", "status"))
    assert first and "new" in out.getvalue()
    call_command("duplicates_scan", "--reindex", stdout=StringIO())
    assert sorted(Candidate.objects.values_list("client_a_id", "client_b_id", "score", "status")) == first

    # a reviewed pair stays reviewed; a pair that no longer matches leaves the queue
    reviewed = Candidate.objects.first()
    candidate_mark_not_duplicate(candidate=reviewed, acting_user=personas.dana)
    hidden.first_name, hidden.last_name, hidden.dob = "Zed", "Quartermaine", date(1931, 7, 7)
    hidden.save()
    refresh_client_keys([hidden.pk])
    call_command("duplicates_scan", stdout=StringIO())
    reviewed.refresh_from_db()
    assert reviewed.status == Candidate.Status.NOT_DUPLICATE
    open_pairs = set(Candidate.objects.open().values_list("client_a_id", "client_b_id"))
    assert all(hidden.pk not in pair for pair in open_pairs) or reviewed.client_b_id == hidden.pk


def test_import_queues_never_merges(personas, world):
    ana, anna, hidden, other = world
    newcomer = make_client("Ana", "Lopez", date(1990, 4, 3), owner_org=personas.agency_b, ssn="234567891")
    found = queue_matches_for_import([newcomer.pk])
    assert found >= 2
    queued = Candidate.objects.filter(source=Candidate.Source.IMPORT)
    assert {newcomer.pk} == {pk for c in queued for pk in (c.client_a_id, c.client_b_id)} & {newcomer.pk}
    assert all(c.status == Candidate.Status.OPEN for c in queued)
    newcomer.refresh_from_db()
    assert newcomer.date_deleted is None
    assert queue_matches_for_import([]) == 0


def test_a_background_scan_finds_what_scan_finds(personas, world, monkeypatch):
    """Many clients: read now, scored in a thread; a few: looked up when the pairs are asked for."""
    from hearth.dedup import matching, scoring

    ana, anna, hidden, other = world
    ids = [ana.pk, other.pk]
    expected = sorted((p.a, p.b, p.score) for p in scan(ids))
    assert expected  # ana and her twins
    assert sorted((p.a, p.b, p.score) for p in matching.scan_in_background(ids)()) == expected
    monkeypatch.setattr(matching, "FEW_CLIENTS", 1)  # as if there were many: every client is read and scored
    expected = sorted((p.a, p.b, p.score) for p in scan(ids))
    assert {(a, b) for a, b, _score in expected} >= {(min(ana.pk, hidden.pk), max(ana.pk, hidden.pk))}
    many = matching.scan_in_background(ids)
    make_client("Ana", "Lopez", date(1990, 4, 3), owner_org=personas.agency_b)  # after the read: not seen
    assert sorted((p.a, p.b, p.score) for p in many()) == expected

    def broken(*args, **kwargs):
        raise RuntimeError("scoring failed")

    monkeypatch.setattr(scoring, "scan_people", broken)
    with pytest.raises(RuntimeError, match="scoring failed"):
        matching.scan_in_background(ids)()
