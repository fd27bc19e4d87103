"""The shared building blocks of the APR and CAPER, written once in SQL (FY2020 APR/CAPER spec and Reporting Glossary).

Django-free. ``build(ds, params)`` (re)creates, in order, the tables below; every report table aggregates them.

- ``r_projects``     the projects in scope (ProjectID, ProjectType, ...)
- ``r_exit``         one Exit row per enrollment
- ``r_bed_nights``   distinct bed-night dates (4.14, RecordType 200) of night-by-night ES stays, within the stay, of
                     stays overlapping the period, up to ReportEnd
- ``r_enrollments``  every stay in scope active in the period: Method 1 (start/exit); ES night-by-night (ProjectType 1)
                     also needs a bed night in the period (Method 2); EnrollmentCoC must be the report's CoC or blank.
                     Has ``age`` as of the later of EntryDate and ReportStart, and ``ch_own`` (CH at project start from
                     the person's own 3.08/3.917 data: 'yes' | 'no' | 'dkr' | 'missing')
- ``r_latest``       each client's latest stay (by EntryDate) among ``r_enrollments``
- ``r_hoh``          the head of household's stay per HouseholdID
- ``r_household``    per client: counts of adults/children/unknown-age members of the latest stay's household, with
                     ages taken on the client's own age date (Glossary: Household Types)
- ``client_detail``  one row per client (the "client detail" of the spec); see ``CLIENT_DETAIL_COLUMNS``.

A table cell is a predicate over ``client_detail`` (alias ``c``), so the clients behind a cell are listed by the same
predicate (drill-down).
"""

from __future__ import annotations

from datetime import date, timedelta

from hearth.reports.engine.dataset import Dataset
from hearth.reports.engine.params import ParameterError, ReportParams

HOUSEHOLD_TYPES = ("adults_only", "adults_and_children", "children_only", "unknown")

# What every client_detail column means; docs/reports.md repeats this list.
CLIENT_DETAIL_COLUMNS = {
    "PersonalID": "the client (5.08)",
    "EnrollmentID": "the latest stay in scope (5.06)",
    "HouseholdID": "household of that stay (EnrollmentID||'*HH' when blank)",
    "ProjectID": "project of that stay",
    "ProjectType": "FY2026 project type (0 ES entry/exit, 1 ES night-by-night, 2 TH, 3 PSH, 4 SO, 6 SSO, 13 RRH, ...)",
    "EntryDate": "3.10",
    "ExitDate": "3.11, NULL when no exit (may be after ReportEnd: use is_leaver/is_stayer)",
    "RelationshipToHoH": "3.15",
    "is_hoh": "RelationshipToHoH = 1",
    "DOB": "3.03",
    "DOBDataQuality": "3.03",
    "age": "whole years on age_date; NULL when unknown",
    "age_date": "later of EntryDate and ReportStart",
    "is_adult": "age >= 18",
    "is_child": "age < 18",
    "is_unknown_age": "age IS NULL",
    "age_dkr": "age unknown and DOBDataQuality 8/9 (client doesn't know/refused)",
    "age_missing": "age unknown and not age_dkr (data not collected)",
    "is_adult_or_hoh": "is_adult OR is_hoh",
    "household_type": "'adults_only' | 'adults_and_children' | 'children_only' | 'unknown'",
    "is_leaver": "ExitDate <= ReportEnd",
    "is_stayer": "ExitDate IS NULL OR ExitDate > ReportEnd",
    "is_veteran": "adult with VeteranStatus = 1",
    "VeteranStatus": "3.07",
    "ch_status": "CH at project start after the household rule: 'yes' | 'no' | 'dkr' | 'missing'",
    "is_chronic": "ch_status = 'yes'",
    "DisablingCondition": "3.08",
    "is_youth": "12 <= age <= 24 and every household member's age known and <= 24",
    "is_parenting_youth": "youth who is HoH or adult, with a household member RelationshipToHoH = 2 aged <= 24",
    "hoh_entry_date": "EntryDate of the household's HoH",
    "hoh_move_in_date": "3.20 of the household's HoH (children and other members inherit it)",
    "is_moved_in": "ProjectType 3/13 and hoh_move_in_date <= ReportEnd",
    "days_in_project": "length of stay in project (Glossary): through ExitDate or ReportEnd+1; NbN: bed nights",
    "bed_nights": "bed nights in the period (Glossary, Bed Night methods 1-3)",
    "days_enrolled": "calendar days from EntryDate to ExitDate or ReportEnd+1, for every project type",
    "is_hoh_stayer_365": "adult or HoH whose HoH is a stayer with EntryDate + 1 year <= ReportEnd (APR Q5a row 16)",
    "is_engaged": "not SO, or SO with DateOfEngagement on or before ReportEnd",
    "DateOfEngagement": "4.13",
    "Destination": "3.12 (FY2026 code), only for leavers",
    "DestinationSubsidyType": "3.12.A",
    "destination_group": "'permanent' | 'temporary' | 'institutional' | 'other' | NULL (stayers)",
    "LivingSituation": "3.917.1 (FY2026 code)",
    "gender_fy2022": "'male' | 'female' | 'no_single_gender' | 'questioning' | 'transgender' | 'dkr' | 'missing'",
    "race_fy2022": "'white' | 'black' | 'asian' | 'amind' | 'nhpi' | 'multiple' | 'dkr' | 'missing'",
    "ethnicity_fy2022": "'non_hispanic' | 'hispanic' | 'dkr' | 'missing'",
    "Sex": "4.21 (FY2026)",
    "pit_jan": "present on the last Wednesday of January in the period (also pit_apr, pit_jul, pit_oct; Q7b)",
}

MACROS = [
    # Whole years from dob to d with anniversary arithmetic (Glossary: Age); NULL when unknown or negative.
    """CREATE OR REPLACE MACRO age_years(dob, d) AS
       CASE WHEN dob IS NULL OR d IS NULL OR dob > d THEN NULL
            ELSE year(d) - year(dob) - CASE WHEN strftime(d, '%m%d') < strftime(dob, '%m%d') THEN 1 ELSE 0 END END""",
    # 3.12 destination groups of the FY2022 APR (homeless situations count as temporary destinations).
    """CREATE OR REPLACE MACRO destination_group(code) AS
       CASE WHEN code IS NULL THEN NULL
            WHEN code BETWEEN 400 AND 499 THEN 'permanent'
            WHEN code BETWEEN 100 AND 199 OR code BETWEEN 300 AND 399 THEN 'temporary'
            WHEN code BETWEEN 200 AND 299 THEN 'institutional'
            ELSE 'other' END""",
    # The 3.917 time test of the Glossary's CH table (lines 4-6, 10-12, 17-19, 24-26).
    """CREATE OR REPLACE MACRO ch_time_test(entry, to_street, times, months) AS
       CASE WHEN to_street IS NOT NULL AND to_street <= entry - INTERVAL 365 DAY THEN 'yes'
            WHEN times IN (8, 9) THEN 'dkr'
            WHEN times IS NULL OR times = 99 THEN 'missing'
            WHEN times IN (1, 2, 3) THEN 'no'
            WHEN months IN (8, 9) THEN 'dkr'
            WHEN months IS NULL OR months = 99 THEN 'missing'
            WHEN months >= 112 THEN 'yes'
            ELSE 'no' END""",
]


def _project_scope(ds: Dataset, params: ReportParams) -> str:
    """SQL selecting the in-scope ProjectIDs; raises ParameterError for unknown projects or CoC."""
    if params.coc:
        known = ds.scalar("SELECT count(*) FROM ProjectCoC WHERE CoCCode = ?", [params.coc])
        if not known:
            raise ParameterError(f"CoC {params.coc} is not the CoC of any project in the export (ProjectCoC.csv)")
    if params.project_ids:
        found = {r[0] for r in ds.query("SELECT ProjectID FROM Project WHERE ProjectID IN (SELECT unnest(?))",
                                        [list(params.project_ids)])}  # fmt: skip
        unknown = [p for p in params.project_ids if p not in found]
        if unknown:
            raise ParameterError(f"unknown project ID(s): {', '.join(unknown)} (not in Project.csv)")
        ids = ", ".join("'" + p.replace("'", "''") + "'" for p in params.project_ids)
        return f"SELECT ProjectID FROM Project WHERE ProjectID IN ({ids})"  # noqa: S608
    if params.coc:
        coc = params.coc.replace("'", "''")
        return f"SELECT DISTINCT ProjectID FROM ProjectCoC WHERE CoCCode = '{coc}'"  # noqa: S608
    return "SELECT ProjectID FROM Project"


def last_wednesday(year: int, month: int) -> date:
    """The last Wednesday of a month (HUD's point-in-time dates, APR Q7b/Q8b)."""
    last = (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 2) % 7)


def pit_dates(start: date, end: date) -> dict[int, date | None]:
    """Per month (1, 4, 7, 10): its latest last Wednesday within start..end, or None."""
    out: dict[int, date | None] = {}
    for month in (1, 4, 7, 10):
        found = None
        for year in range(end.year, start.year - 1, -1):
            d = last_wednesday(year, month)
            if start <= d <= end:
                found = d
                break
        out[month] = found
    return out


def build(ds: Dataset, params: ReportParams) -> None:
    """(Re)create the building-block tables for one report run."""
    for macro in MACROS:
        ds.con.execute(macro)
    v = params.sql_values()
    start, end = v["start"], v["end"]
    # Run constants as macros, for table authors: r_start(), r_end(), pit_date(month).
    ds.con.execute(f"CREATE OR REPLACE MACRO r_start() AS {start}")
    ds.con.execute(f"CREATE OR REPLACE MACRO r_end() AS {end}")
    whens = " ".join(
        f"WHEN {m} THEN " + (f"DATE '{d.isoformat()}'" if d else "NULL::DATE")
        for m, d in pit_dates(params.start, params.end).items()
    )
    ds.con.execute(f"CREATE OR REPLACE MACRO pit_date(m) AS CASE m {whens} END")
    coc = "NULL" if not params.coc else "'" + params.coc.replace("'", "''") + "'"
    scope = _project_scope(ds, params)
    steps = [
        f"""CREATE OR REPLACE TABLE r_projects AS
            SELECT p.ProjectID, p.ProjectType, p.ProjectName, p.OrganizationID FROM Project p
            WHERE p.ProjectID IN ({scope})""",  # noqa: S608
        """CREATE OR REPLACE TABLE r_exit AS
            SELECT * FROM Exit
            QUALIFY row_number() OVER (PARTITION BY EnrollmentID ORDER BY ExitDate DESC, DateUpdated DESC) = 1""",
        # Only stays that overlap the period and nights up to ReportEnd: what every use of it reads.
        f"""CREATE OR REPLACE TABLE r_bed_nights AS
            SELECT DISTINCT s.EnrollmentID, s.PersonalID, s.DateProvided
            FROM Services s JOIN Enrollment e USING (EnrollmentID) JOIN r_projects p ON p.ProjectID = e.ProjectID
            LEFT JOIN r_exit x ON x.EnrollmentID = e.EnrollmentID
            WHERE p.ProjectType = 1 AND s.RecordType = 200 AND s.DateProvided >= e.EntryDate
              AND (x.ExitDate IS NULL OR s.DateProvided < x.ExitDate)
              AND e.EntryDate <= {end} AND (x.ExitDate IS NULL OR x.ExitDate >= {start}) AND s.DateProvided <= {end}""",  # noqa: S608
        # Disabilities at project start that make 3.08 "yes" (Glossary: Disabling Condition).
        """CREATE OR REPLACE TABLE r_disabled_at_entry AS
            SELECT DISTINCT d.EnrollmentID FROM Disabilities d
            WHERE d.DataCollectionStage = 1 AND (
                (d.DisabilityType IN (6, 8) AND d.DisabilityResponse = 1)
             OR (d.DisabilityType IN (5, 7, 9) AND d.DisabilityResponse = 1 AND d.IndefiniteAndImpairs = 1)
             OR (d.DisabilityType = 10 AND d.DisabilityResponse IN (1, 2, 3) AND d.IndefiniteAndImpairs = 1))""",
        f"""CREATE OR REPLACE TABLE r_enrollments AS
            SELECT e.EnrollmentID, e.PersonalID, e.ProjectID, p.ProjectType,
                   coalesce(e.HouseholdID, e.EnrollmentID || '*HH') AS HouseholdID,
                   e.RelationshipToHoH, e.EntryDate, x.ExitDate, x.Destination, x.DestinationSubsidyType,
                   e.MoveInDate, e.DateOfEngagement, e.EnrollmentCoC, e.LivingSituation, e.LOSUnderThreshold,
                   e.PreviousStreetESSH, e.DateToStreetESSH, e.TimesHomelessPastThreeYears,
                   e.MonthsHomelessPastThreeYears, e.DisablingCondition, c.DOB, c.DOBDataQuality,
                   greatest(e.EntryDate, {start}) AS age_date,
                   age_years(c.DOB, greatest(e.EntryDate, {start})) AS age,
                   (e.DisablingCondition = 1 OR da.EnrollmentID IS NOT NULL) AS disabled_at_entry
            FROM Enrollment e
            JOIN r_projects p ON p.ProjectID = e.ProjectID
            JOIN Client c ON c.PersonalID = e.PersonalID
            LEFT JOIN r_exit x ON x.EnrollmentID = e.EnrollmentID
            LEFT JOIN r_disabled_at_entry da ON da.EnrollmentID = e.EnrollmentID
            WHERE e.EntryDate <= {end} AND (x.ExitDate IS NULL OR x.ExitDate >= {start})
              AND ({coc} IS NULL OR e.EnrollmentCoC IS NULL OR e.EnrollmentCoC = {coc})
              AND (p.ProjectType <> 1 OR e.EnrollmentID IN (
                    SELECT EnrollmentID FROM r_bed_nights WHERE DateProvided BETWEEN {start} AND {end}))""",  # noqa: S608
        # Glossary: CH at project start from the person's own data.
        """ALTER TABLE r_enrollments ADD COLUMN ch_own VARCHAR""",
        """UPDATE r_enrollments SET ch_own = CASE
              WHEN NOT disabled_at_entry THEN
                   CASE WHEN DisablingCondition = 0 THEN 'no' WHEN DisablingCondition IN (8, 9) THEN 'dkr'
                        ELSE 'missing' END
              WHEN ProjectType IN (0, 1, 4, 8) OR LivingSituation BETWEEN 100 AND 199 THEN
                   ch_time_test(EntryDate, DateToStreetESSH, TimesHomelessPastThreeYears, MonthsHomelessPastThreeYears)
              WHEN LOSUnderThreshold = 0 THEN 'no'
              WHEN LOSUnderThreshold IS DISTINCT FROM 1 THEN 'missing'
              WHEN PreviousStreetESSH = 0 THEN 'no'
              WHEN PreviousStreetESSH IS DISTINCT FROM 1 THEN 'missing'
              ELSE ch_time_test(EntryDate, DateToStreetESSH, TimesHomelessPastThreeYears, MonthsHomelessPastThreeYears)
            END""",
        """CREATE OR REPLACE TABLE r_latest AS
            SELECT * FROM r_enrollments
            QUALIFY row_number() OVER (PARTITION BY PersonalID
                                       ORDER BY EntryDate DESC, ExitDate DESC NULLS FIRST, EnrollmentID DESC) = 1""",
        """CREATE OR REPLACE TABLE r_hoh AS
            SELECT HouseholdID, PersonalID AS hoh_id, EntryDate AS hoh_entry_date, ExitDate AS hoh_exit_date,
                   MoveInDate AS hoh_move_in_date, ch_own AS hoh_ch, age AS hoh_age, DateToStreetESSH AS hoh_to_street
            FROM r_enrollments WHERE RelationshipToHoH = 1
            QUALIFY row_number() OVER (PARTITION BY HouseholdID ORDER BY EntryDate DESC, EnrollmentID DESC) = 1""",
        """CREATE OR REPLACE TABLE r_household AS
            SELECT l.PersonalID,
                   count(DISTINCT m.PersonalID) FILTER (WHERE age_years(m.DOB, l.age_date) >= 18) AS adults,
                   count(DISTINCT m.PersonalID) FILTER (WHERE age_years(m.DOB, l.age_date) < 18) AS children,
                   count(DISTINCT m.PersonalID) FILTER (WHERE age_years(m.DOB, l.age_date) IS NULL) AS unknown_age,
                   bool_and(coalesce(age_years(m.DOB, l.age_date) <= 24, false)) AS all_youth,
                   bool_or(m.RelationshipToHoH = 2 AND coalesce(age_years(m.DOB, l.age_date) <= 24, false))
                       AS has_youth_child,
                   bool_or(m.ch_own = 'yes' AND m.age >= 18 AND m.EntryDate = l.EntryDate) AS adult_ch_same_entry
            FROM r_latest l JOIN r_enrollments m ON m.HouseholdID = l.HouseholdID
            GROUP BY l.PersonalID""",
        f"""CREATE OR REPLACE TABLE r_stay_length AS
            SELECT l.EnrollmentID,
                   CASE WHEN l.ProjectType = 1 THEN
                        (SELECT count(*) FROM r_bed_nights b WHERE b.EnrollmentID = l.EnrollmentID
                                                               AND b.DateProvided <= {end})
                        ELSE date_diff('day', l.EntryDate, least(coalesce(l.ExitDate, {end} + 1), {end} + 1)) END
                       AS days_in_project,
                   CASE WHEN l.ProjectType = 1 THEN
                        (SELECT count(*) FROM r_bed_nights b WHERE b.EnrollmentID = l.EnrollmentID
                                                               AND b.DateProvided BETWEEN {start} AND {end})
                        WHEN l.ProjectType IN (3, 9, 10, 13) THEN
                        CASE WHEN l.MoveInDate IS NULL OR l.MoveInDate > {end} THEN 0
                             ELSE greatest(0, date_diff('day', greatest(l.MoveInDate, {start}),
                                                        least(coalesce(l.ExitDate, {end} + 1), {end} + 1))) END
                        ELSE greatest(0, date_diff('day', greatest(l.EntryDate, {start}),
                                                   least(coalesce(l.ExitDate, {end} + 1), {end} + 1))) END
                       AS bed_nights
            FROM r_latest l""",  # noqa: S608
        f"""CREATE OR REPLACE TABLE client_detail AS
            SELECT l.PersonalID, l.EnrollmentID, l.HouseholdID, l.ProjectID, l.ProjectType, l.EntryDate, l.ExitDate,
                   l.RelationshipToHoH, coalesce(l.RelationshipToHoH = 1, false) AS is_hoh,
                   l.DOB, l.DOBDataQuality, l.age, l.age_date,
                   coalesce(l.age >= 18, false) AS is_adult, coalesce(l.age < 18, false) AS is_child,
                   l.age IS NULL AS is_unknown_age,
                   l.age IS NULL AND l.DOBDataQuality IN (8, 9) AS age_dkr,
                   l.age IS NULL AND l.DOBDataQuality IS DISTINCT FROM 8 AND l.DOBDataQuality IS DISTINCT FROM 9
                       AS age_missing,
                   coalesce(l.age >= 18, false) OR coalesce(l.RelationshipToHoH = 1, false) AS is_adult_or_hoh,
                   CASE WHEN h.adults > 0 AND h.children > 0 THEN 'adults_and_children'
                        WHEN h.adults > 0 AND h.children = 0 AND h.unknown_age = 0 THEN 'adults_only'
                        WHEN h.children > 0 AND h.adults = 0 AND h.unknown_age = 0 THEN 'children_only'
                        ELSE 'unknown' END AS household_type,
                   l.ExitDate IS NOT NULL AND l.ExitDate <= {end} AS is_leaver,
                   l.ExitDate IS NULL OR l.ExitDate > {end} AS is_stayer,
                   c.VeteranStatus, coalesce(l.age >= 18 AND c.VeteranStatus = 1, false) AS is_veteran,
                   CASE WHEN hh.hoh_ch = 'yes' AND hh.hoh_entry_date = l.EntryDate THEN 'yes'
                        WHEN h.adult_ch_same_entry THEN 'yes'
                        WHEN l.age >= 18 THEN l.ch_own
                        WHEN hh.hoh_id IS NULL THEN l.ch_own
                        WHEN hh.hoh_ch IN ('dkr', 'missing') THEN hh.hoh_ch
                        ELSE l.ch_own END AS ch_status,
                   false AS is_chronic,
                   l.DisablingCondition,
                   coalesce(l.age BETWEEN 12 AND 24 AND h.all_youth, false) AS is_youth,
                   coalesce(l.age BETWEEN 12 AND 24 AND h.all_youth AND h.has_youth_child
                            AND (l.RelationshipToHoH = 1 OR l.age >= 18), false) AS is_parenting_youth,
                   hh.hoh_entry_date, hh.hoh_move_in_date,
                   coalesce(l.ProjectType IN (3, 13) AND hh.hoh_move_in_date <= {end}, false) AS is_moved_in,
                   sl.days_in_project, sl.bed_nights,
                   date_diff('day', l.EntryDate, least(coalesce(l.ExitDate, {end} + 1), {end} + 1)) AS days_enrolled,
                   false AS is_hoh_stayer_365,
                   l.ProjectType <> 4 OR coalesce(l.DateOfEngagement <= {end}, false) AS is_engaged,
                   l.DateOfEngagement,
                   CASE WHEN l.ExitDate <= {end} THEN l.Destination END AS Destination,
                   CASE WHEN l.ExitDate <= {end} THEN l.DestinationSubsidyType END AS DestinationSubsidyType,
                   CASE WHEN l.ExitDate <= {end} THEN destination_group(l.Destination) END AS destination_group,
                   l.LivingSituation,
                   {GENDER_FY2022} AS gender_fy2022,
                   {RACE_FY2022} AS race_fy2022,
                   {ETHNICITY_FY2022} AS ethnicity_fy2022,
                   c.Sex
            FROM r_latest l
            JOIN Client c ON c.PersonalID = l.PersonalID
            JOIN r_household h ON h.PersonalID = l.PersonalID
            LEFT JOIN r_hoh hh ON hh.HouseholdID = l.HouseholdID
            JOIN r_stay_length sl ON sl.EnrollmentID = l.EnrollmentID""",  # noqa: S608
        """UPDATE client_detail SET is_chronic = (ch_status = 'yes')""",
        # APR/CAPER Q7b/Q8b: present on the last Wednesday of January, April, July, October (FY2020 spec Q7b):
        # PSH/RRH need the HoH's move-in on or before it; housing types must not have exited on it, SO/SSO may;
        # night-by-night shelters need a bed night on it. A stay without an exit takes the HoH's exit date.
        """CREATE OR REPLACE TABLE r_pit AS
            SELECT DISTINCT e.PersonalID, m.month
            FROM r_enrollments e LEFT JOIN r_hoh h ON h.HouseholdID = e.HouseholdID,
                 (SELECT unnest([1, 4, 7, 10]) AS month) m,
                 LATERAL (SELECT pit_date(m.month) AS pit, coalesce(e.ExitDate, h.hoh_exit_date) AS leave) d
            WHERE d.pit IS NOT NULL AND e.EntryDate <= d.pit
              AND CASE WHEN e.ProjectType IN (0, 1, 2, 3, 8, 9, 10, 13) THEN d.leave IS NULL OR d.leave > d.pit
                       ELSE d.leave IS NULL OR d.leave >= d.pit END
              AND (e.ProjectType NOT IN (3, 13) OR h.hoh_move_in_date <= d.pit)
              AND (e.ProjectType <> 1 OR EXISTS (SELECT 1 FROM r_bed_nights b
                                                 WHERE b.EnrollmentID = e.EnrollmentID AND b.DateProvided = d.pit))""",
        """ALTER TABLE client_detail ADD COLUMN pit_jan BOOLEAN DEFAULT false""",
        """ALTER TABLE client_detail ADD COLUMN pit_apr BOOLEAN DEFAULT false""",
        """ALTER TABLE client_detail ADD COLUMN pit_jul BOOLEAN DEFAULT false""",
        """ALTER TABLE client_detail ADD COLUMN pit_oct BOOLEAN DEFAULT false""",
        """UPDATE client_detail SET pit_jan = p.jan, pit_apr = p.apr, pit_jul = p.jul, pit_oct = p.oct
            FROM (SELECT PersonalID, bool_or(month = 1) AS jan, bool_or(month = 4) AS apr,
                         bool_or(month = 7) AS jul, bool_or(month = 10) AS oct
                  FROM r_pit GROUP BY PersonalID) p
            WHERE p.PersonalID = client_detail.PersonalID""",
        # APR Q5a row 16: adults and HoHs in households whose HoH is a stayer in the project 365 days or more,
        # i.e. whose first anniversary (anniversary arithmetic, Glossary: Annual Assessment) is on or before ReportEnd.
        """UPDATE client_detail SET is_hoh_stayer_365 = is_adult_or_hoh AND HouseholdID IN (
              SELECT HouseholdID FROM client_detail
              WHERE is_hoh AND is_stayer AND EntryDate + INTERVAL 1 YEAR <= r_end())""",
    ]
    for sql in steps:
        ds.con.execute(sql)


_RACES = (("White", "white"), ("BlackAfAmerican", "black"), ("Asian", "asian"), ("AmIndAKNative", "amind"),
          ("NativeHIPacific", "nhpi"))  # fmt: skip
_RACE_COUNT = " + ".join(f"coalesce(c.{col} = 1, false)::INT" for col, _ in _RACES)

# FY2022 3.06 gender from the legacy columns; FY2024+ data without them falls back on 4.21 Sex.
GENDER_FY2022 = """CASE
    WHEN c.Female IS NULL AND c.Male IS NULL AND c.NoSingleGender IS NULL AND c.Transgender IS NULL
         AND c.Questioning IS NULL AND c.GenderNone IS NULL THEN
         CASE c.Sex WHEN 0 THEN 'female' WHEN 1 THEN 'male' WHEN 8 THEN 'dkr' WHEN 9 THEN 'dkr' ELSE 'missing' END
    WHEN c.Questioning = 1 THEN 'questioning'
    WHEN c.Transgender = 1 THEN 'transgender'
    WHEN c.NoSingleGender = 1 OR (c.Male = 1 AND c.Female = 1) THEN 'no_single_gender'
    WHEN c.Male = 1 THEN 'male'
    WHEN c.Female = 1 THEN 'female'
    WHEN c.GenderNone IN (8, 9) THEN 'dkr'
    ELSE 'missing' END"""

RACE_FY2022 = (
    f"CASE WHEN ({_RACE_COUNT}) > 1 THEN 'multiple' "
    + " ".join(f"WHEN c.{col} = 1 THEN '{key}'" for col, key in _RACES)
    + " WHEN c.RaceNone IN (8, 9) THEN 'dkr' ELSE 'missing' END"
)

ETHNICITY_FY2022 = """CASE
    WHEN c.Ethnicity IS NOT NULL THEN
         CASE c.Ethnicity WHEN 0 THEN 'non_hispanic' WHEN 1 THEN 'hispanic' WHEN 8 THEN 'dkr' WHEN 9 THEN 'dkr'
                          ELSE 'missing' END
    WHEN c.HispanicLatinao = 1 THEN 'hispanic'
    WHEN c.RaceNone IN (8, 9) THEN 'dkr'
    WHEN c.RaceNone = 99 THEN 'missing'
    WHEN c.HispanicLatinao = 0 THEN 'non_hispanic'
    ELSE 'missing' END"""
