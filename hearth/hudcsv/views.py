"""HMIS CSV pages: upload an export to import (or only check), read the import's report, download an export.

Who: the HMIS lead (everything, every agency) and agencies' HMIS representatives (``Role.AGENCY_ADMIN``: their own
agencies' data, their own imports and exports). Caseworkers and reporting-only users get 403.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from hearth.accounts.models import Role
from hearth.core.audit import audit
from hearth.directory.models import Organization, Project
from hearth.jobs.services import job_start

from .exporter import SPEC_YEAR, export_csv
from .forms import ExportForm, ImportUploadForm
from .jobs import FUNC as IMPORT_FUNC
from .jobs import KIND as IMPORT_KIND
from .jobs import save_upload
from .models import Export

PAGE_SIZE = 50
ISSUES_SHOWN = 1000  # a report page stays readable; the counts above the table say how many there are in all
COUNT_KEYS = ("read", "created", "updated", "unchanged", "deleted")


# --- access ----------------------------------------------------------------------------------------------------------


def csv_scope(user: Any) -> list[int] | None:
    """The organizations ``user`` imports and exports for: None (all) for the HMIS lead; raises for non-reps."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied
    if user.is_lead_admin:
        return None
    organization_ids = user.organization_ids(Role.AGENCY_ADMIN)
    if not organization_ids:
        audit(user=user, action="denied", object_type="hudcsv", object_id="csv-pages")
        raise PermissionDenied
    return organization_ids


def visible_batches(user: Any, direction: str) -> QuerySet[Export]:
    """Imports or exports ``user`` may look at: all for the HMIS lead, their own for an agency representative."""
    qs = Export.objects.filter(direction=direction).select_related("created_by", "data_source")
    return qs if csv_scope(user) is None else qs.filter(created_by=user)


def access_import(user: Any, export_id: int) -> Export:
    """Return an import's record if ``user`` may read its report; the same 404 for 'missing' and 'not yours'."""
    batch = visible_batches(user, Export.Direction.IMPORT).filter(pk=export_id).first()
    if batch is None:
        audit(user=user, action="denied", object_type="hudcsv.Export", object_id=str(export_id))
        raise Http404("No such import")
    return batch


def exportable_projects(organization_ids: list[int] | None) -> QuerySet[Project]:
    """Projects an export may be limited to: all for the HMIS lead (None), else those of the given agencies."""
    qs = Project.objects.alive().filter(organization__date_deleted__isnull=True)
    return qs if organization_ids is None else qs.filter(organization_id__in=organization_ids)


# --- helpers ---------------------------------------------------------------------------------------------------------


def _page(request: HttpRequest, qs: QuerySet[Any]) -> Page:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _totals(counts: dict[str, Any]) -> dict[str, int]:
    """Import counts summed over files: {"read": n, "created": n, ...}."""
    totals = dict.fromkeys(COUNT_KEYS, 0)
    for per_file in (counts or {}).values():
        if isinstance(per_file, dict):
            for key in COUNT_KEYS:
                totals[key] += int(per_file.get(key) or 0)
    return totals


def _summary(batch: Export) -> dict[str, Any]:
    """What the import list shows of one import's report."""
    report = batch.report or {}
    return {
        "batch": batch,
        "spec_year": report.get("spec_year", ""),
        "status": report.get("status", ""),
        "totals": _totals(report.get("counts", {})),
        "error_count": report.get("error_count", len(report.get("errors", []))),
        "warning_count": report.get("warning_count", len(report.get("warnings", []))),
    }


# --- imports ---------------------------------------------------------------------------------------------------------


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    """Past imports and checks: every one for the HMIS lead, an agency representative's own uploads."""
    page = _page(request, visible_batches(request.user, Export.Direction.IMPORT))
    return render(
        request,
        "hudcsv/import_list.html",
        {
            "page": page,
            "rows": [_summary(batch) for batch in page.object_list],
        },
    )


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a .zip; the importer checks it (and, unless it is a dry run, saves it all or nothing)."""
    organization_ids = csv_scope(request.user)
    posted = request.method == "POST"
    organizations = None if organization_ids is None else Organization.objects.filter(pk__in=organization_ids)
    form = ImportUploadForm(
        request.POST if posted else None, request.FILES if posted else None, organizations=organizations
    )
    if form.is_valid():
        organization = form.chosen_organization()
        # The import runs as a background job; its page follows it and then links to the import's report.
        path = save_upload(form.cleaned_data["file"])
        job = job_start(
            kind=IMPORT_KIND,
            func=IMPORT_FUNC,
            params={
                "path": str(path),
                "dry_run": form.cleaned_data["dry_run"],
                "organization_ids": organization_ids,
                "organization_id": organization.pk if organization else None,
            },
            acting_user=request.user,
        )
        return redirect("jobs:detail", job_id=job.pk)
    return render(request, "hudcsv/import_upload.html", {"form": form})


@login_required
def import_detail(request: HttpRequest, export_id: int) -> HttpResponse:
    """An import's saved report: outcome, counts per file, then errors and warnings (errors first)."""
    batch = access_import(request.user, export_id)
    report = batch.report or {}
    counts = [
        {"file": file, **{key: (c or {}).get(key, 0) for key in COUNT_KEYS}}
        for file, c in (report.get("counts") or {}).items()
    ]
    issues = [{**issue, "severity": "error"} for issue in report.get("errors", [])]
    issues += [{**issue, "severity": "warning"} for issue in report.get("warnings", [])]
    summary = _summary(batch)
    return render(
        request,
        "hudcsv/import_detail.html",
        {
            **summary,
            "report": report,
            "counts": counts,
            "issues": issues[:ISSUES_SHOWN],
            "issues_total": len(issues),
            "issues_cut": len(issues) > ISSUES_SHOWN,
        },
    )


# --- exports ---------------------------------------------------------------------------------------------------------


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    """Past exports: who, when, with which options, how many rows."""
    page = _page(request, visible_batches(request.user, Export.Direction.EXPORT))
    reports = [(batch, batch.report or {}) for batch in page.object_list]
    ids = {pk for _b, report in reports for pk in (report.get("scope") or {}).get("project_ids") or []}
    names = dict(Project.objects.filter(pk__in=ids).values_list("pk", "project_name")) if ids else {}
    rows = []
    for batch, report in reports:
        scope = report.get("scope") or {}
        counts = report.get("counts") or {}
        rows.append(
            {
                "batch": batch,
                "scope": scope,
                "projects": [names.get(pk, f"#{pk}") for pk in scope.get("project_ids") or []],
                "rows": sum(counts.values()),
                "clients": counts.get("Client.csv", 0),
                "enrollments": counts.get("Enrollment.csv", 0),
            }
        )
    return render(request, "hudcsv/export_list.html", {"page": page, "rows": rows})


@login_required
def export_download(request: HttpRequest) -> HttpResponse:
    """Choose the period, projects and hashing; the 24 FY2026 files come back as one .zip."""
    organization_ids = csv_scope(request.user)
    form = ExportForm(
        request.POST if request.method == "POST" else None, projects=exportable_projects(organization_ids)
    )
    if form.is_valid():
        data = form.cleaned_data
        projects = data["projects"]
        name = f"hmis_csv_fy{SPEC_YEAR}_{timezone.localdate():%Y-%m-%d}.zip"
        tmp = Path(tempfile.mkdtemp(prefix="hearth-export-"))
        try:
            export_csv(
                output=tmp / name,
                start=data["start"],
                end=data["end"],
                project_ids=[p.pk for p in projects] if projects else None,
                hash_pii=data["hash_pii"],
                acting_user=request.user,
                organization_ids=organization_ids,
            )
            # The open handle keeps the file readable after its folder is removed (POSIX), so nothing is left behind.
            handle = (tmp / name).open("rb")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return FileResponse(handle, as_attachment=True, filename=name, content_type="application/zip")
    return render(request, "hudcsv/export_form.html", {"form": form})
