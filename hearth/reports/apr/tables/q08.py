"""APR/CAPER Q8a: Number of Households Served; Q8b: Point-in-Time Count of Households on the Last Wednesday."""

from __future__ import annotations

from hearth.reports.apr.blocks_2026 import MOVE_IN_PROJECTS_2026, MOVED_IN_2026
from hearth.reports.apr.common import HOUSEHOLD_COLUMNS, household_header
from hearth.reports.apr.pit import PIT_ROWS
from hearth.reports.engine.tables import Count, Row, Table

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

# FY2026 layout: the same rules under the FY2026 headers; the move-in row applies to PSH, RRH and Pay for Success
# "Other" projects (blank for other project types).
HEADER_2026 = [" ", "Total", "Without Children", "With Children and Adults", "With Only Children",
               "Unknown Household Type"]  # fmt: skip
_MOVED_IN_HOUSEHOLDS = Count(where=MOVED_IN_2026, only_if=MOVE_IN_PROJECTS_2026)
Q8A_2026 = Table(
    "Q8a",
    header=HEADER_2026,
    rows=[Row("Total Households"), Row("For PSH & RRH – the total households served who moved into housing")],
    cells={f"{k}3": _MOVED_IN_HOUSEHOLDS for k in "BCDEF"},
    columns=HOUSEHOLD_COLUMNS,
    universe="c.is_hoh",
    specs=("2026",),
    title="Number of Households Served",
)
Q8B_2026 = Table(
    "Q8b",
    header=HEADER_2026,
    rows=Q8B.rows,
    columns=HOUSEHOLD_COLUMNS,
    universe="c.is_hoh",
    specs=("2026",),
    title="Point-in-Time Count of Households on the Last Wednesday",
)
TABLES_2026 = [Q8A_2026, Q8B_2026]
