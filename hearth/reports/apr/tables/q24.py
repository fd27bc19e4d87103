"""ESG CAPER Q24: Homelessness Prevention Housing Assessment at Exit (W5, FY2020 spec)."""

from __future__ import annotations

from hearth.reports.apr.blocks_stay import STAY_SETUP, GroupedTable
from hearth.reports.apr.common import HOUSEHOLD_COLUMNS, household_header
from hearth.reports.engine.tables import Row


def _assessed(assessment: int, subsidy: int | None = None) -> str:
    where = f"c.HousingAssessment = {assessment}"
    return where if subsidy is None else f"{where} AND c.SubsidyInformation = {subsidy}"


Q24 = GroupedTable(
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
