"""APR/CAPER Q9a: number of persons contacted; Q9b: number of persons engaged (street outreach and night-by-night
shelters; FY2020 spec Q9, Glossary: Contact, Date of Engagement). Blocks in ``apr/blocks_health.py``."""

from __future__ import annotations

from hearth.reports.apr.blocks_2026 import CONTACTS_2026
from hearth.reports.apr.blocks_health import CONTACTS, CONTACTS_VIEW
from hearth.reports.engine.run import Run
from hearth.reports.engine.tables import Aggregate, CellResult, Column, Row, Table, TableResult

COLUMNS = [
    Column("Total"),
    Column("a. First contact - NOT staying on the Streets ES or SH", "c.first_situation = 'not_homeless'"),
    Column("b. First contact - WAS staying on Streets ES or SH", "c.first_situation = 'homeless'"),
    Column("c. First contact - Worker unable to determine", "c.first_situation = 'unknown'"),
]
HEADER = [" "] + [c.label for c in COLUMNS]
SETUP = (*CONTACTS, CONTACTS_VIEW)


def _rows(prefix: str, unit: str, total: str) -> list[Row]:
    return [
        Row(f"{prefix}1. Once", "c.contacts = 1"),
        Row(f"{prefix}2. 2-5 {unit}", "c.contacts BETWEEN 2 AND 5"),
        Row(f"{prefix}3. 6-9 {unit}", "c.contacts BETWEEN 6 AND 9"),
        Row(f"{prefix}4. 10+ {unit}", "c.contacts >= 10"),
        Row(f"{prefix}z. {total}"),
    ]


Q9A = Table(
    "Q9a",
    header=HEADER,
    rows=_rows("a", "Times", "Total persons contacted"),
    columns=COLUMNS,
    universe="c.contacted",
    source="q9_contacts",
    setup=SETUP,
    title="Number of Persons Contacted",
)

# Engaged persons are a subset of contacted persons: the universe stays "contacted" so that row 7 can divide each
# column's engaged count by its contacted count (Q9a row 6) as the share of engaged among the contacted.
RATE = Aggregate(expr="avg(c.engaged::INT)", fmt="pct")
Q9B = Table(
    "Q9b",
    header=HEADER,
    rows=[Row(r.label, f"c.engaged AND ({r.where})") for r in _rows("b", "Contacts", "Total persons engaged")]
    + [Row("c. Rate of engagement (%)")],
    columns=COLUMNS,
    universe="c.contacted",
    source="q9_contacts",
    setup=SETUP,
    cells={"B7": RATE, "C7": RATE, "D7": RATE, "E7": RATE},
    title="Number of Persons Engaged",
)

TABLES = [Q9A, Q9B]

# FY2026 layout: columns by the FY2026 code ranges of the first contact's situation (``blocks_2026.CONTACTS_2026``).
COLUMNS_2026 = [
    Column("All Persons Contacted"),
    Column("First contact – NOT staying on the Streets, ES, or SH", "c.first_2026 = 'not_homeless'"),
    Column("First contact – WAS staying on Streets, ES, or SH", "c.first_2026 = 'homeless'"),
    Column("First contact – Worker unable to determine", "c.first_2026 = 'unknown'"),
]
SETUP_2026 = (*SETUP, CONTACTS_2026)


class _EngagementTable(Table):
    """Q9b whose rate row is 0 (as a :class:`Ratio` would be), not blank, in columns without contacted persons."""

    def compute(self, run: Run) -> TableResult:
        result = super().compute(run)
        last = len(result.rows) - 1
        for k in range(1, len(result.rows[last])):
            text, quoted = result.rows[last][k]
            if text == "":
                result.rows[last][k] = ("0", quoted)
                result.cells[self.ref(last - 1, k - 1)] = CellResult(0, "pct", [])
        return result


def _rows_2026(unit: str, total: str) -> list[Row]:
    return [Row(r.label.split(". ", 1)[1], r.where) for r in _rows("", unit, total)]


Q9A_2026 = Table(
    "Q9a",
    header=["Number of Persons Contacted"] + [c.label for c in COLUMNS_2026],
    rows=_rows_2026("Times", "Total Persons Contacted"),
    columns=COLUMNS_2026,
    universe="c.contacted",
    source="q9_contacts_2026",
    setup=SETUP_2026,
    specs=("2026",),
    title="Number of Persons Contacted",
)
Q9B_2026 = _EngagementTable(
    "Q9b",
    header=["Number of Persons Newly Engaged"] + [c.label for c in COLUMNS_2026],
    rows=[Row(r.label, f"c.engaged AND ({r.where})") for r in _rows_2026("Contacts", "Total Persons Engaged")]
    + [Row("Rate of Engagement")],
    columns=COLUMNS_2026,
    universe="c.contacted",
    source="q9_contacts_2026",
    setup=SETUP_2026,
    cells={"B7": RATE, "C7": RATE, "D7": RATE, "E7": RATE},
    specs=("2026",),
    title="Number of Persons Newly Engaged",
)
TABLES_2026 = [Q9A_2026, Q9B_2026]
