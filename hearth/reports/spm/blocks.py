"""The SPM's shared building blocks, in SQL over the loaded dataset. Django-free.

``build(ds, params)`` (re)creates, in order:

- macros ``spm_start()``, ``spm_end()``, ``spm_lookback()`` (the [Lookback Stop Date]: 2012-10-01 for the FY2022
  layout, which follows the 2019 SPM spec v3; ReportStart - 7 years for FY2026, spec V1.0 "Selecting Data" 2);
- ``spm_projects``: CoC scope (spec "Selecting Data" 4): a ProjectCoC row for the report CoC (2.03.1) and, for
  FY2026, Continuum Project (2.02.5) = 1 (the FY2022 layout follows HUD's Data Lab kit, whose expected SPM counts a
  project of the CoC with Continuum Project = 0: see ``continuum_required``), of the SPM's project types, with
  ``grp`` = 'es' (0, 1) | 'sh' (8) | 'th' (2) | 'ph' (3, 9, 10, 13) | 'so' (4);
- ``spm_enrollments``: every stay in those projects whose client location (EnrollmentCoC, the HoH's for the
  household) is the CoC or blank, whatever its dates (measures look back up to 7 years and more), with the HoH's
  values children inherit: Destination (child <= 17 with none, spec "Selecting Data" 7.4.3 and Measure 7),
  3.917 (child <= 17 who entered with the HoH, Measure 1b), and ``literally_homeless`` (spec "literally homeless at
  project start");
- ``spm_bed_nights``: bed nights (4.14) of night-by-night ES stays within EntryDate .. ExitDate - 1.
"""

from __future__ import annotations

from datetime import date

from hearth.reports.engine import blocks as engine_blocks
from hearth.reports.engine.dataset import Dataset
from hearth.reports.engine.params import ParameterError, ReportParams

LOOKBACK_2022 = date(2012, 10, 1)

# FY2026 codes (the dataset's canonical codes).
PERMANENT = "BETWEEN 400 AND 499"
HOMELESS_SITUATIONS = "BETWEEN 100 AND 199"

GROUP_SQL = """CASE WHEN p.ProjectType IN (0, 1) THEN 'es' WHEN p.ProjectType = 8 THEN 'sh'
                    WHEN p.ProjectType = 2 THEN 'th' WHEN p.ProjectType IN (3, 9, 10, 13) THEN 'ph'
                    WHEN p.ProjectType = 4 THEN 'so' END"""


def lookback_date(params: ReportParams) -> date:
    """The [Lookback Stop Date] of the spec the run follows."""
    if params.spec == "2022":
        return LOOKBACK_2022
    try:
        return params.start.replace(year=params.start.year - 7)
    except ValueError:  # 29 February
        return params.start.replace(year=params.start.year - 7, day=28)


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def continuum_required(params: ReportParams, continuum_only: bool | None = None) -> bool:
    """Whether the scope requires Continuum Project = 1: ``continuum_only`` when given, else by spec year.

    FY2026 spec V1.0 "Selecting Data" 4 requires it. HUD's FY2022 Data Lab kit selects the CoC's projects by
    Continuum Code alone: its SPM counts project 1554 (RRH CoC I, Continuum Project = 0) in 5.2, 7b.1 and 1b.
    """
    return params.spec != "2022" if continuum_only is None else continuum_only


def project_scope_sql(ds: Dataset, params: ReportParams, *, continuum_only: bool | None = None) -> str:
    if params.coc:
        known = ds.scalar("SELECT count(*) FROM ProjectCoC WHERE CoCCode = ?", [params.coc])
        if not known:
            raise ParameterError(f"CoC {params.coc} is not the CoC of any project in the export (ProjectCoC.csv)")
    where = ["p.ProjectType IN (0, 1, 2, 3, 4, 8, 9, 10, 13)"]
    if continuum_required(params, continuum_only):
        where.append("p.ContinuumProject = 1")
    if params.coc:
        coc = _sql_str(params.coc)
        where.append(f"p.ProjectID IN (SELECT ProjectID FROM ProjectCoC WHERE CoCCode = {coc})")  # noqa: S608
    if params.project_ids:
        found = {r[0] for r in ds.query("SELECT ProjectID FROM Project WHERE ProjectID IN (SELECT unnest(?))",
                                        [list(params.project_ids)])}  # fmt: skip
        unknown = [p for p in params.project_ids if p not in found]
        if unknown:
            raise ParameterError(f"unknown project ID(s): {', '.join(unknown)} (not in Project.csv)")
        where.append(f"p.ProjectID IN ({', '.join(_sql_str(p) for p in params.project_ids)})")
    return " AND ".join(where)


def statements(ds: Dataset, params: ReportParams, *, continuum_only: bool | None = None) -> list[str]:
    start, end, lookback = params.start.isoformat(), params.end.isoformat(), lookback_date(params).isoformat()
    coc = "NULL" if not params.coc else _sql_str(params.coc)
    scope = project_scope_sql(ds, params, continuum_only=continuum_only)
    return [
        *engine_blocks.MACROS,
        f"CREATE OR REPLACE MACRO spm_start() AS DATE '{start}'",
        f"CREATE OR REPLACE MACRO spm_end() AS DATE '{end}'",
        f"CREATE OR REPLACE MACRO spm_lookback() AS DATE '{lookback}'",
        f"""CREATE OR REPLACE TABLE spm_projects AS
            SELECT p.ProjectID, p.ProjectType, {GROUP_SQL} AS grp FROM Project p WHERE {scope}""",  # noqa: S608
        f"""CREATE OR REPLACE TABLE spm_enrollments AS
            WITH x AS (
                SELECT EnrollmentID, ExitDate, Destination FROM Exit
                QUALIFY row_number() OVER (PARTITION BY EnrollmentID ORDER BY ExitDate DESC, DateUpdated DESC) = 1
            ), e AS (
                SELECT e.EnrollmentID, e.PersonalID, coalesce(e.HouseholdID, e.EnrollmentID || '*HH') AS HouseholdID,
                       e.RelationshipToHoH, e.ProjectID, p.ProjectType, p.grp, e.EntryDate,
                       CASE WHEN x.ExitDate >= e.EntryDate THEN x.ExitDate END AS ExitDate,
                       e.MoveInDate, e.DateToStreetESSH, e.LivingSituation, e.LOSUnderThreshold, e.PreviousStreetESSH,
                       x.Destination, c.DOB, age_years(c.DOB, greatest(e.EntryDate, spm_start())) AS age
                FROM Enrollment e
                JOIN spm_projects p ON p.ProjectID = e.ProjectID
                LEFT JOIN Client c ON c.PersonalID = e.PersonalID
                LEFT JOIN x ON x.EnrollmentID = e.EnrollmentID
                WHERE ({coc} IS NULL OR e.EnrollmentCoC IS NULL OR e.EnrollmentCoC = {coc})
            ), h AS (
                SELECT HouseholdID, arg_min(Destination, EnrollmentID) AS hoh_destination,
                       arg_min(EntryDate, EnrollmentID) AS hoh_entry, arg_min(MoveInDate, EnrollmentID) AS hoh_move_in,
                       arg_min(DateToStreetESSH, EnrollmentID) AS hoh_to_street,
                       arg_min(LivingSituation, EnrollmentID) AS hoh_ls,
                       arg_min(LOSUnderThreshold, EnrollmentID) AS hoh_los,
                       arg_min(PreviousStreetESSH, EnrollmentID) AS hoh_prev
                FROM e WHERE RelationshipToHoH = 1 GROUP BY HouseholdID
            )
            SELECT e.EnrollmentID, e.PersonalID, e.HouseholdID, e.RelationshipToHoH, e.ProjectID, e.ProjectType, e.grp,
                   e.EntryDate, e.ExitDate, e.DOB, e.age,
                   CASE WHEN e.ProjectType NOT IN (3, 9, 10, 13) THEN NULL
                        WHEN e.RelationshipToHoH = 1 OR h.hoh_move_in IS NULL
                             THEN CASE WHEN e.MoveInDate >= e.EntryDate THEN e.MoveInDate END
                        WHEN e.EntryDate <= h.hoh_move_in THEN h.hoh_move_in
                        ELSE e.EntryDate END AS MoveInDate,
                   CASE WHEN e.age <= 17 AND (e.Destination IS NULL OR e.Destination = 99) AND e.ExitDate IS NOT NULL
                        THEN coalesce(h.hoh_destination, e.Destination) ELSE e.Destination END AS Destination,
                   CASE WHEN e.DateToStreetESSH IS NULL AND e.age <= 17 AND h.hoh_entry = e.EntryDate
                        THEN h.hoh_to_street ELSE e.DateToStreetESSH END AS DateToStreetESSH,
                   CASE WHEN e.ProjectType IN (0, 1, 4, 8) THEN true
                        ELSE coalesce(lh.ls {HOMELESS_SITUATIONS}
                                      OR (lh.los = 1 AND lh.prev = 1 AND (lh.ls < 100 OR lh.ls BETWEEN 200 AND 499)),
                                      false) END
                       AS literally_homeless
            FROM e LEFT JOIN h ON h.HouseholdID = e.HouseholdID,
            LATERAL (SELECT CASE WHEN (e.LivingSituation IS NULL OR e.LivingSituation = 99) AND e.age <= 17
                                      AND h.hoh_entry = e.EntryDate THEN h.hoh_ls ELSE e.LivingSituation END AS ls,
                            CASE WHEN (e.LivingSituation IS NULL OR e.LivingSituation = 99) AND e.age <= 17
                                      AND h.hoh_entry = e.EntryDate THEN h.hoh_los ELSE e.LOSUnderThreshold END AS los,
                            CASE WHEN (e.LivingSituation IS NULL OR e.LivingSituation = 99) AND e.age <= 17
                                      AND h.hoh_entry = e.EntryDate THEN h.hoh_prev ELSE e.PreviousStreetESSH END
                                AS prev) lh""",  # noqa: S608
        """CREATE OR REPLACE TABLE spm_bed_nights AS
            SELECT DISTINCT e.PersonalID, e.EnrollmentID, s.DateProvided AS night
            FROM Services s JOIN spm_enrollments e ON e.EnrollmentID = s.EnrollmentID
            WHERE e.ProjectType = 1 AND s.RecordType = 200 AND s.DateProvided >= e.EntryDate
              AND (e.ExitDate IS NULL OR s.DateProvided < e.ExitDate)""",
    ]


def build(ds: Dataset, params: ReportParams, *, continuum_only: bool | None = None) -> None:
    for sql in statements(ds, params, continuum_only=continuum_only):
        ds.con.execute(sql)
