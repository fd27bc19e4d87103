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

# FY2026 layout: Q14b reports 4.11.2A "when experience occurred" (the FY2022 Q14b reported 4.11.2B "currently
# fleeing").
HEADER_2026 = [" ", "Total", "Without Children", "With Children and Adults", "With Only Children",
               "Unknown Household Type"]  # fmt: skip
Q14A_2026 = Table(
    "Q14a",
    header=HEADER_2026,
    rows=[Row(label, r.where) for label, r in zip(
        ["Yes", "No", "Client Doesn't Know/Prefers Not to Answer", "Data Not Collected", "Total"],
        _rows("dv_survivor"), strict=True)],
    columns=HOUSEHOLD_COLUMNS,
    universe="c.is_adult_or_hoh",
    source="q14_dv",
    setup=SETUP,
    specs=("2026",),
    title="History of Domestic Violence, Sexual Assault, Dating Violence, Stalking, or Human Trafficking",
)  # fmt: skip
Q14B_2026 = Table(
    "Q14b",
    header=HEADER_2026,
    rows=[
        Row("Within the past three months", "c.dv_when = 1"),
        Row("Three to six months ago", "c.dv_when = 2"),
        Row("Six months to one year", "c.dv_when = 3"),
        Row("One year ago, or more", "c.dv_when = 4"),
        Row("Client Doesn't Know/Prefers Not to Answer", "c.dv_when IN (8, 9)"),
        Row("Data Not Collected", "c.dv_when IS NULL OR c.dv_when NOT IN (1, 2, 3, 4, 8, 9)"),
        Row("Total"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    universe="c.is_adult_or_hoh AND c.dv_survivor = 1",
    source="q14_dv",
    setup=SETUP,
    specs=("2026",),
    title="Most recent experience of domestic violence, sexual assault, dating violence, stalking, or human "
    "trafficking",
)
TABLES_2026 = [Q14A_2026, Q14B_2026]
