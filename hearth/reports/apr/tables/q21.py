"""APR/CAPER Q21: Health Insurance (FY2020 spec Q21; records chosen in ``apr/blocks_income.py``)."""

from __future__ import annotations

from hearth.reports.apr.blocks_income import income_setup
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

MISSING = (
    "c.aa_status = 'missing' OR ((c.aa_status IS NULL OR c.aa_status = 'present') AND (NOT c.has_record"
    " OR (c.insurance_sources = 0 AND (c.InsuranceFromAnySource IS NULL OR c.InsuranceFromAnySource = 99))))"
)
OTHER_ROWS = [
    ("k. No health insurance", "No Health Insurance", f"{NONE_SPECIFIC} AND c.InsuranceFromAnySource IN (0, 1)"),
    ("l. Client doesn't know/Client refused", "Client Doesn't Know/Prefers Not to Answer",
     f"{NONE_SPECIFIC} AND c.InsuranceFromAnySource IN (8, 9)"),
    ("m. Data not collected", "Data not Collected", MISSING),
    ("n. Number of adult stayers not yet required to have an annual assessment",
     "Number of Stayers not yet Required to Have an Annual Assessment", "c.aa_status = 'not_required'"),
    ("o. 1 source of health insurance", "1 Source of Health Insurance", f"{USABLE} AND c.insurance_sources = 1"),
    ("p. More than 1 source of health insurance", "More than 1 Source of Health Insurance",
     f"{USABLE} AND c.insurance_sources > 1"),
]  # fmt: skip
SOURCE_LABELS_2026 = [
    "MEDICAID", "MEDICARE", "State Children's Health Insurance Program", "Veteran's Health Administration (VHA)",
    "Employer-Provided Health Insurance", "Health Insurance obtained through COBRA", "Private Pay Health Insurance",
    "State Health Insurance for Adults", "Indian Health Services Program", "Other",
]  # fmt: skip
COLUMNS = [
    Column("At start", "c.stage = 'start'"),
    Column("At latest annual assessment for stayers", "c.stage = 'annual'"),
    Column("At exit for leavers", "c.stage = 'exit'"),
]


def q21(spec: str) -> Table:
    fy2026 = spec == "2026"
    sources = [(SOURCE_LABELS_2026[i] if fy2026 else label, field) for i, (label, field) in enumerate(SOURCE_ROWS)]
    return Table(
        "Q21",
        header=["Source"] + [c.label for c in COLUMNS],
        rows=[Row(label, f"{USABLE} AND c.{field} = 1") for label, field in sources]
        + [Row(fy2026_label if fy2026 else label, where) for label, fy2026_label, where in OTHER_ROWS],
        columns=COLUMNS,
        cells={"B15": Blank(), "D15": Blank()},
        source="r_income",
        setup=income_setup(spec),
        specs=(spec,),
        quote_values=False,
        title="Health Insurance",
    )


TABLES = [q21("2022")]
# FY2026 layout: not in TABLES until the registry test allows one name per spec (see blocks_income docstring).
TABLES_2026 = [q21("2026")]
