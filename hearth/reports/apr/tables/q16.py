"""APR/CAPER Q16: Cash Income - Ranges (FY2020 spec Q16; income rules in ``apr/blocks_income.py``)."""

from __future__ import annotations

from hearth.reports.apr.blocks_income import INCOME_SETUP
from hearth.reports.engine.tables import Blank, Column, Row, Table

START = Column("Income at start", "c.stage = 'start'")
ANNUAL = Column("Income at latest annual assessment for stayers", "c.stage = 'annual'")
EXIT = Column("Income at exit for leavers", "c.stage = 'exit'")
STAGE_COLUMNS = [START, ANNUAL, EXIT]

# Rows 2-11 count start/exit rows by their record; annual rows only when the assessment is present.
USABLE = "(c.aa_status IS NULL OR c.aa_status = 'present')"
KNOWN = f"{USABLE} AND c.income_status = 'known'"


def _bracket(low: int | None, high: int | None) -> str:
    parts = [KNOWN]
    if low is not None:
        parts.append(f"c.total_income > {low}")
    if high is not None:
        parts.append(f"c.total_income <= {high}")
    return " AND ".join(parts)


NOT_REQUIRED = "c.aa_status = 'not_required'"
WITHOUT_REQUIRED = "c.aa_status = 'missing'"

Q16 = Table(
    "Q16",
    header=["Income bracket"] + [c.label for c in STAGE_COLUMNS],
    rows=[
        Row("a. no income", f"{KNOWN} AND c.total_income = 0"),
        Row("b. $1 - $150", _bracket(0, 150)),
        Row("c. $151 - $250", _bracket(150, 250)),
        Row("d. $251 - $500", _bracket(250, 500)),
        Row("e. $501 - $1000", _bracket(500, 1000)),
        Row("f. $1,001 - $1,500", _bracket(1000, 1500)),
        Row("g. $1,501 - $2,000", _bracket(1500, 2000)),
        Row("h. $2,001+", _bracket(2000, None)),
        Row("i. Client Doesn't Know/Client Refused", f"{USABLE} AND c.income_status = 'dkr'"),
        Row("j. Data Not Collected", f"{USABLE} AND c.income_status = 'missing'"),
        Row("k. Number of adult stayers not yet required to have an annual assessment", NOT_REQUIRED),
        Row("l. Number of adult stayers without required annual assessment", WITHOUT_REQUIRED),
        Row("n. Total adults"),
    ],
    columns=STAGE_COLUMNS,
    universe="c.is_adult",
    cells={"B12": Blank(), "D12": Blank(), "B13": Blank(), "D13": Blank()},
    source="r_income",
    setup=INCOME_SETUP,
    quote_values=False,
    title="Cash Income - Ranges",
)

TABLES = [Q16]
