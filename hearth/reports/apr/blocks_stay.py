"""Building blocks of APR/CAPER Q22-Q27: length of stay, move-in, time prior to housing, destinations. Django-free.

Other modules may import these SQL strings and row lists:

- ``STAY_SETUP``: the setup steps (macros ``dest_fy2022``, ``dest_positive``, ``dest_excluded`` and the table
  ``stay_detail``) to put in a table's ``setup``; ``stay_detail`` is ``client_detail`` plus, per client:

  ============================ =================================================================================
  ``move_in``                  the person's housing move-in (APR Q22c/Q22e rule): the HoH's 3.20 for members already
                               in the household then, the person's own project start for members who joined later
  ``days_to_move_in``          ``move_in - EntryDate`` (Q22c)
  ``date_homeless``            3.917.3 approximate date homelessness started; children (age <= 17) with the HoH's
                               project start date take the HoH's, later children have none (Q22e 2a-2c)
  ``housed_date``              Q22e: PH (3, 9, 10, 13) the move-in when on or before ReportEnd, others EntryDate
  ``days_prior_to_housing``    ``housed_date - date_homeless`` when both known and not negative (Q22e)
  ``q22e_status``              'housed' | 'not_moved_in' | 'missing' (Q22e rows 11-13)
  ``dest22``                   FY2022 3.12 destination code, mapped back from the FY2026 code and subsidy type;
                               a child leaver without a destination takes the HoH's (Q23c rule 2)
  ``dest_positive``            ``dest22`` is a positive destination for the project type (Appendix A)
  ``dest_excluded``            ``dest22`` excludes the client from the percentage (Appendix A)
  ``dest_row``                 the Q23c row's FY2022 code (99 for no or an unknown destination), leavers only
  ``HousingAssessment``,       W5 housing assessment at exit and its subsidy information (Q24), leavers only
  ``SubsidyInformation``
  ============================ =================================================================================

- ``length_rows(bounds)``: length-of-stay rows over ``days_in_project`` (Q22a1/Q22a2/Q22d/Q27e).
- ``DESTINATION_ROWS`` / ``destination_cells(columns)``: the 45 rows of Q23c (also Q25i, Q27f) over ``dest22``.
- ``subset(table, name, population)``: another question's table with a veteran / CH / youth filter (``VETERAN_FLAG``,
  ``CHRONIC_FLAG``, ``YOUTH_FLAG`` over the ``stay_flags`` table joined onto its own source), for Q25-Q27.
- ``HOUSEHOLDS`` (``stay_households``, Q25b/Q26a), ``PARENTING_YOUTH`` (``stay_parenting_youth``, Q27b),
  ``CONDITIONS_BY_STAGE_VIEW`` (``stay_conditions``, Q25e/Q26e), ``INCOME_FLAGS_VIEW`` (``stay_income``, Q27i).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from hearth.reports.engine.tables import (
    Aggregate,
    Blank,
    Row,
    Table,
)

# FY2026 3.12 subsidy types (with destination 435) -> the FY2022 destination they were (crosswalk 6.1, inverted).
_SUBSIDY_TO_FY2022 = {428: 28, 419: 19, 440: 3, 431: 31, 433: 33, 434: 34, 420: 20}

DEST_FY2022 = (
    "CREATE OR REPLACE MACRO dest_fy2022(code, subsidy) AS CASE "
    "WHEN code IS NULL THEN NULL "
    "WHEN code = 435 THEN CASE subsidy "
    + " ".join(f"WHEN {k} THEN {v}" for k, v in _SUBSIDY_TO_FY2022.items())
    # Subsidy types HUD added after FY2022 (and a missing subsidy) were 'other ongoing housing subsidy'.
    + " ELSE 20 END "
    "WHEN code BETWEEN 100 AND 499 THEN code % 100 "
    "ELSE code END"
)

# Appendix A (FY2020 APR/CAPER spec), in FY2022 codes. Permanent destinations are positive for every project type.
PERMANENT_FY2022 = (26, 11, 21, 10, 19, 28, 20, 3, 22, 23, 31, 33, 34)
_SO_POSITIVE = (1, 15, 14, 27, 4, 18, 12, 13, 5, 2, 25, 32) + PERMANENT_FY2022
_ES_TH_POSITIVE = (32,) + PERMANENT_FY2022


def _codes(codes: tuple[int, ...]) -> str:
    return ", ".join(str(c) for c in codes)


# Project types in FY2026 codes: 4 SO; 0/1 ES (entry/exit, night-by-night), 2 TH.
DEST_POSITIVE = f"""CREATE OR REPLACE MACRO dest_positive(dest, ptype) AS CASE
    WHEN ptype = 4 THEN dest IN ({_codes(_SO_POSITIVE)})
    WHEN ptype IN (0, 1, 2) THEN dest IN ({_codes(_ES_TH_POSITIVE)})
    ELSE dest IN ({_codes(PERMANENT_FY2022)}) END"""
DEST_EXCLUDED = """CREATE OR REPLACE MACRO dest_excluded(dest, ptype) AS CASE
    WHEN ptype = 4 THEN dest IN (6, 29, 24)
    ELSE dest IN (15, 6, 25, 24) END"""

PH_TYPES = "(3, 9, 10, 13)"

STAY_DETAIL = f"""CREATE OR REPLACE TABLE stay_detail AS
    WITH hoh AS (
        SELECT e.HouseholdID, e.PersonalID AS hoh_id, e.EntryDate AS hoh_entry, e.MoveInDate AS hoh_move_in,
               e.DateToStreetESSH AS hoh_date_homeless,
               dest_fy2022(e.Destination, e.DestinationSubsidyType) AS hoh_dest, e.ExitDate AS hoh_exit
        FROM r_enrollments e WHERE e.RelationshipToHoH = 1
        QUALIFY row_number() OVER (PARTITION BY e.HouseholdID ORDER BY e.EntryDate DESC, e.EnrollmentID DESC) = 1
    ), base AS (
        SELECT c.*, l.DateToStreetESSH, x.HousingAssessment AS ha, x.SubsidyInformation AS si,
               h.hoh_entry, h.hoh_date_homeless, h.hoh_dest,
               CASE WHEN c.is_hoh THEN l.MoveInDate
                    WHEN h.hoh_move_in IS NULL THEN NULL
                    WHEN c.EntryDate <= h.hoh_move_in THEN h.hoh_move_in
                    ELSE c.EntryDate END AS move_in
        FROM client_detail c
        JOIN r_enrollments l ON l.EnrollmentID = c.EnrollmentID
        LEFT JOIN r_exit x ON x.EnrollmentID = c.EnrollmentID
        LEFT JOIN hoh h ON h.HouseholdID = c.HouseholdID
    ), dated AS (
        SELECT b.*,
               CASE WHEN b.is_child AND NOT b.is_hoh THEN
                         CASE WHEN b.EntryDate = b.hoh_entry THEN b.hoh_date_homeless END
                    ELSE b.DateToStreetESSH END AS date_homeless,
               CASE WHEN b.ProjectType IN {PH_TYPES} THEN
                         CASE WHEN b.move_in <= r_end() THEN b.move_in END
                    ELSE b.EntryDate END AS housed_date
        FROM base b
    )
    SELECT d.* EXCLUDE (DateToStreetESSH, ha, si, hoh_entry, hoh_date_homeless, hoh_dest),
           date_diff('day', d.EntryDate, d.move_in) AS days_to_move_in,
           CASE WHEN d.housed_date >= d.date_homeless THEN date_diff('day', d.date_homeless, d.housed_date) END
               AS days_prior_to_housing,
           CASE WHEN d.ProjectType IN {PH_TYPES} AND d.housed_date IS NULL THEN 'not_moved_in'
                WHEN d.housed_date >= d.date_homeless THEN 'housed'
                ELSE 'missing' END AS q22e_status,
           CASE WHEN d.is_leaver THEN
                coalesce(dest_fy2022(d.Destination, d.DestinationSubsidyType),
                         CASE WHEN d.is_child AND NOT d.is_hoh THEN d.hoh_dest END) END AS dest22,
           CASE WHEN d.is_leaver THEN d.ha END AS HousingAssessment,
           CASE WHEN d.is_leaver THEN d.si END AS SubsidyInformation
    FROM dated d"""  # noqa: S608


def length_rows(bounds: list[tuple[str, int, int | None]], expr: str = "c.days_in_project") -> list[Row]:
    """One row per (label, low, high) day range of ``expr`` (``high`` None: open), then 'Data Not Collected'."""
    rows = []
    for label, low, high in bounds:
        where = f"{expr} >= {low}" if high is None else f"{expr} BETWEEN {low} AND {high}"
        rows.append(Row(label, where))
    return rows


# Q23c rows: (label, FY2022 codes); a None code list is a section heading (blank cells); "subtotal" sums a section.
_SECTIONS = [
    ("a. Permanent destinations", "az. Total", [
        ("a01. Moved from one HOPWA funded project to HOPWA PH", (26,)),
        ("a02. Owned by client, no ongoing housing subsidy", (11,)),
        ("a03. Owned by client, with ongoing subsidy", (21,)),
        ("a04. Rental by client, no ongoing housing subsidy", (10,)),
        ("a05. Rental by client, with VASH housing subsidy", (19,)),
        ("a06. Rental by client, with GPD TIP housing subsidy", (28,)),
        ("a07. Rental by client, with other ongoing housing subsidy", (20,)),
        ("a08. Permanent housing (other than RRH) for formerly homeless persons", (3,)),
        ("a09. Staying or living with family, permanent tenure", (22,)),
        ("a10. Staying or living with friends, permanent tenure", (23,)),
        ("a11. Rental by client, with RRH or equivalent subsidy", (31,)),
        ("a12. Rental by client, with HCV voucher (tenant or project based)", (33,)),
        ("a13. Rental by client in a public housing unit", (34,)),
    ]),
    ("b. Temporary destinations", "bz. Total", [
        ("b1. Emergency shelter, including hotel or motel paid for with emergency shelter voucher, or RHY-funded "
         "Host Home shelter", (1,)),
        ("b2. Moved from one HOPWA funded project to HOPWA TH", (27,)),
        ("b3. Transitional housing for homeless persons (including homeless youth)", (2,)),
        ("b4. Staying or living with family, temporary tenure (e.g. room, apartment or house)", (12,)),
        ("b5. Staying or living with friends, temporary tenure (e.g. room, apartment or house)", (13,)),
        ("b6. Place not meant for habitation (e.g., a vehicle, an abandoned building, bus/train/subway "
         "station/airport or anywhere outside)", (16,)),
        ("b7. Safe Haven", (18,)),
        ("b8. Hotel or motel paid for without emergency shelter voucher", (14,)),
        ("b9. Host Home (non-crisis)", (32,)),
    ]),
    ("c. Institutional settings", "cz. Total", [
        ("c1. Foster care home or group foster care home", (15,)),
        ("c2. Psychiatric hospital or other psychiatric facility", (4,)),
        ("c3. Substance abuse treatment facility or detox center", (5,)),
        ("c4. Hospital or other residential non-psychiatric medical facility", (6,)),
        ("c5. Jail, prison, or juvenile detention facility", (7,)),
        ("c6. Long-term care facility or nursing home", (25,)),
    ]),
    ("d. Other destinations", "dz. Total", [
        ("d1. Residential project or halfway house with no homeless criteria", (29,)),
        ("d2. Deceased", (24,)),
        ("d3. Other", (17,)),
        ("d4. Client doesn't know/Client refused", (8, 9)),
        ("d5. Data not collected (no exit interview completed)", (30, 99)),
    ]),
]  # fmt: skip

_KNOWN_CODES = tuple(code for _, _, rows in _SECTIONS for _, codes in rows for code in codes)


# ``dest_row``: the Q23c row's FY2022 code: leavers without a destination, or with a code the FY2022 list does not
# have, are "data not collected" (99); NULL for stayers. Rows are then plain IN lists (one cheap predicate per cell).
DEST_FLAGS = f"""CREATE OR REPLACE TABLE stay_detail AS
    SELECT s.*, coalesce(dest_positive(s.dest22, s.ProjectType), false) AS dest_positive,
           coalesce(dest_excluded(s.dest22, s.ProjectType), false) AS dest_excluded,
           CASE WHEN NOT s.is_leaver THEN NULL WHEN s.dest22 IN ({_codes(_KNOWN_CODES)}) THEN s.dest22 ELSE 99 END
               AS dest_row
    FROM stay_detail s"""  # noqa: S608

STAY_SETUP = (DEST_FY2022, DEST_POSITIVE, DEST_EXCLUDED, STAY_DETAIL, DEST_FLAGS)


def _dest_where(codes: tuple[int, ...]) -> str:
    return f"c.dest_row IN ({_codes(codes)})"


def _destination_rows() -> tuple[list[Row], list[int]]:
    rows: list[Row] = []
    headings: list[int] = []
    for heading, subtotal, items in _SECTIONS:
        headings.append(len(rows))
        rows.append(Row(heading, "false"))
        section_codes: tuple[int, ...] = ()
        for label, codes in items:
            rows.append(Row(label, _dest_where(codes)))
            section_codes += codes
        rows.append(Row(subtotal, _dest_where(section_codes)))
    rows += [
        Row("e. Total"),
        Row("f1. Total persons exiting to positive housing destinations", "c.dest_positive"),
        Row("f2. Total persons whose destinations excluded them from the calculation", "c.dest_excluded"),
        Row("f3. Percentage"),
    ]
    return rows, headings


DESTINATION_ROWS, _HEADINGS = _destination_rows()


def percent_positive(prefix: str) -> Aggregate:
    """Positive exits over (leavers - excluded): the average of a 0/1 flag over the leavers who are not excluded
    (``prefix``: the client_detail columns of a layout's destinations, ``dest`` or ``dest26``)."""
    expr = f"avg(CASE WHEN c.{prefix}_excluded THEN NULL WHEN c.{prefix}_positive THEN 1.0 ELSE 0.0 END)"
    return Aggregate(expr=expr, fmt="pct")


PERCENT_POSITIVE = percent_positive("dest")


def section_cells(rows: list[Row], headings: list[int], percent: Aggregate, n_columns: int, first_row: int) -> dict:
    """Blank section headings (``headings``: their indexes in ``rows``) and the percentage in the last row, in each
    of ``n_columns`` value columns of a destination table."""
    cells: dict = {}
    letters = [chr(ord("B") + k) for k in range(n_columns)]
    for index in headings:
        for letter in letters:
            cells[f"{letter}{first_row + index}"] = Blank()
    for letter in letters:
        cells[f"{letter}{first_row + len(rows) - 1}"] = percent
    return cells


def destination_cells(n_columns: int, first_row: int = 2) -> dict:
    """Blank section headings and the percentage row of a destination table with ``n_columns`` value columns."""
    return section_cells(DESTINATION_ROWS, _HEADINGS, PERCENT_POSITIVE, n_columns, first_row)


# ---- subpopulation tables (Q25 veterans, Q26 chronically homeless, Q27 youth) -----------------------------------


# Each client's subpopulation flags, joined onto any table's source by PersonalID (``subset``).
STAY_FLAGS = """CREATE OR REPLACE TABLE stay_flags AS
    SELECT PersonalID, is_veteran AS f_veteran, is_chronic AS f_chronic, is_youth AS f_youth FROM client_detail"""
VETERAN_FLAG, CHRONIC_FLAG, YOUTH_FLAG = "c.f_veteran", "c.f_chronic", "c.f_youth"


def subset(table: Table, name: str, population: str, *, universe: str | None = None, **changes: Any) -> Table:
    """Another question's table with a population filter ("add the veteran filter to Q10a").

    The table keeps its own source and setup; its source gets the columns of ``stay_flags`` (``f_veteran``,
    ``f_chronic``, ``f_youth``) for ``population``. ``universe`` replaces the table's own universe when given.
    """
    changes.setdefault("reports", ("apr",))
    changes.setdefault("title", "")
    source = (
        f"(SELECT s.*, f.f_veteran, f.f_chronic, f.f_youth FROM {table.source} s JOIN stay_flags f USING (PersonalID))"  # noqa: E501, S608
    )
    return dataclasses.replace(
        table,
        name=name,
        universe=f"({universe or table.universe}) AND ({population})",
        source=source,
        setup=(*table.setup, STAY_FLAGS),
        **changes,
    )


# r_income (blocks_income.INCOME_SETUP) with the client's subpopulation flags (Q27i).
INCOME_FLAGS_VIEW = """CREATE OR REPLACE VIEW stay_income AS
    SELECT i.*, c.is_veteran, c.is_chronic, c.is_youth, c.age
    FROM r_income i JOIN client_detail c USING (PersonalID)"""

# client_detail with the condition flags of the three stages (blocks_health.CONDITIONS), for Q25e and Q26e:
# ``entry_<flag>``, ``exit_<flag>``, ``latest_<flag>``.
CONDITION_FLAGS = ("mental", "alcohol", "drug", "chronic", "hiv", "developmental", "physical")
_STAGES = ("entry", "exit", "latest")
_STAGE_FLAGS = ", ".join(f"coalesce(s_{st}.{f}, false) AS {st}_{f}" for st in _STAGES for f in CONDITION_FLAGS)
_STAGE_JOINS = " ".join(
    f"LEFT JOIN r_conditions s_{st} ON s_{st}.EnrollmentID = c.EnrollmentID AND s_{st}.stage = '{st}'" for st in _STAGES
)
CONDITIONS_BY_STAGE_VIEW = f"""CREATE OR REPLACE VIEW stay_conditions AS
    SELECT c.*, {_STAGE_FLAGS} FROM client_detail c {_STAGE_JOINS}"""  # noqa: S608

# Households by their heads' latest stays (Q25b, Q26a): the head's client_detail row with flags over every member of
# that stay active in the period (FY2020 spec Q25b/Q26a rule 1: members' data from that stay, not their latest).
# A member's CH status follows the Glossary household rule within the stay: an adult or HoH who is CH makes the
# adults and HoH who entered with him CH too.
HOUSEHOLDS = """CREATE OR REPLACE TABLE stay_households AS
    WITH m AS (
        SELECT e.HouseholdID, e.PersonalID, e.age, e.RelationshipToHoH, k.VeteranStatus,
               (e.age >= 18 OR e.RelationshipToHoH = 1) AS adult_or_hoh,
               coalesce(e.age >= 18, false) AS adult,
               CASE WHEN bool_or(e.ch_own = 'yes' AND (e.age >= 18 OR e.RelationshipToHoH = 1))
                         OVER (PARTITION BY e.HouseholdID, e.EntryDate) THEN 'yes' ELSE e.ch_own END AS ch
        FROM r_enrollments e JOIN Client k ON k.PersonalID = e.PersonalID
    )
    SELECT c.*,
           bool_or(m.adult AND m.VeteranStatus = 1 AND m.ch = 'yes') AS hh_ch_veteran,
           bool_or(m.adult AND m.VeteranStatus = 1) AS hh_veteran,
           coalesce(bool_and(m.VeteranStatus = 0) FILTER (WHERE m.adult), false) AS hh_no_veteran,
           bool_or(m.adult AND m.VeteranStatus IN (8, 9)) AS hh_veteran_dkr,
           bool_or(m.adult_or_hoh AND m.ch = 'yes') AS hh_ch,
           coalesce(bool_and(m.ch = 'no') FILTER (WHERE m.adult_or_hoh), false) AS hh_no_ch,
           bool_or(m.adult_or_hoh AND m.ch = 'dkr') AS hh_ch_dkr
    FROM client_detail c JOIN m ON m.HouseholdID = c.HouseholdID
    WHERE c.is_hoh
    GROUP BY ALL"""

# Q27b: youth heads of household (youth filter on the head) with a child of the head (3.15 = 2, age 0-24) active in
# the period: every member of the head's latest stay, with the head's age.
PARENTING_YOUTH = """CREATE OR REPLACE TABLE stay_parenting_youth AS
    SELECT c.HouseholdID, c.age AS hoh_age, m.PersonalID AS member_id, m.age AS member_age,
           m.RelationshipToHoH AS member_relationship, m.PersonalID = c.PersonalID AS member_is_hoh
    FROM client_detail c JOIN r_enrollments m ON m.HouseholdID = c.HouseholdID
    WHERE c.is_hoh AND c.is_youth AND EXISTS (
        SELECT 1 FROM r_enrollments k WHERE k.HouseholdID = c.HouseholdID AND k.RelationshipToHoH = 2
                                        AND k.age BETWEEN 0 AND 24)"""
