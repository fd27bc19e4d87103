"""Building blocks for the FY2026 layout of APR/CAPER Q4-Q14 (FY2026 spec V1.0 and Reporting Glossary). Django-free.

Data inside DuckDB is FY2026-canonical, so these blocks need no mapping back to FY2022 categories.

``RACE_2026``: table ``r_race_2026`` (PersonalID, ``race_key``) for every client of ``client_detail``: the 3.04
responses 1-7 that are "yes" (1 AmIndAKNative, 2 Asian, 3 BlackAfAmerican, 4 NativeHIPacific, 5 White,
6 HispanicLatinao, 7 MidEastNAfrican) as a comma-separated ascending list (``'1'``, ``'3,5'``); three or more give
``'multi_hispanic'`` (6 among them) or ``'multi'``; none give ``'dkr'`` (RaceNone 8/9) or ``'missing'`` (spec Q12
instruction 3: 8/9/99 are ignored when a race is present).

``CONTACTS_2026``: table ``q9_contacts_2026``: ``q9_contacts`` (``apr/blocks_health.py``) with ``first_2026``, the
FY2026 column of the first contact's 4.12 situation (Q9 instruction 1): ``'not_homeless'`` (17 or 200-499),
``'homeless'`` (100-199), ``'unknown'`` (1-99 but 17, and the date of engagement counted as the only contact).
"""

from __future__ import annotations

# 3.04 response -> Client column (FY2026 CSV).
RACE_FIELDS = {
    1: "AmIndAKNative",
    2: "Asian",
    3: "BlackAfAmerican",
    4: "NativeHIPacific",
    5: "White",
    6: "HispanicLatinao",
    7: "MidEastNAfrican",
}

_YES_LIST = (
    "list_filter(["
    + ", ".join(f"CASE WHEN k.{col} = 1 THEN {code} END" for code, col in RACE_FIELDS.items())
    + "], lambda x: x IS NOT NULL)"
)

RACE_2026 = f"""CREATE OR REPLACE TABLE r_race_2026 AS
    SELECT PersonalID,
           CASE WHEN len(codes) = 0 THEN CASE WHEN RaceNone IN (8, 9) THEN 'dkr' ELSE 'missing' END
                WHEN len(codes) >= 3 THEN CASE WHEN list_contains(codes, 6) THEN 'multi_hispanic' ELSE 'multi' END
                ELSE array_to_string(list_sort(codes), ',') END AS race_key
    FROM (SELECT c.PersonalID, k.RaceNone, {_YES_LIST} AS codes
          FROM client_detail c LEFT JOIN Client k ON k.PersonalID = c.PersonalID)"""  # noqa: S608

RACE_VIEW_2026 = """CREATE OR REPLACE TABLE q12_race_2026 AS
    SELECT c.PersonalID, c.household_type, r.race_key FROM client_detail c JOIN r_race_2026 r USING (PersonalID)"""

CONTACTS_2026 = """CREATE OR REPLACE TABLE q9_contacts_2026 AS
    SELECT q.*, CASE WHEN s.first_code BETWEEN 100 AND 199 THEN 'homeless'
                     WHEN s.first_code = 17 OR s.first_code BETWEEN 200 AND 499 THEN 'not_homeless'
                     ELSE 'unknown' END AS first_2026
    FROM q9_contacts q JOIN r_contact_summary s USING (PersonalID)"""
