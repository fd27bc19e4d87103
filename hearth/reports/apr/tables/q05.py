"""APR/CAPER Q5a: Report Validations Table (Glossary, Data Quality Q1)."""

from __future__ import annotations

from hearth.reports.apr.blocks_2026 import DQ_UNIVERSE_2026
from hearth.reports.engine.tables import Column, Row, Table

ROWS = [
    Row("1. Total number of persons served"),
    Row("2. Number of adults (age 18 or over)", "c.is_adult"),
    Row("3. Number of children (under age 18)", "c.is_child"),
    Row("4. Number of persons with unknown age", "c.is_unknown_age"),
    Row("5. Number of leavers", "c.is_leaver"),
    Row("6. Number of adult leavers", "c.is_leaver AND c.is_adult"),
    Row("7. Number of adult and head of household leavers", "c.is_leaver AND c.is_adult_or_hoh"),
    Row("8. Number of stayers", "c.is_stayer"),
    Row("9. Number of adult stayers", "c.is_stayer AND c.is_adult"),
    Row("10. Number of veterans", "c.is_veteran"),
    Row("11. Number of chronically homeless persons", "c.is_chronic"),
    Row("12. Number of youth under age 25", "c.is_youth"),
    Row("13. Number of parenting youth under age 25 with children", "c.is_parenting_youth"),
    Row("14. Number of adult heads of household", "c.is_adult AND c.is_hoh"),
    Row("15. Number of child and unknown-age Heads of household", "c.is_hoh AND NOT c.is_adult"),
    Row("16. Heads of households and adult stayers in the project 365 days or more", "c.is_hoh_stayer_365"),
]

TABLES = [
    Table(
        "Q5a",
        header=None,
        rows=ROWS,
        columns=[Column("")],
        # Street outreach counts only engaged clients here (Glossary, DQ "Project Stays to Include").
        universe="c.is_engaged",
        quote_values=False,
        title="Report Validations Table",
    )
]

# FY2026 layout (Glossary DQ Q1): a header row; column B counts the DQ universe (street outreach and PATH-funded
# services only once engaged),
# column C every active client.
ROWS_2026 = [Row(r.label.split(". ", 1)[1], r.where) for r in ROWS]
Q5A_2026 = Table(
    "Q5a",
    header=["Category", "Count of Clients for DQ", "Count of Clients"],
    rows=ROWS_2026,
    columns=[Column("Count of Clients for DQ", DQ_UNIVERSE_2026), Column("Count of Clients")],
    quote_values=False,
    specs=("2026",),
    title="Report Validations Table",
)
TABLES_2026 = [Q5A_2026]
