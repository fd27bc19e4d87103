"""Compare our APR/CAPER with HUD's Data Lab test kit 2.0 (FY2022), cell by cell. Django-free.

The kit lives outside the repository (``$HEARTH_TESTKITS`` or ``../shared/testkits``). Each run of
``expected/<report>/<run>/`` is reported on ``inputs/merged`` with the kit README's parameters (``KIT_RUNS``).
Cells are compared by position, as Sage reads them; numbers compare as numbers (quotes, ``%`` and ``$`` stripped,
0.01 tolerance), and blank equals 0 (HUD allows either in cells without data). Cells in the kit's
``green_river_known_mismatches.csv`` and in our ``data/known_differences.csv`` are reported as known, not as failures.
For the APR and CAPER our file holds only cells of Green River's list, each with the value we produce and why (the
kit is HUD's reading of the FY2022 layout everywhere else), save Q4a's Organization ID (column B) of the two-project
run ``rrh_coc_2``, which Green River lists for the other runs only: the kit's "DataLab" is in no field of its export.
Tables we have not implemented are listed as such.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from hearth.reports.engine import Dataset, ReportParams, load_dataset, run_report
from hearth.reports.engine.tables import TableResult

KIT = "datalab-tk2.0-2022"
START, END, COC = date(2020, 10, 1), date(2021, 9, 30), "XX-500"
KNOWN_DIFFERENCES = Path(__file__).resolve().parent / "data" / "known_differences.csv"

# Kit README: report -> run folder -> project IDs (all runs 2020-10-01..2021-09-30, CoC XX-500).
KIT_RUNS: dict[str, dict[str, tuple[str, ...]]] = {
    "apr": {
        "psh_coc_1": ("1552",),
        "rrh_coc_1": ("1554",),
        "rrh_coc_2": ("1554", "1555"),
        "so_coc": ("1565",),
        "sso_coc": ("1567",),
        "th_coc": ("1561",),
    },
    "caper": {
        "es_ee_esg": ("1546",),
        "es_nbn_esg": ("1548",),
        "hp_esg": ("1564",),
        "rrh_esg": ("1556",),
        "so_esg": ("1566",),
        "th_esg": ("1560",),
    },
}
# The SPM has one kit run: every project of the SPM's types in the CoC (expected/spm/*.csv).
SPM_RUN = "all_projects"
# Green River's spec file names in green_river_known_mismatches.csv -> our run names.
_GR_SPEC_RUN = {"th": "th_coc"}


def testkits_root() -> Path:
    """``$HEARTH_TESTKITS``, else ``../shared/testkits`` beside the repository."""
    env = os.environ.get("HEARTH_TESTKITS")
    return Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared" / "testkits"


def kit_path() -> Path:
    return testkits_root() / KIT


def kit_present() -> bool:
    return (kit_path() / "inputs" / "merged" / "Export.csv").exists()


@dataclass
class CellDiff:
    table: str
    cell: str
    expected: str
    got: str
    known: str = ""  # why, when the difference is known


@dataclass
class RunResult:
    report: str
    run: str
    matched: int = 0
    compared: int = 0
    differences: list[CellDiff] = field(default_factory=list)
    known: list[CellDiff] = field(default_factory=list)
    not_implemented: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def read_grid(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return [row for row in csv.reader(fh)]


def _number(text: str) -> float | None:
    t = text.strip().replace("$", "").replace("%", "").replace(",", "")
    if t == "":
        return 0.0
    try:
        return float(t)
    except ValueError:
        return None


def same(expected: str, got: str) -> bool:
    """Kit and our cell hold the same value (text exactly, numbers within 0.01, blank == 0)."""
    if expected.strip() == got.strip():
        return True
    a, b = _number(expected), _number(got)
    return a is not None and b is not None and abs(a - b) < 0.01


def cell_ref(col: int, row: int) -> str:
    from hearth.reports.engine.tables import col_letter

    return f"{col_letter(col)}{row}"


@cache
def gr_known_cells() -> dict[tuple[str, str, str], tuple[set[str] | None, str]]:
    """``(report, run, table) -> (cells or None for the whole table, note)`` from the kit's Green River list."""
    out: dict[tuple[str, str, str], tuple[set[str] | None, str]] = {}
    path = kit_path() / "green_river_known_mismatches.csv"
    if not path.exists():
        return out
    for row in csv.DictReader(path.open(encoding="utf-8")):
        spec = row["spec_file"]  # fy2021/datalab_apr/psh_coc_1.rb
        question = row["question"].lower()
        if spec.endswith("all_projects_spec.rb") and question.startswith("measure "):
            report, run, question = "spm", SPM_RUN, question.removeprefix("measure ")  # "Measure 7a.1" -> "7a.1"
        else:
            report = "apr" if "datalab_apr/" in spec else "caper" if "datalab_caper/" in spec else None
            run = _GR_SPEC_RUN.get(Path(spec).stem, Path(spec).stem)
        if report is None:
            continue
        whole = row["gr_status"].startswith("skipped")
        cells = None if whole else {c.strip().upper() for c in row["gr_skipped_cells"].split(";") if c.strip()}
        note = row["gr_notes"] or ("skipped this cell in its kit test (no reason given)" if cells else row["gr_status"])
        out[(report, run, question)] = (cells, "Green River: " + note)
    return out


@cache
def our_known_cells() -> dict[tuple[str, str, str, str], str]:
    """``(report, run, table, cell) -> reason`` from data/known_differences.csv (run or cell may be '*')."""
    out: dict[tuple[str, str, str, str], str] = {}
    if not KNOWN_DIFFERENCES.exists():
        return out
    for row in csv.DictReader(KNOWN_DIFFERENCES.open(encoding="utf-8")):
        out[(row["report"], row["run"], row["table"].lower(), row["cell"].upper())] = row["reason"]
    return out


def gr_covers(report: str, run: str, table: str, cell: str) -> bool:
    """The cell is in Green River's known-mismatch list (a listed cell, or a question it skipped whole)."""
    gr = gr_known_cells().get((report, run, table.lower()))
    return gr is not None and (gr[0] is None or cell.upper() in gr[0])


def lines_outside_gr(report: str) -> list[tuple[str, str, str]]:
    """``(run, table, cell)`` of our known differences for an APR or CAPER run that Green River's list does not name
    (a ``*`` run or cell is expanded to every kit run; a ``*`` cell is never covered)."""
    out: list[tuple[str, str, str]] = []
    for (rep, run, table, cell), _reason in our_known_cells().items():
        if rep != report:
            continue
        for r in KIT_RUNS[report] if run == "*" else (run,):
            if cell == "*" or not gr_covers(report, r, table, cell):
                out.append((r, table, cell))
    return out


def known_reason(report: str, run: str, table: str, cell: str) -> str:
    ours = our_known_cells()
    for key in ((report, run, table.lower(), cell), (report, "*", table.lower(), cell),
                (report, run, table.lower(), "*"), (report, "*", table.lower(), "*")):  # fmt: skip
        if key in ours:
            return ours[key]
    if gr_covers(report, run, table, cell):
        return gr_known_cells()[(report, run, table.lower())][1]
    return ""


def compare_table(report: str, run: str, name: str, expected: list[list[str]], ours: TableResult,
                  result: RunResult) -> None:  # fmt: skip
    got = [[text for text, _q in row] for row in ours.rows]
    height = max(len(expected), len(got))
    for r in range(height):
        exp_row = expected[r] if r < len(expected) else []
        got_row = got[r] if r < len(got) else []
        for k in range(max(len(exp_row), len(got_row))):
            if k == 0 or (r == 0 and ours.rows and ours.rows[0] and _is_header(ours, name)):
                continue  # labels and headers are not data (Sage reads by position)
            e = exp_row[k] if k < len(exp_row) else ""
            g = got_row[k] if k < len(got_row) else ""
            ref = cell_ref(k, r + 1)
            result.compared += 1
            if same(e, g):
                result.matched += 1
                continue
            diff = CellDiff(name, ref, e, g, known_reason(report, run, name, ref))
            (result.known if diff.known else result.differences).append(diff)


def _is_header(ours: TableResult, name: str) -> bool:
    from hearth.reports.apr.registry import all_tables

    for t in all_tables():
        if t.name == name:
            return t.header is not None
    return True


def run_kit(report: str, runs: list[str] | None = None, tables: list[str] | None = None,
            dataset: Dataset | None = None) -> list[RunResult]:  # fmt: skip
    """Run the report for each kit run and compare with the kit's expected CSVs."""
    from hearth.reports.apr.registry import tables_for

    if not kit_present():
        raise FileNotFoundError(f"HUD test kit not found at {kit_path()} (set HEARTH_TESTKITS)")
    ds = dataset or load_dataset(kit_path() / "inputs" / "merged")
    implemented = {t.name.lower(): t for t in tables_for(report, "2022")}
    wanted = {t.lower() for t in tables} if tables else None
    results: list[RunResult] = []
    for run, projects in KIT_RUNS[report].items():
        if runs and run not in runs:
            continue
        folder = kit_path() / "expected" / report / run
        params = ReportParams(start=START, end=END, coc=COC, project_ids=projects, spec="2022", report=report)
        names = sorted((p.stem for p in folder.glob("*.csv")), key=_order)
        if wanted is not None:
            names = [n for n in names if n.lower() in wanted]
        ours = run_report(ds, params, only=[n for n in names if n.lower() in implemented], with_members=False)
        result = RunResult(report, run)
        for name in names:
            table = implemented.get(name.lower())
            if table is None:
                result.not_implemented.append(name)
                continue
            result.tables.append(name)
            compare_table(report, run, table.name, read_grid(folder / f"{name}.csv"), ours.tables[table.name], result)
        results.append(result)
    return results


def run_spm_kit(tables: list[str] | None = None, dataset: Dataset | None = None, *,
                continuum_only: bool | None = None) -> RunResult:  # fmt: skip
    """Run the SPM on the kit (2020-10-01..2021-09-30, CoC XX-500, FY2022 rules) and compare every expected cell.

    The expected values are ``expected/spm_expected_tidy.csv`` (measure, cell, value); the grids in
    ``expected/spm/`` hold the same values by position. Every tidy row is one compared cell.
    """
    from hearth.reports.spm import TABLES, run_spm

    if not kit_present():
        raise FileNotFoundError(f"HUD test kit not found at {kit_path()} (set HEARTH_TESTKITS)")
    ds = dataset or load_dataset(kit_path() / "inputs" / "merged")
    wanted = {t.lower() for t in tables} if tables else None
    names = [t.name for t in TABLES if wanted is None or t.name.lower() in wanted]
    params = ReportParams(start=START, end=END, coc=COC, spec="2022", report="spm")
    ours = run_spm(ds, params, only=names, with_members=False, continuum_only=continuum_only)
    result = RunResult("spm", SPM_RUN, tables=list(names))
    path = kit_path() / "expected" / "spm_expected_tidy.csv"
    for row in csv.DictReader(path.open(encoding="utf-8-sig")):
        table = row["source_file"].removesuffix(".csv")
        if table not in ours.tables:
            if wanted is None and table not in result.not_implemented:
                result.not_implemented.append(table)
            continue
        ref = row["cell"].strip().upper()
        got = ours.tables[table].value(ref)
        result.compared += 1
        if same(row["expected_value"], got):
            result.matched += 1
            continue
        diff = CellDiff(table, ref, row["expected_value"], got, known_reason("spm", SPM_RUN, table, ref))
        (result.known if diff.known else result.differences).append(diff)
    return result


def _order(name: str) -> tuple:
    from hearth.reports.apr.registry import question_order

    return question_order(name)


def format_results(results: list[RunResult], *, verbose_known: bool = False) -> list[str]:
    lines: list[str] = []
    for r in results:
        lines.append(f"{r.report}/{r.run}: {r.matched} of {r.compared} cells match "
                     f"({len(r.tables)} tables; {len(r.known)} known differences; "
                     f"{len(r.not_implemented)} tables not implemented)")  # fmt: skip
        for d in r.differences:
            lines.append(f"  DIFF {d.table} {d.cell}: expected {d.expected!r}, got {d.got!r}")
        if verbose_known:
            for d in r.known:
                lines.append(f"  known {d.table} {d.cell}: expected {d.expected!r}, got {d.got!r} ({d.known})")
        if r.not_implemented:
            lines.append("  not implemented: " + ", ".join(r.not_implemented))
    return lines
