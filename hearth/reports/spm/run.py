"""Running the SPM: build the SPM blocks and measures, compute the table shells. Django-free."""

from __future__ import annotations

import time
from collections.abc import Iterable

from hearth.reports.engine.dataset import Dataset
from hearth.reports.engine.params import ReportParams
from hearth.reports.engine.run import ReportResult, Run
from hearth.reports.spm import blocks, measures
from hearth.reports.spm.tables import TABLES


def run_spm(ds: Dataset, params: ReportParams, *, only: Iterable[str] | None = None, with_members: bool = True,
            continuum_only: bool | None = None) -> ReportResult:  # fmt: skip
    """Every SPM table (or those named in ``only``) for ``params`` (CoC, period, spec year).

    ``continuum_only`` (default: by spec year, ``blocks.continuum_required``): whether projects need Continuum
    Project (2.02.5) = 1 besides a ProjectCoC row for the CoC. FY2026 requires it; the FY2022 layout follows HUD's
    Data Lab kit, which counts one such project (see docs/reports.md "SPM").
    Raises ``ParameterError`` for an unknown CoC or project IDs.
    """
    started = time.perf_counter()
    blocks.build(ds, params, continuum_only=continuum_only)
    for sql in measures.statements(params.spec):
        ds.con.execute(sql)
    wanted = {n.lower() for n in only} if only else None
    run = Run(ds=ds, params=params, with_members=with_members)
    result = ReportResult(params=params)
    for table in TABLES:
        if wanted is not None and table.name.lower() not in wanted:
            continue
        result.tables[table.name] = table.compute(run)
    result.seconds = time.perf_counter() - started
    return result
