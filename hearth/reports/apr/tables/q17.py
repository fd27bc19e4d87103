"""APR/CAPER Q17: Cash Income - Sources (FY2020 spec Q17, FY2026 spec Q17; income rules in
``apr/blocks_income.py``)."""

from __future__ import annotations

from hearth.reports.apr.blocks_income import income_setup
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
BOTH_LABEL = "p. Adults with Income Information at Start and Annual Assessment/Exit"

# Row 17: 4.02.2 known (0 or 1) on both the start record and the annual assessment / exit record.
BOTH_KNOWN = f"{USABLE} AND c.IncomeFromAnySource IN (0, 1) AND c.start_income_from_any_source IN (0, 1)"


def _label(label: str, spec: str) -> str:
    """FY2026 shells have no letter prefixes."""
    return label.split(". ", 1)[1] if spec == "2026" else label


def q17(spec: str) -> Table:
    return Table(
        "Q17",
        header=["Source"] + [c.label for c in STAGE_COLUMNS],
        rows=[Row(_label(label, spec), f"{USABLE} AND c.{field} = 1") for label, field in SOURCE_ROWS]
        + [Row(_label(BOTH_LABEL, spec), BOTH_KNOWN)],
        columns=STAGE_COLUMNS,
        universe="c.is_adult",
        cells={"B17": Blank()},
        source="r_income",
        setup=income_setup(spec),
        specs=(spec,),
        quote_values=False,
        title="Cash Income - Sources",
    )


Q17 = q17("2022")
TABLES = [Q17]
# FY2026 layout: not in TABLES until the registry test allows one name per spec (see blocks_income docstring).
TABLES_2026 = [q17("2026")]
