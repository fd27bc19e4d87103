"""APR/CAPER Q26: chronically homeless (Q26a-Q26h, FY2020 spec). CH status at project start per the Glossary, after
the household rule (``client_detail.ch_status``); most tables are another question with a CH filter.

The FY2026 layout (``TABLES_2026``, FY2026 spec V1.0) keeps Q26a, Q26b, Q26d (Q11's FY2026 age groups) and Q26e;
FY2026 removed Q26c and Q26f-Q26h."""

from __future__ import annotations

import dataclasses

from hearth.reports.apr.blocks_stay import CHRONIC_FLAG, HOUSEHOLDS, subset
from hearth.reports.apr.common import HOUSEHOLD_COLUMNS, household_header
from hearth.reports.apr.tables.q10 import GENDER_ROWS
from hearth.reports.apr.tables.q17 import Q17
from hearth.reports.apr.tables.q18 import Q18
from hearth.reports.apr.tables.q20 import Q20A
from hearth.reports.apr.tables.q25 import conditions_table
from hearth.reports.engine.tables import Column, Row, Table

CHRONIC = "c.is_chronic"

# Q26a: households by their head; first match wins: any CH adult or head; all adults and head not CH; any DK/R.
Q26A = Table(
    "Q26a",
    header=household_header(" "),
    rows=[
        Row("a. Chronically homeless", "c.hh_ch"),
        Row("b. Not chronically homeless", "NOT c.hh_ch AND c.hh_no_ch"),
        Row("c. Client Doesn't Know/Client Refused", "NOT c.hh_ch AND NOT c.hh_no_ch AND c.hh_ch_dkr"),
        Row("d. Data Not Collected", "NOT c.hh_ch AND NOT c.hh_no_ch AND NOT c.hh_ch_dkr"),
        Row("e. Total"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    source="stay_households",
    setup=(HOUSEHOLDS,),
    reports=("apr",),
    quote_values=False,
    title="Chronic Homeless Status - Number of Households w/at least one or more CH person",
)

Q26B = Table(
    "Q26b",
    header=household_header(" "),
    rows=[
        Row("a. Chronically homeless", "c.ch_status = 'yes'"),
        Row("b. Not chronically homeless", "c.ch_status = 'no'"),
        Row("c. Client Doesn't Know/Client Refused", "c.ch_status = 'dkr'"),
        Row("d. Data Not Collected", "c.ch_status = 'missing' OR c.ch_status IS NULL"),
        Row("e. Total"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    quote_values=False,
    title="Number of Chronically Homeless Persons by Household",
)

# Q10a's rows for every CH person (not only adults), with the "with only children" column.
Q26C = Table(
    "Q26c",
    header=household_header("Gender"),
    rows=GENDER_ROWS,
    columns=HOUSEHOLD_COLUMNS,
    universe=CHRONIC,
    reports=("apr",),
    title="Gender of Chronically Homeless Persons",
)

Q26D = Table(
    "Q26d",
    header=household_header("Age ranges"),
    rows=[
        Row("a. 0 - 17", "c.age BETWEEN 0 AND 17"),
        Row("b. 18 - 24", "c.age BETWEEN 18 AND 24"),
        Row("c. 25 - 34", "c.age BETWEEN 25 AND 34"),
        Row("d. 35 - 44", "c.age BETWEEN 35 AND 44"),
        Row("e. 45 - 54", "c.age BETWEEN 45 AND 54"),
        Row("f. 55 - 61", "c.age BETWEEN 55 AND 61"),
        Row("g. 62+", "c.age >= 62"),
        Row("h. Client Doesn't Know/Client Refused", "c.age_dkr"),
        Row("i. Data Not Collected", "c.age_missing"),
        Row("j. Total"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    universe=CHRONIC,
    reports=("apr",),
    title="Age of Chronically Homeless Persons",
)

Q26E = conditions_table("Q26e", CHRONIC, "Physical and Mental Health Conditions - Chronically Homeless Persons")
Q26F = subset(Q18, "Q26f", CHRONIC_FLAG, rows=Q18.rows[:9], title="Client Cash Income - Chronically Homeless")
Q26G = subset(Q17, "Q26g", CHRONIC_FLAG, title="Type of Cash Income Sources - Chronically Homeless Persons")
Q26H = subset(Q20A, "Q26h", CHRONIC_FLAG, title="Type of Non-Cash Benefit Sources - Chronically Homeless")

TABLES = [Q26A, Q26B, Q26C, Q26D, Q26E, Q26F, Q26G, Q26H]

# ---- FY2026 layout ----------------------------------------------------------------------------------------------

HEADER_2026 = [" ", "Total", "Without Children", "With Children and Adults", "With Only Children",
               "Unknown Household Type"]  # fmt: skip
_CH_ROWS_2026 = ["Chronically Homeless", "Not Chronically Homeless", "Client Doesn't Know/Prefers Not to Answer",
                 "Data Not Collected", "Total"]  # fmt: skip

Q26A_2026 = dataclasses.replace(
    Q26A,
    header=HEADER_2026,
    rows=[Row(label, row.where) for label, row in zip(_CH_ROWS_2026, Q26A.rows, strict=True)],
    specs=("2026",),
    title="Chronic Homeless Status - Number of Households w/at least one or more CH person",
)
Q26B_2026 = dataclasses.replace(
    Q26B,
    header=HEADER_2026,
    rows=[Row(label, row.where) for label, row in zip(_CH_ROWS_2026, Q26B.rows, strict=True)],
    specs=("2026",),
)

_AGES_2026 = [("0-17", 0, 17), ("18-24", 18, 24), ("25-34", 25, 34), ("35-44", 35, 44), ("45-54", 45, 54),
              ("55-64", 55, 64)]  # fmt: skip
Q26D_2026 = Table(
    "Q26d",
    header=HEADER_2026,
    rows=[Row(label, f"c.age BETWEEN {lo} AND {hi}") for label, lo, hi in _AGES_2026]
    + [
        Row("65 +", "c.age >= 65"),
        Row("Client Doesn't Know/Prefers Not to Answer", "c.age_dkr"),
        Row("Data Not Collected", "c.age_missing"),
        Row("Total"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    universe=CHRONIC,
    reports=("apr",),
    specs=("2026",),
    title="Age of Chronically Homeless Persons",
)

_Q26E = conditions_table("Q26e", CHRONIC, "Physical and Mental Health Conditions - Chronically Homeless Persons")
Q26E_2026 = dataclasses.replace(
    _Q26E,
    header=["Conditions", "Conditions At Start", "Conditions at Latest Assessment for Stayers",
            "Conditions at Exit for Leavers"],
    rows=[Row(label) for label in ["Mental Health Disorder", "Alcohol Use Disorder", "Drug Use Disorder",
                                   "Both Drug and Alcohol Use Disorders", "Chronic Health Condition", "HIV/AIDS",
                                   "Developmental Disability", "Physical Disability"]],
    columns=[Column(label, c.where) for label, c in zip(
        ["Conditions At Start", "Conditions at Latest Assessment for Stayers", "Conditions at Exit for Leavers"],
        _Q26E.columns, strict=True)],
    specs=("2026",),
)  # fmt: skip

TABLES_2026 = [Q26A_2026, Q26B_2026, Q26D_2026, Q26E_2026]
