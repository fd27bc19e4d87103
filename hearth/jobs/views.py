"""The job page: status and progress, refreshed until the job is done, then a link to its result."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from .access import access_job

POLL_SECONDS = 2


@login_required
def detail(request: HttpRequest, job_id: int) -> HttpResponse:
    """One job; an htmx request gets only the status block, which polls itself until the job is finished."""
    job = access_job(request.user, job_id)
    url = (job.result or {}).get("url") if job.status == job.Status.DONE else None
    if url and not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        url = None  # only links within Hearth
    context = {"job": job, "result_url": url, "poll_seconds": POLL_SECONDS}
    template = "jobs/_status.html" if getattr(request, "htmx", False) else "jobs/detail.html"
    return render(request, template, context)
