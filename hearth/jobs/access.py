"""Who may see a job: its creator and the HMIS lead; the same 404 for 'missing' and 'not yours'."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from hearth.core.audit import audit

from .models import Job


def visible_jobs(user: Any) -> QuerySet[Job]:
    """Jobs ``user`` may look at: all for the HMIS lead, their own otherwise."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Job.objects.none()
    if user.is_lead_admin:
        return Job.objects.all()
    return Job.objects.filter(Q(created_by=user))


def access_job(user: Any, job_id: int) -> Job:
    """Return the job if ``user`` may see it, else raise the same 404 as for a missing job (and audit it)."""
    job = visible_jobs(user).filter(pk=job_id).first()
    if job is None:
        audit(user=user, action="denied", object_type="jobs.Job", object_id=str(job_id))
        raise Http404("No such job")
    return job
