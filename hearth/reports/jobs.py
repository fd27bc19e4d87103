"""The background job that runs a report (``hearth.jobs`` calls ``run_report_job(job, progress)``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .models import ReportRun
from .services import report_run_execute, report_run_job_result


def run_report_job(job: Any, progress: Callable[[int, str], None]) -> dict[str, Any]:
    """Run the ReportRun named by ``job.params["run_id"]``; the job page then links to its results."""
    run = ReportRun.objects.get(pk=job.params["run_id"])
    run = report_run_execute(run=run, progress=progress)
    return report_run_job_result(run)
