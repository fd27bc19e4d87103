"""APR/CAPER Q20a: Type of Non-Cash Benefit Sources; APR Q20b: Number of Non-Cash Benefit Sources (FY2020 spec
Q20; records chosen in ``apr/blocks_income.py``)."""

from __future__ import annotations

from hearth.reports.apr.blocks_income import INCOME_SETUP
from hearth.reports.engine.tables import Column, Row, Table

USABLE = "(c.aa_status IS NULL OR c.aa_status = 'present')"
COLUMNS = [
    Column("Benefit at start", "c.stage = 'start'"),
    Column("Benefit at latest annual assessment for stayers", "c.stage = 'annual'"),
    Column("Benefit at exit for leavers", "c.stage = 'exit'"),
]
HEADER = ["Source"] + [c.label for c in COLUMNS]

Q20A = Table(
    "Q20a",
    header=HEADER,
    rows=[
        Row(
            "a. Supplemental Nutrition Assistance Program (SNAP) (Previously known as Food Stamps)",
            f"{USABLE} AND c.SNAP = 1",
        ),
        Row(
            "b. Special Supplemental Nutrition Program for Women, Infants, and Children (WIC)",
            f"{USABLE} AND c.WIC = 1",
        ),
        Row("c. TANF Child Care services", f"{USABLE} AND c.TANFChildCare = 1"),
        Row("d. TANF transportation services", f"{USABLE} AND c.TANFTransportation = 1"),
        Row("e. Other TANF-funded services", f"{USABLE} AND c.OtherTANF = 1"),
        Row("f. Other source", f"{USABLE} AND c.OtherBenefitsSource = 1"),
    ],  # fmt: skip
    columns=COLUMNS,
    universe="c.is_adult",
    source="r_income",
    setup=INCOME_SETUP,
    quote_values=False,
    title="Type of Non-Cash Benefit Sources",
)

# Rows 2-3 by the specific benefits and 4.03.2 (rules 2-3); the rest by 4.03.2 (rule 4); stayers without a usable
# annual assessment (not yet required, or missing) are "data not collected" (rule 5).
SOME = f"{USABLE} AND (c.benefit_sources > 0 OR c.BenefitsFromAnySource = 1)"
NONE = f"{USABLE} AND c.benefit_sources = 0 AND c.BenefitsFromAnySource = 0"
DKR = f"{USABLE} AND c.benefit_sources = 0 AND c.BenefitsFromAnySource IN (8, 9)"

Q20B = Table(
    "Q20b",
    header=HEADER,
    rows=[
        Row("a. No sources", NONE),
        Row("b. 1+ source(s)", SOME),
        Row("c. Client Doesn't Know/Client Refused", DKR),
        Row(
            "d. Data Not Collected/Not stayed long enough for Annual Assessment",
            f"NOT coalesce({SOME}, false) AND NOT coalesce({NONE}, false) AND NOT coalesce({DKR}, false)",
        ),
        Row("e. Total clients"),
    ],  # fmt: skip
    columns=COLUMNS,
    universe="c.is_adult",
    source="r_income",
    setup=INCOME_SETUP,
    reports=("apr",),
    quote_values=False,
    title="Number of Non-Cash Benefit Sources",
)

TABLES = [Q20A, Q20B]
