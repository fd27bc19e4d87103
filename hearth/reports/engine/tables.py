"""Declaring a report table (rows x columns of cells over the client detail) and computing it. Django-free.

A :class:`Table` has a header row (row 1, or none), row labels in column A and value columns B, C, ... Each value cell
is by default ``Count`` of distinct ``key`` (PersonalID) in ``source`` (``client_detail``, alias ``c``) where
``universe AND row.where AND column.where``; ``cells`` overrides single cells by reference (``"B7"``) with any
:class:`Cell` (blank, constant, ratio of two cells, sum/average of an expression). Every computed cell keeps the
list of keys behind it (drill-down). Tables that do not fit the grid (e.g. Q4a, one row per project) subclass
:class:`Table` and override ``compute``.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hearth.reports.engine.run import Run


def col_letter(index: int) -> str:
    """0 -> 'A', 1 -> 'B', ... 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = string.ascii_uppercase[rem] + letters
    return letters


# ---- cells ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Cell:
    """A value cell. ``fmt``: 'int' | 'pct' (decimal, 4 places) | 'money' ($, 2 places) | 'decimal' (2 places).

    ``only_if``: an SQL condition evaluated once per run (e.g. "some project in scope is PSH or RRH"); when it is
    false the cell is written blank, as HUD's shell wants for rows that apply to some project types only.
    """

    fmt: str = "int"
    only_if: str | None = None


@dataclass(frozen=True, kw_only=True)
class Count(Cell):
    """Distinct keys of the table's source where ``where`` (SQL over alias ``c``) holds, within the universe."""

    where: str = "true"
    with_row_and_column: bool = True  # also apply the row's and column's predicates


@dataclass(frozen=True, kw_only=True)
class Aggregate(Cell):
    """An SQL aggregate (``avg(c.days_in_project)``) over the rows where ``where`` holds; members are their keys."""

    expr: str = "count(*)"
    where: str = "true"
    with_row_and_column: bool = True
    fmt: str = "decimal"


@dataclass(frozen=True, kw_only=True)
class Blank(Cell):
    """A cell that never holds data (grey in HUD's shell): written as ``value`` ('' or '0')."""

    value: str = ""


@dataclass(frozen=True, kw_only=True)
class Ratio(Cell):
    """``numerator / denominator`` of two other cells of the same table (0 when the denominator is 0)."""

    numerator: str = ""
    denominator: str = ""
    fmt: str = "pct"


@dataclass(frozen=True, kw_only=True)
class Sum(Cell):
    """The sum of other cells of the same table; members are the union of theirs."""

    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    label: str
    where: str = "true"


@dataclass(frozen=True)
class Column:
    label: str
    where: str = "true"


# ---- results ----------------------------------------------------------------------------------------------------


@dataclass
class CellResult:
    value: Any
    fmt: str = "int"
    members: list[str] | None = None  # keys (PersonalIDs) behind the value; None for blank/constant cells

    def display(self) -> str:
        return format_value(self.value, self.fmt)


def format_value(value: Any, fmt: str) -> str:
    """A value as HUD's CSV wants it: integers plain, percentages as decimals with 4 places, money with $ and 2."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if fmt == "pct":
        return "0" if value == 0 else f"{value:.4f}"
    if fmt == "money":
        return f"${value:.2f}"
    if fmt == "decimal":
        return f"{value:.2f}"
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


@dataclass
class TableResult:
    """The computed grid of one table: ``rows`` (CSV rows of (text, quoted) pairs) and ``cells`` by reference."""

    name: str
    rows: list[list[tuple[str, bool]]]
    cells: dict[str, CellResult] = field(default_factory=dict)

    def value(self, ref: str) -> str:
        """The displayed text of a cell (``"B2"``), as written to the CSV."""
        col, row = _split_ref(ref)
        return self.rows[row - 1][col][0]

    def members(self, ref: str) -> list[str]:
        cell = self.cells.get(ref)
        return list(cell.members or []) if cell else []


def _split_ref(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha()).upper()
    number = int("".join(ch for ch in ref if ch.isdigit()))
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index - 1, number


def _split_members(text: str | None) -> list[str]:
    """Keys joined by the unit separator (U+001F, which HMIS IDs never hold) -> the list."""
    return text.split("\x1f") if text else []


# ---- tables -----------------------------------------------------------------------------------------------------


@dataclass
class Table:
    """An APR/CAPER table: name (``"Q7a"``), header row, rows x columns of cells over ``source``."""

    name: str
    header: list[str] | None
    rows: list[Row]
    columns: list[Column]
    universe: str = "true"
    cells: dict[str, Cell] = field(default_factory=dict)
    source: str = "client_detail"
    key: str = "c.PersonalID"
    unique_key: bool = True  # one source row per key (true of client_detail): plain count(*) is enough
    reports: tuple[str, ...] = ("apr", "caper")
    specs: tuple[str, ...] = ("2022",)
    quote_values: bool = True
    title: str = ""
    # SQL run once per report run before the table is computed (shared with other tables by identical text):
    # table-specific building blocks, e.g. "CREATE OR REPLACE TABLE q16_income AS ..." using r_start()/r_end().
    setup: tuple[str, ...] = ()

    @property
    def first_row(self) -> int:
        return 2 if self.header is not None else 1

    def applies_to(self, report: str, spec: str) -> bool:
        return report in self.reports and spec in self.specs

    def ref(self, row_index: int, column_index: int) -> str:
        """Reference of the value cell in ``rows[row_index]`` and ``columns[column_index]`` (``"B2"``)."""
        return f"{col_letter(column_index + 1)}{self.first_row + row_index}"

    def cell(self, row_index: int, column_index: int) -> Cell:
        ref = self.ref(row_index, column_index)
        return self.cells.get(ref, Count())

    def prepare(self, run: Run) -> None:
        """Run ``setup`` statements not yet run in this report run."""
        for sql in self.setup:
            if sql not in run.prepared:
                run.ds.con.execute(sql)
                run.prepared.add(sql)

    def compute(self, run: Run) -> TableResult:
        """Evaluate the cells: plain counts in one GROUP BY over (row, column), the other counts and aggregates in
        one query of FILTER aggregates; then blanks, sums and ratios."""
        self.prepare(run)
        grouped: dict[str, tuple[int, int, Cell]] = {}
        filtered: dict[str, tuple[int, int, Cell]] = {}
        for r in range(len(self.rows)):
            for k in range(len(self.columns)):
                cell, ref = self.cell(r, k), self.ref(r, k)
                if type(cell) is Count and cell.where == "true" and cell.with_row_and_column:
                    grouped[ref] = (r, k, cell)
                elif isinstance(cell, Count | Aggregate):
                    filtered[ref] = (r, k, cell)
        results: dict[str, CellResult] = {}
        if grouped:
            found = self._count_grid(run)
            for ref, (r, k, cell) in grouped.items():
                n, members = found.get((r, k), (0, []))
                results[ref] = CellResult(n, cell.fmt, members if run.with_members else None)
        if filtered:
            results.update(self._filter_cells(run, filtered))
        conditions: dict[str, bool] = {}
        for ref, (_r, _k, cell) in {**grouped, **filtered}.items():
            if cell.only_if:
                if cell.only_if not in conditions:
                    conditions[cell.only_if] = bool(run.ds.con.execute(f"SELECT ({cell.only_if})").fetchone()[0])
                if not conditions[cell.only_if]:
                    results[ref] = CellResult("", cell.fmt, None)
        for r in range(len(self.rows)):
            for k in range(len(self.columns)):
                ref = self.ref(r, k)
                cell = self.cell(r, k)
                if isinstance(cell, Blank):
                    results[ref] = CellResult(cell.value, "int", None)
        for r in range(len(self.rows)):
            for k in range(len(self.columns)):
                ref, cell = self.ref(r, k), self.cell(r, k)
                if isinstance(cell, Sum):
                    parts = [results[p] for p in cell.refs]
                    members = sorted({m for p in parts for m in (p.members or [])})
                    results[ref] = CellResult(sum(p.value or 0 for p in parts), cell.fmt, members)
        for r in range(len(self.rows)):
            for k in range(len(self.columns)):
                ref, cell = self.ref(r, k), self.cell(r, k)
                if isinstance(cell, Ratio):
                    num = results[cell.numerator].value or 0
                    den = results[cell.denominator].value or 0
                    results[ref] = CellResult(round(num / den, 4) if den else 0, cell.fmt, None)
        return self.render(results)

    @staticmethod
    def _members_sql(distinct: str, key: str, where: str = "true") -> str:
        """The keys as text, sorted and joined by DuckDB (``_split_members`` makes the list): a third cheaper than
        DuckDB building a list that Python then converts item by item."""
        value, keep = f"CAST({key} AS VARCHAR)", f"FILTER (WHERE {key} IS NOT NULL AND {where})"
        if distinct:
            return f"array_to_string(list_sort(list(DISTINCT {value}) {keep}), chr(31))"
        return f"string_agg({value}, chr(31) ORDER BY {value}) {keep}"

    def _count_grid(self, run: Run) -> dict[tuple[int, int], tuple[int, list]]:
        """(row index, column index) -> (count of keys, the keys) for every pair with at least one key.

        Each source row is tested once per row predicate and once per column predicate (not once per cell), then
        unnested into its (row, column) pairs: a 38 x 5 table costs ~43 predicate tests per row instead of 190.
        """
        rows = ", ".join(f"CASE WHEN ({row.where}) THEN {r} END" for r, row in enumerate(self.rows))
        columns = ", ".join(f"CASE WHEN ({col.where}) THEN {k} END" for k, col in enumerate(self.columns))
        distinct = "" if self.unique_key else "DISTINCT "
        members = self._members_sql(distinct, "key") if run.with_members else "NULL"
        sql = f"""WITH b AS (SELECT {self.key} AS key, list_value({rows}) AS rs, list_value({columns}) AS ks
                             FROM {self.source} c WHERE ({self.universe})),
                     br AS (SELECT key, ks, unnest(rs) AS r FROM b),
                     brk AS (SELECT key, r, unnest(ks) AS k FROM br WHERE r IS NOT NULL)
                  SELECT r, k, count({distinct}key), {members} FROM brk WHERE k IS NOT NULL GROUP BY r, k"""  # noqa: S608
        return {(r, k): (n, _split_members(m)) for r, k, n, m in run.ds.con.execute(sql).fetchall()}

    def _filter_cells(self, run: Run, cells: dict[str, tuple[int, int, Cell]]) -> dict[str, CellResult]:
        """Counts with their own ``where`` and aggregates: one FILTER aggregate (and member list) each."""
        exprs: list[str] = []
        distinct = "" if self.unique_key else "DISTINCT "
        for r, k, cell in cells.values():
            preds = [f"({self.universe})", f"({cell.where})"]  # type: ignore[attr-defined]
            if cell.with_row_and_column:  # type: ignore[attr-defined]
                preds += [f"({self.rows[r].where})", f"({self.columns[k].where})"]
            pred = " AND ".join(preds)
            agg = f"count({distinct}{self.key})" if isinstance(cell, Count) else cell.expr  # type: ignore[attr-defined]
            exprs.append(f"{agg} FILTER (WHERE {pred})")
            exprs.append(self._members_sql(distinct, self.key, pred) if run.with_members else "NULL")
        values = run.ds.con.execute(f"SELECT {', '.join(exprs)} FROM {self.source} c").fetchone() or ()  # noqa: S608
        out: dict[str, CellResult] = {}
        for i, (ref, (_r, _k, cell)) in enumerate(cells.items()):
            value = values[2 * i]
            if isinstance(cell, Count):
                value = value or 0
            out[ref] = CellResult(value, cell.fmt, _split_members(values[2 * i + 1]) if run.with_members else None)
        return out

    def render(self, results: dict[str, CellResult]) -> TableResult:
        out: list[list[tuple[str, bool]]] = []
        if self.header is not None:
            out.append([(h, True) for h in self.header])
        for r, row in enumerate(self.rows):
            line = [(row.label, True)]
            for k in range(len(self.columns)):
                res = results[self.ref(r, k)]
                line.append((res.display(), self.quote_values))
            out.append(line)
        return TableResult(self.name, out, results)
