"""APR/CAPER Q8a: Number of Households Served; Q8b: Point-in-Time Count of Households on the Last Wednesday."""

from __future__ import annotations

from hearth.reports.apr.common import HOUSEHOLD_COLUMNS, household_header
from hearth.reports.apr.pit import PIT_ROWS
from hearth.reports.engine.tables import Row, Table

# Households are counted by their heads (Glossary: Unduplicated Household Counts).
Q8A = Table(
    "Q8a",
    header=household_header(" "),
    rows=[
        Row("Total Households"),
        Row("For PSH & RRH – the total households served who moved into housing", "c.is_moved_in"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    universe="c.is_hoh",
    title="Number of Households Served",
)

Q8B = Table(
    "Q8b",
    header=household_header(" "),
    rows=[Row(label, where) for label, where in PIT_ROWS],
    columns=HOUSEHOLD_COLUMNS,
    universe="c.is_hoh",
    title="Point-in-Time Count of Households on the Last Wednesday",
)

TABLES = [Q8A, Q8B]
