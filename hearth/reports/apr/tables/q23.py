"""APR/CAPER Q23c: Exit Destination (FY2020 spec; FY2022 rows, FY2026 codes mapped back; Appendix A outcomes).

The FY2026 layout (``TABLES_2026``, FY2026 spec V1.0) reads the FY2026 3.12 codes as they are: Q23c by destination,
Q23d by the rental subsidy type of leavers to 435, Q23e destination sections by race and ethnicity."""

from __future__ import annotations

from hearth.reports.apr.blocks_2026_stay import (
    DEST_SECTIONS_2026,
    DESTINATION_ROWS_2026,
    RACE_COLUMNS_2026,
    STAY_SETUP_2026,
    SUBSIDY_ROWS_2026,
    SUBSIDY_UNIVERSE,
    destination_cells_2026,
)
from hearth.reports.apr.blocks_stay import DESTINATION_ROWS, STAY_SETUP, destination_cells
from hearth.reports.apr.common import HOUSEHOLD_COLUMNS, TOTAL, household_header
from hearth.reports.engine.tables import Row, Table

Q23C = Table(
    "Q23c",
    header=household_header("Destination"),
    rows=DESTINATION_ROWS,
    columns=HOUSEHOLD_COLUMNS,
    universe="c.is_leaver",
    cells=destination_cells(len(HOUSEHOLD_COLUMNS)),
    source="stay_detail",
    setup=STAY_SETUP,
    title="Exit Destination",
)

TABLES = [Q23C]

# ---- FY2026 layout ----------------------------------------------------------------------------------------------

HEADER_2026 = [" ", "Total", "Without Children", "With Children and Adults", "With Only Children",
               "Unknown Household Type"]  # fmt: skip

Q23C_2026 = Table(
    "Q23c",
    header=HEADER_2026,
    rows=DESTINATION_ROWS_2026,
    columns=HOUSEHOLD_COLUMNS,
    universe="c.is_leaver",
    cells=destination_cells_2026(len(HOUSEHOLD_COLUMNS)),
    source="stay_detail_2026",
    setup=STAY_SETUP_2026,
    specs=("2026",),
    title="Exit Destination",
)

Q23D = Table(
    "Q23d",
    header=HEADER_2026,
    rows=SUBSIDY_ROWS_2026,
    columns=HOUSEHOLD_COLUMNS,
    universe=f"c.is_leaver AND {SUBSIDY_UNIVERSE}",
    source="stay_detail_2026",
    setup=STAY_SETUP_2026,
    specs=("2026",),
    title="Exit Destination – Subsidy Type of Persons Exiting to Rental by Client With An Ongoing Subsidy",
)

# Q23e rows 2-6 are Q23c's subtotals (rows 6, 14, 23, 32, 39); row 7 every leaver.
_SECTION_LABELS = {"homeless": "Homeless Situations", "institutional": "Institutional Situations",
                   "temporary": "Temporary Situations", "permanent": "Permanent Situations",
                   "other": "Other Situations"}  # fmt: skip
Q23E = Table(
    "Q23e",
    header=[" ", "Total", *(c.label for c in RACE_COLUMNS_2026)],
    rows=[Row(_SECTION_LABELS[group], f"c.dest26_group = '{group}'") for group, _, _ in DEST_SECTIONS_2026]
    + [Row("Total")],
    columns=[TOTAL, *RACE_COLUMNS_2026],
    universe="c.is_leaver",
    source="stay_detail_2026",
    setup=STAY_SETUP_2026,
    specs=("2026",),
    title="Exit Destination Type by Race and Ethnicity",
)

TABLES_2026 = [Q23C_2026, Q23D, Q23E]
