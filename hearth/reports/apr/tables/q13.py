"""APR/CAPER Q13: physical and mental health conditions at start, at exit, for stayers (Q13a1/b1/c1), and the number
of conditions (Q13a2/b2/c2, APR only). FY2020 spec Q13; blocks in ``apr/blocks_health.py``."""

from __future__ import annotations

from hearth.reports.apr.blocks_health import CONDITIONS, conditions_view
from hearth.reports.engine.tables import Column, Row, Table

HEADER = [
    "Special need",
    "Total persons",
    "a. Without children",
    "b. Adults in households with children and adults",
    "c. Children in households with children and adults",
    "d. With only children",
    "e. Unknown household type",
]

# Households with children and adults are split into adults (D) and children (E); their members of unknown age go
# to the unknown household type column (G) (spec Q13 instruction 5).
COLUMNS = [
    Column("Total persons"),
    Column("a", "c.household_type = 'adults_only'"),
    Column("b", "c.household_type = 'adults_and_children' AND c.is_adult"),
    Column("c", "c.household_type = 'adults_and_children' AND c.is_child"),
    Column("d", "c.household_type = 'children_only'"),
    Column("e", "c.household_type = 'unknown' OR (c.household_type = 'adults_and_children' AND c.is_unknown_age)"),
]

CONDITION_ROWS = [
    Row("a. Mental Health Disorder", "c.mental"),
    Row("b. Alcohol Use Disorder", "c.alcohol AND NOT c.drug"),
    Row("c. Drug Use Disorder", "c.drug AND NOT c.alcohol"),
    Row("d. Both Alcohol and Drug Use Disorders", "c.alcohol AND c.drug"),
    Row("e. Chronic Health Condition", "c.chronic"),
    Row("f. HIV/AIDS", "c.hiv"),
    Row("g. Developmental Disability", "c.developmental"),
    Row("h. Physical Disability", "c.physical"),
]


def _count_rows(n: str) -> list[Row]:
    """Q13a2/b2/c2 rows counting ``n`` conditions; clients without any are reported by 3.08 (instruction 5)."""
    return [
        Row("a. None", f"c.{n} = 0 AND c.DisablingCondition = 0"),
        Row("b. 1 condition", f"c.{n} = 1"),
        Row("c. 2 conditions", f"c.{n} = 2"),
        Row("d. 3+ conditions", f"c.{n} >= 3"),
        Row("e. Condition unknown", f"c.{n} = 0 AND c.DisablingCondition = 1"),
        Row("f. Client Doesn't Know/Client Refused", f"c.{n} = 0 AND c.DisablingCondition IN (8, 9)"),
        Row("g. Data Not Collected",
            f"c.{n} = 0 AND (c.DisablingCondition IS NULL OR c.DisablingCondition NOT IN (0, 1, 8, 9))"),
        Row("h. Total"),
    ]  # fmt: skip


# FY2022 layout: one condition per element 4.05-4.10 answered yes, so 4.10 = 3 ("both alcohol and drug use
# disorders") is one condition, as HUD's Data Lab test kit counts it; the FY2026 layout counts it as two (FY2026 spec
# Q13a2 instruction 4), see COUNT_ROWS_2026.
COUNT_ROWS = _count_rows("condition_elements")

# (name suffix, stage, universe, title)
STAGES = [
    ("a", "entry", "true", "at Start"),
    ("b", "exit", "c.is_leaver", "at Exit"),
    ("c", "latest", "c.is_stayer", "for Stayers"),
]


def _tables() -> list[Table]:
    out = []
    for letter, stage, universe, title in STAGES:
        common = dict(header=HEADER, columns=COLUMNS, universe=universe, source=f"q13_{stage}",
                      setup=(*CONDITIONS, conditions_view(stage)), quote_values=False)  # fmt: skip
        out.append(Table(f"Q13{letter}1", rows=CONDITION_ROWS, reports=("apr", "caper"),
                         title=f"Physical and Mental Health Conditions {title}", **common))  # fmt: skip
        out.append(Table(f"Q13{letter}2", rows=COUNT_ROWS, reports=("apr",),
                         title=f"Number of Conditions {title}", **common))  # fmt: skip
    return out


TABLES = _tables()

# FY2026 layout: the same rules (but 4.10 = 3 counts as two conditions); headers and labels without letter prefixes.
HEADER_2026 = ["Total Persons", "Without Children", "Adults in HH with Children & Adults",
               "Children in HH with Children & Adults", "With Only Children", "Unknown Household Type"]  # fmt: skip
CONDITION_ROWS_2026 = [Row(r.label.split(". ", 1)[1], r.where) for r in CONDITION_ROWS]
COUNT_LABELS_2026 = ["None", "1 Condition", "2 Conditions", "3+ Conditions", "Condition Unknown",
                     "Client Doesn't Know/Prefers Not to Answer", "Data Not Collected", "Total"]  # fmt: skip
COUNT_ROWS_2026 = [Row(label, r.where) for label, r in zip(COUNT_LABELS_2026, _count_rows("conditions"), strict=True)]


def _tables_2026() -> list[Table]:
    out = []
    for letter, stage, universe, title in STAGES:
        common = dict(columns=COLUMNS, universe=universe, source=f"q13_{stage}", specs=("2026",),
                      setup=(*CONDITIONS, conditions_view(stage)), quote_values=False)  # fmt: skip
        out.append(Table(f"Q13{letter}1", header=[" ", *HEADER_2026], rows=CONDITION_ROWS_2026,
                         reports=("apr", "caper"), title=f"Physical and Mental Health Conditions {title}",
                         **common))  # fmt: skip
        out.append(Table(f"Q13{letter}2", header=[" ", *HEADER_2026], rows=COUNT_ROWS_2026, reports=("apr",),
                         title=f"Number of Conditions {title}", **common))  # fmt: skip
    return out


TABLES_2026 = _tables_2026()
