"""APR/CAPER Q7a: Number of Persons Served; Q7b: Point-in-Time Count of Persons on the Last Wednesday."""

from __future__ import annotations

from hearth.reports.apr.blocks_2026 import MOVE_IN_PROJECTS_2026, MOVED_IN_2026
from hearth.reports.apr.common import HOUSEHOLD_COLUMNS, household_header
from hearth.reports.apr.pit import PIT_ROWS
from hearth.reports.engine.tables import Blank, Count, Row, Table

ANY_PH = "EXISTS (SELECT 1 FROM r_projects WHERE ProjectType IN (3, 13))"
MOVED_IN = Count(where="c.is_moved_in", only_if=ANY_PH)

Q7A = Table(
    "Q7a",
    header=household_header("Total number of persons served during the operating year"),
    rows=[
        Row("a. Adults", "c.is_adult"),
        Row("b. Children", "c.is_child"),
        Row("c. Client Doesn't Know/ Client Refused", "c.age_dkr"),
        Row("d. Data Not Collected", "c.age_missing"),
        Row("e. Total"),
        Row("f. For PSH & RRH – the total persons served who moved into housing"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    cells={"B7": MOVED_IN, "C7": MOVED_IN, "D7": MOVED_IN, "E7": Blank(), "F7": Blank()},
    title="Number of Persons Served",
)

Q7B = Table(
    "Q7b",
    header=household_header(" "),
    rows=[Row(label, where) for label, where in PIT_ROWS],
    columns=HOUSEHOLD_COLUMNS,
    title="Point-in-Time Count of Persons on the Last Wednesday",
)

TABLES = [Q7A, Q7B]

# FY2026 layout: no letter prefixes; adults in households with only children (E2) and children in households without
# children (C3) are grey; row 7 also applies to Pay for Success "Other" projects and is not grey in E and F.
MOVED_IN_2026_CELL = Count(where=MOVED_IN_2026, only_if=MOVE_IN_PROJECTS_2026)
HEADER_2026 = [" ", "Total", "Without Children", "With Children and Adults", "With Only Children",
               "Unknown Household Type"]  # fmt: skip
Q7A_2026 = Table(
    "Q7a",
    header=HEADER_2026,
    rows=[
        Row("Adults", "c.is_adult"),
        Row("Children", "c.is_child"),
        Row("Client Doesn't Know/Prefers Not to Answer", "c.age_dkr"),
        Row("Data Not Collected", "c.age_missing"),
        Row("Total"),
        Row("For PSH & RRH – the total persons served who moved into housing"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    cells={"E2": Blank(), "C3": Blank(), **{f"{k}7": MOVED_IN_2026_CELL for k in "BCDEF"}},
    specs=("2026",),
    title="Number of Persons Served",
)
Q7B_2026 = Table(
    "Q7b",
    header=HEADER_2026,
    rows=Q7B.rows,
    columns=HOUSEHOLD_COLUMNS,
    specs=("2026",),
    title="Point-in-Time Count of Persons on the Last Wednesday",
)
TABLES_2026 = [Q7A_2026, Q7B_2026]
