"""APR/CAPER Q22: length of participation (Q22a1 CoC, Q22a2 ESG, Q22b average/median, Q22d by household type),
Q22c project start to housing move-in, Q22e time prior to housing from 3.917 (FY2020 spec, FY2022 layout).

The FY2026 layout (``TABLES_2026``, FY2026 spec V1.0) adds Q22f and Q22g (move-in and time prior to housing by race
and ethnicity)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from hearth.reports.apr.blocks_2026_stay import (
    MOVE_IN_PROJECTS,
    PRIOR_TO_HOUSING_PROJECTS,
    RACE_COLUMNS_2026,
    STAY_SETUP_2026,
)
from hearth.reports.apr.blocks_stay import STAY_SETUP, length_rows
from hearth.reports.apr.common import HOUSEHOLD_COLUMNS, household_header
from hearth.reports.engine.tables import Aggregate, Column, Row, Table, TableResult, col_letter

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

Q22A1 = Table(
    "Q22a1",
    header=[" ", "Total", "Leavers", "Stayers"],
    rows=COC_LENGTHS,
    columns=LEAVER_STAYER_COLUMNS,
    reports=("apr",),
    quote_values=False,
    title="Length of Participation – CoC Projects",
)

Q22A2 = Table(
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
Q22C = Table(
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

Q22D = Table(
    "Q22d",
    header=household_header("Length of stay"),
    rows=ESG_LENGTHS,
    columns=HOUSEHOLD_COLUMNS,
    reports=("caper",),
    title="Length of Participation by Household Type",
)

_HOUSED = "c.q22e_status = 'housed'"
Q22E = Table(
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

# ---- FY2026 layout (FY2026 spec V1.0; blocks in ``apr/blocks_2026_stay.py``) -------------------------------------

HEADER_2026 = [" ", "Total", "Without Children", "With Children and Adults", "With Only Children",
               "Unknown Household Type"]  # fmt: skip

# Q22a1/Q22a2 FY2026: no "Data Not Collected" row (the Glossary length of stay is always known).
COC_LENGTHS_2026 = length_rows([
    ("30 days or less", 0, 30),
    ("31 to 60 days", 31, 60),
    ("61 to 90 days", 61, 90),
    ("91 to 180 days", 91, 180),
    ("181 to 365 days", 181, 365),
    ("366 to 730 days (1-2 Yrs)", 366, 730),
    ("731 to 1,095 days (2-3 Yrs)", 731, 1095),
    ("1,096 to 1,460 days (3-4 Yrs)", 1096, 1460),
    ("1,461 to 1,825 days (4-5 Yrs)", 1461, 1825),
    ("More than 1,825 days (> 5 Yrs)", 1826, None),
]) + [Row("Total")]  # fmt: skip
ESG_LENGTHS_2026 = length_rows([
    ("0 to 7 days", 0, 7),
    ("8 to 14 days", 8, 14),
    ("15 to 21 days", 15, 21),
    ("22 to 30 days", 22, 30),
    ("31 to 60 days", 31, 60),
    ("61 to 90 days", 61, 90),
    ("91 to 180 days", 91, 180),
    ("181 to 365 days", 181, 365),
    ("366 to 730 days (1-2 Yrs)", 366, 730),
    ("731 to 1,095 days (2-3 Yrs)", 731, 1095),
    ("1,096 to 1,460 days (3-4 Yrs)", 1096, 1460),
    ("1,461 to 1,825 days (4-5 Yrs)", 1461, 1825),
    ("More than 1,825 days (> 5 Yrs)", 1826, None),
]) + [Row("Total")]  # fmt: skip
# Q22c (and Q22d's first nine rows): to 730 days.
_SHORT_2026 = [
    ("7 days or less", 0, 7),
    ("8 to 14 days", 8, 14),
    ("15 to 21 days", 15, 21),
    ("22 to 30 days", 22, 30),
    ("31 to 60 days", 31, 60),
    ("61 to 90 days", 61, 90),
    ("91 to 180 days", 91, 180),
    ("181 to 365 days", 181, 365),
    ("366 to 730 days (1-2 Yrs)", 366, 730),
]

Q22A1_2026 = Table(
    "Q22a1",
    header=[" ", "Total", "Leavers", "Stayers"],
    rows=COC_LENGTHS_2026,
    columns=LEAVER_STAYER_COLUMNS,
    reports=("apr",),
    specs=("2026",),
    quote_values=False,
    title="Length of Participation – CoC Projects",
)
Q22A2_2026 = Table(
    "Q22a2",
    header=[" ", "Total", "Leavers", "Stayers"],
    rows=ESG_LENGTHS_2026,
    columns=LEAVER_STAYER_COLUMNS,
    reports=("caper",),
    specs=("2026",),
    quote_values=False,
    title="Length of Participation – ESG Projects",
)

# Q22b rule 1a: stays with a project start after their exit are left out of the average and median.
_DATES_IN_ORDER = "c.ExitDate IS NULL OR c.EntryDate <= c.ExitDate"
_AVG_2026 = Aggregate(expr="avg(c.days_in_project)", where=_DATES_IN_ORDER, fmt="int")
_MEDIAN_2026 = Aggregate(expr="median(c.days_in_project)", where=_DATES_IN_ORDER, fmt="int")
Q22B_2026 = WholeDaysTable(
    "Q22b",
    header=[" ", "Leavers", "Stayers"],
    rows=[Row("Average Length"), Row("Median Length")],
    columns=LEAVER_STAYER_COLUMNS[1:],
    cells={"B2": _AVG_2026, "C2": _AVG_2026, "B3": _MEDIAN_2026, "C3": _MEDIAN_2026},
    reports=("apr",),
    specs=("2026",),
    quote_values=False,
    title="Average and Median Length of Participation in Days",
)

# Q22c/Q22f universe: PSH/RRH (and PFS) clients whose move-in is in the period, plus leavers who never moved in.
MOVE_IN_UNIVERSE_2026 = f"{MOVE_IN_PROJECTS} AND ({_MOVED_IN} OR (c.is_leaver AND c.move_in IS NULL))"
Q22C_2026 = Table(
    "Q22c",
    header=HEADER_2026,
    rows=[Row(r.label, f"{_MOVED_IN} AND {r.where}") for r in length_rows(_SHORT_2026, "c.days_to_move_in")]
    + [
        Row("Total (persons moved into housing)", _MOVED_IN),
        Row("Average length of time to housing"),
        Row("Persons who were exited without move-in", "c.move_in IS NULL"),
        Row("Total persons"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    universe=MOVE_IN_UNIVERSE_2026,
    cells={f"{col}12": _MOVE_IN_AVG for col in "BCDEF"},
    source="stay_detail_2026",
    setup=STAY_SETUP_2026,
    specs=("2026",),
    title="Length of Time between Project Start Date and Housing Move-in Date",
)

Q22D_2026 = Table(
    "Q22d",
    header=HEADER_2026,
    rows=length_rows([*_SHORT_2026, ("731 days or more", 731, None)]) + [Row("Total")],
    columns=HOUSEHOLD_COLUMNS,
    reports=("caper",),
    specs=("2026",),
    title="Length of Participation by Household Type",
)

_HOUSED_2026 = "c.q22e_status_2026 = 'housed'"
Q22E_2026 = Table(
    "Q22e",
    header=HEADER_2026,
    rows=[Row(r.label, f"{_HOUSED_2026} AND {r.where}")
          for r in length_rows([*_SHORT_2026, ("731 days or more", 731, None)], "c.days_prior_2026")]
    + [
        Row("Total (persons moved into housing)", _HOUSED_2026),
        Row("Not yet moved into housing", "c.q22e_status_2026 = 'not_moved_in'"),
        Row("Data not collected", "c.q22e_status_2026 = 'missing'"),
        Row("Total persons"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    universe=PRIOR_TO_HOUSING_PROJECTS,
    source="stay_detail_2026",
    setup=STAY_SETUP_2026,
    specs=("2026",),
    title="Length of Time Prior to Housing - based on 3.917 Date Homelessness Started",
)  # fmt: skip


class DaysByRaceTable(Table):
    """Q22f/Q22g: averages and medians in days with two decimals, 0 where nobody is counted."""

    def compute(self, run: Run) -> TableResult:
        result = super().compute(run)
        for cell in result.cells.values():
            if cell.value is None:
                cell.value = 0
        return self.render(result.cells)


_RACE_HEADER = [" ", *(c.label for c in RACE_COLUMNS_2026)]
_LETTERS = [col_letter(k + 1) for k in range(len(RACE_COLUMNS_2026))]
Q22F = DaysByRaceTable(
    "Q22f",
    header=_RACE_HEADER,
    rows=[
        Row("Persons Moved Into Housing", _MOVED_IN),
        Row("Persons Exited Without Move-In", "c.move_in IS NULL"),
        Row("Average time to Move-In"),
        Row("Median time to Move-In"),
    ],
    columns=RACE_COLUMNS_2026,
    universe=MOVE_IN_UNIVERSE_2026,
    cells={
        **{f"{x}4": Aggregate(expr="avg(c.days_to_move_in)", where=_MOVED_IN) for x in _LETTERS},
        **{f"{x}5": Aggregate(expr="median(c.days_to_move_in)", where=_MOVED_IN) for x in _LETTERS},
    },
    source="stay_detail_2026",
    setup=STAY_SETUP_2026,
    specs=("2026",),
    title="Length of Time between Project Start Date and Housing Move-in Date by Race and Ethnicity",
)

# Q22g rules 2c and 5: children who joined after the head (no 3.917 date) and anyone without a 3.917.3 date on or
# before the housing date are left out entirely; row 3 is PH clients not (yet) moved in who have a 3.917.3 date.
Q22G = DaysByRaceTable(
    "Q22g",
    header=_RACE_HEADER,
    rows=[
        Row("Persons Moved Into Housing", _HOUSED_2026),
        Row("Persons Not Yet Moved Into Housing", "c.q22e_status_2026 = 'not_moved_in'"),
        Row("Average time to Move-In"),
        Row("Median time to Move-In"),
    ],
    columns=RACE_COLUMNS_2026,
    universe=f"{PRIOR_TO_HOUSING_PROJECTS} AND c.date_homeless IS NOT NULL AND c.q22e_status_2026 <> 'missing'",
    cells={
        **{f"{x}4": Aggregate(expr="avg(c.days_prior_2026)", where=_HOUSED_2026) for x in _LETTERS},
        **{f"{x}5": Aggregate(expr="median(c.days_prior_2026)", where=_HOUSED_2026) for x in _LETTERS},
    },
    source="stay_detail_2026",
    setup=STAY_SETUP_2026,
    specs=("2026",),
    title="Length of Time Prior to Housing by Race and Ethnicity - based on 3.917 Date Homelessness Started",
)

TABLES_2026 = [Q22A1_2026, Q22A2_2026, Q22B_2026, Q22C_2026, Q22D_2026, Q22E_2026, Q22F, Q22G]
