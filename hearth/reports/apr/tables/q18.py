"""APR Q18: Client Cash Income Category - Earned/Other Income Category - by Start and Annual Assessment/Exit Status
(FY2020 spec Q18, FY2026 spec Q18; income rules in ``apr/blocks_income.py``)."""

from __future__ import annotations

from hearth.reports.apr.blocks_income import income_setup
from hearth.reports.engine.tables import Blank, Column, Row, Table

USABLE = "(c.aa_status IS NULL OR c.aa_status = 'present')"
KNOWN = f"{USABLE} AND c.income_status = 'known'"

ROWS = [
    ("a. Adults with only earned income (i.e., employment income)",
     "Adults with Only Earned Income (i.e., Employment Income)",
     f"{KNOWN} AND c.earned_income > 0 AND c.other_income = 0"),
    ("b. Adults with only other income", "Adults with Only Other Income",
     f"{KNOWN} AND c.other_income > 0 AND c.earned_income = 0"),
    ("c. Adults with both earned and other income", "Adults with Both Earned and Other Income",
     f"{KNOWN} AND c.earned_income > 0 AND c.other_income > 0"),
    ("d. Adults with no income", "Adults with No Income", f"{KNOWN} AND c.total_income = 0"),
    ("e. Adults with Client Doesn't Know/Client Refused income information",
     "Adults with Client Doesn't Know/Prefers Not to Answer Income Information",
     f"{USABLE} AND c.income_status = 'dkr'"),
    ("f. Adults with missing income information", "Adults with Missing Income Information",
     f"{USABLE} AND c.income_status = 'missing'"),
    ("g. Number of adult stayers not yet required to have an annual assessment",
     "Number of adult stayers not yet required to have an annual assessment", "c.aa_status = 'not_required'"),
    ("h. Number of adult stayers without required annual assessment",
     "Number of adult stayers without required annual assessment", "c.aa_status = 'missing'"),
    ("i. Total adults", "Total Adults", "true"),
    ("j. 1 or more source of income", "1 or more source of income", f"{KNOWN} AND c.total_income > 0"),
    ("k. Adults with income information at start AND follow-up/exit",
     "Adults with Income Information at Start and Annual Assessment/Exit",
     f"{USABLE} AND c.has_record AND c.start_has_record"),
]  # fmt: skip
COLUMNS = [
    Column("Number of adults at start", "c.stage = 'start'"),
    Column("Number of adults at annual assessment (stayers)", "c.stage = 'annual'"),
    Column("Number of adults at exit (leavers)", "c.stage = 'exit'"),
]


def q18(spec: str) -> Table:
    return Table(
        "Q18",
        header=["Category"] + [c.label for c in COLUMNS],
        rows=[Row(fy2022 if spec == "2022" else fy2026, where) for fy2022, fy2026, where in ROWS],
        columns=COLUMNS,
        universe="c.is_adult",
        cells={"B8": Blank(), "D8": Blank(), "B9": Blank(), "D9": Blank(), "B12": Blank()},
        source="r_income",
        setup=income_setup(spec),
        reports=("apr",),
        specs=(spec,),
        quote_values=False,
        title="Client Cash Income Category - Earned/Other Income Category - by Start and Annual Assessment/Exit Status",
    )


Q18 = q18("2022")
TABLES = [Q18]
# FY2026 layout: not in TABLES until the registry test allows one name per spec (see blocks_income docstring).
TABLES_2026 = [q18("2026")]
