"""APR Q19a1/Q19a2: Client Cash Income Change by Start and Annual Assessment / Exit; APR/CAPER Q19b: Disabling
Conditions and Income for Adults at Exit (FY2020 spec Q19; income rules in ``apr/blocks_income.py``)."""

from __future__ import annotations

from hearth.reports.apr.blocks_income import income_change_setup, income_setup
from hearth.reports.engine.tables import Aggregate, Blank, Column, Ratio, Row, Table, col_letter

# r_income_change unpivoted: one row per adult and income category, with the amounts at start (s) and later (l).
CHANGE_BY_CATEGORY_SQL = """CREATE OR REPLACE TABLE r_income_change_by_category AS
    SELECT PersonalID, later, 'earned' AS category, start_earned AS s, later_earned AS l FROM r_income_change
    UNION ALL
    SELECT PersonalID, later, 'other', start_other, later_other FROM r_income_change
    UNION ALL
    SELECT PersonalID, later, 'total', start_total, later_total FROM r_income_change"""

CHANGE_COLUMNS = [
    Column("B", "c.s > 0 AND c.l = 0"),
    Column("C", "c.s > 0 AND c.l > 0 AND c.l < c.s"),
    Column("D", "c.s > 0 AND c.l = c.s"),
    Column("E", "c.s > 0 AND c.l > c.s"),
    Column("F", "c.s = 0 AND c.l > 0"),
    Column("G", "c.s = 0 AND c.l = 0"),
    Column("H"),
    Column("I", "c.l > c.s"),  # gained (F) or increased (E)
    Column("J"),
]
AVERAGE = Aggregate(expr="avg(c.l - c.s)", fmt="money")  # blank when nobody is in the cell


def _change_table(name: str, later: str, point: str, spec: str = "2022") -> Table:
    """Q19a1 (``later='annual'``) or Q19a2 (``later='exit'``) of the FY2022 or FY2026 layout."""
    header = [
        "Income change by income category",
        f"Had income category at start and did not have it at {point}",
        f"Retained income category but had less $ at {point} than at start",
        f"Retained income category and same $ at {point} as at start",
        f"Retained income category and increased $ at {point}",
        f"Did not have the income category at start and gained the income category at {point}",
        f"Did not have the income category at start or {point}",
        "Total adults (including those with no income)",
        "Performance measure: Adults who gained or increased income from start to follow-up; Average gain",
        "Performance measure: Percent of persons who accomplished this measure",
    ]
    labels = [
        "1. Number of adults with earned income (i.e. employment income)",
        "2. Average change in earned income",
        "3. Number of adults with other income",
        "4. Average change in other income",
        "5. Number of adults with any income (i.e. total income)",
        "6. Average change in overall income",
    ]
    if spec == "2026":
        labels = [label.split(". ", 1)[1] for label in labels]
    categories = ["earned", "earned", "other", "other", "total", "total"]
    rows = [Row(label, f"c.category = '{cat}'") for label, cat in zip(labels, categories, strict=True)]
    cells: dict = {}
    for count_row in (2, 4, 6):
        avg_row = count_row + 1
        for k in range(len(CHANGE_COLUMNS)):
            letter = col_letter(k + 1)
            if letter == "J":
                cells[f"J{count_row}"] = Ratio(numerator=f"I{count_row}", denominator=f"H{count_row}")
            # Averages: none for "no income at either point" nor a percentage; H only for overall income (H7).
            # The FY2026 shell also greys out "same $" (D).
            blank = letter in ("G", "J") or (letter == "H" and avg_row != 7) or (letter == "D" and spec == "2026")
            cells[f"{letter}{avg_row}"] = Blank() if blank else AVERAGE
    return Table(
        name,
        header=header,
        rows=rows,
        columns=CHANGE_COLUMNS,
        universe=f"c.later = '{later}'",
        cells=cells,
        source="r_income_change_by_category",
        setup=(*income_change_setup(spec), CHANGE_BY_CATEGORY_SQL),
        reports=("apr",),
        specs=(spec,),
        title=f"Client Cash Income Change - Income Source - by Start and {point.title()}",
    )


Q19A1 = _change_table("Q19a1", "annual", "annual assessment")
Q19A2 = _change_table("Q19a2", "exit", "exit")

# Q19b FY2022: rows 2-11 are single sources; row 12 the other sources; row 13 4.02.2 = "no"; row 14 everyone.
Q19B_SOURCES = [
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
    ("m. Unduplicated Total Adults", "true"),
]  # fmt: skip

# Q19b FY2026: every source on its own row (2-16), then no sources (17) and everyone (18).
Q19B_SOURCES_2026 = [
    ("Earned Income", "c.Earned = 1"),
    ("Unemployment Insurance", "c.Unemployment = 1"),
    ("Supplemental Security Income (SSI)", "c.SSI = 1"),
    ("Social Security Disability Insurance (SSDI)", "c.SSDI = 1"),
    ("VA Service-Connected Disability Compensation", "c.VADisabilityService = 1"),
    ("VA Non-Service-Connected Disability Pension", "c.VADisabilityNonService = 1"),
    ("Private Disability Insurance", "c.PrivateDisability = 1"),
    ("Worker's Compensation", "c.WorkersComp = 1"),
    ("Temporary Assistance for Needy Families (TANF)", "c.TANF = 1"),
    ("General Assistance (GA)", "c.GA = 1"),
    ("Retirement Income from Social Security", "c.SocSecRetirement = 1"),
    ("Pension or retirement income from a former job", "c.Pension = 1"),
    ("Child Support", "c.ChildSupport = 1"),
    ("Alimony and other spousal support", "c.Alimony = 1"),
    ("Other source", "c.OtherIncomeSource = 1"),
    ("No Sources", "c.IncomeFromAnySource = 0"),
    ("Unduplicated Total Adults", "true"),
]

_HH = [("AO", "adults_only"), ("AC", "adults_and_children"), ("UK", "unknown")]
Q19B_COLUMNS: list[Column] = []
for _prefix, _type in _HH:
    Q19B_COLUMNS += [
        Column(f"{_prefix}:Adult with Disabling Condition",
               f"c.household_type = '{_type}' AND c.DisablingCondition = 1"),
        Column(f"{_prefix}:Adult without Disabling Condition",
               f"c.household_type = '{_type}' AND c.DisablingCondition = 0"),
        Column(f"{_prefix}:Total Adults", f"c.household_type = '{_type}'"),
        Column(f"{_prefix}:% with Disabling Condition by Source", "false"),
    ]  # fmt: skip


def q19b(spec: str) -> Table:
    sources = Q19B_SOURCES_2026 if spec == "2026" else Q19B_SOURCES
    last = len(sources) + 1  # the total row: no percentage
    cells: dict = {}
    for row in range(2, last + 1):
        for group in range(len(_HH)):
            with_dc, total, pct = (col_letter(1 + 4 * group + i) for i in (0, 2, 3))
            cells[f"{pct}{row}"] = (
                Blank() if row == last else Ratio(numerator=f"{with_dc}{row}", denominator=f"{total}{row}")
            )
    return Table(
        "Q19b",
        header=[" "] + [c.label for c in Q19B_COLUMNS],
        rows=[Row(label, where) for label, where in sources],
        columns=Q19B_COLUMNS,
        cells=cells,
        # The universe as a subquery: the cells then scan adult leavers only.
        source="(SELECT * FROM r_income WHERE stage = 'exit' AND is_adult AND has_record"
        " AND IncomeFromAnySource IN (0, 1) AND DisablingCondition IN (0, 1))",
        setup=income_setup(spec),
        specs=(spec,),
        title="Disabling Conditions and Income for Adults at Exit",
    )


Q19B = q19b("2022")

TABLES = [Q19A1, Q19A2, Q19B]
# FY2026 layout: not in TABLES until the registry test allows one name per spec (see blocks_income docstring).
TABLES_2026 = [
    _change_table("Q19a1", "annual", "annual assessment", "2026"),
    _change_table("Q19a2", "exit", "exit", "2026"),
    q19b("2026"),
]
