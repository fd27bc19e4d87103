"""APR Q18: Client Cash Income Category - Earned/Other Income Category - by Start and Annual Assessment/Exit Status
(FY2020 spec Q18; income rules in ``apr/blocks_income.py``)."""

from __future__ import annotations

from hearth.reports.apr.blocks_income import INCOME_SETUP
from hearth.reports.engine.tables import Blank, Column, Row, Table

USABLE = "(c.aa_status IS NULL OR c.aa_status = 'present')"
KNOWN = f"{USABLE} AND c.income_status = 'known'"

Q18 = Table(
    "Q18",
    header=[
        "Category",
        "Number of adults at start",
        "Number of adults at annual assessment (stayers)",
        "Number of adults at exit (leavers)",
    ],  # fmt: skip
    rows=[
        Row(
            "a. Adults with only earned income (i.e., employment income)",
            f"{KNOWN} AND c.earned_income > 0 AND c.other_income = 0",
        ),
        Row("b. Adults with only other income", f"{KNOWN} AND c.other_income > 0 AND c.earned_income = 0"),
        Row("c. Adults with both earned and other income", f"{KNOWN} AND c.earned_income > 0 AND c.other_income > 0"),
        Row("d. Adults with no income", f"{KNOWN} AND c.total_income = 0"),
        Row(
            "e. Adults with Client Doesn't Know/Client Refused income information",
            f"{USABLE} AND c.income_status = 'dkr'",
        ),
        Row("f. Adults with missing income information", f"{USABLE} AND c.income_status = 'missing'"),
        Row("g. Number of adult stayers not yet required to have an annual assessment", "c.aa_status = 'not_required'"),
        Row("h. Number of adult stayers without required annual assessment", "c.aa_status = 'missing'"),
        Row("i. Total adults"),
        Row("j. 1 or more source of income", f"{KNOWN} AND c.total_income > 0"),
        Row(
            "k. Adults with income information at start AND follow-up/exit",
            f"{USABLE} AND c.has_record AND c.start_has_record",
        ),
    ],  # fmt: skip
    columns=[
        Column("Number of adults at start", "c.stage = 'start'"),
        Column("Number of adults at annual assessment (stayers)", "c.stage = 'annual'"),
        Column("Number of adults at exit (leavers)", "c.stage = 'exit'"),
    ],
    universe="c.is_adult",
    cells={"B8": Blank(), "D8": Blank(), "B9": Blank(), "D9": Blank(), "B12": Blank()},
    source="r_income",
    setup=INCOME_SETUP,
    reports=("apr",),
    quote_values=False,
    title="Client Cash Income Category - Earned/Other Income Category - by Start and Annual Assessment/Exit Status",
)

TABLES = [Q18]
