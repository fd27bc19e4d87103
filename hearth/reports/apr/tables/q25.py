"""APR/CAPER Q25: veterans (Q25a-Q25i, FY2020 spec). A veteran is an adult (age on the later of project start and
ReportStart) with 3.07 = 1 (``client_detail.is_veteran``); most tables are another question with a veteran filter."""

from __future__ import annotations

from hearth.reports.apr.blocks_health import CONDITIONS
from hearth.reports.apr.blocks_stay import CONDITIONS_BY_STAGE_VIEW, HOUSEHOLDS, VETERAN_FLAG, GroupedTable, subset
from hearth.reports.apr.common import TOTAL, UNKNOWN_HOUSEHOLD, WITH_CHILDREN_AND_ADULTS, WITHOUT_CHILDREN, relabel
from hearth.reports.apr.tables.q10 import Q10A
from hearth.reports.apr.tables.q17 import Q17
from hearth.reports.apr.tables.q18 import Q18
from hearth.reports.apr.tables.q20 import Q20A
from hearth.reports.apr.tables.q23 import Q23C
from hearth.reports.engine.tables import Column, Count, Row, Table

VETERAN = "c.is_veteran"
# Veteran tables have no "with only children" column (children cannot be veterans).
LABELS = ["Total", "a. Without children", "b. With children and adults", "c. Unknown household type"]
COLUMNS = relabel([TOTAL, WITHOUT_CHILDREN, WITH_CHILDREN_AND_ADULTS, UNKNOWN_HOUSEHOLD], LABELS)

# Q25a: adults by 3.07 and CH status; a CH status of DK/R or missing counts as not CH (rows 5-6 are 3.07 only).
Q25A = GroupedTable(
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
Q25B = GroupedTable(
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

Q25D = GroupedTable(
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
    return GroupedTable(
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
