from datetime import date

import pytest
from django.urls import reverse

from hearth.clients.models import Client
from hearth.dedup.keys import refresh_client_keys
from hearth.dedup.matching import scan
from hearth.dedup.models import Candidate, Merge
from hearth.dedup.services import candidates_record
from hearth.enrollments.models import Enrollment

from .factories import make_client, make_enrollment


@pytest.fixture
def candidate(personas):
    make_client("Ana", "Lopez", date(1990, 4, 3), owner_org=personas.agency_a, ssn="234567891")
    b = make_client("Anna", "Lopez", date(1990, 4, 3), owner_org=personas.agency_b, veteran_status=1)
    make_enrollment(b, personas.project_b)
    refresh_client_keys()
    candidates_record(pairs=scan())
    return Candidate.objects.get()


def urls(candidate, merge=None):
    out = [
        ("get", reverse("dedup:queue")),
        ("get", reverse("dedup:compare", args=[candidate.pk])),
        ("get", reverse("dedup:merge", args=[candidate.pk]) + f"?survivor={candidate.client_a_id}"),
        ("post", reverse("dedup:not_duplicate", args=[candidate.pk])),
        ("get", reverse("dedup:history")),
    ]
    if merge is not None:
        out.append(("post", reverse("dedup:unmerge", args=[merge.pk])))
    return out


def test_it_checks_access(client, personas, candidate):
    for method, url in urls(candidate):
        assert getattr(client, method)(url).status_code == 302  # to the login page
    for user in (personas.alice, personas.bob, personas.charlie):
        client.force_login(user)
        for method, url in urls(candidate):
            assert getattr(client, method)(url).status_code == 404, (user, url)
    client.post(
        reverse("dedup:merge", args=[candidate.pk]), {"survivor": candidate.client_a_id}
    )  # refused: still charlie
    assert not Merge.objects.exists()
    client.force_login(personas.dana)
    assert client.get(reverse("dedup:queue")).status_code == 200
    assert Candidate.objects.get().status == Candidate.Status.OPEN


def test_queue_compare_merge_and_undo(client, personas, candidate):
    client.force_login(personas.dana)
    page = client.get(reverse("dedup:queue"))
    assert b"Ana Lopez" in page.content and b"Same date of birth" in page.content
    compare = client.get(reverse("dedup:compare", args=[candidate.pk]))
    assert (
        compare.status_code == 200 and b"group_veteran" in compare.content and b"B Rapid Rehousing" in compare.content
    )
    choice = {"survivor": candidate.client_a_id, "group_veteran": candidate.client_b_id}
    confirm = client.get(reverse("dedup:merge", args=[candidate.pk]), choice)
    assert confirm.status_code == 200 and b"B Rapid Rehousing" in confirm.content
    done = client.post(reverse("dedup:merge", args=[candidate.pk]), choice)
    assert done.status_code == 302 and done.url == reverse("dedup:history")
    survivor = Client.objects.get(pk=candidate.client_a_id)
    assert survivor.veteran_status == 1
    assert Enrollment.objects.filter(client=survivor).count() == 1
    assert Candidate.objects.get().status == Candidate.Status.MERGED
    assert reverse("dedup:compare", args=[candidate.pk]).encode() not in client.get(reverse("dedup:queue")).content
    history = client.get(reverse("dedup:history"))
    merge = Merge.objects.get()
    assert reverse("dedup:unmerge", args=[merge.pk]).encode() in history.content
    undone = client.post(reverse("dedup:unmerge", args=[merge.pk]))
    assert undone.status_code == 302
    assert Client.objects.get(pk=candidate.client_b_id).date_deleted is None
    assert Client.objects.get(pk=candidate.client_a_id).veteran_status == 0
    assert Candidate.objects.get().status == Candidate.Status.OPEN


def test_bad_choices_and_not_duplicate(client, personas, candidate):
    client.force_login(personas.dana)
    bad = client.get(reverse("dedup:merge", args=[candidate.pk]), {"survivor": "999999"})
    assert bad.status_code == 302 and bad.url == reverse("dedup:compare", args=[candidate.pk])
    assert client.get(reverse("dedup:not_duplicate", args=[candidate.pk])).status_code == 405
    assert client.post(reverse("dedup:not_duplicate", args=[candidate.pk])).status_code == 302
    assert Candidate.objects.get().status == Candidate.Status.NOT_DUPLICATE
    assert client.get(reverse("dedup:compare", args=[candidate.pk])).status_code == 404
