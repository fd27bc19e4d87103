"""Who may run which report and see which run; the same 404 for 'missing' and 'not yours'.

- The HMIS lead runs any report over any project of the CoC (or the whole CoC) and sees every run.
- Agency HMIS representatives (agency_admin) and reporting users run reports over their own agency's projects only,
  and see the runs they made while those projects are still theirs.
- Caseworkers run no reports: HUD's reports are the agency's and the CoC's, and their counts span clients a
  caseworker may not see. (They still see their clients' records through the client funnel.)

Client names behind a count are shown only through ``hearth.clients.access.visible_clients`` (views.cell).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from hearth.accounts.models import Role
from hearth.core.audit import audit
from hearth.directory.models import Project

from .models import ReportRun

REPORT_ROLES = (Role.AGENCY_ADMIN, Role.REPORTING)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_run_reports(user: Any) -> bool:
    """The HMIS lead, agency HMIS representatives and reporting users."""
    return _active(user) and (user.is_lead_admin or user.has_role(*REPORT_ROLES))


def reportable_projects(user: Any) -> QuerySet[Project]:
    """Projects ``user`` may report on: all for the HMIS lead; their agencies' for representatives/reporting."""
    qs = Project.objects.alive().filter(organization__date_deleted__isnull=True)
    if not _active(user):
        return qs.none()
    if user.is_lead_admin:
        return qs
    return qs.filter(organization_id__in=user.organization_ids(*REPORT_ROLES))


def check_projects(user: Any, projects: list[Project]) -> None:
    """Raise PermissionDenied unless ``user`` may report on every project (no projects: the HMIS lead only)."""
    if not can_run_reports(user):
        raise PermissionDenied("Only the HMIS lead, agency HMIS representatives and reporting users run reports.")
    if user.is_lead_admin:
        return
    if not projects:
        raise PermissionDenied("Only the HMIS lead reports on the whole CoC: choose your agency's projects.")
    allowed = set(reportable_projects(user).filter(pk__in=[p.pk for p in projects]).values_list("pk", flat=True))
    if {p.pk for p in projects} - allowed:
        raise PermissionDenied("You may report only on your own agency's projects.")


def visible_runs(user: Any) -> QuerySet[ReportRun]:
    """Runs ``user`` may look at: all for the HMIS lead; their own, over projects still theirs, otherwise."""
    if not _active(user):
        return ReportRun.objects.none()
    if user.is_lead_admin:
        return ReportRun.objects.all()
    if not user.has_role(*REPORT_ROLES):
        return ReportRun.objects.none()
    not_mine = Project.objects.exclude(pk__in=reportable_projects(user).values("pk"))
    return ReportRun.objects.filter(created_by=user, projects__isnull=False).exclude(projects__in=not_mine).distinct()


def access_run(user: Any, run_id: int) -> ReportRun:
    """Return the run if ``user`` may see it, else the same 404 as for a missing run (and audit the refusal)."""
    run = visible_runs(user).filter(pk=run_id).first()
    if run is None:
        audit(user=user, action="denied", object_type="reports.ReportRun", object_id=str(run_id))
        raise Http404("No such report run")
    return run
