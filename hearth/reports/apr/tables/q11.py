"""APR/CAPER Q11: Age (FY2022 layout)."""

from __future__ import annotations

from hearth.reports.apr.common import HOUSEHOLD_COLUMNS, household_header
from hearth.reports.engine.tables import Blank, Row, Table

TABLES = [
    Table(
        "Q11",
        header=household_header("Age ranges"),
        rows=[
            Row("a. Under 5", "c.age BETWEEN 0 AND 4"),
            Row("b. 5 - 12", "c.age BETWEEN 5 AND 12"),
            Row("c. 13 - 17", "c.age BETWEEN 13 AND 17"),
            Row("d. 18 - 24", "c.age BETWEEN 18 AND 24"),
            Row("e. 25 - 34", "c.age BETWEEN 25 AND 34"),
            Row("f. 35 - 44", "c.age BETWEEN 35 AND 44"),
            Row("g. 45 - 54", "c.age BETWEEN 45 AND 54"),
            Row("h. 55 - 61", "c.age BETWEEN 55 AND 61"),
            Row("i. 62+", "c.age >= 62"),
            Row("j. Client Doesn't Know/Client Refused", "c.age_dkr"),
            Row("k. Data Not Collected", "c.age_missing"),
            Row("l. Total"),
        ],
        columns=HOUSEHOLD_COLUMNS,
        title="Age",
    )
]

# FY2026 layout: the adult brackets end at 55-64 and 65+; children in households without children (C2-C4) and adults
# in households with only children (E5-E10) are grey.
_AGES_2026 = [("Under 5", 0, 4), ("5-12", 5, 12), ("13-17", 13, 17), ("18-24", 18, 24), ("25-34", 25, 34),
              ("35-44", 35, 44), ("45-54", 45, 54), ("55-64", 55, 64)]  # fmt: skip
Q11_2026 = Table(
    "Q11",
    header=[" ", "Total", "Without Children", "With Children and Adults", "With Only Children",
            "Unknown Household Type"],
    rows=[Row(label, f"c.age BETWEEN {lo} AND {hi}") for label, lo, hi in _AGES_2026]
    + [
        Row("65+", "c.age >= 65"),
        Row("Client Doesn't Know/Prefers Not to Answer", "c.age_dkr"),
        Row("Data Not Collected", "c.age_missing"),
        Row("Total"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    cells={**{f"C{r}": Blank() for r in range(2, 5)}, **{f"E{r}": Blank() for r in range(5, 11)}},
    specs=("2026",),
    title="Age",
)  # fmt: skip
TABLES_2026 = [Q11_2026]
