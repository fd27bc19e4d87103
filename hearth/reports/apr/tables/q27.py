"""APR Q27: youth (Q27a-Q27h, FY2020 spec). Youth are 12-24 in a household where nobody is older than 24
(``client_detail.is_youth``); most tables are another question with a youth filter.

The FY2026 layout (``TABLES_2026``, FY2026 spec V1.0): Q27a, Q27b, Q27d (FY2026 Q15, youth heads of household),
Q27e, Q27f1 (FY2026 Q23c), Q27f2 (Q23d), Q27g-Q27i (FY2026 Q17, Q18, Q19b for youth adults and heads), Q27j-Q27l
(Q22b, Q22c, Q22e) and Q27m (C3 education status); FY2026 removed Q27c."""

from __future__ import annotations

import dataclasses

from hearth.reports.apr.blocks_2026_stay import EDUCATION
from hearth.reports.apr.blocks_income import INCOME_SETUP, income_setup
from hearth.reports.apr.blocks_stay import INCOME_FLAGS_VIEW, PARENTING_YOUTH, YOUTH_FLAG, subset
from hearth.reports.apr.common import HOUSEHOLD_COLUMNS, household_header
from hearth.reports.apr.tables.q10 import GENDER_ROWS
from hearth.reports.apr.tables.q15 import TABLES as Q15_TABLES
from hearth.reports.apr.tables.q15 import TABLES_2026 as Q15_TABLES_2026
from hearth.reports.apr.tables.q17 import Q17
from hearth.reports.apr.tables.q17 import TABLES_2026 as Q17_TABLES_2026
from hearth.reports.apr.tables.q18 import Q18
from hearth.reports.apr.tables.q18 import TABLES_2026 as Q18_TABLES_2026
from hearth.reports.apr.tables.q19 import Q19B_SOURCES_2026
from hearth.reports.apr.tables.q22 import Q22A1, Q22A1_2026, Q22B_2026, Q22C_2026, Q22E_2026
from hearth.reports.apr.tables.q23 import Q23C, Q23C_2026, Q23D
from hearth.reports.engine.tables import Aggregate, Blank, Column, Ratio, Row, Table, col_letter

YOUTH = "c.is_youth"

Q27A = Table(
    "Q27a",
    header=household_header("Age ranges"),
    rows=[
        Row("a. 12 - 17", "c.age BETWEEN 12 AND 17"),
        Row("b. 18 - 24", "c.age BETWEEN 18 AND 24"),
        Row("c. Client Doesn't Know/Client Refused", "c.age_dkr"),
        Row("d. Data Not Collected", "c.age_missing"),
        Row("e. Total"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    universe=YOUTH,
    reports=("apr",),
    title="Age of Youth",
)

# Q27b: members of youth-headed households with a child of the head, by the head's age (rows); B heads and adults,
# C the head's children under 18, D everybody, E the households.
_HEAD_OR_ADULT = "c.member_is_hoh OR c.member_age BETWEEN 18 AND 24"
_CHILD = "c.member_relationship = 2 AND c.member_age BETWEEN 0 AND 17"
_HOUSEHOLDS = Aggregate(expr="count(DISTINCT c.HouseholdID)", fmt="int")
Q27B = Table(
    "Q27b",
    header=[" ", "a. Total parenting youth", "b. Total children of parenting youth", "c. Total persons",
            "d. Total households"],
    rows=[Row("a. Parent youth less than 18", "c.hoh_age < 18"),
          Row("b. Parent youth 18 to 24", "c.hoh_age BETWEEN 18 AND 24")],
    columns=[Column("a", _HEAD_OR_ADULT), Column("b", _CHILD), Column("c"), Column("d")],
    cells={"E2": _HOUSEHOLDS, "E3": _HOUSEHOLDS},
    source="stay_parenting_youth",
    key="c.member_id",
    unique_key=False,
    setup=(PARENTING_YOUTH,),
    reports=("apr",),
    quote_values=False,
    title="Parenting Youth",
)  # fmt: skip

Q27C = Table(
    "Q27c",
    header=household_header("Gender"),
    rows=GENDER_ROWS,
    columns=HOUSEHOLD_COLUMNS,
    universe=YOUTH,
    reports=("apr",),
    title="Gender – Youth",
)

_Q15 = next(t for t in Q15_TABLES if t.name == "Q15")
Q27D = subset(_Q15, "Q27d", YOUTH_FLAG, title="Living Situation – Youth")
Q27E = subset(Q22A1, "Q27e", YOUTH_FLAG, title="Length of Participation - Youth")
Q27F = subset(Q23C, "Q27f", YOUTH_FLAG, title="Exit Destination – Youth")

# Q27g/Q27h: Q17/Q18 for youth adults and youth heads of household, even under 18.
YOUTH_ADULT_OR_HOH = "(c.is_adult OR c.is_hoh) AND c.is_youth"
INCOME = {"source": "stay_income", "setup": (*INCOME_SETUP, INCOME_FLAGS_VIEW)}
Q27G = subset(Q17, "Q27g", YOUTH_FLAG, universe="c.is_adult OR c.is_hoh", title="Cash Income – Sources - Youth")
_Q27H_LABELS = [
    "a. Youth with only earned income (i.e., employment income)",
    "b. Youth with only other income",
    "c. Youth with both earned and other income",
    "d. Youth with no income",
    "e. Youth with Client Doesn't Know/Client Refused income information",
    "f. Youth with missing income information",
    "g. Number of Youth stayers not yet required to have an annual assessment",
    "h. Number of Youth stayers without required annual assessment",
    "i. Total Youth",
    "j. 1 or more source of income",
    "k. Youth with income information at start AND follow-up/exit",
]
Q27H = subset(
    Q18,
    "Q27h",
    YOUTH_FLAG,
    universe="c.is_adult OR c.is_hoh",
    header=["Category", "Number of youth at start", "Number of youth at annual assessment (stayers)",
            "Number of youth at exit (leavers)"],
    rows=[Row(label, row.where) for label, row in zip(_Q27H_LABELS, Q18.rows, strict=True)],
    columns=[Column(label, c.where) for label, c in zip(
        ["Number of youth at start", "Number of youth at annual assessment (stayers)",
         "Number of youth at exit (leavers)"], Q18.columns, strict=True)],
    title="Client Cash Income Category - Earned/Other Income Category - by Start and Annual Assessment/Exit Status - "
    "Youth",
)  # fmt: skip

# Q27i: Q19b (disabling condition and income sources at exit) for youth adults and heads of household, with a
# "with only children" group as well: per household type, with / without 3.08, total, % with.
Q27I_SOURCES = [
    ("a. Earned Income", "c.Earned = 1"),
    ("b. Supplemental Security Income (SSI)", "c.SSI = 1"),
    ("c. Social Security Disability Insurance (SSDI)", "c.SSDI = 1"),
    ("d. VA Service-Connected Disability Compensation", "c.VADisabilityService = 1"),
    ("e. Private Disability Insurance", "c.PrivateDisability = 1"),
    ("f. Worker's Compensation", "c.WorkersComp = 1"),
    ("g. Temporary Assistance for Needy Families (TANF)", "c.TANF = 1"),
    ("h. Retirement Income from Social Security", "c.SocSecRetirement = 1"),
    ("i. Pension or retirement income from a former job", "c.Pension = 1"),
    ("j. Child Support", "c.ChildSupport = 1"),
    ("k. Other source", "(c.Unemployment = 1 OR c.VADisabilityNonService = 1 OR c.GA = 1 OR c.Alimony = 1"
                        " OR c.OtherIncomeSource = 1)"),
    ("l. No Sources", "c.IncomeFromAnySource = 0"),
    ("m. Unduplicated Total Youth", "true"),
]  # fmt: skip
_GROUPS = [("AO", "adults_only"), ("AC", "adults_and_children"), ("CO", "children_only"), ("UK", "unknown")]
Q27I_COLUMNS: list[Column] = []
Q27I_CELLS: dict = {}
for _g, (_prefix, _type) in enumerate(_GROUPS):
    Q27I_COLUMNS += [
        Column(f"{_prefix}:Youth with Disabling Condition",
               f"c.household_type = '{_type}' AND c.DisablingCondition = 1"),
        Column(f"{_prefix}:Youth without Disabling Condition",
               f"c.household_type = '{_type}' AND c.DisablingCondition = 0"),
        Column(f"{_prefix}:Total Youth", f"c.household_type = '{_type}'"),
        Column(f"{_prefix}:% with Disabling Condition by Source", "false"),
    ]  # fmt: skip
    _with, _total, _pct = (col_letter(1 + 4 * _g + i) for i in (0, 2, 3))
    for _row in range(2, len(Q27I_SOURCES) + 2):
        _last = _row == len(Q27I_SOURCES) + 1
        Q27I_CELLS[f"{_pct}{_row}"] = Blank() if _last else Ratio(numerator=f"{_with}{_row}",
                                                                   denominator=f"{_total}{_row}")  # fmt: skip

Q27I = Table(
    "Q27i",
    header=[" "] + [c.label for c in Q27I_COLUMNS],
    rows=[Row(label, where) for label, where in Q27I_SOURCES],
    columns=Q27I_COLUMNS,
    # Leavers with an exit income record and a known 3.08 and 4.02.2 (Q19b), youth adults and heads of household.
    universe=f"c.stage = 'exit' AND {YOUTH_ADULT_OR_HOH} AND c.has_record AND c.IncomeFromAnySource IN (0, 1)"
    " AND c.DisablingCondition IN (0, 1)",
    cells=Q27I_CELLS,
    reports=("apr",),
    title="Disabling Conditions and Income for Youth at Exit",
    **INCOME,
)

TABLES = [Q27A, Q27B, Q27C, Q27D, Q27E, Q27F, Q27G, Q27H, Q27I]

# ---- FY2026 layout ----------------------------------------------------------------------------------------------

HEADER_2026 = [" ", "Total", "Without Children", "With Children and Adults", "With Only Children",
               "Unknown Household Type"]  # fmt: skip

# Q27a: a youth's age is known (12-24), so the DK/PNTA and missing rows are grey.
Q27A_2026 = Table(
    "Q27a",
    header=HEADER_2026,
    rows=[
        Row("12-17", "c.age BETWEEN 12 AND 17"),
        Row("18-24", "c.age BETWEEN 18 AND 24"),
        Row("Client Doesn't Know/Prefers Not to Answer", "c.age_dkr"),
        Row("Data Not Collected", "c.age_missing"),
        Row("Total"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    universe=YOUTH,
    cells={f"{x}{r}": Blank() for x in "BCDEF" for r in (4, 5)},
    reports=("apr",),
    specs=("2026",),
    title="Age of Youth",
)

Q27B_2026 = dataclasses.replace(
    Q27B,
    header=[" ", "Total parenting youth", "Total children of parenting youth", "Total Persons", "Total Households"],
    rows=[Row("Parent youth < 18", "c.hoh_age < 18"), Row("Parent youth 18 to 24", "c.hoh_age BETWEEN 18 AND 24")],
    specs=("2026",),
)


def _named(tables: list, name: str):
    return next(t for t in tables if t.name == name)


# Q27d: the FY2026 Q15 for youth heads of household only (the spec's note under the shell).
_Q15_2026 = _named(Q15_TABLES_2026, "Q15")
Q27D_2026 = subset(
    dataclasses.replace(
        _Q15_2026, source="(SELECT PersonalID, household_type, LivingSituation FROM client_detail WHERE is_hoh)"
    ),
    "Q27d",
    YOUTH_FLAG,
    title="Living Situation – Youth",
)
Q27E_2026 = subset(Q22A1_2026, "Q27e", YOUTH_FLAG, title="Length of Participation - Youth")
Q27F1 = subset(Q23C_2026, "Q27f1", YOUTH_FLAG, title="Exit Destination – Youth")
Q27F2 = subset(
    Q23D,
    "Q27f2",
    YOUTH_FLAG,
    title="Exit Destination – Subsidy Type of Persons Exiting to Rental by Client With An Ongoing Subsidy - Youth",
)

# Q27g/Q27h: the FY2026 Q17/Q18 for youth adults and youth heads of household, even under 18.
Q27G_2026 = subset(
    _named(Q17_TABLES_2026, "Q17"), "Q27g", YOUTH_FLAG, universe="c.is_adult OR c.is_hoh",
    title="Cash Income – Sources - Youth",
)  # fmt: skip
_Q18_2026 = _named(Q18_TABLES_2026, "Q18")
_Q27H_LABELS_2026 = [
    "Youth with Only Earned Income (i.e., Employment Income)",
    "Youth with Only Other Income",
    "Youth with Both Earned and Other Income",
    "Youth with No Income",
    "Youth with Client Doesn't Know/Prefers Not to Answer Income Information",
    "Youth with Missing Income Information",
    "Number of youth stayers not yet required to have an annual assessment",
    "Number of youth stayers without required annual assessment",
    "Total Youth",
    "1 or more source of income",
    "Youth with Income Information at Start and Annual Assessment/Exit",
]
_Q27H_COLUMNS_2026 = ["Number of Youth at Start", "Number of Youth at Annual Assessment (Stayers)",
                      "Number of Youth at Exit (Leavers)"]  # fmt: skip
Q27H_2026 = subset(
    _Q18_2026,
    "Q27h",
    YOUTH_FLAG,
    universe="c.is_adult OR c.is_hoh",
    header=["Number of Youth By Income Category", *_Q27H_COLUMNS_2026],
    rows=[Row(label, row.where) for label, row in zip(_Q27H_LABELS_2026, _Q18_2026.rows, strict=True)],
    columns=[Column(label, c.where) for label, c in zip(_Q27H_COLUMNS_2026, _Q18_2026.columns, strict=True)],
    title="Client Cash Income Category - Earned/Other Income Category - by Start and Annual Assessment/Exit Status - "
    "Youth",
)

# Q27i: the FY2026 Q19b (one row per source) for youth adults and heads of household, with the "with only
# children" group as well (columns J-M).
Q27I_SOURCES_2026 = [(label, where) for label, where in Q19B_SOURCES_2026[:-1]] + [("Unduplicated Total Youth", "true")]
Q27I_CELLS_2026: dict = {}
for _g in range(len(_GROUPS)):
    _with, _total, _pct = (col_letter(1 + 4 * _g + i) for i in (0, 2, 3))
    for _row in range(2, len(Q27I_SOURCES_2026) + 2):
        _last = _row == len(Q27I_SOURCES_2026) + 1
        Q27I_CELLS_2026[f"{_pct}{_row}"] = Blank() if _last else Ratio(numerator=f"{_with}{_row}",
                                                                        denominator=f"{_total}{_row}")  # fmt: skip
Q27I_2026 = Table(
    "Q27i",
    header=[" "] + [c.label for c in Q27I_COLUMNS],
    rows=[Row(label, where) for label, where in Q27I_SOURCES_2026],
    columns=Q27I_COLUMNS,
    universe=f"c.stage = 'exit' AND {YOUTH_ADULT_OR_HOH} AND c.has_record AND c.IncomeFromAnySource IN (0, 1)"
    " AND c.DisablingCondition IN (0, 1)",
    cells=Q27I_CELLS_2026,
    source="stay_income",
    setup=(*income_setup("2026"), INCOME_FLAGS_VIEW),
    reports=("apr",),
    specs=("2026",),
    title="Disabling Conditions and Income for Youth at Exit",
)

Q27J = subset(Q22B_2026, "Q27j", YOUTH_FLAG, title="Average and Median Length of Participation in Days - Youth")
Q27K = subset(Q22C_2026, "Q27k", YOUTH_FLAG,
              title="Length of Time between Project Start Date and Housing Move-in Date - Youth")  # fmt: skip
Q27L = subset(Q22E_2026, "Q27l", YOUTH_FLAG,
              title="Length of Time Prior to Housing - based on 3.917 Date Homelessness Started - Youth")  # fmt: skip

# Q27m: C3 youth education status at start and exit of youth heads of household leaving YHDP projects. Rows 8-17 are
# those not enrolled (C3 = 0) by C3.A, rows 19-25 those enrolled (C3 = 1, 2) by C3.B; no record is "data not collected".
_NOT_ENROLLED = "c.CurrentSchoolAttend = 0"
_ENROLLED = "c.CurrentSchoolAttend IN (1, 2)"


def _missing(field: str) -> str:
    return f"(c.{field} IS NULL OR c.{field} NOT IN (0, 1, 2, 3, 4, 5, 6, 7, 8, 9))"


Q27M = Table(
    "Q27m",
    header=["Current school and attendance", "At Project Start", "At Project Exit"],
    rows=[
        Row("Not currently enrolled in any school or education course", "c.CurrentSchoolAttend = 0"),
        Row("Currently enrolled but not attending regularly", "c.CurrentSchoolAttend = 1"),
        Row("Currently enrolled and attending regularly", "c.CurrentSchoolAttend = 2"),
        Row("Client Doesn't Know / Prefers Not to Answer", "c.CurrentSchoolAttend IN (8, 9)"),
        Row("Data not collected", "(c.CurrentSchoolAttend IS NULL OR c.CurrentSchoolAttend NOT IN (0, 1, 2, 8, 9))"),
        Row("For those not enrolled – most recent education status", "false"),
        *[Row(label, f"{_NOT_ENROLLED} AND c.MostRecentEdStatus = {code}") for code, label in enumerate([
            "K12: Graduated from high school", "K12: Obtained GED", "K12: Dropped out", "K12: Suspended",
            "K12: Expelled", "Higher education: Pursuing a credential but not currently attending",
            "Higher education: Dropped out", "Higher education: Obtained a credential/degree"])],
        Row("Client Doesn't Know/Prefers Not to Answer", f"{_NOT_ENROLLED} AND c.MostRecentEdStatus IN (8, 9)"),
        Row("Data not collected", f"{_NOT_ENROLLED} AND {_missing('MostRecentEdStatus')}"),
        Row("For those currently enrolled – current status", "false"),
        *[Row(label, f"{_ENROLLED} AND c.CurrentEdStatus = {code}") for code, label in enumerate([
            "Pursuing a high school diploma or GED", "Pursuing Associate Degree", "Pursuing Bachelor Degree",
            "Pursuing Graduate Degree", "Pursuing other post-secondary credential"])],
        Row("Client Doesn't Know/Prefers Not to Answer", f"{_ENROLLED} AND c.CurrentEdStatus IN (8, 9)"),
        Row("Data not collected", f"{_ENROLLED} AND (c.CurrentEdStatus IS NULL OR c.CurrentEdStatus NOT IN "
                                  "(0, 1, 2, 3, 4, 8, 9))"),
        Row("Total persons"),
    ],
    columns=[Column("At Project Start", "c.stage = 'start'"), Column("At Project Exit", "c.stage = 'exit'")],
    cells={"B7": Blank(), "C7": Blank(), "B18": Blank(), "C18": Blank()},
    source="q27m_education",
    setup=(EDUCATION,),
    reports=("apr",),
    specs=("2026",),
    title="Education Status – Youth",
)  # fmt: skip

TABLES_2026 = [Q27A_2026, Q27B_2026, Q27D_2026, Q27E_2026, Q27F1, Q27F2, Q27G_2026, Q27H_2026, Q27I_2026, Q27J, Q27K,
               Q27L, Q27M]  # fmt: skip
