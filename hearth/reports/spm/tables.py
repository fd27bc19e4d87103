"""The SPM table shells (HDX 2.0), cells in the positions of HUD's shell. Django-free.

Only the "Current FY" cells are computed (HUD pre-fills "Previous FY"; the difference columns are formulas), so the
other value cells are blank. Row 1 is the shell's header; column A its labels. Every count keeps its PersonalIDs.
Percentages are written as HDX shows them: two decimals and a percent sign (``"23.08%"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hearth.reports.engine.tables import Aggregate, Blank, CellResult, Column, Ratio, Row, Table, TableResult

if TYPE_CHECKING:
    from hearth.reports.engine.run import Run

SPEC_YEARS = ("2022", "2026")


@dataclass(frozen=True, kw_only=True)
class Percent(Blank):
    """``sum(numerators) / denominator`` as an HDX percentage (7a.1: temporary + permanent over the universe)."""

    numerators: tuple[str, ...] = ()
    denominator: str = ""


@dataclass
class SpmTable(Table):
    """A table whose ``Ratio`` cells are written as HDX percentages (``"5.56%"``, ``"0%"``)."""

    reports: tuple[str, ...] = ("spm",)
    specs: tuple[str, ...] = SPEC_YEARS

    def compute(self, run: Run) -> TableResult:
        result = super().compute(run)
        for ref, cell in self.cells.items():
            if isinstance(cell, Ratio | Percent):
                refs = (cell.numerator,) if isinstance(cell, Ratio) else cell.numerators
                num = sum(result.cells[n].value or 0 for n in refs)
                den = result.cells[cell.denominator].value or 0
                result.cells[ref] = CellResult(percent(num, den), "int", None)
        return self.render(result.cells)


def percent(num: float, den: float) -> str:
    """HDX's percentage text: two decimals and a percent sign; "0%" when there is nothing to divide."""
    return "0%" if not den or not num else f"{100 * num / den:.2f}%"


def _pct(num: str, den: str) -> Ratio:
    return Ratio(numerator=num, denominator=den)


_B = Blank()

# ---- Measure 1 ------------------------------------------------------------------------------------------------

_M1_HEADER = ["", "Universe (Persons) Previous FY", "Universe (Persons) Current FY",
              "Average LOT Homeless (bed nights) Previous FY", "Average LOT Homeless (bed nights) Current FY",
              "Difference", "Median LOT Homeless (bed nights) Previous FY",
              "Median LOT Homeless (bed nights) Current FY", "Difference"]  # fmt: skip
_M1_COLUMNS = [Column(h) for h in _M1_HEADER[1:]]


def _m1_cells(rows: int) -> dict:
    cells: dict = {}
    for r in range(2, 2 + rows):
        cells.update({f"B{r}": _B, f"D{r}": _B, f"F{r}": _B, f"G{r}": _B, f"I{r}": _B,
                      f"E{r}": Aggregate(expr="avg(c.lot)", fmt="decimal"),
                      f"H{r}": Aggregate(expr="median(c.lot)", fmt="int")})  # fmt: skip
    return cells


M1A = SpmTable(
    "1a",
    header=_M1_HEADER,
    rows=[
        Row("1.1 Persons in ES-EE, ES-NbN, and SH", "c.line = '1a1'"),
        Row("1.2 Persons in ES-EE, ES-NbN, SH, and TH", "c.line = '1a2'"),
    ],  # fmt: skip
    columns=_M1_COLUMNS,
    cells=_m1_cells(2),
    source="m1_lot",
    title="Measure 1a: Length of time persons remain homeless",
)
M1B = SpmTable(
    "1b",
    header=_M1_HEADER,
    rows=[
        Row("1.1 Persons in ES-EE, ES-NbN, SH, and PH", "c.line = '1b1'"),
        Row("1.2 Persons in ES-EE, ES-NbN, SH, TH, and PH", "c.line = '1b2'"),
    ],  # fmt: skip
    columns=_M1_COLUMNS,
    cells=_m1_cells(2),
    source="m1_lot",
    title="Measure 1b: Length of time persons remain homeless, with 3.917 and PH before move-in",
)

# ---- Measure 2 ------------------------------------------------------------------------------------------------

_M2_ROWS = [
    Row("Exit was from SO", "c.grp = 'so'"),
    Row("Exit was from ES", "c.grp = 'es'"),
    Row("Exit was from TH", "c.grp = 'th'"),
    Row("Exit was from SH", "c.grp = 'sh'"),
    Row("Exit was from PH", "c.grp = 'ph'"),
    Row("TOTAL Returns to Homelessness"),
]
_M2_COLUMNS = [
    Column("Total Number of Persons who Exited to a Permanent Housing Destination (2 Years Prior)"),
    Column("Number Returning to Homelessness in Less than 6 Months (0 - 180 days)", "c.days_to_return <= 180"),
    Column("Percentage of Returns in Less than 6 Months (0 - 180 days)"),
    Column(
        "Number Returning to Homelessness from 6 to 12 Months (181 - 365 days)", "c.days_to_return BETWEEN 181 AND 365"
    ),
    Column("Percentage of Returns from 6 to 12 Months (181 - 365 days)"),
    Column(
        "Number Returning to Homelessness from 13 to 24 Months (366 - 730 days)", "c.days_to_return BETWEEN 366 AND 730"
    ),
    Column("Percentage of Returns from 13 to 24 Months (366 - 730 days)"),
    Column("Number of Returns in 2 Years", "c.days_to_return <= 730"),
    Column("Percentage of Returns in 2 Years"),
]
M2 = SpmTable(
    "2",
    header=[""] + [c.label for c in _M2_COLUMNS],
    rows=_M2_ROWS,
    columns=_M2_COLUMNS,
    cells={
        f"{col}{r}": _pct(f"{num}{r}", f"B{r}")
        for r in range(2, 8)
        for col, num in (("D", "C"), ("F", "E"), ("H", "G"), ("J", "I"))
    },  # fmt: skip
    source="m2",
    title="Measure 2: Returns to homelessness within 6, 12 and 24 months",
)

# ---- Measure 3.2 ----------------------------------------------------------------------------------------------

_PREV_CUR_DIFF = [Column("Previous FY"), Column("Current FY"), Column("Difference")]


def _single(rows: int, extra: dict | None = None) -> dict:
    cells: dict = {}
    for r in range(2, 2 + rows):
        cells[f"B{r}"] = _B
        cells[f"D{r}"] = _B
    cells.update(extra or {})
    return cells


M3_2 = SpmTable(
    "3.2",
    header=["", "Previous FY", "Current FY", "Difference"],
    rows=[
        Row("Universe: Unduplicated Total sheltered homeless persons"),
        Row("Emergency Shelter Total", "c.grp = 'es'"),
        Row("Safe Haven Total", "c.grp = 'sh'"),
        Row("Transitional Housing Total", "c.grp = 'th'"),
    ],  # fmt: skip
    columns=_PREV_CUR_DIFF,
    cells=_single(4),
    source="m3",
    unique_key=False,
    title="Measure 3.2: Change in annual counts of sheltered homeless persons in HMIS",
)

# ---- Measure 4 ------------------------------------------------------------------------------------------------


def _m4(name: str, kind: str, flag: str, title: str, what: str) -> SpmTable:
    who = "adult system stayers" if kind == "stayer" else "adult system leavers"
    return SpmTable(
        name,
        header=["", "Previous FY", "Current FY", "Difference"],
        rows=[
            Row(f"Universe: Number of {who}"),
            Row(f"Number of {who} with increased {what}", f"c.{flag}"),
            Row(f"Percentage of {who} who increased {what}"),
        ],  # fmt: skip
        columns=_PREV_CUR_DIFF,
        cells=_single(3, {"C4": _pct("C3", "C2")}),
        universe=f"c.kind = '{kind}'",
        source="m4",
        title=title,
    )


M4_1 = _m4(
    "4.1", "stayer", "earned_up", "Metric 4.1: Change in earned income for adult system stayers", "earned income"
)
M4_2 = _m4(
    "4.2",
    "stayer",
    "other_up",
    "Metric 4.2: Change in non-employment cash income for adult system stayers",
    "non-employment cash income",
)
M4_3 = _m4("4.3", "stayer", "total_up", "Metric 4.3: Change in total income for adult system stayers", "total income")
M4_4 = _m4(
    "4.4", "leaver", "earned_up", "Metric 4.4: Change in earned income for adult system leavers", "earned income"
)
M4_5 = _m4(
    "4.5",
    "leaver",
    "other_up",
    "Metric 4.5: Change in non-employment cash income for adult system leavers",
    "non-employment cash income",
)
M4_6 = _m4("4.6", "leaver", "total_up", "Metric 4.6: Change in total income for adult system leavers", "total income")

# ---- Measure 5 ------------------------------------------------------------------------------------------------


def _m5(name: str, types: str) -> SpmTable:
    return SpmTable(
        name,
        header=["", "Previous FY", "Current FY", "Difference"],
        rows=[Row(f"Universe: Person with entries into {types} during the reporting period."),
              Row("Of persons above, count those who were in ES, SH, TH, or any PH within 24 months prior to their "
                  "start during the reporting year.", "c.prior"),
              Row("Of persons above, count those who did not have entries in ES, SH, TH, or PH in the previous 24 "
                  "months. (i.e. Number of persons experiencing homelessness for the first time)", "NOT c.prior")],
        columns=_PREV_CUR_DIFF,
        cells=_single(3),
        universe=f"c.metric = '{name}'",
        source="m5",
        title=f"Metric {name}: Persons entering {types} with no prior enrollments in HMIS",
    )  # fmt: skip


M5_1 = _m5("5.1", "ES, SH, or TH")
M5_2 = _m5("5.2", "ES, SH, TH, or PH")

# ---- Measure 7 ------------------------------------------------------------------------------------------------

M7A_1 = SpmTable(
    "7a.1",
    header=["", "Previous FY", "Current FY", "Difference"],
    rows=[Row("Universe: Persons who exit Street Outreach"),
          Row("Of persons above, those who exited to temporary & some institutional destinations", "c.temporary"),
          Row("Of the persons above, those who exited to permanent housing destinations", "c.permanent"),
          Row("% Successful exits")],  # fmt: skip
    columns=_PREV_CUR_DIFF,
    cells=_single(4, {"C5": Percent(numerators=("C3", "C4"), denominator="C2")}),
    universe="c.metric = '7a.1'",
    source="m7",
    title="Metric 7a.1: Change in exits to permanent housing destinations (street outreach)",
)  # fmt: skip
M7B_1 = SpmTable(
    "7b.1",
    header=["", "Previous FY", "Current FY", "Difference"],
    rows=[Row("Universe: Persons in ES, SH, TH and PH-RRH who exited, plus persons in other PH projects who exited "
              "without moving into housing"),
          Row("Of the persons above, those who exited to permanent housing destinations", "c.permanent"),
          Row("% Successful exits")],
    columns=_PREV_CUR_DIFF,
    cells=_single(3, {"C4": _pct("C3", "C2")}),
    universe="c.metric = '7b.1'",
    source="m7",
    title="Metric 7b.1: Change in exits to permanent housing destinations",
)  # fmt: skip
M7B_2 = SpmTable(
    "7b.2",
    header=["", "Previous FY", "Current FY", "Difference"],
    rows=[Row("Universe: Persons in all PH projects except PH-RRH"),
          Row("Of persons above, those who remained in applicable PH projects and those who exited to permanent "
              "housing destinations", "c.stayer OR c.permanent"),
          Row("% Successful exits/retention")],
    columns=_PREV_CUR_DIFF,
    cells=_single(3, {"C4": _pct("C3", "C2")}),
    universe="c.metric = '7b.2'",
    source="m7",
    title="Metric 7b.2: Change in exit to or retention of permanent housing",
)  # fmt: skip

TABLES: list[SpmTable] = [M1A, M1B, M2, M3_2, M4_1, M4_2, M4_3, M4_4, M4_5, M4_6, M5_1, M5_2, M7A_1, M7B_1, M7B_2]


def spm_tables() -> list[SpmTable]:
    return list(TABLES)


__all__ = ["TABLES", "SpmTable", "spm_tables"]
