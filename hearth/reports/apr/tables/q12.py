"""APR/CAPER Q12a: Race; Q12b: Ethnicity (FY2022 layout; FY2026 data is mapped back in client_detail)."""

from __future__ import annotations

from hearth.reports.apr.common import HOUSEHOLD_COLUMNS, household_header
from hearth.reports.engine.tables import Row, Table

Q12A = Table(
    "Q12a",
    header=household_header("Race"),
    rows=[
        Row("a. White", "c.race_fy2022 = 'white'"),
        Row("b. Black, African American, or African", "c.race_fy2022 = 'black'"),
        Row("c. Asian or Asian American", "c.race_fy2022 = 'asian'"),
        Row("d. American Indian, Alaska Native, or Indigenous", "c.race_fy2022 = 'amind'"),
        Row("e. Native Hawaiian or Pacific Islander", "c.race_fy2022 = 'nhpi'"),
        Row("f. Multiple races", "c.race_fy2022 = 'multiple'"),
        Row("g. Client Doesn't Know/Client Refused", "c.race_fy2022 = 'dkr'"),
        Row("h. Data Not Collected", "c.race_fy2022 = 'missing'"),
        Row("i. Total"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    title="Race",
)

Q12B = Table(
    "Q12b",
    header=household_header("Ethnicity"),
    rows=[
        Row("a. Non-Hispanic/Non-Latin(a)(o)(x)", "c.ethnicity_fy2022 = 'non_hispanic'"),
        Row("b. Hispanic/Latin(a)(o)(x)", "c.ethnicity_fy2022 = 'hispanic'"),
        Row("c. Client Doesn't Know/Client Refused", "c.ethnicity_fy2022 = 'dkr'"),
        Row("d. Data Not Collected", "c.ethnicity_fy2022 = 'missing'"),
        Row("e. Total"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    title="Ethnicity",
)

TABLES = [Q12A, Q12B]
