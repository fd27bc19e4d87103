"""The audit chain off the request's hot path: events are written unsealed and sealed after commit, in sealing order."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from hearth.core.audit import GENESIS, audit, chain_hash, seal_pending, unsealed_count, verify_chain
from hearth.core.models import AuditChainHead, AuditEvent

needs_postgres = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="concurrent transactions need PostgreSQL (SQLite has one writer)"
)


def test_an_event_is_written_unsealed_and_sealed_when_its_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event = audit(user=None, action="view", object_type="test", object_id="1")
        audit(user=None, action="view", object_type="test", object_id="2")
        event.refresh_from_db()
        assert (event.chain_seq, event.prev_hash, event.entry_hash) == (None, "", "")
    assert len(callbacks) == 1  # one seal per transaction, however many events it wrote
    sealed = list(AuditEvent.objects.order_by("chain_seq"))
    assert [e.chain_seq for e in sealed] == [1, 2]
    assert sealed[0].prev_hash == GENESIS and sealed[1].prev_hash == sealed[0].entry_hash
    assert sealed[1].entry_hash == chain_hash(sealed[0].entry_hash, sealed[1])
    head = AuditChainHead.objects.get(pk=1)
    assert (head.length, head.last_event_id, head.last_hash) == (2, sealed[1].pk, sealed[1].entry_hash)


def test_a_rolled_back_transaction_leaves_neither_event_nor_seal(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            audit(user=None, action="view", object_type="test", object_id="gone")
            raise RuntimeError
        kept = audit(user=None, action="view", object_type="test", object_id="kept")
    assert len(callbacks) == 1
    assert list(AuditEvent.objects.values_list("pk", "chain_seq")) == [(kept.pk, 1)]


def test_audit_verify_seals_waiting_events_or_only_counts_them(db, capsys):
    audit(user=None, action="view", object_type="test", object_id="1")
    audit(user=None, action="view", object_type="test", object_id="2")  # the test's transaction never commits
    assert unsealed_count() == 2
    call_command("audit_verify", "--no-seal")
    out = capsys.readouterr().out
    assert "intact: 0 entries" in out and "2 entries are not sealed" in out
    assert unsealed_count() == 2
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "Sealed 2 entries" in out and "intact: 2 entries" in out
    assert unsealed_count() == 0


def test_sealing_takes_events_in_batches_and_continues_the_chain(db):
    for i in range(7):
        audit(user=None, action="view", object_type="test", object_id=str(i))
    assert seal_pending(batch_size=3) == 7
    audit(user=None, action="view", object_type="test", object_id="late")
    assert seal_pending() == 1
    assert list(AuditEvent.objects.order_by("chain_seq").values_list("chain_seq", flat=True)) == list(range(1, 9))
    assert next(verify_chain()) == (8, None)


def test_the_database_allows_sealing_once_and_nothing_else(db):
    event = audit(user=None, action="view", object_type="test", object_id="1")
    table = AuditEvent._meta.db_table
    with pytest.raises(Exception), transaction.atomic(), connection.cursor() as cursor:  # noqa: B017, PT011
        # Sealing that also changes what happened is refused.
        cursor.execute(f"UPDATE {table} SET chain_seq = 1, action = 'update' WHERE id = %s", [event.pk])  # noqa: S608
    seal_pending()
    with pytest.raises(Exception), transaction.atomic(), connection.cursor() as cursor:  # noqa: B017, PT011
        # A sealed event cannot be sealed again elsewhere in the chain.
        cursor.execute(f"UPDATE {table} SET chain_seq = 5, entry_hash = 'x' WHERE id = %s", [event.pk])  # noqa: S608
    event.refresh_from_db()
    assert event.chain_seq == 1 and event.action == "view"


def test_verify_reports_an_event_moved_out_of_the_chain(db):
    events = [audit(user=None, action="view", object_type="test", object_id=str(i)) for i in range(3)]
    seal_pending()
    with connection.cursor() as cursor:  # what an attacker with the triggers dropped could do
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update")
        cursor.execute("UPDATE core_auditevent SET chain_seq = NULL, object_id = 'x' WHERE id = %s", [events[1].pk])
    checked, problem = next(verify_chain())
    assert checked == 1 and problem.event_id == events[2].pk


def _in_thread(target):
    """Run ``target`` on its own database connection; re-raise what it raised."""
    errors = []

    def run():
        try:
            target()
        except Exception as error:  # noqa: BLE001 - re-raised in the caller
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


@needs_postgres
def test_a_page_view_does_not_wait_for_another_requests_transaction(transactional_db):
    """The old design held the chain's lock to the end of the request; now a second request's audit, commit and seal
    finish while the first request's transaction is still open (a lock wait would hit lock_timeout and fail)."""
    first_wrote, second_done = threading.Event(), threading.Event()

    def slow_request():
        with transaction.atomic():
            audit(user=None, action="view", object_type="test", object_id="slow")
            first_wrote.set()
            assert second_done.wait(timeout=60)

    def quick_request():
        assert first_wrote.wait(timeout=60)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '5s'")
            audit(user=None, action="view", object_type="test", object_id="quick")
        second_done.set()

    slow, slow_errors = _in_thread(slow_request)
    quick, quick_errors = _in_thread(quick_request)
    quick.join()
    second_done.set()
    slow.join()
    assert quick_errors == [] and slow_errors == []
    slow_event = AuditEvent.objects.get(object_id="slow")
    quick_event = AuditEvent.objects.get(object_id="quick")
    # The chain follows commit (sealing) order, not id order: the earlier id committed later.
    assert slow_event.pk < quick_event.pk
    assert (quick_event.chain_seq, slow_event.chain_seq) == (1, 2)
    assert slow_event.prev_hash == quick_event.entry_hash
    assert next(verify_chain()) == (2, None)


@needs_postgres
def test_concurrent_writers_and_sealers_make_one_gapless_chain(transactional_db):
    def writer(number):
        def work():
            for i in range(15):
                with transaction.atomic():
                    for j in range(i % 3 + 1):
                        audit(user=None, action="view", object_type="test", object_id=f"{number}-{i}-{j}")
                if i % 5 == 4:
                    seal_pending(batch_size=4)  # an audit_verify run meanwhile

        return work

    started = [_in_thread(writer(n)) for n in range(6)]
    for thread, _errors in started:
        thread.join()
    assert [e for _t, errors in started for e in errors] == []
    total = 6 * sum(i % 3 + 1 for i in range(15))
    assert unsealed_count() == 0
    seqs = list(AuditEvent.objects.order_by("chain_seq").values_list("chain_seq", flat=True))
    assert seqs == list(range(1, total + 1))
    assert next(verify_chain()) == (total, None)
