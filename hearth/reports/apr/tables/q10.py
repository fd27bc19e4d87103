"""APR/CAPER Q10a-Q10c: Gender of adults, children, persons missing age; CAPER Q10d: gender by age ranges (FY2022)."""

from __future__ import annotations

from hearth.reports.apr.common import (
    TOTAL,
    UNKNOWN_HOUSEHOLD,
    WITH_CHILDREN_AND_ADULTS,
    WITH_ONLY_CHILDREN,
    WITHOUT_CHILDREN,
    relabel,
)
from hearth.reports.engine.tables import Column, Row, Table

GENDER_ROWS = [
    Row("a. Male", "c.gender_fy2022 = 'male'"),
    Row("b. Female", "c.gender_fy2022 = 'female'"),
    Row("c. No Single Gender", "c.gender_fy2022 = 'no_single_gender'"),
    Row("d. Questioning", "c.gender_fy2022 = 'questioning'"),
    Row("e. Transgender", "c.gender_fy2022 = 'transgender'"),
    Row("f. Client Doesn't Know/Client Refused", "c.gender_fy2022 = 'dkr'"),
    Row("g. Data Not Collected", "c.gender_fy2022 = 'missing'"),
    Row("h. Total"),
]

Q10A = Table(
    "Q10a",
    header=["Gender", "Total", "a. Without children", "b. With children and adults", "c. Unknown household type"],
    rows=GENDER_ROWS,
    columns=relabel(
        [TOTAL, WITHOUT_CHILDREN, WITH_CHILDREN_AND_ADULTS, UNKNOWN_HOUSEHOLD],
        ["Total", "a. Without children", "b. With children and adults", "c. Unknown household type"],
    ),
    universe="c.is_adult",
    title="Gender of Adults",
)

Q10B = Table(
    "Q10b",
    header=["Gender", "Total", "a. With children and adults", "b. With only children", "c. Unknown household type"],
    rows=GENDER_ROWS,
    columns=[
        TOTAL,
        Column("a", WITH_CHILDREN_AND_ADULTS.where),
        Column("b", WITH_ONLY_CHILDREN.where),
        Column("c", UNKNOWN_HOUSEHOLD.where),
    ],  # fmt: skip
    universe="c.is_child",
    title="Gender of Children",
)

Q10C = Table(
    "Q10c",
    header=[
        "Gender",
        "Total",
        "a. Without children",
        "b. With children and adults",
        "c. With only children",
        "d. Unknown household type",
    ],  # fmt: skip
    rows=GENDER_ROWS,
    columns=[TOTAL, WITHOUT_CHILDREN, WITH_CHILDREN_AND_ADULTS, WITH_ONLY_CHILDREN, UNKNOWN_HOUSEHOLD],
    universe="c.is_unknown_age",
    title="Gender of Persons Missing Age Information",
)

Q10D = Table(
    "Q10d",
    header=[
        " ",
        "Total",
        "a. Under age 18",
        "b. Age 18-24",
        "c. Age 25-61",
        "d. Age 62 and over",
        "e. Client Doesn't Know/Client Refused",
        "f. Data not collected",
    ],  # fmt: skip
    rows=GENDER_ROWS,
    columns=[
        TOTAL,
        Column("a. Under age 18", "c.age < 18"),
        Column("b. Age 18-24", "c.age BETWEEN 18 AND 24"),
        Column("c. Age 25-61", "c.age BETWEEN 25 AND 61"),
        Column("d. Age 62 and over", "c.age >= 62"),
        Column("e. Client Doesn't Know/Client Refused", "c.age_dkr"),
        Column("f. Data not collected", "c.age_missing"),
    ],
    reports=("caper",),
    title="Gender by Age Ranges",
)

TABLES = [Q10A, Q10B, Q10C, Q10D]
