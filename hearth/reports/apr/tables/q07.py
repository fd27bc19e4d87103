"""APR/CAPER Q7a: Number of Persons Served; Q7b: Point-in-Time Count of Persons on the Last Wednesday."""

from __future__ import annotations

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
