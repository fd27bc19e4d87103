"""Starting and running reports on the live database; reading a run's cells back as clients and nights."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from hearth.core.audit import audit
from hearth.directory.models import Project

from .access import check_projects
from .models import ReportCell, ReportRun

# The SPM tables that explain a client's measure-1 nights (hearth.reports.spm.explain_nights reads them).
NIGHTS_TABLES = ("m1_spans", "m1_lot", "spm_enrollments")
M1_LINES = ("1a1", "1a2", "1b1", "1b2")
CELL_BATCH = 500


def runs_root() -> Path:
    return Path(settings.VAR_DIR) / "reports"


@transaction.atomic
def report_run_start(*, acting_user: Any, report: str, spec: str, start: date, end: date, coc_code: str,
                     projects: list[Project]) -> ReportRun:  # fmt: skip
    """Record a run and start it as a background job (``hearth.reports.jobs.run_report_job``); return the run.

    ``projects`` empty means every project of the CoC, which only the HMIS lead may ask for (PermissionDenied).
    """
    from hearth.jobs.services import job_start

    check_projects(acting_user, projects)
    run = ReportRun(report=report, spec=spec, start=start, end=end, coc_code=coc_code, created_by=acting_user,
                    project_hud_ids=sorted({p.hud_id for p in projects}))  # fmt: skip
    run.full_clean(exclude=["projects"])
    run.save()
    run.projects.set(projects)
    audit(user=acting_user, action="create", obj=run,
          detail={"report": report, "spec": spec, "start": start.isoformat(), "end": end.isoformat(),
                  "coc": coc_code, "project_ids": run.project_hud_ids})  # fmt: skip
    job = job_start(kind=f"reports.{report}", func="hearth.reports.jobs.run_report_job", params={"run_id": run.pk},
                    acting_user=acting_user)  # fmt: skip
    # The job may already have run (HEARTH_JOBS_MODE=sync) and changed the row: set only the link.
    ReportRun.objects.filter(pk=run.pk).update(job=job)
    run.refresh_from_db()
    return run


def report_run_execute(*, run: ReportRun, progress: Callable[[int, str], None]) -> ReportRun:
    """Export the live database, run the report on it, keep the tables, the drill-down and the result files."""
    from django.utils.translation import gettext as _

    from hearth.reports.engine import ReportParams, load_dataset, run_report
    from hearth.reports.live import export_live_timed, export_start, remove_export

    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RUNNING, error="")
    try:
        params = ReportParams(start=run.start, end=run.end, coc=run.coc_code or None,
                              project_ids=tuple(run.project_hud_ids), spec=run.spec, report=run.report)  # fmt: skip
        projects = list(run.projects.all()) or None
        progress(5, _("Exporting the database"))
        live = export_live_timed(acting_user=run.created_by, projects=projects,
                                 start=export_start(run.report, run.start), end=run.end)  # fmt: skip
        try:
            progress(35, _("Loading the export"))
            ds = load_dataset(live.folder)
        finally:
            remove_export(live.folder)
        try:
            progress(55, _("Computing the tables"))
            if run.report == ReportRun.Report.SPM:
                from hearth.reports.spm import run_spm

                result = run_spm(ds, params)
            else:
                result = run_report(ds, params)
            progress(85, _("Saving the results"))
            folder = f"run-{run.pk}"
            path = runs_root() / folder
            if path.exists():
                shutil.rmtree(path)
            path.mkdir(parents=True)
            result.write(path / run.download_name)
            if run.report == ReportRun.Report.SPM:
                _keep_nights_tables(ds, path)
        finally:
            ds.close()
        timing = {"export_seconds": round(live.seconds, 3), "load_seconds": round(ds.load_seconds, 3),
                  "report_seconds": round(result.seconds, 3), "export_id": live.export_id}  # fmt: skip
        summary = {"tables": _grids(run, result), "timing": timing, "warnings": list(ds.warnings)[:50]}
        with transaction.atomic():
            ReportCell.objects.filter(run=run).delete()
            ReportCell.objects.bulk_create(_cells(run, result), batch_size=CELL_BATCH)
            ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.DONE, folder=folder, summary=summary)
    except Exception as exc:
        ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}")
        raise
    run.refresh_from_db()
    return run


def _declared(report: str, spec: str) -> dict[str, Any]:
    """The report's table declarations by name (for their titles and whether row 1 is a header)."""
    if report == ReportRun.Report.SPM:
        from hearth.reports.spm import TABLES
    else:
        from hearth.reports.apr.registry import tables_for

        TABLES = tables_for(report, spec)  # noqa: N806
    return {t.name: t for t in TABLES}


def _is_count(cell: Any) -> bool:
    """A cell that counts clients (so it can be opened): it has members and its value is a non-zero number."""
    if cell is None or cell.members is None or not cell.members:
        return False
    return cell.fmt == "int"


def _grids(run: ReportRun, result: Any) -> list[dict[str, Any]]:
    """Each table as rows of cells ``{"text", "ref"}``; ``ref`` is set on the counts that open their clients."""
    from hearth.reports.engine.tables import col_letter

    declared = _declared(run.report, run.spec)
    out = []
    for name, table in result.tables.items():
        spec = declared.get(name)
        has_header = spec is None or getattr(spec, "header", None) is not None
        rows = []
        for r, row in enumerate(table.rows, start=1):
            cells = []
            for c, (text, _quoted) in enumerate(row):
                ref = f"{col_letter(c)}{r}"
                cell = table.cells.get(ref)
                opens = _is_count(cell) and text not in ("", "0")
                th = "col" if has_header and r == 1 and not opens else "row" if c == 0 and not opens else ""
                cells.append({"text": text, "ref": ref if opens else "", "th": th})
            rows.append(cells)
        out.append({"name": name, "title": getattr(spec, "title", "") or "", "header": has_header, "rows": rows})
    return out


def _cells(run: ReportRun, result: Any) -> list[ReportCell]:
    out = []
    for name, table in result.tables.items():
        for ref, cell in table.cells.items():
            if _is_count(cell):
                out.append(
                    ReportCell(run=run, table=name, ref=ref, personal_ids=sorted({str(m) for m in cell.members}))
                )
    return out


def _keep_nights_tables(ds: Any, path: Path) -> None:
    """Keep what ``explain_nights`` reads (measure-1 spans and windows, SPM stays: IDs and dates, no names)."""
    for table in NIGHTS_TABLES:
        target = str(path / f"{table}.parquet").replace("'", "''")
        ds.con.execute(f"COPY {table} TO '{target}' (FORMAT parquet)")  # noqa: S608 - fixed names, our own path


@dataclass
class _Kept:
    """The part of a Dataset that ``explain_nights`` uses, over the tables a run kept as Parquet."""

    con: Any

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()


def run_nights(run: ReportRun, personal_id: str) -> list[dict[str, Any]]:
    """A client's measure-1 nights in an SPM run, for each line (1a1, 1a2, 1b1, 1b2); [] when not kept."""
    import duckdb

    from hearth.reports.spm import explain_nights

    path = run.path
    if run.report != ReportRun.Report.SPM or path is None or not (path / "m1_lot.parquet").exists():
        return []
    con = duckdb.connect()
    try:
        for table in NIGHTS_TABLES:
            source = str(path / f"{table}.parquet").replace("'", "''")
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{source}')")  # noqa: S608
        kept = _Kept(con)
        return [explain_nights(kept, personal_id, line=line) for line in M1_LINES]  # type: ignore[arg-type]
    finally:
        con.close()


@dataclass
class CellClients:
    """The clients behind one count, as far as the user may see them."""

    total: int
    visible: Any  # QuerySet[Client]
    hidden: int


def cell_clients(*, user: Any, run: ReportRun, personal_ids: list[str]) -> CellClients:
    """Map a cell's PersonalIDs (the exported ``Client.hud_id``) to clients ``user`` may see; count the rest."""
    from hearth.clients.access import visible_clients

    ids = list(dict.fromkeys(personal_ids))
    visible = visible_clients(user).filter(hud_id__in=ids)
    project_ids = list(run.projects.values_list("pk", flat=True))
    if project_ids:
        # Imported records keep their source's IDs, unique per data source only: keep the clients of the run.
        visible = visible.filter(enrollments__project_id__in=project_ids).distinct()
    seen = len(set(visible.values_list("hud_id", flat=True)))
    return CellClients(
        total=len(ids), visible=visible.order_by("last_name", "first_name", "pk"), hidden=len(ids) - seen
    )


def run_result_url(run: ReportRun) -> str:
    return reverse("reports:detail", args=[run.pk])


def report_run_job_result(run: ReportRun) -> dict[str, Any]:
    return {"url": run_result_url(run), "run_id": run.pk, "timing": run.summary.get("timing", {})}
