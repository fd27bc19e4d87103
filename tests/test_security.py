"""Security properties across apps: the tamper-evident audit chain, escaped output, CSRF, guessed IDs, lockout,
and revocation or removal taking effect on the next request."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import Membership
from hearth.core.audit import GENESIS, audit, chain_hash
from hearth.core.models import AuditEvent
from hearth.core.testing import PASSWORD, make_client_record
from hearth.privacy import services as privacy
from hearth.privacy.models import Consent


@pytest.fixture
def world(personas):
    ana = make_client_record(personas.agency_a, first_name="Ana")
    return personas, ana


def drop_append_only_triggers():
    """What an attacker with database access would do first (rolled back with the test's transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks, so ALTER is allowed
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_delete")


def test_each_audit_event_is_chained_to_the_one_before(world, django_capture_on_commit_callbacks):
    p, ana = world
    with django_capture_on_commit_callbacks(execute=True):
        first = audit(user=p.alice, action="view", obj=ana, detail={3: "int keys become strings"})
        second = audit(user=p.bob, action="denied", object_type="clients.Client", object_id=str(ana.pk))
        # Written in the caller's transaction, sealed into the chain once it commits.
        assert AuditEvent.objects.filter(chain_seq__isnull=True).count() == 2
    events = list(AuditEvent.objects.order_by("chain_seq"))
    assert [event.chain_seq for event in events] == [1, 2]
    assert events[0].prev_hash == GENESIS
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.entry_hash
    for event in events:
        assert event.entry_hash == chain_hash(event.prev_hash, event)  # as read back from the database
    assert (first.pk, second.pk) == (events[-2].pk, events[-1].pk)
    call_command("audit_verify")


def test_audit_verify_names_the_first_edited_entry(world, capsys, django_capture_on_commit_callbacks):
    p, ana = world
    with django_capture_on_commit_callbacks(execute=True):
        events = [audit(user=p.alice, action="view", obj=ana) for _ in range(4)]
    call_command("audit_verify")
    assert "intact: 4 entries" in capsys.readouterr().out
    drop_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET user_id = %s WHERE id = %s", [p.bob.pk, events[2].pk])
    with pytest.raises(CommandError, match=f"broken at entry {events[2].pk}:"):
        call_command("audit_verify")


def test_audit_verify_sees_a_removed_entry_even_when_the_attacker_rehashes_it(
    world, django_capture_on_commit_callbacks
):
    p, ana = world
    with django_capture_on_commit_callbacks(execute=True):
        events = [audit(user=p.alice, action="view", obj=ana) for _ in range(3)]
    drop_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=f"broken at entry {events[2].pk}:"):
        call_command("audit_verify")


def test_audit_verify_sees_a_cut_tail(world, django_capture_on_commit_callbacks):
    p, ana = world
    with django_capture_on_commit_callbacks(execute=True):
        events = [audit(user=p.alice, action="view", obj=ana) for _ in range(3)]
    drop_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [events[-1].pk])
    with pytest.raises(CommandError, match="ends before"):
        call_command("audit_verify")


def test_the_audit_log_refuses_edits_without_dropping_the_triggers(world):
    p, ana = world
    audit(user=p.alice, action="view", obj=ana)
    with pytest.raises(Exception), transaction.atomic(), connection.cursor() as cursor:  # noqa: B017, PT011
        cursor.execute("UPDATE core_auditevent SET action = 'update'")


def test_output_is_escaped(client, world):
    p, _ana = world
    evil = make_client_record(p.agency_a, first_name="<script>alert(1)</script>", last_name='"><img src=x>')
    privacy.consent_record(
        acting_user=p.alice,
        client=evil,
        organization=p.agency_a,
        signed_on=timezone.localdate(),
        typed_signature="<b>bold</b>",
    )
    client.force_login(p.dana)
    for url in (
        reverse("privacy:client_consents", args=[evil.pk]),
        reverse("privacy:client_access_log", args=[evil.pk]),
        reverse("privacy:consent_print", args=[Consent.objects.get(client=evil).pk, "en"]),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page, url
        assert "<img src=x>" not in page and "<b>bold</b>" not in page


def test_posts_without_a_csrf_token_are_refused(world):
    p, ana = world
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD}).status_code == 403
    browser.force_login(p.alice)
    response = browser.post(
        reverse("privacy:client_consents", args=[ana.pk]),
        {"signed_on": timezone.localdate().isoformat(), "scope": "coc", "method": "typed", "typed_signature": "A"},
    )
    assert response.status_code == 403
    assert not Consent.objects.exists()
    membership = Membership.objects.get(user=p.bob)
    browser.force_login(p.dana)
    assert browser.post(reverse("accounts:staff_remove", args=[membership.pk])).status_code == 403


def test_guessing_other_records_ids_gets_the_same_404_as_missing_ones(client, world):
    p, ana = world
    given = privacy.consent_record(
        acting_user=p.alice, client=ana, organization=p.agency_a, signed_on=timezone.localdate(), typed_signature="A"
    )
    Consent.objects.filter(pk=given.pk).update(scope=Consent.Scope.AGENCIES)  # shared with no one
    client.force_login(p.charlie)
    for name, real, missing in (
        ("privacy:client_consents", ana.pk, ana.pk + 1000),
        ("privacy:consent_revoke", given.pk, given.pk + 1000),
        ("privacy:consent_print", given.pk, given.pk + 1000),
    ):
        args_real = [real, "en"] if name.endswith("print") else [real]
        args_missing = [missing, "en"] if name.endswith("print") else [missing]
        real_response = client.get(reverse(name, args=args_real))
        missing_response = client.get(reverse(name, args=args_missing))
        assert real_response.status_code == missing_response.status_code == 404
        assert real_response.content == missing_response.content
    assert client.post(reverse("privacy:consent_revoke", args=[given.pk])).status_code == 404
    assert Consent.objects.get(pk=given.pk).revoked_at is None
    assert AuditEvent.objects.filter(user=p.charlie, action="denied").count() >= 3


def test_lockout_stops_password_guessing(client, world, settings):
    settings.HEARTH_LOCKOUT_ATTEMPTS = 5
    for guess in range(5):
        client.post(reverse("accounts:login"), {"username": "alice", "password": f"guess-{guess}"})
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert client.get("/").status_code == 302


def test_revoking_a_consent_takes_effect_on_the_next_request(client, world):
    p, ana = world
    given = privacy.consent_record(
        acting_user=p.alice, client=ana, organization=p.agency_a, signed_on=timezone.localdate(), typed_signature="A"
    )
    client.force_login(p.bob)
    url = reverse("privacy:client_consents", args=[ana.pk])
    assert client.get(url).status_code == 200
    alice = Client()
    alice.force_login(p.alice)
    alice.post(reverse("privacy:consent_revoke", args=[given.pk]), {"note": ""})
    assert client.get(url).status_code == 404


def test_removing_a_user_takes_effect_on_the_next_request(client, world):
    p, ana = world
    client.force_login(p.alice)
    url = reverse("privacy:client_consents", args=[ana.pk])
    assert client.get(url).status_code == 200
    lead = Client()
    lead.force_login(p.dana)
    lead.post(reverse("accounts:staff_remove", args=[Membership.objects.get(user=p.alice).pk]))
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_concurrent_appends_keep_the_chain_linear(transactional_db):
    """Four writers at once: the head row's lock orders the seals, so the chain has no fork and no gap (PostgreSQL;
    SQLite has a single writer by design)."""
    import threading

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serializes writers by its database lock)")
    errors = []

    def writer(number):
        try:
            for i in range(10):
                with transaction.atomic():
                    audit(user=None, action="view", object_type="test", object_id=f"{number}-{i}")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEvent.objects.filter(object_type="test").count() == 40
    assert not AuditEvent.objects.filter(chain_seq__isnull=True).exists()  # each commit sealed its event
    assert list(AuditEvent.objects.order_by("chain_seq").values_list("chain_seq", flat=True)) == list(range(1, 41))
    hashes = list(AuditEvent.objects.order_by("chain_seq").values_list("prev_hash", flat=True))
    assert len(hashes) == len(set(hashes))  # no two entries follow the same one
    call_command("audit_verify")
