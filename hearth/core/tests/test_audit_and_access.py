"""The access funnel and the append-only audit log."""

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction
from django.http import Http404

from hearth.accounts.models import Role
from hearth.clients.access import access_client, visible_clients
from hearth.core.audit import audit
from hearth.core.models import AuditEvent
from hearth.core.testing import make_user
from hearth.enrollments.access import access_enrollment
from hearth.enrollments.models import Enrollment

from .test_models import make_client


@pytest.fixture
def world(personas):
    client = make_client(owner_org=personas.agency_a)
    client.save()
    enrollment = Enrollment.objects.create(
        client=client,
        project=personas.project_a,
        owner_org=personas.agency_a,
        entry_date=date(2026, 1, 5),
        household_id="h",
        relationship_to_hoh=1,
        enrollment_coc="XX-500",
        disabling_condition=0,
    )
    return personas, client, enrollment


def test_owner_agency_and_lead_see_the_client_others_get_404(world):
    p, client, _ = world
    assert access_client(p.alice, client.pk) == client
    assert access_client(p.dana, client.pk) == client
    for outsider in (p.bob, p.charlie):
        with pytest.raises(Http404):
            access_client(outsider, client.pk)


def test_missing_and_not_yours_look_the_same(world):
    p, client, _ = world
    with pytest.raises(Http404) as missing:
        access_client(p.charlie, client.pk + 1000)
    with pytest.raises(Http404) as not_yours:
        access_client(p.charlie, client.pk)
    assert str(missing.value) == str(not_yours.value)


def test_an_agency_that_enrolled_the_client_sees_it(world):
    p, client, _ = world
    Enrollment.objects.create(
        client=client,
        project=p.project_b,
        owner_org=p.agency_b,
        entry_date=date(2026, 2, 1),
        household_id="h2",
        relationship_to_hoh=1,
        enrollment_coc="XX-500",
        disabling_condition=0,
    )
    assert access_client(p.bob, client.pk) == client
    with pytest.raises(Http404):
        access_client(p.charlie, client.pk)


def test_reporting_only_and_inactive_users_see_no_clients(world):
    p, client, _ = world
    reporter = make_user("rita", p.agency_a, Role.REPORTING)
    assert not visible_clients(reporter).exists()
    p.alice.is_active = False
    p.alice.save()
    assert not visible_clients(p.alice).exists()


def test_reads_and_refusals_are_audited(world):
    p, client, enrollment = world
    access_client(p.alice, client.pk)
    access_enrollment(p.alice, enrollment.pk)
    with pytest.raises(Http404):
        access_client(p.charlie, client.pk)
    events = list(AuditEvent.objects.order_by("id").values_list("user__username", "action", "client_id"))
    assert events == [("alice", "view", client.pk), ("alice", "view", client.pk), ("charlie", "denied", None)]


def test_writing_an_enrollment_needs_its_project_agency(world):
    p, client, enrollment = world
    assert access_enrollment(p.alice, enrollment.pk, write=True) == enrollment
    with pytest.raises(Http404):
        access_enrollment(p.bob, enrollment.pk, write=True)


def test_the_audit_log_cannot_be_changed_or_deleted(personas):
    event = audit(user=personas.alice, action="view", object_type="clients.Client", object_id="1")
    event.object_id = "2"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_the_database_itself_refuses_edits_to_the_audit_log(personas):
    audit(user=personas.alice, action="view", object_type="clients.Client", object_id="1")
    table = AuditEvent._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET object_id = 'x'")  # noqa: S608 - fixed table name
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table name
    assert AuditEvent.objects.filter(object_id="1").count() == 1
