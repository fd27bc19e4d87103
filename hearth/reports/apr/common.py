"""Row and column building blocks shared by many APR/CAPER tables (FY2020 spec: "Reporting Counts of Clients by
Element by Household Type"). Django-free."""

from __future__ import annotations

from hearth.reports.engine.tables import Column, Row

TOTAL = Column("Total")
WITHOUT_CHILDREN = Column("a. Without children", "c.household_type = 'adults_only'")
WITH_CHILDREN_AND_ADULTS = Column("b. With children and adults", "c.household_type = 'adults_and_children'")
WITH_ONLY_CHILDREN = Column("c. With only children", "c.household_type = 'children_only'")
UNKNOWN_HOUSEHOLD = Column("d. Unknown household type", "c.household_type = 'unknown'")

# Total + the four household types, the columns B-F of most tables.
HOUSEHOLD_COLUMNS = [TOTAL, WITHOUT_CHILDREN, WITH_CHILDREN_AND_ADULTS, WITH_ONLY_CHILDREN, UNKNOWN_HOUSEHOLD]


def household_header(first: str) -> list[str]:
    """Row 1 of a table with the household-type columns, ``first`` in column A."""
    return [first] + [c.label for c in HOUSEHOLD_COLUMNS]


def relabel(columns: list[Column], labels: list[str]) -> list[Column]:
    """The same predicates under other header labels (tables number their columns differently)."""
    return [Column(label, c.where) for c, label in zip(columns, labels, strict=True)]


def total_row(label: str) -> Row:
    return Row(label, "true")


PH_PROJECT_TYPES = "(3, 13)"
HOUSING_PROJECT_TYPES = "(2, 3, 8, 9, 10, 13)"
