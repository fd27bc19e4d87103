"""APR/CAPER Q22: length of participation (Q22a1 CoC, Q22a2 ESG, Q22b average/median, Q22d by household type),
Q22c project start to housing move-in, Q22e time prior to housing from 3.917 (FY2020 spec, FY2022 layout)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from hearth.reports.apr.blocks_stay import STAY_SETUP, GroupedTable, length_rows
from hearth.reports.apr.common import HOUSEHOLD_COLUMNS, household_header
from hearth.reports.engine.tables import Aggregate, Column, Row, Table, TableResult

if TYPE_CHECKING:
    from hearth.reports.engine.run import Run

LEAVER_STAYER_COLUMNS = [Column("Total"), Column("Leavers", "c.is_leaver"), Column("Stayers", "c.is_stayer")]

# Glossary length of stay in project, including time before ReportStart (Q22a1 rule 2).
COC_LENGTHS = length_rows([
    ("a. 30 days or less", 0, 30),
    ("b. 31 to 60 days", 31, 60),
    ("c. 61 to 90 days", 61, 90),
    ("d. 91 to 180 days", 91, 180),
    ("e. 181 to 365 days", 181, 365),
    ("f. 366 to 730 days (1 - 2 yrs.)", 366, 730),
    ("g. 731 to 1095 days (2 - 3 yrs.)", 731, 1095),
    ("h. 1096 to 1460 days (3 - 4 yrs.)", 1096, 1460),
    ("i. 1461 to 1825 days (4 - 5 yrs.)", 1461, 1825),
    ("j. More than 1825 days (>5 yrs.)", 1826, None),
]) + [Row("k. Data Not Collected", "c.days_in_project IS NULL"), Row("l. Total")]  # fmt: skip

ESG_LENGTHS = length_rows([
    ("a. 0 to 7 days", 0, 7),
    ("b. 8 to 14 days", 8, 14),
    ("c. 15 to 21 days", 15, 21),
    ("d. 22 to 30 days", 22, 30),
    ("e. 31 to 60 days", 31, 60),
    ("f. 61 to 90 days", 61, 90),
    ("g. 91 to 180 days", 91, 180),
    ("h. 181 to 365 days", 181, 365),
    ("i. 366 to 730 days (1 – 2 yrs.)", 366, 730),
    ("j. 731 to 1095 days (2 – 3 yrs.)", 731, 1095),
    ("k. 1096 to 1460 days (3 – 4 yrs.)", 1096, 1460),
    ("l. 1461 to 1825 days (4 – 5 yrs.)", 1461, 1825),
    ("m. More than 1825 days (>5 yrs.)", 1826, None),
]) + [Row("n. Data Not Collected", "c.days_in_project IS NULL"), Row("o. Total")]  # fmt: skip

Q22A1 = GroupedTable(
    "Q22a1",
    header=[" ", "Total", "Leavers", "Stayers"],
    rows=COC_LENGTHS,
    columns=LEAVER_STAYER_COLUMNS,
    reports=("apr",),
    quote_values=False,
    title="Length of Participation – CoC Projects",
)

Q22A2 = GroupedTable(
    "Q22a2",
    header=[" ", "Total", "Leavers", "Stayers"],
    rows=ESG_LENGTHS,
    columns=LEAVER_STAYER_COLUMNS,
    reports=("caper",),
    quote_values=False,
    title="Length of Participation – ESG Projects",
)

# Whole days, as Sage takes them; the median of an even count is the mean of the middle two, then rounded.
_AVG = Aggregate(expr="avg(c.days_in_project)", fmt="int")
_MEDIAN = Aggregate(expr="median(c.days_in_project)", fmt="int")


class WholeDaysTable(Table):
    """A table of averages/medians written as whole days (half days round up; no data is 0)."""

    def compute(self, run: Run) -> TableResult:
        result = super().compute(run)
        for cell in result.cells.values():
            cell.value = 0 if cell.value in (None, "") else math.floor(float(cell.value) + 0.5)
        return self.render(result.cells)


Q22B = WholeDaysTable(
    "Q22b",
    header=[" ", "Leavers", "Stayers"],
    rows=[Row("m. Average length in days"), Row("n. Median length in days")],
    columns=LEAVER_STAYER_COLUMNS[1:],
    cells={"B2": _AVG, "C2": _AVG, "B3": _MEDIAN, "C3": _MEDIAN},
    reports=("apr",),
    quote_values=False,
    title="Average and Median Length of Participation in Days",
)

_MOVED_IN = "c.move_in BETWEEN r_start() AND r_end()"
_MOVE_IN_AVG = Aggregate(expr="avg(c.days_to_move_in)", where=_MOVED_IN)
_MOVE_IN_LENGTHS = [
    ("a. 7 days or less", 0, 7),
    ("b. 8-14 days", 8, 14),
    ("c. 15-21 days", 15, 21),
    ("d. 22 to 30 days", 22, 30),
    ("e. 31 to 60 days", 31, 60),
    ("f. 61 to 180 days", 61, 180),
    ("g. 181 to 365 days", 181, 365),
    ("h. 366 to 730 days (1 – 2 yrs.)", 366, 730),
]
Q22C = GroupedTable(
    "Q22c",
    header=household_header(" "),
    # Rows 2-10 count only the moved-in (a leaver without a move-in has no length).
    rows=[Row(r.label, f"{_MOVED_IN} AND {r.where}") for r in length_rows(_MOVE_IN_LENGTHS, "c.days_to_move_in")]
    + [
        Row("i. Total (persons moved into housing)", _MOVED_IN),
        Row("j. Average length of time to housing"),
        Row("k. Persons who were exited without move-in", "c.move_in IS NULL"),
        Row("l. Total persons"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    # Universe: PSH/RRH clients whose move-in is in the period, plus leavers who never moved in.
    universe=f"c.ProjectType IN (3, 13) AND ({_MOVED_IN} OR (c.is_leaver AND c.move_in IS NULL))",
    cells={f"{col}11": _MOVE_IN_AVG for col in "BCDEF"},
    source="stay_detail",
    setup=STAY_SETUP,
    title="Length of Time between Project Start Date and Housing Move-in Date",
)

Q22D = GroupedTable(
    "Q22d",
    header=household_header("Length of stay"),
    rows=ESG_LENGTHS,
    columns=HOUSEHOLD_COLUMNS,
    reports=("caper",),
    title="Length of Participation by Household Type",
)

_HOUSED = "c.q22e_status = 'housed'"
Q22E = GroupedTable(
    "Q22e",
    header=household_header(" "),
    rows=[
        Row(label, f"{_HOUSED} AND {where}")
        for label, where in [
            ("a. 7 days or less", "c.days_prior_to_housing BETWEEN 0 AND 7"),
            ("b. 8-14 days", "c.days_prior_to_housing BETWEEN 8 AND 14"),
            ("c. 15-21 days", "c.days_prior_to_housing BETWEEN 15 AND 21"),
            ("d. 22 to 30 days", "c.days_prior_to_housing BETWEEN 22 AND 30"),
            ("e. 31 to 60 days", "c.days_prior_to_housing BETWEEN 31 AND 60"),
            ("f. 61 to 180 days", "c.days_prior_to_housing BETWEEN 61 AND 180"),
            ("g. 181 to 365 days", "c.days_prior_to_housing BETWEEN 181 AND 365"),
            ("h. 366 to 730 days (1 – 2 yrs.)", "c.days_prior_to_housing BETWEEN 366 AND 730"),
            ("i. 731 days or more", "c.days_prior_to_housing >= 731"),
            ("j. Total (persons moved into housing)", "true"),
        ]
    ]
    + [
        Row("k. Not yet moved into housing", "c.q22e_status = 'not_moved_in'"),
        Row("l. Data not collected", "c.q22e_status = 'missing'"),
        Row("m. Total persons"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    # ES, TH, SH and PH (spec field list: 1, 2, 3, 8, 9, 13; ES is 0 or 1 in FY2026 codes; 10 is PH too).
    universe="c.ProjectType IN (0, 1, 2, 3, 8, 9, 10, 13)",
    source="stay_detail",
    setup=STAY_SETUP,
    title="Length of Time Prior to Housing - based on 3.917 Date Homelessness Started",
)

TABLES = [Q22A1, Q22A2, Q22B, Q22C, Q22D, Q22E]
