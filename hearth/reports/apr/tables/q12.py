"""APR/CAPER Q12a: Race; Q12b: Ethnicity (FY2022 layout; FY2026 data is mapped back in client_detail); Q12: Race and
Ethnicity (FY2026 layout, one row per single response, pair of responses, or more)."""

from __future__ import annotations

from hearth.reports.apr.blocks_2026 import RACE_2026, RACE_VIEW_2026
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

# FY2026 Q12: 3.04 responses (1 AmIndAKNative .. 7 MidEastNAfrican, see blocks_2026.RACE_FIELDS) -> label.
_RACE_LABELS = {
    1: "American Indian, Alaska Native, or Indigenous",
    2: "Asian or Asian American",
    3: "Black, African American, or African",
    6: "Hispanic/Latina/o",
    7: "Middle Eastern or North African",
    4: "Native Hawaiian or Pacific Islander",
    5: "White",
}
# The shell's rows 9-29: pairs (first named, second named), in the shell's order.
_PAIRS = [(2, 1), (3, 1), (6, 1), (7, 1), (4, 1), (5, 1), (3, 2), (6, 2), (7, 2), (4, 2), (5, 2), (6, 3), (7, 3),
          (4, 3), (5, 3), (7, 6), (4, 6), (5, 6), (4, 7), (5, 7), (5, 4)]  # fmt: skip


def _key(*codes: int) -> str:
    return "c.race_key = '" + ",".join(str(c) for c in sorted(codes)) + "'"


Q12_2026 = Table(
    "Q12",
    header=[" ", "Total", "Without Children", "With Children and Adults", "With Only Children",
            "Unknown Household Type"],
    rows=[Row(label, _key(code)) for code, label in _RACE_LABELS.items()]
    + [Row(f"{_RACE_LABELS[a]} & {_RACE_LABELS[b]}", _key(a, b)) for a, b in _PAIRS]
    + [
        Row("Multiracial – more than 2 races/ethnicity, with one being Hispanic/Latina/o",
            "c.race_key = 'multi_hispanic'"),
        Row("Multiracial – more than 2 races, where no option is Hispanic/Latina/o", "c.race_key = 'multi'"),
        Row("Client Doesn't Know/Prefers Not to Answer", "c.race_key = 'dkr'"),
        Row("Data Not Collected", "c.race_key = 'missing'"),
        Row("Total"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    source="q12_race_2026",
    setup=(RACE_2026, RACE_VIEW_2026),
    specs=("2026",),
    title="Race and Ethnicity",
)  # fmt: skip
TABLES_2026 = [Q12_2026]
