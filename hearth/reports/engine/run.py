"""Running a report: build the blocks, compute the tables, write one CSV per table (zipped for Sage). Django-free."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hearth.reports.engine import blocks
from hearth.reports.engine.dataset import Dataset
from hearth.reports.engine.params import ReportParams

if TYPE_CHECKING:
    from hearth.reports.engine.tables import Table, TableResult


@dataclass
class Run:
    """What a table's ``compute`` gets: the dataset, the parameters, and whether to keep members per cell."""

    ds: Dataset
    params: ReportParams
    with_members: bool = True
    prepared: set[str] = field(default_factory=set)  # Table.setup statements already run


@dataclass
class ReportResult:
    params: ReportParams
    tables: dict[str, TableResult] = field(default_factory=dict)
    seconds: float = 0.0

    def write(self, output: str | Path) -> Path:
        """One CSV per table into a folder, or into a zip when ``output`` ends in .zip (Sage upload)."""
        output = Path(output)
        if output.suffix.lower() == ".zip":
            output.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as zf:
                for name, table in self.tables.items():
                    zf.writestr(f"{name}.csv", to_csv(table))
        else:
            output.mkdir(parents=True, exist_ok=True)
            for name, table in self.tables.items():
                (output / f"{name}.csv").write_text(to_csv(table), "utf-8", newline="")
        return output


def to_csv(table: TableResult) -> str:
    """HUD's CSV: header and label text double-quoted; values quoted or not as the table says; CRLF line ends."""
    buf = io.StringIO()
    for row in table.rows:
        buf.write(",".join(_field(text, quoted) for text, quoted in row))
        buf.write("\r\n")
    return buf.getvalue()


def _field(text: str, quoted: bool) -> str:
    if quoted or any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def run_report(ds: Dataset, params: ReportParams, *, tables: Iterable[Table] | None = None,
               only: Iterable[str] | None = None, with_members: bool = True) -> ReportResult:  # fmt: skip
    """Build the shared blocks for ``params`` and compute every applicable table (or those named in ``only``)."""
    started = time.perf_counter()
    if tables is None:
        from hearth.reports.apr.registry import tables_for

        tables = tables_for(params.report, params.spec)
    wanted = {n.lower() for n in only} if only else None
    blocks.build(ds, params)
    run = Run(ds=ds, params=params, with_members=with_members)
    result = ReportResult(params=params)
    for table in tables:
        if wanted is not None and table.name.lower() not in wanted:
            continue
        if not table.applies_to(params.report, params.spec):
            continue
        result.tables[table.name] = table.compute(run)
    result.seconds = time.perf_counter() - started
    return result
