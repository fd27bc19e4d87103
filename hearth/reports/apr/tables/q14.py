"""APR/CAPER Q14a: domestic violence history; Q14b: persons fleeing domestic violence (FY2020 spec Q14)."""

from __future__ import annotations

from hearth.reports.apr.blocks_health import DOMESTIC_VIOLENCE, DV_VIEW
from hearth.reports.apr.common import HOUSEHOLD_COLUMNS, household_header
from hearth.reports.engine.tables import Row, Table


def _rows(column: str) -> list[Row]:
    return [
        Row("a. Yes", f"c.{column} = 1"),
        Row("b. No", f"c.{column} = 0"),
        Row("c. Client Doesn't Know/Client Refused", f"c.{column} IN (8, 9)"),
        Row("d. Data Not Collected", f"c.{column} IS NULL OR c.{column} NOT IN (0, 1, 8, 9)"),
        Row("e. Total"),
    ]


SETUP = (*DOMESTIC_VIOLENCE, DV_VIEW)

Q14A = Table(
    "Q14a",
    header=household_header("Past Domestic Violence Experience"),
    rows=_rows("dv_survivor"),
    columns=HOUSEHOLD_COLUMNS,
    universe="c.is_adult_or_hoh",
    source="q14_dv",
    setup=SETUP,
    title="Domestic Violence History",
)

Q14B = Table(
    "Q14b",
    header=household_header("Currently fleeing domestic violence"),
    rows=_rows("dv_fleeing"),
    columns=HOUSEHOLD_COLUMNS,
    universe="c.is_adult_or_hoh AND c.dv_survivor = 1",
    source="q14_dv",
    setup=SETUP,
    title="Persons Fleeing Domestic Violence",
)

TABLES = [Q14A, Q14B]
