"""ESG CAPER Q24: Homelessness Prevention Housing Assessment at Exit (W5, FY2020 spec).

The FY2026 layout (``TABLES_2026``, FY2026 spec V1.0) names it Q24a (same rows) and adds Q24b (moving on assistance
in PSH, APR) and Q24e (sex, 4.21, APR and CAPER); FY2026 removed Q24c and Q24d."""

from __future__ import annotations

import dataclasses

from hearth.reports.apr.blocks_2026_stay import MOVING_ON
from hearth.reports.apr.blocks_stay import STAY_SETUP
from hearth.reports.apr.common import HOUSEHOLD_COLUMNS, household_header
from hearth.reports.engine.tables import Row, Table


def _assessed(assessment: int, subsidy: int | None = None) -> str:
    where = f"c.HousingAssessment = {assessment}"
    return where if subsidy is None else f"{where} AND c.SubsidyInformation = {subsidy}"


Q24 = Table(
    "Q24",
    header=household_header(" "),
    rows=[
        Row("a. Able to maintain the housing they had at project start--Without a subsidy", _assessed(1, 1)),
        Row(
            "b. Able to maintain the housing they had at project start--With the subsidy they had at project start",
            _assessed(1, 2),
        ),
        Row(
            "c. Able to maintain the housing they had at project start--With an on-going subsidy acquired since "
            "project start",
            _assessed(1, 3),
        ),
        Row(
            "d. Able to maintain the housing they had at project start--Only with financial assistance other than a "
            "subsidy",
            _assessed(1, 4),
        ),
        Row("e. Moved to new housing unit--With on-going subsidy", _assessed(2, 1)),
        Row("f. Moved to new housing unit--Without an on-going subsidy", _assessed(2, 2)),
        Row("g. Moved in with family/friends on a temporary basis", _assessed(3)),
        Row("h. Moved in with family/friends on a permanent basis", _assessed(4)),
        Row("i. Moved to a transitional or temporary housing facility or program", _assessed(5)),
        Row("j. Client became homeless – moving to a shelter or other place unfit for human habitation", _assessed(6)),
        Row("k. Client went to jail/prison", _assessed(7)),
        Row("l. Client died", _assessed(10)),
        Row("m. Client doesn't know/Client refused", "c.HousingAssessment IN (8, 9)"),
        Row(
            "n. Data not collected (no exit interview completed)",
            "c.HousingAssessment = 99 OR c.HousingAssessment IS NULL",
        ),
        Row("o. Total"),
    ],  # fmt: skip
    columns=HOUSEHOLD_COLUMNS,
    # HP leavers only (Report Relevance: ESG-CAPER, HP only; W5 is collected by HP projects).
    universe="c.is_leaver AND c.ProjectType = 12",
    source="stay_detail",
    setup=STAY_SETUP,
    reports=("caper",),
    title="Homelessness Prevention Housing Assessment at Exit",
)

TABLES = [Q24]

# ---- FY2026 layout ----------------------------------------------------------------------------------------------

HEADER_2026 = [" ", "Total", "Without Children", "With Children and Adults", "With Only Children",
               "Unknown Household Type"]  # fmt: skip
_LABELS_2026 = [
    "Able to maintain the housing they had at project start--Without a subsidy",
    "Able to maintain the housing they had at project start--With the subsidy they had at project start",
    "Able to maintain the housing they had at project start--With an on-going subsidy acquired since project start",
    "Able to maintain the housing they had at project start--Only with financial assistance other than a subsidy",
    "Moved to new housing unit--With on-going subsidy",
    "Moved to new housing unit--Without an on-going subsidy",
    "Moved in with family/friends on a temporary basis",
    "Moved in with family/friends on a permanent basis",
    "Moved to a transitional or temporary housing facility or program",
    "Client became homeless – moving to a shelter or other place unfit for human habitation",
    "Jail/prison",
    "Deceased",
    "Client Doesn't Know/Prefers Not to Answer",
    "Data not collected (no exit interview completed)",
    "Total",
]
Q24A = dataclasses.replace(
    Q24,
    name="Q24a",
    header=HEADER_2026,
    rows=[Row(label, row.where) for label, row in zip(_LABELS_2026, Q24.rows, strict=True)],
    specs=("2026",),
)

# Q24b: heads of household in PSH by the C2 types they received in the period (one row per type, no total).
Q24B = Table(
    "Q24b",
    header=HEADER_2026,
    rows=[
        Row(label, f"c.moving_on_type = {code}")
        for code, label in [
            (1, "Subsidized housing application assistance"),
            (2, "Financial assistance for Moving On (e.g., security deposit, moving expenses)"),
            (3, "Non-financial assistance for Moving On (e.g., housing navigation, transition support)"),
            (4, "Housing referral/placement"),
            (5, "Other (please specify)"),
        ]
    ],
    columns=HOUSEHOLD_COLUMNS,
    source="q24b_moving_on",
    unique_key=False,
    setup=(MOVING_ON,),
    reports=("apr",),
    specs=("2026",),
    title="Moving On Assistance Provided to Households in PSH",
)

Q24E = Table(
    "Q24e",
    header=HEADER_2026,
    rows=[
        Row("Female", "c.Sex = 0"),
        Row("Male", "c.Sex = 1"),
        Row("Client Doesn't Know/Prefers Not to Answer", "c.Sex IN (8, 9)"),
        Row("Data not collected", "c.Sex IS NULL OR c.Sex NOT IN (0, 1, 8, 9)"),
        Row("Total"),
    ],
    columns=HOUSEHOLD_COLUMNS,
    specs=("2026",),
    title="Sex",
)

TABLES_2026 = [Q24A, Q24B, Q24E]
