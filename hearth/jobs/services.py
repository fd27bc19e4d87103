"""Start, run and report on background jobs (the API is described in ``hearth.jobs``)."""

from __future__ import annotations

import logging
import os
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from hearth.core.audit import audit

from .models import Job

logger = logging.getLogger(__name__)

MODES = ("thread", "sync", "worker")
PROGRESS_INTERVAL = 1.0  # seconds between two progress writes with the same percentage
ERROR_CHARS = 20_000


def jobs_mode() -> str:
    """Where jobs run: ``settings.HEARTH_JOBS_MODE``, else ``$HEARTH_JOBS_MODE``, else ``thread``."""
    mode = getattr(settings, "HEARTH_JOBS_MODE", None) or os.environ.get("HEARTH_JOBS_MODE") or "thread"
    if mode not in MODES:
        raise ValueError(f"HEARTH_JOBS_MODE must be one of {', '.join(MODES)}, not {mode!r}")
    return mode


@transaction.atomic
def job_start(*, kind: str, func: str, params: dict[str, Any], acting_user: Any) -> Job:
    """Queue a job running ``func(job, progress)`` and start it as ``HEARTH_JOBS_MODE`` says; return the job."""
    import_string(func)  # fail now, in the request, if the function does not exist
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    job = Job(kind=kind, func=func, params=params, created_by=user)
    job.full_clean()
    job.save()
    audit(user=acting_user, action="create", obj=job, detail={"kind": kind})
    mode = jobs_mode()
    if mode == "sync":
        job_run(job_id=job.pk, inline=True)
        job.refresh_from_db()
    elif mode == "thread":
        transaction.on_commit(lambda: _start_thread(job.pk))
    return job


def _start_thread(job_id: int) -> None:
    threading.Thread(target=_run_in_thread, args=(job_id,), name=f"hearth-job-{job_id}", daemon=True).start()


def _run_in_thread(job_id: int) -> None:
    try:
        job_run(job_id=job_id)
    finally:
        connection.close()  # this thread's own connection: nobody else will close it


class _Progress:
    """``progress(percent, message)`` for one job. A job that works inside a long transaction (an import) would
    hide its progress until it commits, so on PostgreSQL the progress goes through a connection of its own."""

    def __init__(self, job: Job, *, separate: bool) -> None:
        self.job = job
        self.separate = separate  # the job row is committed: others may watch it (not so for an inline job)
        self.side: Any = None
        self.last: tuple[int, float] = (-1, 0.0)

    def __call__(self, percent: int, message: str = "") -> None:
        percent = max(0, min(100, int(percent)))
        now = time.monotonic()
        if percent == self.last[0] and now - self.last[1] < PROGRESS_INTERVAL:
            return
        self.last = (percent, now)
        self.job.progress, self.job.message = percent, str(message)[:300]
        if self.separate and connection.in_atomic_block and connection.vendor == "postgresql":
            try:
                if self.side is None:
                    self.side = connections.create_connection("default")
                    with self.side.cursor() as cursor:
                        # If the job's own transaction holds the job row, skip this report rather than wait for it.
                        cursor.execute("SET lock_timeout = '2s'")
                with self.side.cursor() as cursor:
                    cursor.execute(
                        "UPDATE jobs_job SET progress = %s, message = %s WHERE id = %s",
                        [self.job.progress, self.job.message, self.job.pk],
                    )
            except Exception:  # noqa: BLE001 - progress is a courtesy; never let it stop the job
                logger.warning("job %s: progress not saved", self.job.pk, exc_info=True)
            return
        Job.objects.filter(pk=self.job.pk).update(progress=self.job.progress, message=self.job.message)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


def job_run(*, job_id: int, inline: bool = False) -> Job | None:
    """Run one queued job now, in this thread; None if it is not queued (another runner took it).

    ``inline`` says the job runs inside the transaction that created it (sync mode), so nobody else can watch it.
    """
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), progress=0
    )
    if not claimed:
        return None
    job = Job.objects.get(pk=job_id)
    progress = _Progress(job, separate=not inline)
    try:
        func: Callable[[Job, Callable[[int, str], None]], dict] = import_string(job.func)
        result = func(job, progress)
    except Exception as exc:  # noqa: BLE001 - a failed job is recorded, not raised
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        text = "".join(traceback.format_exception(exc))
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            message=f"{type(exc).__name__}: {exc}"[:300],
            error=text[-ERROR_CHARS:],
        )
    else:
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.DONE,
            finished_at=timezone.now(),
            progress=100,
            result=result if isinstance(result, dict) else {"value": result},
        )
    finally:
        progress.close()
    job.refresh_from_db()
    return job


def job_next() -> int | None:
    """The oldest queued job's id (skipping jobs another worker is claiming), or None."""
    with transaction.atomic():
        qs = Job.objects.filter(status=Job.Status.QUEUED).order_by("created_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        return qs.values_list("pk", flat=True).first()
