"""APR/CAPER Q21: Health Insurance (FY2020 spec Q21; records chosen in ``apr/blocks_income.py``)."""

from __future__ import annotations

from hearth.reports.apr.blocks_income import INCOME_SETUP
from hearth.reports.engine.tables import Blank, Column, Row, Table

USABLE = "(c.aa_status IS NULL OR c.aa_status = 'present')"
NONE_SPECIFIC = f"{USABLE} AND c.has_record AND c.insurance_sources = 0"

SOURCE_ROWS = [
    ("a. MEDICAID", "Medicaid"),
    ("b. MEDICARE", "Medicare"),
    ("c. State Children's Health Insurance", "SCHIP"),
    ("d. Veteran's Administration (VA) Medical Services", "VHAServices"),
    ("e. Employer-provided health insurance", "EmployerProvided"),
    ("f. Health insurance obtained through COBRA", "COBRA"),
    ("g. Private pay health insurance", "PrivatePay"),
    ("h. State Health Insurance for Adults", "StateHealthIns"),
    ("i. Indian Health Services Program", "IndianHealthServices"),
    ("j. Other", "OtherInsurance"),
]

Q21 = Table(
    "Q21",
    header=["Source", "At start", "At latest annual assessment for stayers", "At exit for leavers"],
    rows=[Row(label, f"{USABLE} AND c.{field} = 1") for label, field in SOURCE_ROWS]
    + [
        Row("k. No health insurance", f"{NONE_SPECIFIC} AND c.InsuranceFromAnySource IN (0, 1)"),
        Row("l. Client doesn't know/Client refused", f"{NONE_SPECIFIC} AND c.InsuranceFromAnySource IN (8, 9)"),
        Row(
            "m. Data not collected",
            "c.aa_status = 'missing' OR ((c.aa_status IS NULL OR c.aa_status = 'present') AND (NOT c.has_record"
            " OR (c.insurance_sources = 0 AND (c.InsuranceFromAnySource IS NULL OR c.InsuranceFromAnySource = 99))))",
        ),
        Row("n. Number of adult stayers not yet required to have an annual assessment", "c.aa_status = 'not_required'"),
        Row("o. 1 source of health insurance", f"{USABLE} AND c.insurance_sources = 1"),
        Row("p. More than 1 source of health insurance", f"{USABLE} AND c.insurance_sources > 1"),
    ],  # fmt: skip
    columns=[
        Column("At start", "c.stage = 'start'"),
        Column("At latest annual assessment for stayers", "c.stage = 'annual'"),
        Column("At exit for leavers", "c.stage = 'exit'"),
    ],
    cells={"B15": Blank(), "D15": Blank()},
    source="r_income",
    setup=INCOME_SETUP,
    quote_values=False,
    title="Health Insurance",
)

TABLES = [Q21]
