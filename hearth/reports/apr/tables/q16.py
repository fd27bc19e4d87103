"""APR/CAPER Q16: Cash Income - Ranges (FY2020 spec Q16, FY2026 spec Q16; income rules in ``apr/blocks_income.py``)."""

from __future__ import annotations

from hearth.reports.apr.blocks_income import income_setup
from hearth.reports.engine.tables import Blank, Column, Row, Table

START = Column("Income at start", "c.stage = 'start'")
ANNUAL = Column("Income at latest annual assessment for stayers", "c.stage = 'annual'")
EXIT = Column("Income at exit for leavers", "c.stage = 'exit'")
STAGE_COLUMNS = [START, ANNUAL, EXIT]

# Rows 2-11 count start/exit rows by their record; annual rows only when the required assessment is present.
USABLE = "(c.aa_status IS NULL OR c.aa_status = 'present')"
KNOWN = f"{USABLE} AND c.income_status = 'known'"
NOT_REQUIRED = "c.aa_status = 'not_required'"
WITHOUT_REQUIRED = "c.aa_status = 'missing'"

LABELS = {
    "2022": ["a. no income", "b. $1 - $150", "c. $151 - $250", "d. $251 - $500", "e. $501 - $1000",
             "f. $1,001 - $1,500", "g. $1,501 - $2,000", "h. $2,001+", "i. Client Doesn't Know/Client Refused",
             "j. Data Not Collected", "k. Number of adult stayers not yet required to have an annual assessment",
             "l. Number of adult stayers without required annual assessment", "n. Total adults"],
    "2026": ["No Income", "$1 - $150", "$151 - $250", "$251 - $500", "$501 - $1,000", "$1,001 - $1,500",
             "$1,501 - $2,000", "$2,001+", "Client Doesn't Know/Prefers Not to Answer", "Data Not Collected",
             "Number of adult stayers not yet required to have an annual assessment",
             "Number of adult stayers without required annual assessment", "Total Adults"],
}  # fmt: skip


def q16(spec: str) -> Table:
    # FY2026 rule 2a: amounts round to whole dollars ($500.50 is $501) before they are bracketed.
    amount = "round(c.total_income)" if spec == "2026" else "c.total_income"

    def bracket(low: int | None, high: int | None) -> str:
        parts = [KNOWN]
        if low is not None:
            parts.append(f"{amount} > {low}")
        if high is not None:
            parts.append(f"{amount} <= {high}")
        return " AND ".join(parts)

    wheres = [
        f"{KNOWN} AND {amount} = 0",
        bracket(0, 150),
        bracket(150, 250),
        bracket(250, 500),
        bracket(500, 1000),
        bracket(1000, 1500),
        bracket(1500, 2000),
        bracket(2000, None),
        f"{USABLE} AND c.income_status = 'dkr'",
        f"{USABLE} AND c.income_status = 'missing'",
        NOT_REQUIRED,
        WITHOUT_REQUIRED,
        "true",
    ]
    return Table(
        "Q16",
        header=["Income bracket"] + [c.label for c in STAGE_COLUMNS],
        rows=[Row(label, where) for label, where in zip(LABELS[spec], wheres, strict=True)],
        columns=STAGE_COLUMNS,
        universe="c.is_adult",
        cells={"B12": Blank(), "D12": Blank(), "B13": Blank(), "D13": Blank()},
        source="r_income",
        setup=income_setup(spec),
        specs=(spec,),
        quote_values=False,
        title="Cash Income - Ranges",
    )


TABLES = [q16("2022")]
# FY2026 layout: not in TABLES until the registry test allows one name per spec (see blocks_income docstring).
TABLES_2026 = [q16("2026")]
