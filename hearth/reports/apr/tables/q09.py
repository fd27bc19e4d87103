"""APR/CAPER Q9a: number of persons contacted; Q9b: number of persons engaged (street outreach and night-by-night
shelters; FY2020 spec Q9, Glossary: Contact, Date of Engagement). Blocks in ``apr/blocks_health.py``."""

from __future__ import annotations

from hearth.reports.apr.blocks_health import CONTACTS, CONTACTS_VIEW
from hearth.reports.engine.tables import Aggregate, Column, Row, Table

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
