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
(4.08), ``developmental`` (4.06), ``physical`` (4.05), and ``conditions``: the number of conditions, where 4.10 = 3
("both") counts as two (Q13a2 instruction 4).

``conditions_view(stage)``: SQL for a view ``q13_<stage>`` = ``client_detail`` plus the columns above (false/0 when
the client has no record at that stage), ready as a table ``source``.

``DOMESTIC_VIOLENCE``: table ``r_dv`` (EnrollmentID), for the latest stay: the latest 4.11 record (HealthAndDV) of
the stay with InformationDate on or before ReportEnd and a 4.11.2 answer (by InformationDate, then DateUpdated):
``dv_survivor`` (4.11.2: 1 yes, 0 no, 8/9, 99), ``dv_fleeing`` (4.11.2B), ``dv_when`` (4.11.2A).
``DV_VIEW``: view ``q14_dv`` = ``client_detail`` plus those columns.

``CONTACTS``: tables ``r_contacts`` (PersonalID, contact_date, situation) and ``r_contact_summary`` (PersonalID,
``contacts``, ``first_situation``, ``contacted``, ``engaged``) for adults and heads of household whose latest stay is
street outreach or a night-by-night shelter (FY2020 spec Q9). A contact is a 4.12 record of the latest stay dated on
or after EntryDate and on or before the ExitDate, the DateOfEngagement and ReportEnd; when there is no 4.12 record on
the DateOfEngagement, the engagement counts as one contact (situation 37, "worker unable to determine").
``first_situation`` groups the earliest contact's 4.12 code: ``'not_homeless'``, ``'homeless'`` (116, 101, 118) or
``'unknown'`` (37, 8, 9, 99, NULL).
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
)

STAGES = ("entry", "exit", "latest")


def conditions_view(stage: str) -> str:
    """SQL creating view ``q13_<stage>``: client_detail with the condition flags of that stage."""
    if stage not in STAGES:
        raise ValueError(f"unknown data collection stage {stage!r}")
    flags = ", ".join(f"coalesce(d.{col}, false) AS {col}" for col in CONDITION_COLUMNS)
    return f"""CREATE OR REPLACE VIEW q13_{stage} AS
        SELECT c.*, {flags}, coalesce(d.conditions, 0) AS conditions
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

DV_VIEW = """CREATE OR REPLACE VIEW q14_dv AS
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

CONTACTS_VIEW = """CREATE OR REPLACE VIEW q9_contacts AS
    SELECT c.*, s.contacts, s.first_situation, coalesce(s.engaged, false) AS engaged,
           coalesce(s.contact_in_period OR s.engaged, false) AS contacted
    FROM client_detail c JOIN r_contact_summary s USING (PersonalID)"""
