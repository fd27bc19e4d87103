"""APR/CAPER Q11: Age (FY2022 layout)."""

from __future__ import annotations

from hearth.reports.apr.common import HOUSEHOLD_COLUMNS, household_header
from hearth.reports.engine.tables import Row, Table

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
