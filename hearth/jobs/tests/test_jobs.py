"""Background jobs: starting in each mode, progress, failure, the worker command and the job page."""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.urls import reverse

from hearth.core.audit import audit
from hearth.core.models import AuditEvent
from hearth.jobs.models import Job
from hearth.jobs.services import job_run, job_start, jobs_mode

SAMPLE = "hearth.jobs.tests.test_jobs.sample_job"


def sample_job(job: Job, progress) -> dict:
    progress(40, "counting")
    stored = Job.objects.get(pk=job.pk)
    return {"url": f"/jobs/{job.pk}/", "double": job.params["n"] * 2, "seen": [stored.progress, stored.message]}


def failing_job(job: Job, progress) -> dict:
    progress(10, "starting")
    raise ValueError("the export is broken")


@pytest.mark.django_db
def test_a_sync_job_runs_inline_reports_progress_and_keeps_its_result(personas):
    job = job_start(kind="test.sample", func=SAMPLE, params={"n": 21}, acting_user=personas.alice)
    assert job.status == Job.Status.DONE and job.progress == 100
    assert job.result == {"url": f"/jobs/{job.pk}/", "double": 42, "seen": [40, "counting"]}
    assert job.created_by == personas.alice and job.started_at and job.finished_at >= job.started_at
    assert AuditEvent.objects.filter(object_type="jobs.Job", object_id=str(job.pk), action="create").exists()


@pytest.mark.django_db
def test_a_failing_job_is_marked_failed_with_its_error(personas):
    job = job_start(kind="test.fail", func="hearth.jobs.tests.test_jobs.failing_job", params={},
                    acting_user=personas.alice)  # fmt: skip
    assert job.status == Job.Status.FAILED and job.progress == 10
    assert job.message == "ValueError: the export is broken" and "Traceback" in job.error


@pytest.mark.django_db
def test_an_unknown_function_is_refused_before_anything_is_queued(personas):
    with pytest.raises(ImportError):
        job_start(kind="test", func="hearth.jobs.tests.test_jobs.no_such_job", params={}, acting_user=personas.alice)
    assert not Job.objects.exists()


def test_the_mode_comes_from_settings_then_the_environment(settings, monkeypatch):
    settings.HEARTH_JOBS_MODE = None
    monkeypatch.setenv("HEARTH_JOBS_MODE", "worker")
    assert jobs_mode() == "worker"
    monkeypatch.delenv("HEARTH_JOBS_MODE")
    assert jobs_mode() == "thread"
    settings.HEARTH_JOBS_MODE = "nonsense"
    with pytest.raises(ValueError):
        jobs_mode()


@pytest.mark.django_db
def test_worker_mode_only_queues_and_run_jobs_runs_the_queue(personas, settings):
    settings.HEARTH_JOBS_MODE = "worker"
    first = job_start(kind="test.sample", func=SAMPLE, params={"n": 1}, acting_user=personas.alice)
    second = job_start(kind="test.sample", func=SAMPLE, params={"n": 2}, acting_user=personas.bob)
    assert first.status == second.status == Job.Status.QUEUED
    out = io.StringIO()
    call_command("run_jobs", "--once", stdout=out)
    assert "2 job(s) run" in out.getvalue()
    assert [j.result["double"] for j in Job.objects.order_by("pk")] == [2, 4]
    assert job_run(job_id=first.pk) is None  # a finished job is never run twice


@pytest.mark.django_db(transaction=True)
def test_thread_mode_runs_the_job_in_a_background_thread_after_commit(personas, settings):
    settings.HEARTH_JOBS_MODE = "thread"
    job = job_start(kind="test.sample", func=SAMPLE, params={"n": 5}, acting_user=personas.alice)
    for _ in range(600):  # wait for the thread (at most about a minute on a busy machine)
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.1)
    assert job.status == Job.Status.DONE and job.result["double"] == 10


def watched_job(job: Job, progress) -> dict:
    """Reports progress inside a long transaction and looks at it as a watcher would: through another connection."""
    with transaction.atomic():
        audit(user=None, action="view", object_type="test", object_id="1")  # some work in the transaction
        progress(60, "inside the transaction")
        if connection.vendor != "postgresql":  # SQLite has one writer: the progress shows when the transaction ends
            return {"seen": None}
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT progress, message FROM jobs_job WHERE id = %s", [job.pk])
                seen = list(cursor.fetchone())
        finally:
            other.close()
    return {"seen": seen}


@pytest.mark.django_db(transaction=True)
def test_progress_inside_a_transaction_can_be_watched(personas, settings):
    settings.HEARTH_JOBS_MODE = "worker"
    job = job_start(kind="test.watched", func="hearth.jobs.tests.test_jobs.watched_job", params={},
                    acting_user=personas.alice)  # fmt: skip
    job = job_run(job_id=job.pk)
    assert job.status == Job.Status.DONE, job.error
    if connection.vendor == "postgresql":
        assert job.result["seen"] == [60, "inside the transaction"]


@pytest.mark.django_db
def test_it_checks_access(client, personas):
    job = job_start(kind="test.sample", func=SAMPLE, params={"n": 1}, acting_user=personas.alice)
    url = reverse("jobs:detail", args=[job.pk])
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    for user, status in ((personas.alice, 200), (personas.dana, 200), (personas.bob, 404), (personas.charlie, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.force_login(personas.alice)
    assert client.get(reverse("jobs:detail", args=[job.pk + 1000])).status_code == 404
    assert AuditEvent.objects.filter(object_type="jobs.Job", action="denied").count() == 3


@pytest.mark.django_db
def test_the_page_polls_until_done_then_links_to_the_result(client, personas, settings):
    settings.HEARTH_JOBS_MODE = "worker"
    job = job_start(kind="test.sample", func=SAMPLE, params={"n": 1}, acting_user=personas.alice)
    client.force_login(personas.alice)
    url = reverse("jobs:detail", args=[job.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'data-status="queued"' in page and "<html" in page
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, progress=35, message="Client.csv")
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and 'value="35"' in partial and "Client.csv" in partial and "hx-get" in partial
    job_run_done = Job.objects.filter(pk=job.pk)
    job_run_done.update(status=Job.Status.DONE, progress=100, result={"url": "/csv/imports/1/"})
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial and 'href="/csv/imports/1/"' in partial
    job_run_done.update(result={"url": "https://evil.example/"})
    assert "evil.example" not in client.get(url).content.decode()
