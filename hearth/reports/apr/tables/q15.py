"""APR/CAPER Q15: Living Situation (3.917.1 at project start, FY2022 rows mapped back from FY2026 codes)."""

from __future__ import annotations

from hearth.reports.apr.common import HOUSEHOLD_COLUMNS, household_header
from hearth.reports.engine.tables import Blank, Row, Table

# FY2022 row key -> FY2026 3.917.1 codes (435 "rental with ongoing subsidy" is split by 3.917.A RentalSubsidyType,
# see ``SUBSIDY_ROWS``). FY2024+ codes without an FY2022 row of their own go where the crosswalk puts their FY2022
# meaning (312/422 family, 313/423 friends); anything else is "Data Not Collected".
CODE_ROWS = {
    "a1": (101,), "a2": (302,), "a3": (116,), "a4": (118,), "a5": (332,),
    "b1": (204,), "b2": (205,), "b3": (206,), "b4": (207,), "b5": (215,), "b6": (225,), "b7": (329,),
    "c02": (411,), "c03": (421,), "c07": (410,), "c11": (314,), "c12": (336, 313, 423), "c13": (335, 312, 422),
    "c14": (8, 9),
}  # fmt: skip
SUBSIDY_ROWS = {"c01": (440, 439), "c04": (431,), "c05": (433,), "c06": (434,), "c08": (419,), "c09": (428,)}
# 435 with another or no subsidy type: "with other ongoing housing subsidy" (FY2022 20).

_whens = [f"WHEN e.LivingSituation IN ({', '.join(map(str, codes))}) THEN '{key}'" for key, codes in CODE_ROWS.items()]
_whens += [
    f"WHEN e.LivingSituation = 435 AND e.RentalSubsidyType IN ({', '.join(map(str, codes))}) THEN '{key}'"
    for key, codes in SUBSIDY_ROWS.items()
]
_whens.append("WHEN e.LivingSituation = 435 THEN 'c10'")

PRIOR_LIVING_SQL = f"""CREATE OR REPLACE TABLE r_prior_living AS
    SELECT c.PersonalID, CASE {" ".join(_whens)} ELSE 'c15' END AS q15_row
    FROM client_detail c JOIN Enrollment e ON e.EnrollmentID = c.EnrollmentID"""  # noqa: S608

# The universe (adults and heads of household) as a subquery, with only the columns the cells read.
SOURCE = """(SELECT c.PersonalID, c.household_type, p.q15_row
            FROM client_detail c JOIN r_prior_living p USING (PersonalID) WHERE c.is_adult_or_hoh)"""

LABELS = [
    ("a. Homeless situations", None),
    ("a1. Emergency shelter, including hotel or motel paid for with emergency shelter voucher, or RHY-funded Host "
     "Home shelter", "a1"),
    ("a2. Transitional housing for homeless persons (including homeless youth)", "a2"),
    ("a3. Place not meant for habitation", "a3"),
    ("a4. Safe Haven", "a4"),
    ("a5. Host Home (non-crisis)", "a5"),
    ("az. Total", "a"),
    ("b. Institutional settings", None),
    ("b1. Psychiatric hospital or other psychiatric facility", "b1"),
    ("b2. Substance abuse treatment facility or detox center", "b2"),
    ("b3. Hospital or other residential non-psychiatric medical facility", "b3"),
    ("b4. Jail, prison or juvenile detention facility", "b4"),
    ("b5. Foster care home or foster care group home", "b5"),
    ("b6. Long-term care facility or nursing home", "b6"),
    ("b7. Residential project or halfway house with no homeless criteria", "b7"),
    ("bz. Total", "b"),
    ("c. Other locations", None),
    ("c01. Permanent housing (other than RRH) for formerly homeless persons", "c01"),
    ("c02. Owned by client, no ongoing housing subsidy", "c02"),
    ("c03. Owned by client, with ongoing housing subsidy", "c03"),
    ("c04. Rental by client, with RRH or equivalent subsidy", "c04"),
    ("c05. Rental by client, with HCV voucher (tenant or project based)", "c05"),
    ("c06. Rental by client in a public housing unit", "c06"),
    ("c07. Rental by client, no ongoing housing subsidy", "c07"),
    ("c08. Rental by client, with VASH housing subsidy", "c08"),
    ("c09. Rental by client, with GPD TIP housing subsidy", "c09"),
    ("c10. Rental by client, with other ongoing housing subsidy", "c10"),
    ("c11. Hotel or motel paid for without emergency shelter voucher", "c11"),
    ("c12. Staying or living in a friend’s room, apartment or house", "c12"),
    ("c13. Staying or living in a family member’s room, apartment or house", "c13"),
    ("c14. Client Doesn't Know/Client Refused", "c14"),
    ("c15. Data Not Collected", "c15"),
    ("cz. Total", "c"),
    ("d. Total", ""),
]  # fmt: skip


def _row(key: str | None) -> str:
    if key is None:
        return "false"
    if key == "":
        return "true"
    if len(key) == 1:  # a group subtotal
        return f"starts_with(c.q15_row, '{key}')"
    return f"c.q15_row = '{key}'"


ROWS = [Row(label, _row(key)) for label, key in LABELS]
CELLS = {}
for _r, (_label, _key) in enumerate(LABELS):
    if _key is None:
        for _k in range(len(HOUSEHOLD_COLUMNS)):
            CELLS[f"{'BCDEF'[_k]}{_r + 2}"] = Blank()

Q15 = Table(
    "Q15",
    header=household_header("Living situation"),
    rows=ROWS,
    columns=HOUSEHOLD_COLUMNS,
    cells=CELLS,
    source=SOURCE,
    setup=(PRIOR_LIVING_SQL,),
    title="Living Situation",
)

# FY2026 shell: rows by 3.917.1 code within the four categories. FY2024+ codes outside the 3.917.1 subset go to the
# row of their meaning (312 family, 313 friends, temporary tenure) or to "Data Not Collected".
_GROUPS_2026 = [
    ("Homeless Situations", [("Place not meant for habitation", (116,)),
                             ("Emergency shelter, including hotel or motel paid for with emergency shelter voucher, "
                              "Host Home shelter", (101,)),
                             ("Safe Haven", (118,))]),
    ("Institutional Situations", [("Foster care home or foster care group home", (215,)),
                                  ("Hospital or other residential non-psychiatric medical facility", (206,)),
                                  ("Jail, prison, or juvenile detention facility", (207,)),
                                  ("Long-term care facility or nursing home", (225,)),
                                  ("Psychiatric hospital or other psychiatric facility", (204,)),
                                  ("Substance abuse treatment facility or detox center", (205,))]),
    ("Temporary Situations", [("Transitional housing for homeless persons (including homeless youth)", (302,)),
                              ("Residential project or halfway house with no homeless criteria", (329,)),
                              ("Hotel or motel paid for without emergency shelter voucher", (314,)),
                              ("Host Home (non-crisis)", (332,)),
                              ("Staying or living in a friend’s room, apartment, or house", (336, 313)),
                              ("Staying or living in a family member’s room, apartment, or house", (335, 312))]),
    ("Permanent Situations", [("Rental by client, no ongoing housing subsidy", (410,)),
                              ("Rental by client, with ongoing housing subsidy", (435,)),
                              ("Owned by client, with ongoing housing subsidy", (421,)),
                              ("Owned by client, no ongoing housing subsidy", (411,))]),
]  # fmt: skip
_KNOWN_2026 = tuple(code for _, rows in _GROUPS_2026 for _, codes in rows for code in codes) + (8, 9)
_MISSING_2026 = f"(c.LivingSituation IS NULL OR c.LivingSituation NOT IN ({', '.join(map(str, _KNOWN_2026))}))"


def _in(codes: tuple[int, ...]) -> str:
    return f"c.LivingSituation IN ({', '.join(map(str, codes))})"


def _q15_2026() -> Table:
    rows: list[Row] = []
    headings: list[int] = []
    for heading, group in _GROUPS_2026:
        headings.append(len(rows))
        rows.append(Row(heading, "false"))
        rows += [Row(label, _in(codes)) for label, codes in group]
        rows.append(Row("Subtotal", _in(tuple(code for _, codes in group for code in codes))))
    rows += [
        Row("Client Doesn't Know/Prefers Not to Answer", _in((8, 9))),
        Row("Data Not Collected", _MISSING_2026),
        Row("Subtotal", f"({_in((8, 9))} OR {_MISSING_2026})"),
        Row("TOTAL"),
    ]
    cells = {f"{'BCDEF'[k]}{r + 2}": Blank() for r in headings for k in range(len(HOUSEHOLD_COLUMNS))}
    return Table(
        "Q15",
        header=[
            " ",
            "Total",
            "Without Children",
            "With Children and Adults",
            "With Only Children",
            "Unknown Household Type",
        ],  # fmt: skip
        rows=rows,
        columns=HOUSEHOLD_COLUMNS,
        cells=cells,
        source="(SELECT PersonalID, household_type, LivingSituation FROM client_detail WHERE is_adult_or_hoh)",
        specs=("2026",),
        title="Living Situation",
    )


TABLES = [Q15]
# FY2026 layout: not in TABLES until the registry test allows one name per spec (see blocks_income docstring).
TABLES_2026 = [_q15_2026()]
