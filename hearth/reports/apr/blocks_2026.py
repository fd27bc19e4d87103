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

``DATA_QUALITY_2026`` (Q6a-Q6f source ``q6_dq_2026``), ``DQ_UNIVERSE_2026`` (Q5a column B) and ``MOVED_IN_2026`` /
``MOVE_IN_PROJECTS_2026`` (Q7a row 7, Q8a row 3, with Pay for Success) are described where they are defined below.
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

# ---- data quality (APR/CAPER Q6, FY2026 Glossary "HMIS Data Quality Report" Q1-Q7) --------------------------------
#
# ``DATA_QUALITY_2026`` (after ``blocks_health.DATA_QUALITY`` + ``DATA_QUALITY_VIEW`` and the FY2026 income setup)
# creates ``r_dq_2026`` and the source ``q6_dq_2026`` (``q6_dq`` + these columns), one row per client:
#   dq_universe          DQ Q1 column B: street outreach and PATH-funded services only (2.06 = 21) once engaged
#   name/ssn/dob/race    Q6a: 'dkr' | 'missing' | 'issue' | NULL, the first match of the Glossary's columns B, C, D
#   vet_*, start_issue, rel_*, coc_*, dis_*                       Q6b columns B (dkr), C (missing), D (issue)
#   dest_*, inc_start_*, inc_annual_*, inc_exit_*, aa_expected    Q6c
#   ch_group_2026        Q6d rows: 'es_sh_so' (0, 1, 4, 8), 'th' (2), 'ph' (3, 9, 10, 13), 'ce' (14), 'sso' (6, 11, 12)
#   contact_record_2026, contact_inactive_2026   Q6f row 2: open stays of adults/HoHs in SO or PATH-funded SSO

PATH_FUNDED = "EXISTS (SELECT 1 FROM Funder f WHERE f.ProjectID = {project} AND f.Funder = 21)"

# DQ Q1 column B (over client_detail ``c``): street outreach and PATH-funded services only once engaged.
DQ_UNIVERSE_2026 = f"""(c.is_engaged AND NOT (c.ProjectType = 6 AND {PATH_FUNDED.format(project="c.ProjectID")}
    AND NOT coalesce(c.DateOfEngagement <= r_end(), false)))"""

# SSNs may hold placeholders (x) for digits not collected; only the last four digits are required (DQ Q2 row 3).
_SSN_ISSUE_2026 = """(NOT regexp_full_match(k.SSN, '[0-9xX]{9}')
    OR NOT regexp_full_match(right(k.SSN, 4), '[0-9]{4}') OR right(k.SSN, 4) = '0000'
    OR (regexp_full_match(left(k.SSN, 3), '[0-9]{3}') AND (left(k.SSN, 3) IN ('000', '666') OR left(k.SSN, 1) = '9'))
    OR substr(k.SSN, 4, 2) = '00'
    OR (regexp_full_match(k.SSN, '[0-9]{9}') AND (k.SSN = repeat(left(k.SSN, 1), 9)
        OR contains('01234567890123456789', k.SSN) OR contains('98765432109876543210', k.SSN))))"""
_ANY_RACE = " OR ".join(f"k.{col} = 1" for col in RACE_FIELDS.values())


def _income_columns(stage: str) -> str:
    """dkr / missing / issue flags of the Income and Sources record of ``stage`` (DQ Q4 rows 3-5)."""
    from hearth.reports.apr.blocks_income import INCOME_SOURCES

    any_source = " OR ".join(f"coalesce(i.{s} = 1, false)" for s in INCOME_SOURCES)
    return f"""
        coalesce(bool_or(i.has_record AND i.IncomeFromAnySource IN (8, 9)) FILTER (WHERE i.stage = '{stage}'), false)
            AS inc_{stage}_dkr,
        coalesce(bool_or(NOT i.has_record OR i.IncomeFromAnySource IS NULL OR i.IncomeFromAnySource = 99)
            FILTER (WHERE i.stage = '{stage}'), false) AS inc_{stage}_missing,
        coalesce(bool_or(i.has_record AND ((i.IncomeFromAnySource = 0 AND ({any_source}))
            OR (i.IncomeFromAnySource = 1 AND NOT ({any_source})))) FILTER (WHERE i.stage = '{stage}'), false)
            AS inc_{stage}_issue"""


DATA_QUALITY_2026 = (
    f"""CREATE OR REPLACE TABLE r_dq_income_2026 AS
    SELECT i.PersonalID, {_income_columns("start")}, {_income_columns("annual")}, {_income_columns("exit")}
    FROM r_income i GROUP BY i.PersonalID""",  # noqa: S608
    f"""CREATE OR REPLACE TABLE r_dq_2026 AS
    WITH heads AS (
        SELECT m.HouseholdID, count(*) FILTER (WHERE m.RelationshipToHoH = 1) AS heads
        FROM Enrollment m JOIN r_projects p ON p.ProjectID = m.ProjectID
        WHERE m.HouseholdID IS NOT NULL GROUP BY m.HouseholdID
    ), path_projects AS (
        SELECT p.ProjectID FROM r_projects p WHERE p.ProjectType = 6 AND {PATH_FUNDED.format(project="p.ProjectID")}
    ), inactive AS (  -- DQ Q7 row 2: SO and PATH-funded SSO stays open more than 90 days at ReportEnd
        SELECT e.PersonalID,
               greatest(e.EntryDate, (SELECT max(s.InformationDate) FROM CurrentLivingSituation s
                                       WHERE s.EnrollmentID = e.EnrollmentID AND s.InformationDate <= r_end()))
                   < r_end() - 90 AS inactive
        FROM r_enrollments e
        WHERE (e.ProjectType = 4 OR e.ProjectID IN (SELECT ProjectID FROM path_projects))
          AND coalesce(e.age >= 18 OR e.RelationshipToHoH = 1, false)
          AND e.EntryDate < r_end() - 90 AND (e.ExitDate IS NULL OR e.ExitDate > r_end())
    )
    SELECT c.PersonalID,
        {DQ_UNIVERSE_2026} AS dq_universe,
        CASE WHEN k.NameDataQuality IN (8, 9) THEN 'dkr'
             WHEN k.FirstName IS NULL OR k.LastName IS NULL OR k.NameDataQuality IS NULL OR k.NameDataQuality = 99
                 THEN 'missing'
             WHEN k.NameDataQuality = 2 THEN 'issue' END AS name_2026,
        CASE WHEN k.SSNDataQuality IN (8, 9) THEN 'dkr'
             WHEN k.SSN IS NULL OR k.SSNDataQuality IS NULL OR k.SSNDataQuality = 99 THEN 'missing'
             WHEN {_SSN_ISSUE_2026} THEN 'issue' END AS ssn_2026,
        CASE WHEN k.DOBDataQuality IN (8, 9) AND k.DOB IS NULL THEN 'dkr'
             WHEN k.DOB IS NULL THEN 'missing'
             WHEN k.DOBDataQuality IS NULL OR k.DOBDataQuality IN (2, 8, 9, 99) OR k.DOB < DATE '1915-01-01'
                  OR k.DOB > CAST(e.DateCreated AS DATE) OR ((c.is_adult OR c.is_hoh) AND k.DOB >= c.EntryDate)
                 THEN 'issue' END AS dob_2026,
        CASE WHEN k.RaceNone IN (8, 9) THEN 'dkr' WHEN NOT coalesce({_ANY_RACE}, false) THEN 'missing' END
            AS race_2026,
        c.is_adult AND c.VeteranStatus IN (8, 9) AS vet_dkr,
        c.is_adult AND (c.VeteranStatus IS NULL OR c.VeteranStatus = 99) AS vet_missing,
        coalesce(c.VeteranStatus = 1 AND c.age < 18, false) AS vet_issue,
        d.err_start_date OR coalesce(c.EntryDate > c.ExitDate, false) AS start_issue,
        c.RelationshipToHoH IS NULL AS rel_missing,
        coalesce(c.RelationshipToHoH NOT BETWEEN 1 AND 5, false) OR coalesce(h.heads, 0) <> 1 AS rel_issue,
        c.is_hoh AND e.EnrollmentCoC IS NULL AS coc_missing,
        c.is_hoh AND e.EnrollmentCoC IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM ProjectCoC pc WHERE pc.ProjectID = c.ProjectID AND pc.CoCCode = e.EnrollmentCoC) AS coc_issue,
        c.DisablingCondition IN (8, 9) AS dis_dkr,
        c.DisablingCondition IS NULL OR c.DisablingCondition = 99 AS dis_missing,
        c.DisablingCondition = 0 AND l.disabled_at_entry AS dis_issue,
        c.is_leaver AND c.Destination IN (8, 9) AS dest_dkr,
        c.is_leaver AND (c.Destination IS NULL OR c.Destination IN (30, 99)) AS dest_missing,
        coalesce(c.is_adult_or_hoh AND c.is_stayer AND a.aa_required, false) AS aa_expected,
        coalesce(n.inc_start_dkr, false) AS inc_start_dkr, coalesce(n.inc_start_missing, true) AS inc_start_missing,
        coalesce(n.inc_start_issue, false) AS inc_start_issue,
        coalesce(n.inc_annual_dkr, false) AS inc_annual_dkr,
        coalesce(n.inc_annual_missing, true) AS inc_annual_missing,
        coalesce(n.inc_annual_issue, false) AS inc_annual_issue,
        coalesce(n.inc_exit_dkr, false) AS inc_exit_dkr, coalesce(n.inc_exit_missing, true) AS inc_exit_missing,
        coalesce(n.inc_exit_issue, false) AS inc_exit_issue,
        CASE WHEN c.ProjectType IN (0, 1, 4, 8) THEN 'es_sh_so' WHEN c.ProjectType = 2 THEN 'th'
             WHEN c.ProjectType IN (3, 9, 10, 13) THEN 'ph' WHEN c.ProjectType = 14 THEN 'ce'
             WHEN c.ProjectType IN (6, 11, 12) THEN 'sso' END AS ch_group_2026,
        EXISTS (SELECT 1 FROM inactive x WHERE x.PersonalID = c.PersonalID) AS contact_record_2026,
        EXISTS (SELECT 1 FROM inactive x WHERE x.PersonalID = c.PersonalID AND x.inactive) AS contact_inactive_2026
    FROM client_detail c
    JOIN Client k ON k.PersonalID = c.PersonalID
    JOIN Enrollment e ON e.EnrollmentID = c.EnrollmentID
    JOIN r_latest l ON l.EnrollmentID = c.EnrollmentID
    JOIN r_data_quality d ON d.PersonalID = c.PersonalID
    LEFT JOIN heads h ON h.HouseholdID = c.HouseholdID
    LEFT JOIN r_annual a ON a.PersonalID = c.PersonalID
    LEFT JOIN r_dq_income_2026 n ON n.PersonalID = c.PersonalID""",  # noqa: S608
    """CREATE OR REPLACE TABLE q6_dq_2026 AS
    SELECT q.*, d.* EXCLUDE (PersonalID) FROM q6_dq q JOIN r_dq_2026 d USING (PersonalID)""",
)

# ---- housing move-in (Q7a row 7, Q8a row 3) -----------------------------------------------------------------------
# FY2026 spec: move-in rows apply to PSH and RRH (3, 13) and to "Other" projects (7) funded by HUD: Pay for Success
# (2.06 = 35), whose clients' move-in dates are then reported too.
PAY_FOR_SUCCESS = "EXISTS (SELECT 1 FROM Funder f WHERE f.ProjectID = {project} AND f.Funder = 35)"
MOVE_IN_PROJECTS_2026 = (
    "EXISTS (SELECT 1 FROM r_projects p WHERE p.ProjectType IN (3, 13) OR (p.ProjectType = 7 AND "  # noqa: S608
    + PAY_FOR_SUCCESS.format(project="p.ProjectID")
    + "))"
)
MOVED_IN_2026 = (
    "(c.is_moved_in OR coalesce(c.ProjectType = 7 AND c.hoh_move_in_date <= r_end() AND "
    + PAY_FOR_SUCCESS.format(project="c.ProjectID")
    + ", false))"
)
