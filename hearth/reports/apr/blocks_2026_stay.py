"""Building blocks of the FY2026 layout of APR/CAPER Q22-Q27 (FY2026 spec V1.0). Django-free.

Data inside DuckDB is FY2026-canonical, so destinations are read as FY2026 3.12 codes (with 3.12.A subsidy types),
not mapped back to FY2022 codes as ``blocks_stay`` does for the FY2022 layout. Everything else (move-in, 3.917 dates,
households, subpopulation flags) is ``blocks_stay``'s, unchanged.

``STAY_SETUP_2026``: ``blocks_stay.STAY_SETUP``, the 3.04 race key of ``blocks_2026.RACE_2026`` and the table
``stay_detail_2026``: ``stay_detail`` plus, per client:

  ============================ =================================================================================
  ``pfs``                      project type 7 (Other) funded by HUD: Pay for Success (2.06 = 35): reported like PH
  ``dest26``                   the FY2026 3.12 destination of a leaver; a child leaver without one takes the
                               head of household's (Q23c rule 2); NULL for stayers
  ``dest26_subsidy``           the 3.12.A rental subsidy type that goes with ``dest26`` (435 only)
  ``dest26_row``               ``dest26`` when it is one of Q23c's rows (8 and 9 as 8), else 99 (data not
                               collected); NULL for stayers
  ``dest26_group``             Q23c/Q23e section: 'homeless' | 'institutional' | 'temporary' | 'permanent' | 'other'
  ``dest26_positive``,         Appendix A of the FY2026 spec for the project type (positive / excluded from the
  ``dest26_excluded``          percentage)
  ``race_key``                 ``r_race_2026.race_key`` ('1'..'7', '3,5', 'multi', 'multi_hispanic', 'dkr', 'missing')
  ``housed_date_2026``,        Q22e/Q22g with PFS projects reported like PH: the move-in date (when on or before
  ``days_prior_2026``,         ReportEnd) or the project start; the days from 3.917.3 to it; the status
  ``q22e_status_2026``         ('housed' | 'not_moved_in' | 'missing')
  ============================ =================================================================================

Rows and columns: ``DESTINATION_ROWS_2026`` / ``destination_cells_2026`` (Q23c, Q25i, Q27f1), ``SUBSIDY_ROWS_2026``
(Q23d, Q25j, Q27f2), ``RACE_COLUMNS_2026`` (Q22f, Q22g, Q23e). ``MOVING_ON`` builds ``q24b_moving_on`` (Q24b) and
``EDUCATION`` builds ``q27m_education`` (Q27m).
"""

from __future__ import annotations

from hearth.reports.apr.blocks_2026 import RACE_2026
from hearth.reports.apr.blocks_stay import STAY_SETUP, percent_positive, section_cells
from hearth.reports.engine.tables import Column, Row


def _codes(codes: tuple[int, ...]) -> str:
    return ", ".join(str(c) for c in codes)


# ---- destinations (FY2026 3.12, Appendix A) ---------------------------------------------------------------------

PERMANENT_2026 = (426, 411, 421, 410, 435, 422, 423)
# Appendix A: street outreach counts most temporary and institutional exits as positive; ES, TH (and the
# night-by-night ES) add Host Home (non-crisis); every other project type counts permanent destinations only.
_SO_POSITIVE_2026 = (101, 118, 215, 204, 205, 225, 314, 312, 313, 302, 327, 332) + PERMANENT_2026
_ES_TH_POSITIVE_2026 = (332,) + PERMANENT_2026

DEST26_POSITIVE = f"""CREATE OR REPLACE MACRO dest26_positive(dest, ptype) AS CASE
    WHEN ptype = 4 THEN dest IN ({_codes(_SO_POSITIVE_2026)})
    WHEN ptype IN (0, 1, 2) THEN dest IN ({_codes(_ES_TH_POSITIVE_2026)})
    ELSE dest IN ({_codes(PERMANENT_2026)}) END"""
DEST26_EXCLUDED = """CREATE OR REPLACE MACRO dest26_excluded(dest, ptype) AS CASE
    WHEN ptype = 4 THEN dest IN (206, 329, 24)
    ELSE dest IN (206, 215, 225, 24) END"""

# Q23c FY2026 sections: (group, heading, rows of (label, codes)); every section ends with a subtotal row.
DEST_SECTIONS_2026 = [
    ("homeless", "Homeless Situations", [
        ("Place not meant for habitation (e.g., a vehicle, an abandoned building, bus/train/subway station/airport "
         "or anywhere outside)", (116,)),
        ("Emergency shelter, including hotel or motel paid for with emergency shelter voucher, Host Home shelter",
         (101,)),
        ("Safe Haven", (118,)),
    ]),
    ("institutional", "Institutional Situations", [
        ("Foster care home or foster care group home", (215,)),
        ("Hospital or other residential non-psychiatric medical facility", (206,)),
        ("Jail, prison, or juvenile detention facility", (207,)),
        ("Long-term care facility or nursing home", (225,)),
        ("Psychiatric hospital or other psychiatric facility", (204,)),
        ("Substance abuse treatment facility or detox center", (205,)),
    ]),
    ("temporary", "Temporary Situations", [
        ("Transitional housing for homeless persons (including homeless youth)", (302,)),
        ("Residential project or halfway house with no homeless criteria", (329,)),
        ("Hotel or motel paid for without emergency shelter voucher", (314,)),
        ("Host Home (non-crisis)", (332,)),
        ("Staying or living with family, temporary tenure (e.g., room, apartment, or house)", (312,)),
        ("Staying or living with friends, temporary tenure (e.g., room, apartment, or house)", (313,)),
        ("Moved from one HOPWA funded project to HOPWA TH", (327,)),
    ]),
    ("permanent", "Permanent Situations", [
        ("Staying or living with family, permanent tenure", (422,)),
        ("Staying or living with friends, permanent tenure", (423,)),
        ("Moved from one HOPWA funded project to HOPWA PH", (426,)),
        ("Rental by client, no ongoing housing subsidy", (410,)),
        ("Rental by client, with ongoing housing subsidy", (435,)),
        ("Owned by client, with ongoing housing subsidy", (421,)),
        ("Owned by client, no ongoing housing subsidy", (411,)),
    ]),
    ("other", "Other Situations", [
        ("No Exit Interview completed", (30,)),
        ("Other", (17,)),
        ("Deceased", (24,)),
        ("Client Doesn't Know/Prefers Not to Answer", (8,)),  # dest26_row holds 9 as 8
        ("Data Not Collected", (99,)),
    ]),
]  # fmt: skip
_ROW_CODES_2026 = tuple(code for _, _, rows in DEST_SECTIONS_2026 for _, codes in rows for code in codes)
_GROUP_CASE = " ".join(
    f"WHEN r.dest26_row IN ({_codes(tuple(c for _, codes in rows for c in codes))}) THEN '{group}'"
    for group, _, rows in DEST_SECTIONS_2026
)

PFS_FUNDED = "EXISTS (SELECT 1 FROM Funder f WHERE f.ProjectID = {project} AND f.Funder = 35)"

STAY_DETAIL_2026 = f"""CREATE OR REPLACE TABLE stay_detail_2026 AS
    WITH hoh AS (
        SELECT e.HouseholdID, e.Destination AS hoh_dest, e.DestinationSubsidyType AS hoh_subsidy
        FROM r_enrollments e WHERE e.RelationshipToHoH = 1
        QUALIFY row_number() OVER (PARTITION BY e.HouseholdID ORDER BY e.EntryDate DESC, e.EnrollmentID DESC) = 1
    ), pfs AS (
        SELECT p.ProjectID FROM r_projects p WHERE p.ProjectType = 7 AND {PFS_FUNDED.format(project="p.ProjectID")}
    ), d AS (
        SELECT s.*, s.ProjectID IN (SELECT ProjectID FROM pfs) AS pfs,
               CASE WHEN NOT s.is_leaver THEN NULL
                    WHEN s.Destination IS NOT NULL THEN s.Destination
                    WHEN s.is_child AND NOT s.is_hoh THEN h.hoh_dest END AS dest26,
               CASE WHEN NOT s.is_leaver THEN NULL
                    WHEN s.Destination IS NOT NULL THEN s.DestinationSubsidyType
                    WHEN s.is_child AND NOT s.is_hoh THEN h.hoh_subsidy END AS dest26_subsidy,
               k.race_key
        FROM stay_detail s
        LEFT JOIN hoh h ON h.HouseholdID = s.HouseholdID
        LEFT JOIN r_race_2026 k ON k.PersonalID = s.PersonalID
    ), r AS (
        SELECT d.*,
               CASE WHEN NOT d.is_leaver THEN NULL WHEN d.dest26 = 9 THEN 8
                    WHEN d.dest26 IN ({_codes(_ROW_CODES_2026)}) THEN d.dest26 ELSE 99 END AS dest26_row,
               CASE WHEN d.ProjectType IN (3, 9, 10, 13) OR d.pfs THEN
                         CASE WHEN d.move_in <= r_end() THEN d.move_in END
                    ELSE d.EntryDate END AS housed_date_2026
        FROM d
    )
    SELECT r.*,
           CASE {_GROUP_CASE} END AS dest26_group,
           coalesce(dest26_positive(r.dest26, r.ProjectType), false) AS dest26_positive,
           coalesce(dest26_excluded(r.dest26, r.ProjectType), false) AS dest26_excluded,
           CASE WHEN r.housed_date_2026 >= r.date_homeless THEN date_diff('day', r.date_homeless, r.housed_date_2026)
               END AS days_prior_2026,
           CASE WHEN (r.ProjectType IN (3, 9, 10, 13) OR r.pfs) AND r.housed_date_2026 IS NULL THEN 'not_moved_in'
                WHEN r.housed_date_2026 >= r.date_homeless THEN 'housed'
                ELSE 'missing' END AS q22e_status_2026
    FROM r"""  # noqa: S608

STAY_SETUP_2026 = (*STAY_SETUP, RACE_2026, DEST26_POSITIVE, DEST26_EXCLUDED, STAY_DETAIL_2026)

# PSH and RRH, and Pay for Success projects of type 7 (Q22c, Q22f "Relevant Data").
MOVE_IN_PROJECTS = "(c.ProjectType IN (3, 13) OR c.pfs)"
# ES, TH, SH and PH, and Pay for Success projects of type 7 (Q22e, Q22g).
PRIOR_TO_HOUSING_PROJECTS = "(c.ProjectType IN (0, 1, 2, 3, 8, 9, 10, 13) OR c.pfs)"


def _destination_rows() -> tuple[list[Row], list[int]]:
    rows: list[Row] = []
    headings: list[int] = []
    for group, heading, items in DEST_SECTIONS_2026:
        headings.append(len(rows))
        rows.append(Row(heading, "false"))
        rows += [Row(label, f"c.dest26_row IN ({_codes(codes)})") for label, codes in items]
        rows.append(Row("Subtotal", f"c.dest26_group = '{group}'"))
    rows += [
        Row("TOTAL"),
        Row("Total persons exiting to positive housing destinations", "c.dest26_positive"),
        Row("Total persons whose destinations excluded them from the calculation", "c.dest26_excluded"),
        Row("Percentage"),
    ]
    return rows, headings


DESTINATION_ROWS_2026, _HEADINGS = _destination_rows()
PERCENT_POSITIVE_2026 = percent_positive("dest26")


def destination_cells_2026(n_columns: int, first_row: int = 2) -> dict:
    """Blank section headings and the percentage row (row 43) of a FY2026 destination table."""
    return section_cells(DESTINATION_ROWS_2026, _HEADINGS, PERCENT_POSITIVE_2026, n_columns, first_row)


SUBSIDY_ROWS_2026 = [
    Row(label, f"c.dest26_subsidy = {code}")
    for label, code in [
        ("GPD TIP housing subsidy", 428),
        ("VASH housing subsidy", 419),
        ("RRH or equivalent subsidy", 431),
        ("HCV voucher (tenant or project based) (not dedicated)", 433),
        ("Public housing unit", 434),
        ("Rental by client, with other ongoing housing subsidy", 420),
        ("Housing Stability Voucher", 436),
        ("Family Unification Program Voucher (FUP)", 437),
        ("Foster Youth to Independence Initiative (FYI)", 438),
        ("Permanent Supportive Housing", 439),
        ("Other permanent housing dedicated for formerly homeless persons", 440),
    ]
] + [Row("TOTAL")]
# Q23d universe: leavers to "rental by client, with housing subsidy" (all projects but Homelessness Prevention).
SUBSIDY_UNIVERSE = "c.dest26 = 435 AND c.ProjectType <> 12"

# ---- race and ethnicity columns (Q22f, Q22g, Q23e) ----------------------------------------------------------------

# ``race_key`` lists the 3.04 responses ascending (one digit each): two with 6 (Hispanic/Latina/o) among them are
# "at least 1 race and Hispanic/Latina/o", two without are multi-racial; three or more are already keyed.
_TWO = "c.race_key LIKE '%,%'"
RACE_COLUMNS_2026 = [
    Column("American Indian, Alaska Native, or Indigenous", "c.race_key = '1'"),
    Column("Asian or Asian American", "c.race_key = '2'"),
    Column("Black, African American, or African", "c.race_key = '3'"),
    Column("Hispanic/Latina/o", "c.race_key = '6'"),
    Column("Middle Eastern or North African", "c.race_key = '7'"),
    Column("Native Hawaiian or Pacific Islander", "c.race_key = '4'"),
    Column("White", "c.race_key = '5'"),
    Column("At Least 1 Race and Hispanic/Latina/o",
           f"(c.race_key = 'multi_hispanic' OR ({_TWO} AND c.race_key LIKE '%6%'))"),
    Column("Multi-racial (does not include Hispanic/Latina/o)",
           f"(c.race_key = 'multi' OR ({_TWO} AND c.race_key NOT LIKE '%6%'))"),
    Column("Unknown (Doesn't Know, Prefers not to Answer, Data not Collected)", "c.race_key IN ('dkr', 'missing')"),
]  # fmt: skip

# ---- Q24b moving on assistance (C2, Services RecordType 300) ------------------------------------------------------

# Heads of household of PSH (latest stay) with a flag per C2 type provided within the report period.
MOVING_ON = """CREATE OR REPLACE TABLE q24b_moving_on AS
    SELECT c.PersonalID, c.household_type, s.TypeProvided AS moving_on_type
    FROM client_detail c
    LEFT JOIN Services s ON s.EnrollmentID = c.EnrollmentID AND s.RecordType = 300
                        AND s.DateProvided BETWEEN r_start() AND r_end()
    WHERE c.is_hoh AND c.ProjectType = 3"""

# ---- Q27m youth education status (C3) -----------------------------------------------------------------------------

# Youth heads of household leaving YHDP-funded projects (2.06 = 43) of types 2, 3, 4, 6, 13: one row per stage
# ('start', 'exit') with that stage's C3 record (the latest on the stage's date; none: every field NULL).
EDUCATION = """CREATE OR REPLACE TABLE q27m_education AS
    WITH who AS (
        SELECT c.PersonalID, c.EnrollmentID FROM client_detail c
        WHERE c.is_hoh AND c.is_youth AND c.is_leaver AND c.ProjectType IN (2, 3, 4, 6, 13)
          AND EXISTS (SELECT 1 FROM Funder f WHERE f.ProjectID = c.ProjectID AND f.Funder = 43)
    ), stages AS (
        SELECT w.*, s.stage, s.code FROM who w CROSS JOIN (VALUES ('start', 1), ('exit', 3)) s(stage, code)
    )
    SELECT st.PersonalID, st.stage, y.CurrentSchoolAttend, y.MostRecentEdStatus, y.CurrentEdStatus
    FROM stages st
    LEFT JOIN YouthEducationStatus y ON y.EnrollmentID = st.EnrollmentID AND y.DataCollectionStage = st.code
    QUALIFY row_number() OVER (PARTITION BY st.PersonalID, st.stage
                               ORDER BY y.InformationDate DESC NULLS LAST, y.YouthEducationStatusID DESC) = 1"""
