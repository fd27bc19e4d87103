"""Reports from the live database: export it through the HMIS CSV exporter into a private folder, then load that.

    folder = export_live(acting_user=user, projects=[...], start=date(2025, 10, 1), end=date(2026, 9, 30))
    try:
        ds = load_dataset(folder)
    finally:
        remove_export(folder)

The report engine reads HMIS CSV only (ARCHITECTURE.md section 7), so the live path is the exporter's own output:
the same bytes a CoC would upload elsewhere. The folder holds client data (names, SSNs), so it lives under
``VAR_DIR/reports/exports/`` and is removed as soon as the dataset is loaded.
"""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings

from hearth.core.audit import audit


def exports_dir() -> Path:
    """Where live exports wait to be loaded (``VAR_DIR/reports/exports``)."""
    return Path(settings.VAR_DIR) / "reports" / "exports"


@dataclass
class LiveExport:
    folder: Path
    seconds: float
    export_id: str


def _exporter_user(acting_user: Any, project_ids: list[int] | None) -> Any:
    """The user the exporter should act for: the exporter lets only the HMIS lead and agency representatives
    export, so a reporting user's run (already limited to their agency's projects by ``reports.access``) is
    exported by Hearth itself and the report run carries the user."""
    if acting_user is None or getattr(acting_user, "is_lead_admin", False):
        return acting_user
    from hearth.accounts.models import Role
    from hearth.directory.models import Project

    mine = set(acting_user.organization_ids(Role.AGENCY_ADMIN))
    if project_ids and mine:
        orgs = set(Project.objects.filter(pk__in=project_ids).values_list("organization_id", flat=True))
        if orgs <= mine:
            return acting_user
    return None


def export_live_timed(*, acting_user: Any | None, projects: Iterable[Any] | None, start: date | None,
                      end: date | None) -> LiveExport:  # fmt: skip
    """``export_live`` that also says how long the export took and which Export record it made."""
    from hearth.hudcsv.exporter import export_csv

    project_ids = None if projects is None else [getattr(p, "pk", p) for p in projects]
    folder = exports_dir() / f"export-{uuid.uuid4().hex}"
    folder.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    exporter_user = _exporter_user(acting_user, project_ids)
    try:
        export = export_csv(output=folder, start=start, end=end, project_ids=project_ids, acting_user=exporter_user)
    except BaseException:
        remove_export(folder)
        raise
    if exporter_user is None and acting_user is not None:
        # The exporter recorded the export without a user; say who asked for it.
        audit(user=acting_user, action="export", obj=export, detail={"for": "report", "project_ids": project_ids})
    return LiveExport(folder=folder, seconds=time.perf_counter() - started, export_id=str(export.hud_id))


def export_live(*, acting_user: Any | None, projects: Iterable[Any] | None, start: date | None,
                end: date | None) -> Path:  # fmt: skip
    """Export the live database (``projects``: Project objects or keys, None for all) to a new folder of HMIS CSV
    FY2026 files under ``VAR_DIR/reports/exports`` and return it; enrollments overlapping ``start``..``end``."""
    return export_live_timed(acting_user=acting_user, projects=projects, start=start, end=end).folder


def remove_export(folder: Path) -> None:
    """Delete a live export folder (it holds client data) once the dataset is loaded."""
    folder = Path(folder)
    if folder.resolve().is_relative_to(exports_dir().resolve()):
        shutil.rmtree(folder, ignore_errors=True)


def export_start(report: str, start: date) -> date | None:
    """The first day the export must reach back to: the report period for the APR/CAPER; everything for the SPM,
    whose measures look back up to seven years (and, for the FY2022 spec, to 2012-10-01)."""
    return None if report == "spm" else start
