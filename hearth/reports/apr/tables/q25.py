"""APR/CAPER Q25: veterans (Q25a-Q25i, FY2020 spec). A veteran is an adult (age on the later of project start and
ReportStart) with 3.07 = 1 (``client_detail.is_veteran``); most tables are another question with a veteran filter.

The FY2026 layout (``TABLES_2026``, FY2026 spec V1.0) keeps Q25a, Q25b, Q25d (Q11's FY2026 age groups) and Q25i (the
FY2026 Q23c) and adds Q25j (Q23d); FY2026 removed Q25c and Q25e-Q25h."""

from __future__ import annotations

import dataclasses

from hearth.reports.apr.blocks_health import CONDITIONS
from hearth.reports.apr.blocks_stay import CONDITIONS_BY_STAGE_VIEW, HOUSEHOLDS, VETERAN_FLAG, subset
from hearth.reports.apr.common import TOTAL, UNKNOWN_HOUSEHOLD, WITH_CHILDREN_AND_ADULTS, WITHOUT_CHILDREN, relabel
from hearth.reports.apr.tables.q10 import Q10A
from hearth.reports.apr.tables.q17 import Q17
from hearth.reports.apr.tables.q18 import Q18
from hearth.reports.apr.tables.q20 import Q20A
from hearth.reports.apr.tables.q23 import Q23C, Q23C_2026, Q23D
from hearth.reports.engine.tables import Blank, Column, Count, Row, Table

VETERAN = "c.is_veteran"
# Veteran tables have no "with only children" column (children cannot be veterans).
LABELS = ["Total", "a. Without children", "b. With children and adults", "c. Unknown household type"]
COLUMNS = relabel([TOTAL, WITHOUT_CHILDREN, WITH_CHILDREN_AND_ADULTS, UNKNOWN_HOUSEHOLD], LABELS)

# Q25a: adults by 3.07 and CH status; a CH status of DK/R or missing counts as not CH (rows 5-6 are 3.07 only).
Q25A = Table(
    "Q25a",
    header=[" ", *LABELS],
    rows=[
        Row("a. Chronically homeless veteran", "c.is_veteran AND c.ch_status = 'yes'"),
        Row("b. Non-chronically homeless veteran", "c.is_veteran AND c.ch_status IS DISTINCT FROM 'yes'"),
        Row("c. Not a veteran", "c.VeteranStatus = 0"),
        Row("d. Client Doesn't Know/Client Refused", "c.VeteranStatus IN (8, 9)"),
        Row("e. Data Not Collected", "c.VeteranStatus IS NULL OR c.VeteranStatus NOT IN (0, 1, 8, 9)"),
        Row("f. Total"),
    ],
    columns=COLUMNS,
    universe="c.is_adult",
    quote_values=False,
    title="Number of Veterans",
)

# Q25b: households by their head, first match wins (rules 3-7); child-only households are not counted (rule 9).
_CH_VET = "c.hh_ch_veteran"
_VET = f"NOT {_CH_VET} AND c.hh_veteran"
_NO_VET = "NOT c.hh_veteran AND c.hh_no_veteran"
_DKR = "NOT c.hh_veteran AND NOT c.hh_no_veteran AND c.hh_veteran_dkr"
_MISSING = "NOT c.hh_veteran AND NOT c.hh_no_veteran AND NOT c.hh_veteran_dkr"
Q25B = Table(
    "Q25b",
    header=[" ", *LABELS],
    rows=[
        Row("a. Chronically homeless veteran", _CH_VET),
        Row("b. Non-chronically homeless veteran", _VET),
        Row("c. Not a veteran", _NO_VET),
        Row("d. Client Doesn't Know/Client Refused", _DKR),
        Row("e. Data Not Collected", _MISSING),
        Row("f. Total"),
    ],
    columns=COLUMNS,
    universe="c.household_type <> 'children_only'",
    source="stay_households",
    setup=(HOUSEHOLDS,),
    reports=("apr",),
    quote_values=False,
    title="Number of Veteran Households",
)

Q25C = subset(Q10A, "Q25c", VETERAN_FLAG, title="Gender – Veterans")

Q25D = Table(
    "Q25d",
    header=["Age ranges", *LABELS],
    rows=[
        Row("a. 18 - 24", "c.age BETWEEN 18 AND 24"),
        Row("b. 25 - 34", "c.age BETWEEN 25 AND 34"),
        Row("c. 35 - 44", "c.age BETWEEN 35 AND 44"),
        Row("d. 45 - 54", "c.age BETWEEN 45 AND 54"),
        Row("e. 55 - 61", "c.age BETWEEN 55 AND 61"),
        Row("f. 62+", "c.age >= 62"),
        Row("g. Client Doesn't Know/Client Refused", "c.age_dkr"),
        Row("h. Data Not Collected", "c.age_missing"),
        Row("i. Total"),
    ],
    columns=COLUMNS,
    universe=VETERAN,
    reports=("apr",),
    title="Age – Veterans",
)

# Conditions at start (Q13a1), at the latest assessment for stayers (Q13c1), at exit for leavers (Q13b1), in total.
_CONDITION_ROWS = [
    ("a. Mental Health Disorder", "c.{s}_mental"),
    ("b. Alcohol Use Disorder", "c.{s}_alcohol AND NOT c.{s}_drug"),
    ("c. Drug Use Disorder", "c.{s}_drug AND NOT c.{s}_alcohol"),
    ("d. Both Alcohol and Drug Use Disorders", "c.{s}_alcohol AND c.{s}_drug"),
    ("e. Chronic Health Condition", "c.{s}_chronic"),
    ("f. HIV/AIDS", "c.{s}_hiv"),
    ("g. Developmental Disability", "c.{s}_developmental"),
    ("h. Physical Disability", "c.{s}_physical"),
]
_CONDITION_COLUMNS = [("entry", Column("At start")), ("latest", Column("Stayers", "c.is_stayer")),
                      ("exit", Column("Leavers", "c.is_leaver"))]  # fmt: skip


def conditions_table(name: str, population: str, title: str) -> Table:
    """Q25e/Q26e: the Q13 condition rows by stage (columns) for a subpopulation."""
    cells = {}
    for r, (_, where) in enumerate(_CONDITION_ROWS):
        for k, (stage, _) in enumerate(_CONDITION_COLUMNS):
            cells[f"{chr(ord('B') + k)}{r + 2}"] = Count(where=where.format(s=stage))
    return Table(
        name,
        header=["Special need"] + [c.label for _, c in _CONDITION_COLUMNS],
        rows=[Row(label) for label, _ in _CONDITION_ROWS],
        columns=[c for _, c in _CONDITION_COLUMNS],
        universe=population,
        cells=cells,
        source="stay_conditions",
        setup=(*CONDITIONS, CONDITIONS_BY_STAGE_VIEW),
        reports=("apr",),
        quote_values=False,
        title=title,
    )


Q25E = conditions_table("Q25e", VETERAN, "Physical and Mental Health Conditions – Veterans")

Q25F = subset(Q18, "Q25f", VETERAN_FLAG, rows=Q18.rows[:9], title="Cash Income Category – Veterans")
Q25G = subset(Q17, "Q25g", VETERAN_FLAG, title="Type of Cash Income Sources – Veterans")

Q25H = subset(Q20A, "Q25h", VETERAN_FLAG, title="Type of Non-Cash Benefit Sources – Veterans")
Q25I = subset(Q23C, "Q25i", VETERAN_FLAG, title="Exit Destination – Veterans")

TABLES = [Q25A, Q25B, Q25C, Q25D, Q25E, Q25F, Q25G, Q25H, Q25I]

# ---- FY2026 layout ----------------------------------------------------------------------------------------------

LABELS_2026 = ["Total", "Without Children", "With Children and Adults", "Unknown Household Type"]
HEADER_2026 = [" ", *LABELS_2026]
COLUMNS_2026 = relabel(COLUMNS, LABELS_2026)
_VETERAN_ROWS_2026 = ["Chronically Homeless Veteran", "Non-Chronically Homeless Veteran", "Not a Veteran",
                      "Client Doesn't Know/Prefers Not to Answer", "Data Not Collected", "Total"]  # fmt: skip


def _relabel_rows(table: Table, labels: list[str]) -> list[Row]:
    return [Row(label, row.where) for label, row in zip(labels, table.rows, strict=True)]


Q25A_2026 = dataclasses.replace(
    Q25A, header=HEADER_2026, rows=_relabel_rows(Q25A, _VETERAN_ROWS_2026), columns=COLUMNS_2026, specs=("2026",)
)
Q25B_2026 = dataclasses.replace(
    Q25B, header=HEADER_2026, rows=_relabel_rows(Q25B, _VETERAN_ROWS_2026), columns=COLUMNS_2026, specs=("2026",)
)

# Q25d: Q11 (FY2026 age groups) for veterans without its children's rows and "with only children" column; a veteran's
# age is known, so the DK/PNTA and missing rows are grey.
_AGES_2026 = [("18-24", 18, 24), ("25-34", 25, 34), ("35-44", 35, 44), ("45-54", 45, 54), ("55-64", 55, 64)]
Q25D_2026 = Table(
    "Q25d",
    header=HEADER_2026,
    rows=[Row(label, f"c.age BETWEEN {lo} AND {hi}") for label, lo, hi in _AGES_2026]
    + [
        Row("65 +", "c.age >= 65"),
        Row("Client Doesn't Know/Prefers Not to Answer", "c.age_dkr"),
        Row("Data Not Collected", "c.age_missing"),
        Row("Total"),
    ],
    columns=COLUMNS_2026,
    universe=VETERAN,
    cells={f"{x}{r}": Blank() for x in "BCDE" for r in (8, 9)},
    reports=("apr",),
    specs=("2026",),
    title="Age – Veterans",
)

Q25I_2026 = subset(Q23C_2026, "Q25i", VETERAN_FLAG, title="Exit Destination – Veterans")
# Q25j: Q23d for veterans without the "with only children" column.
Q25J = subset(
    Q23D,
    "Q25j",
    VETERAN_FLAG,
    header=HEADER_2026,
    columns=COLUMNS_2026,
    title="Exit Destination – Subsidy Type of Persons Exiting to Rental by Client With An Ongoing Subsidy - Veteran",
)

TABLES_2026 = [Q25A_2026, Q25B_2026, Q25D_2026, Q25I_2026, Q25J]
