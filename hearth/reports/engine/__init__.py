"""Hearth's report engine: HMIS CSV -> DuckDB -> HUD report tables. Django-free (a test checks it).

Public API::

    from hearth.reports.engine import load_dataset, ReportParams, run_report
    ds = load_dataset("export.zip")                       # FY2022/FY2024/FY2026, folder or zip
    params = ReportParams(start=date(2020, 10, 1), end=date(2021, 9, 30), coc="XX-500", project_ids=("1552",))
    result = run_report(ds, params)                       # every implemented table of the APR (FY2022 layout)
    result.tables["Q5a"].value("B1"); result.tables["Q5a"].members("B1")
    result.write("apr.zip")                               # one CSV per table, zipped for Sage

See docs/reports.md. SQL here is assembled from HUD layout identifiers, validated dates and escaped IDs (hence
the ``noqa: S608`` marks); no user text reaches it unescaped.
"""

from hearth.reports.engine.dataset import Dataset, DatasetError, load_dataset
from hearth.reports.engine.params import ParameterError, ReportParams
from hearth.reports.engine.run import ReportResult, Run, run_report, to_csv
from hearth.reports.engine.tables import (
    Aggregate,
    Blank,
    Cell,
    CellResult,
    Column,
    Count,
    Ratio,
    Row,
    Sum,
    Table,
    TableResult,
)

__all__ = [
    "Aggregate",
    "Blank",
    "Cell",
    "CellResult",
    "Column",
    "Count",
    "Dataset",
    "DatasetError",
    "ParameterError",
    "Ratio",
    "ReportParams",
    "ReportResult",
    "Row",
    "Run",
    "Sum",
    "Table",
    "TableResult",
    "load_dataset",
    "run_report",
    "to_csv",
]
