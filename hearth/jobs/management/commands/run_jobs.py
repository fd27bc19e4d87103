"""``hearth run_jobs``: a worker that runs queued background jobs (for HEARTH_JOBS_MODE=worker in production)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connection

from hearth.jobs.services import job_next, job_run


class Command(BaseCommand):
    help = "Run queued background jobs, oldest first; with --once, stop when the queue is empty."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between looks at an empty queue")

    def handle(self, *args: Any, **opts: Any) -> None:
        ran = 0
        while True:
            if not connection.in_atomic_block:  # (a test's transaction) a long-lived worker drops stale connections
                close_old_connections()
            job_id = job_next()
            if job_id is None:
                if opts["once"]:
                    break
                time.sleep(opts["interval"])
                continue
            job = job_run(job_id=job_id)
            if job is not None:
                ran += 1
                self.stdout.write(f"job {job.pk} ({job.kind}): {job.status} {job.message}".rstrip())
        self.stdout.write(f"{ran} job(s) run")
