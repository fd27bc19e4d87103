"""APR/CAPER Q17: Cash Income - Sources (FY2020 spec Q17; income rules in ``apr/blocks_income.py``)."""

from __future__ import annotations

from hearth.reports.apr.blocks_income import INCOME_SETUP
from hearth.reports.apr.tables.q16 import STAGE_COLUMNS
from hearth.reports.engine.tables import Blank, Row, Table

# The stage's record: start and exit rows as they are, annual rows only with the required assessment present.
USABLE = "(c.aa_status IS NULL OR c.aa_status = 'present')"

SOURCE_ROWS = [
    ("a. Earned Income", "Earned"),
    ("b. Unemployment Insurance", "Unemployment"),
    ("c. Supplemental Security Income (SSI)", "SSI"),
    ("d. Social Security Disability Insurance (SSDI)", "SSDI"),
    ("e. VA Service-Connected Disability Compensation", "VADisabilityService"),
    ("f. VA Non-Service Connected Disability Pension", "VADisabilityNonService"),
    ("g. Private Disability Insurance", "PrivateDisability"),
    ("h. Worker's Compensation", "WorkersComp"),
    ("i. Temporary Assistance for Needy Families (TANF)", "TANF"),
    ("j. General Assistance (GA)", "GA"),
    ("k. Retirement Income from Social Security", "SocSecRetirement"),
    ("l. Pension or retirement income from a former job", "Pension"),
    ("m. Child Support", "ChildSupport"),
    ("n. Alimony and other spousal support", "Alimony"),
    ("o. Other source", "OtherIncomeSource"),
]

# Row 17: 4.02.2 known (0 or 1) on both the start record and the annual assessment / exit record.
BOTH_KNOWN = f"{USABLE} AND c.IncomeFromAnySource IN (0, 1) AND c.start_income_from_any_source IN (0, 1)"

Q17 = Table(
    "Q17",
    header=["Source"] + [c.label for c in STAGE_COLUMNS],
    rows=[Row(label, f"{USABLE} AND c.{field} = 1") for label, field in SOURCE_ROWS]
    + [Row("p. Adults with Income Information at Start and Annual Assessment/Exit", BOTH_KNOWN)],
    columns=STAGE_COLUMNS,
    universe="c.is_adult",
    cells={"B17": Blank()},
    source="r_income",
    setup=INCOME_SETUP,
    quote_values=False,
    title="Cash Income - Sources",
)

TABLES = [Q17]
