"""Report pages: choose and start a run, past runs, results with drill-down, the Sage/HDX zip, SPM nights."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.core.audit import audit
from hearth.privacy.rules import mark_redactions

from .access import access_run, can_run_reports, visible_runs
from .forms import ReportRunForm
from .models import ReportCell
from .services import cell_clients, report_run_start, run_nights

RUNS_PER_PAGE = 20
CLIENTS_PER_PAGE = 50


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The report form (for those who may run reports) and the past runs the user may see."""
    may_run = can_run_reports(request.user)
    form = ReportRunForm(user=request.user, today=timezone.localdate()) if may_run else None
    return _index(request, form, status=200)


def _index(request: HttpRequest, form: ReportRunForm | None, *, status: int) -> HttpResponse:
    runs = visible_runs(request.user).select_related("created_by").prefetch_related("projects")
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reports/index.html", {"form": form, "page": page}, status=status)


@login_required
@require_POST
def run(request: HttpRequest) -> HttpResponse:
    """Start a run in the background and go to its job page (which links to the results when done)."""
    if not can_run_reports(request.user):
        raise PermissionDenied
    form = ReportRunForm(request.POST, user=request.user, today=timezone.localdate())
    if not form.is_valid():
        return _index(request, form, status=400)
    data = form.cleaned_data
    report_run = report_run_start(acting_user=request.user, report=data["report"], spec=data["spec"],
                                  start=data["start"], end=data["end"], coc_code=data["coc_code"],
                                  projects=list(data["projects"]))  # fmt: skip
    if report_run.job_id is None:
        return redirect("reports:detail", run_id=report_run.pk)
    return redirect("jobs:detail", job_id=report_run.job_id)


@login_required
def detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """A run's parameters and its tables; each non-zero count links to the clients behind it."""
    report_run = access_run(request.user, run_id)
    audit(user=request.user, action="view", obj=report_run)
    return render(request, "reports/detail.html", {"run": report_run, "tables": report_run.summary.get("tables", [])})


@login_required
def cell(request: HttpRequest, run_id: int, table: str, ref: str) -> HttpResponse:
    """The clients behind one count: names only of clients the user may see; the others are counted."""
    report_run = access_run(request.user, run_id)
    report_cell = get_object_or_404(ReportCell, run=report_run, table=table, ref=ref.upper())
    found = cell_clients(user=request.user, run=report_run, personal_ids=report_cell.personal_ids)
    page = Paginator(found.visible, CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = mark_redactions(request.user, page.object_list)
    audit(user=request.user, action="view", obj=report_run,
          detail={"table": table, "cell": report_cell.ref, "clients_shown": [c.pk for c in page]})  # fmt: skip
    grid = next((t for t in report_run.summary.get("tables", []) if t["name"] == table), None)
    return render(request, "reports/cell.html", {
        "run": report_run, "cell": report_cell, "found": found, "page": page, "table": grid,
        "label": _cell_label(grid, report_cell.ref),
    })  # fmt: skip


def _cell_label(grid: dict | None, ref: str) -> str:
    """'row label / column header' of a cell, from the table's grid."""
    if not grid:
        return ref
    for row in grid["rows"]:
        for index, item in enumerate(row):
            if item.get("ref") == ref:
                first = grid["rows"][0]
                header = first[index]["text"] if grid.get("header") and index < len(first) else ""
                return " / ".join(part for part in (row[0]["text"].strip(), header.strip()) if part)
    return ref


@login_required
def download(request: HttpRequest, run_id: int) -> FileResponse:
    """The Sage zip (APR/CAPER) or the HDX CSVs (SPM) of a finished run."""
    report_run = access_run(request.user, run_id)
    path = report_run.path / report_run.download_name if report_run.path else None
    if path is None or not path.is_file():
        raise Http404("This run has no result files")
    audit(user=request.user, action="export", obj=report_run, detail={"file": report_run.download_name})
    return FileResponse(path.open("rb"), as_attachment=True, filename=report_run.download_name,
                        content_type="application/zip")  # fmt: skip


@login_required
def nights(request: HttpRequest, run_id: int, client_id: int) -> HttpResponse:
    """SPM measure 1 for one client: the stays, the nights counted and the nights negated, line by line."""
    from hearth.clients.access import access_client

    report_run = access_run(request.user, run_id)
    if report_run.report != "spm":
        raise Http404("Only SPM runs have measure-1 nights")
    client = access_client(request.user, client_id)
    lines = run_nights(report_run, client.hud_id)
    return render(request, "reports/nights.html", {"run": report_run, "client": client, "lines": lines})
