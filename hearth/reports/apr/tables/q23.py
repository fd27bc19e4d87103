"""APR/CAPER Q23c: Exit Destination (FY2020 spec; FY2022 rows, FY2026 codes mapped back; Appendix A outcomes)."""

from __future__ import annotations

from hearth.reports.apr.blocks_stay import DESTINATION_ROWS, STAY_SETUP, GroupedTable, destination_cells
from hearth.reports.apr.common import HOUSEHOLD_COLUMNS, household_header

Q23C = GroupedTable(
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
