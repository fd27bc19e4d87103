"""Building blocks for health conditions, domestic violence and contacts (APR/CAPER Q9, Q13, Q14). Django-free.

Each block is a module-level SQL statement (or a tuple of them) meant for a table's ``setup=``; identical statements
run once per report run, so other question groups (Q25/Q26/Q27 for veterans, chronic, youth) reuse them by
importing the constants below. They use the run's ``r_latest`` / ``client_detail`` and the macros ``r_start()`` and
``r_end()`` of ``engine/blocks.py``.

``CONDITIONS``: table ``r_conditions`` (EnrollmentID, stage), for the latest stay of each client, one row per data
collection stage (FY2020 spec Q13 programming instructions 1-4):

- ``stage = 'entry'``: the 4.05-4.10 records with DataCollectionStage 1 (project start);
- ``stage = 'exit'``: the records with DataCollectionStage 3 (project exit);
- ``stage = 'latest'``: the records with DataCollectionStage 1, 2 or 5 on the latest InformationDate on or before
  ReportEnd (for stayers, Q13c).

Columns (booleans are "a definite yes": DisabilityResponse 1, or 1/2/3 for substance use; 8, 9, 99 and NULL are
ignored): ``mental`` (4.09), ``alcohol`` (4.10 = 1 or 3), ``drug`` (4.10 = 2 or 3), ``chronic`` (4.07), ``hiv``
(4.08), ``developmental`` (4.06), ``physical`` (4.05); ``conditions``: the number of conditions, where 4.10 = 3
("both") counts as two (Q13a2 instruction 4, the FY2026 layout's rule); and ``condition_elements``: the number of the
six elements 4.05-4.10 answered yes, where any yes to 4.10 (1, 2 or 3) counts once (the FY2022 layout's rule: HUD's
Data Lab test kit counts "both alcohol and drug use disorders" as one condition in Q13a2/b2/c2).

``conditions_view(stage)``: SQL for a table ``q13_<stage>`` = ``client_detail`` plus the columns above (false/0 when
the client has no record at that stage), ready as a table ``source``.

``DOMESTIC_VIOLENCE``: table ``r_dv`` (EnrollmentID), for the latest stay: the latest 4.11 record (HealthAndDV) of
the stay with InformationDate on or before ReportEnd and a 4.11.2 answer (by InformationDate, then DateUpdated):
``dv_survivor`` (4.11.2: 1 yes, 0 no, 8/9, 99), ``dv_fleeing`` (4.11.2B), ``dv_when`` (4.11.2A).
``DV_VIEW``: table ``q14_dv`` = ``client_detail`` plus those columns.

``CONTACTS``: tables ``r_contacts`` (PersonalID, contact_date, situation, contact_id) and ``r_contact_summary``
(PersonalID, ``contacts``, ``first_code``, ``first_situation``, ``contact_in_period``, ``engaged``) for adults and heads
of household whose latest stay is street outreach or a night-by-night shelter (FY2020 spec Q9). A contact is a 4.12
record of the latest stay dated on or after EntryDate and on or before the ExitDate, the DateOfEngagement and
ReportEnd; when there is no 4.12 record on the DateOfEngagement, the engagement counts as one contact (situation 37,
"worker unable to determine"). ``first_situation`` groups the earliest contact's 4.12 code: ``'not_homeless'``,
``'homeless'`` (116, 101, 118) or ``'unknown'`` (37, 8, 9, 99, NULL). ``CONTACTS_VIEW``: table ``q9_contacts`` =
``client_detail`` of those clients plus ``contacts``, ``first_situation``, ``engaged`` (DateOfEngagement in the period)
and ``contacted`` (a contact in the period, or engaged): Q9a's universe.

``DATA_QUALITY``: tables ``r_inactive`` and ``r_data_quality`` (one row per client of ``client_detail``) for Q6a-Q6f
(Glossary, "HMIS Data Quality Report" Q2-Q7); ``DATA_QUALITY_VIEW``: table ``q6_dq`` = ``client_detail`` plus:

- ``dq_name``, ``dq_ssn``, ``dq_dob``, ``dq_race``, ``dq_ethnicity``, ``dq_gender``: ``'dkr'`` | ``'missing'`` |
  ``'issue'`` | NULL, the first matching column of DQ Q2: a name or SSN data-quality field of 99 counts as missing;
  a date of birth that is present with DOB Data Quality 8, 9, 99 (or none) is a data issue and 8/9 are "doesn't
  know/refused" only without a date (as HUD's Data Lab test kit counts them, and the FY2026 Glossary writes);
- ``err_veteran``, ``err_start_date`` (overlapping stays in the project), ``err_relationship``, ``err_location``
  (HoH without a valid 3.16 CoC code; the project's own ProjectCoC codes count as valid), ``err_disabling``,
  ``err_destination``;
- ``ch_universe``, ``ch_group`` (``'es_sh_so'`` | ``'th'`` | ``'ph'``), ``ch_institution_missing``,
  ``ch_housing_missing``, ``ch_expected`` (3.917.3-.5 expected), ``ch_date_missing``, ``ch_times_missing``,
  ``ch_months_missing``;
- ``start_entry_days`` / ``exit_entry_days``: days from the project start in the period / the exit of a leaver to the
  record's DateCreated;
- ``contact_record``, ``contact_inactive``, ``bed_night_record``, ``bed_night_inactive``: the client has a stay
  (any, not only the latest) open more than 90 days at ReportEnd, and it is inactive (DQ Q7).
"""

from __future__ import annotations

_YES = "d.DisabilityResponse = 1"
_SUB = "d.DisabilityType = 10"

CONDITION_COLUMNS = ("mental", "alcohol", "drug", "chronic", "hiv", "developmental", "physical")

_FLAGS = f"""
    bool_or(d.DisabilityType = 9 AND {_YES}) AS mental,
    bool_or({_SUB} AND d.DisabilityResponse IN (1, 3)) AS alcohol,
    bool_or({_SUB} AND d.DisabilityResponse IN (2, 3)) AS drug,
    bool_or(d.DisabilityType = 7 AND {_YES}) AS chronic,
    bool_or(d.DisabilityType = 8 AND {_YES}) AS hiv,
    bool_or(d.DisabilityType = 6 AND {_YES}) AS developmental,
    bool_or(d.DisabilityType = 5 AND {_YES}) AS physical"""

CONDITIONS = (
    f"""CREATE OR REPLACE TABLE r_conditions AS
    WITH recs AS (
        SELECT d.*, l.EnrollmentID AS eid FROM Disabilities d JOIN r_latest l ON l.EnrollmentID = d.EnrollmentID
    ), latest AS (
        SELECT eid, max(InformationDate) AS day FROM recs
        WHERE DataCollectionStage IN (1, 2, 5) AND InformationDate <= r_end() GROUP BY eid
    ), staged AS (
        SELECT 'entry' AS stage, * FROM recs WHERE DataCollectionStage = 1
        UNION ALL SELECT 'exit' AS stage, * FROM recs WHERE DataCollectionStage = 3
        UNION ALL SELECT 'latest' AS stage, r.* FROM recs r JOIN latest m ON m.eid = r.eid AND m.day = r.InformationDate
        WHERE r.DataCollectionStage IN (1, 2, 5)
    )
    SELECT d.eid AS EnrollmentID, d.stage, {_FLAGS}
    FROM staged d GROUP BY d.eid, d.stage""",  # noqa: S608
    """ALTER TABLE r_conditions ADD COLUMN conditions INTEGER""",
    """UPDATE r_conditions SET conditions = mental::INT + alcohol::INT + drug::INT + chronic::INT + hiv::INT
                                           + developmental::INT + physical::INT""",
    """ALTER TABLE r_conditions ADD COLUMN condition_elements INTEGER""",
    """UPDATE r_conditions SET condition_elements = mental::INT + (alcohol OR drug)::INT + chronic::INT + hiv::INT
                                                   + developmental::INT + physical::INT""",
)

STAGES = ("entry", "exit", "latest")


def conditions_view(stage: str) -> str:
    """SQL creating table ``q13_<stage>``: client_detail with the condition flags of that stage."""
    if stage not in STAGES:
        raise ValueError(f"unknown data collection stage {stage!r}")
    flags = ", ".join(f"coalesce(d.{col}, false) AS {col}" for col in CONDITION_COLUMNS)
    return f"""CREATE OR REPLACE TABLE q13_{stage} AS
        SELECT c.*, {flags}, coalesce(d.conditions, 0) AS conditions,
               coalesce(d.condition_elements, 0) AS condition_elements
        FROM client_detail c LEFT JOIN r_conditions d ON d.EnrollmentID = c.EnrollmentID AND d.stage = '{stage}'"""  # noqa: S608


DOMESTIC_VIOLENCE = (
    """CREATE OR REPLACE TABLE r_dv AS
    SELECT h.EnrollmentID, h.DomesticViolenceSurvivor AS dv_survivor, h.CurrentlyFleeing AS dv_fleeing,
           h.WhenOccurred AS dv_when
    FROM HealthAndDV h JOIN r_latest l ON l.EnrollmentID = h.EnrollmentID
    WHERE h.InformationDate <= r_end() AND h.DomesticViolenceSurvivor IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY h.EnrollmentID
                               ORDER BY h.InformationDate DESC, h.DateUpdated DESC, h.HealthAndDVID DESC) = 1""",
)

DV_VIEW = """CREATE OR REPLACE TABLE q14_dv AS
    SELECT c.*, d.dv_survivor, d.dv_fleeing, d.dv_when
    FROM client_detail c LEFT JOIN r_dv d ON d.EnrollmentID = c.EnrollmentID"""

# 4.12 codes (FY2026) of "staying on the streets, ES or SH" and of "worker unable to determine" (Q9 columns D and E).
HOMELESS_SITUATIONS = (116, 101, 118)
UNKNOWN_SITUATIONS = (37, 8, 9, 99)

CONTACTS = (
    """CREATE OR REPLACE TABLE r_contacts AS
    WITH stays AS (
        SELECT c.PersonalID, c.EnrollmentID, c.EntryDate, c.ExitDate, c.DateOfEngagement
        FROM client_detail c WHERE c.ProjectType IN (1, 4) AND c.is_adult_or_hoh
    ), cls AS (
        SELECT s.PersonalID, x.InformationDate AS contact_date, x.CurrentLivingSituation AS situation,
               x.CurrentLivingSitID AS contact_id
        FROM stays s JOIN CurrentLivingSituation x ON x.EnrollmentID = s.EnrollmentID
        WHERE x.InformationDate >= s.EntryDate AND (s.ExitDate IS NULL OR x.InformationDate <= s.ExitDate)
          AND (s.DateOfEngagement IS NULL OR x.InformationDate <= s.DateOfEngagement)
          AND x.InformationDate <= r_end()
    )
    SELECT * FROM cls
    UNION ALL
    SELECT s.PersonalID, s.DateOfEngagement, 37, NULL FROM stays s
    WHERE s.DateOfEngagement IS NOT NULL AND s.DateOfEngagement >= s.EntryDate
      AND (s.ExitDate IS NULL OR s.DateOfEngagement <= s.ExitDate) AND s.DateOfEngagement <= r_end()
      AND NOT EXISTS (SELECT 1 FROM CurrentLivingSituation x
                      WHERE x.EnrollmentID = s.EnrollmentID AND x.InformationDate = s.DateOfEngagement)""",
    """CREATE OR REPLACE TABLE r_contact_summary AS
    SELECT c.PersonalID, count(*) AS contacts,
           arg_min(c.situation, (c.contact_date, c.contact_id IS NULL, c.contact_id)) AS first_code,
           CASE WHEN first_code IN (116, 101, 118) THEN 'homeless'
                WHEN first_code IS NULL OR first_code IN (37, 8, 9, 99) THEN 'unknown'
                ELSE 'not_homeless' END AS first_situation,
           bool_or(c.contact_date BETWEEN r_start() AND r_end()) AS contact_in_period,
           any_value(d.DateOfEngagement BETWEEN r_start() AND r_end()) AS engaged
    FROM r_contacts c JOIN client_detail d USING (PersonalID)
    GROUP BY c.PersonalID""",
)

CONTACTS_VIEW = """CREATE OR REPLACE TABLE q9_contacts AS
    SELECT c.*, s.contacts, s.first_situation, coalesce(s.engaged, false) AS engaged,
           coalesce(s.contact_in_period OR s.engaged, false) AS contacted
    FROM client_detail c JOIN r_contact_summary s USING (PersonalID)"""


# ---- data quality (APR/CAPER Q6, Glossary "HMIS Data Quality Report") ------------------------------------------------

# 3.917.1 groups (FY2026 codes): homeless situations 1xx, institutional 2xx; everything else (temporary and permanent
# housing situations, 8, 9, 99, blank) is "housing and other" (Glossary DQ Q5 columns C and D).
_INSTITUTION = "(e.LivingSituation BETWEEN 200 AND 299)"
_HOMELESS = "(e.LivingSituation BETWEEN 100 AND 199)"
_HOUSING_OTHER = f"(e.LivingSituation IS NULL OR NOT ({_INSTITUTION} OR {_HOMELESS}))"
_LOS_MISSING = "(e.LengthOfStay IS NULL OR e.LengthOfStay IN (8, 9, 99))"
_SSN_INVALID = """(NOT regexp_full_match(coalesce(k.SSN, ''), '[0-9]{9}')
    OR left(k.SSN, 3) IN ('000', '666') OR left(k.SSN, 1) = '9' OR substr(k.SSN, 4, 2) = '00'
    OR right(k.SSN, 4) = '0000' OR k.SSN = repeat(left(k.SSN, 1), 9)
    OR contains('01234567890123456789', k.SSN) OR contains('98765432109876543210', k.SSN))"""


def _coc_list() -> str:
    from hearth import standards

    return ", ".join("'" + c.code.replace("'", "''") + "'" for c in standards.coc_codes())


DATA_QUALITY = (
    # Q6f counts records, i.e. every stay in scope (not only the latest) that started more than 90 days before
    # ReportEnd and is still open after it; SO and NbN shelter stays of adults and HoHs for contacts (inactive: no 4.12
    # contact, nor the start, in the last 90 days), NbN stays of everyone for bed nights (no bed night in 90 days).
    """CREATE OR REPLACE TABLE r_inactive AS
    WITH open_stays AS (
        SELECT e.*, coalesce(e.age >= 18 OR e.RelationshipToHoH = 1, false) AS adult_or_hoh,
               (SELECT max(s.InformationDate) FROM CurrentLivingSituation s
                WHERE s.EnrollmentID = e.EnrollmentID AND s.InformationDate <= r_end()) AS last_contact,
               (SELECT max(b.DateProvided) FROM r_bed_nights b
                WHERE b.EnrollmentID = e.EnrollmentID AND b.DateProvided <= r_end()) AS last_bed_night
        FROM r_enrollments e
        WHERE e.ProjectType IN (1, 4) AND e.EntryDate < r_end() - 90 AND (e.ExitDate IS NULL OR e.ExitDate > r_end())
    )
    SELECT PersonalID,
           bool_or(adult_or_hoh) AS contact_record,
           bool_or(adult_or_hoh AND greatest(EntryDate, last_contact) < r_end() - 90) AS contact_inactive,
           bool_or(ProjectType = 1) AS bed_night_record,
           bool_or(ProjectType = 1 AND coalesce(last_bed_night < r_end() - 90, true)) AS bed_night_inactive
    FROM open_stays GROUP BY PersonalID""",
    f"""CREATE OR REPLACE TABLE r_data_quality AS
    WITH overlap AS (  -- DQ Q3 row 3: an earlier start in the same project whose stay had not ended
        SELECT DISTINCT c.PersonalID FROM client_detail c
        JOIN Enrollment o ON o.PersonalID = c.PersonalID AND o.ProjectID = c.ProjectID
                         AND o.EnrollmentID <> c.EnrollmentID AND o.EntryDate <= c.EntryDate
        LEFT JOIN r_exit ox ON ox.EnrollmentID = o.EnrollmentID
        WHERE ox.ExitDate IS NULL OR c.EntryDate < ox.ExitDate
    ), households AS (  -- DQ Q3 row 4: heads of household per household
        SELECT coalesce(m.HouseholdID, m.EnrollmentID || '*HH') AS HouseholdID,
               count(*) FILTER (WHERE m.RelationshipToHoH = 1) AS heads
        FROM Enrollment m JOIN r_projects p ON p.ProjectID = m.ProjectID GROUP BY 1
    ), project_cocs AS (SELECT DISTINCT ProjectID, CoCCode FROM ProjectCoC)
    SELECT c.PersonalID,
        -- Q6a (Glossary DQ Q2): per element 'dkr' | 'missing' | 'issue' | NULL, first match wins
        CASE WHEN k.NameDataQuality IN (8, 9) THEN 'dkr'
             WHEN k.FirstName IS NULL OR k.LastName IS NULL THEN 'missing'
             WHEN k.NameDataQuality = 2 THEN 'issue' END AS dq_name,
        CASE WHEN k.SSNDataQuality IN (8, 9) THEN 'dkr'
             WHEN k.SSN IS NULL OR k.SSNDataQuality IS NULL OR k.SSNDataQuality = 99 THEN 'missing'
             WHEN k.SSNDataQuality = 2 OR {_SSN_INVALID} THEN 'issue' END AS dq_ssn,
        CASE WHEN k.DOBDataQuality IN (8, 9) AND k.DOB IS NULL THEN 'dkr'
             WHEN k.DOB IS NULL THEN 'missing'
             WHEN k.DOBDataQuality IS NULL OR k.DOBDataQuality IN (2, 8, 9, 99) OR k.DOB < DATE '1915-01-01'
                  OR k.DOB > CAST(e.DateCreated AS DATE) OR ((c.is_adult OR c.is_hoh) AND k.DOB >= c.EntryDate)
                 THEN 'issue' END AS dq_dob,
        CASE WHEN k.RaceNone IN (8, 9) THEN 'dkr' WHEN c.race_fy2022 IN ('missing', 'dkr') THEN 'missing'
             END AS dq_race,
        CASE c.ethnicity_fy2022 WHEN 'dkr' THEN 'dkr' WHEN 'missing' THEN 'missing' END AS dq_ethnicity,
        CASE c.gender_fy2022 WHEN 'dkr' THEN 'dkr' WHEN 'missing' THEN 'missing' END AS dq_gender,
        -- Q6b (DQ Q3)
        c.is_adult AND (c.VeteranStatus IS NULL OR c.VeteranStatus IN (8, 9, 99))
            OR coalesce(c.VeteranStatus = 1 AND c.age < 18, false) AS err_veteran,
        c.PersonalID IN (SELECT PersonalID FROM overlap)
            AS err_start_date,
        c.RelationshipToHoH IS NULL OR c.RelationshipToHoH NOT BETWEEN 1 AND 5
            OR coalesce(hh.heads, 0) <> 1 AS err_relationship,
        c.is_hoh AND (e.EnrollmentCoC IS NULL OR (e.EnrollmentCoC NOT IN ({{cocs}})
            AND pc.ProjectID IS NULL)) AS err_location,
        c.DisablingCondition IS NULL OR c.DisablingCondition IN (8, 9, 99)
            OR (c.DisablingCondition = 0 AND l.disabled_at_entry) AS err_disabling,
        -- Q6c (DQ Q4) row 2
        c.is_leaver AND (c.Destination IS NULL OR c.Destination IN (8, 9, 30, 99)) AS err_destination,
        -- Q6d (DQ Q5)
        e.EntryDate >= DATE '2016-10-01' AND (c.is_adult OR c.is_hoh) AS ch_universe,
        CASE WHEN c.ProjectType IN (0, 1, 4, 8) THEN 'es_sh_so' WHEN c.ProjectType = 2 THEN 'th'
             WHEN c.ProjectType IN (3, 9, 10, 13) THEN 'ph' END AS ch_group,
        {_INSTITUTION} AND {_LOS_MISSING} AS ch_institution_missing,
        {_HOUSING_OTHER} AND {_LOS_MISSING} AS ch_housing_missing,
        c.ProjectType IN (0, 1, 4, 8) OR {_HOMELESS}
            OR ({_INSTITUTION} AND e.LengthOfStay IN (10, 11, 2, 3) AND e.PreviousStreetESSH = 1)
            OR ({_HOUSING_OTHER} AND e.LengthOfStay IN (10, 11) AND e.PreviousStreetESSH = 1) AS ch_expected,
        e.DateToStreetESSH IS NULL AS ch_date_missing,
        e.TimesHomelessPastThreeYears IS NULL OR e.TimesHomelessPastThreeYears IN (8, 9, 99) AS ch_times_missing,
        e.MonthsHomelessPastThreeYears IS NULL OR e.MonthsHomelessPastThreeYears IN (8, 9, 99) AS ch_months_missing,
        -- Q6e (DQ Q6): days from the event to the record's creation
        CASE WHEN c.EntryDate BETWEEN r_start() AND r_end() THEN
             date_diff('day', c.EntryDate, CAST(e.DateCreated AS DATE)) END AS start_entry_days,
        CASE WHEN c.is_leaver THEN date_diff('day', c.ExitDate, CAST(x.DateCreated AS DATE)) END AS exit_entry_days,
        -- Q6f (DQ Q7): stays (records) open for more than 90 days at ReportEnd, see r_inactive
        coalesce(n.contact_record, false) AS contact_record, coalesce(n.contact_inactive, false) AS contact_inactive,
        coalesce(n.bed_night_record, false) AS bed_night_record,
        coalesce(n.bed_night_inactive, false) AS bed_night_inactive
    FROM client_detail c
    JOIN Client k ON k.PersonalID = c.PersonalID
    JOIN Enrollment e ON e.EnrollmentID = c.EnrollmentID
    JOIN r_latest l ON l.EnrollmentID = c.EnrollmentID
    LEFT JOIN r_exit x ON x.EnrollmentID = c.EnrollmentID
    LEFT JOIN households hh ON hh.HouseholdID = c.HouseholdID
    LEFT JOIN project_cocs pc ON pc.ProjectID = c.ProjectID AND pc.CoCCode = e.EnrollmentCoC
    LEFT JOIN r_inactive n ON n.PersonalID = c.PersonalID""".replace("{cocs}", _coc_list()),  # noqa: S608
)

DATA_QUALITY_VIEW = """CREATE OR REPLACE TABLE q6_dq AS
    SELECT c.*, d.* EXCLUDE (PersonalID) FROM client_detail c JOIN r_data_quality d USING (PersonalID)"""
