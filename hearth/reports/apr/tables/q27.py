"""APR Q27: youth (Q27a-Q27h, FY2020 spec). Youth are 12-24 in a household where nobody is older than 24
(``client_detail.is_youth``); most tables are another question with a youth filter."""

from __future__ import annotations

from hearth.reports.apr.blocks_income import INCOME_SETUP
from hearth.reports.apr.blocks_stay import INCOME_FLAGS_VIEW, PARENTING_YOUTH, YOUTH_FLAG, GroupedTable, subset
from hearth.reports.apr.common import HOUSEHOLD_COLUMNS, household_header
from hearth.reports.apr.tables.q10 import GENDER_ROWS
from hearth.reports.apr.tables.q15 import TABLES as Q15_TABLES
from hearth.reports.apr.tables.q17 import Q17
from hearth.reports.apr.tables.q18 import Q18
from hearth.reports.apr.tables.q22 import Q22A1
from hearth.reports.apr.tables.q23 import Q23C
from hearth.reports.engine.tables import Aggregate, Blank, Column, Ratio, Row, col_letter

YOUTH = "c.is_youth"

Q27A = GroupedTable(
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
Q27B = GroupedTable(
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

Q27C = GroupedTable(
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

Q27I = GroupedTable(
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
