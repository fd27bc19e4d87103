"""Income, non-cash benefits and health insurance at start / annual assessment / exit (APR/CAPER Q16-Q21). Django-free.

FY2020 APR/CAPER programming spec, "Determining Total Income and Earned Income on a Specific Record", and the
Reporting Glossary, "Annual Assessment". Every statement here is SQL text a table lists in its ``setup`` (identical
text runs once per report run), so other question groups (Q25/Q26/Q27 income rows) reuse them by importing:

``INCOME_SETUP`` (tuple of statements, run in order; ``INCOME_SETUP_2026`` or ``income_setup(spec)`` for the FY2026
layout, whose annual-assessment rule differs, see ``r_annual``) creates:

- ``r_annual``: one row per client of ``client_detail``: the household's relevant anniversary and whether an annual
  assessment is required. ``hoh_years`` is the head of household's whole years in the project on ReportEnd (age
  arithmetic from the HoH's EntryDate; a household without an HoH row uses the client's own EntryDate); in a
  night-by-night shelter it is 0 while the HoH's length of stay in project (bed nights, Glossary step 1) is under 365;
  ``anniversary`` = HoH EntryDate + hoh_years years; ``aa_required`` = stayer AND hoh_years > 0 AND the client's
  EntryDate <= anniversary (members who joined after the anniversary are not yet required). FY2026 Glossary:
  the years run from the household's earliest EntryDate, for every project type (no bed-night rule).
- ``r_income_records``: the Income and Sources record chosen per client and stage (``'start'``, ``'annual'``,
  ``'exit'``) from the client's latest stay: start = DataCollectionStage 1 with InformationDate = EntryDate; exit =
  stage 3 with InformationDate = ExitDate (leavers only); annual = the latest stage 5 record dated from
  anniversary - 30 days to the lesser of anniversary + 30 days and ReportEnd (stayers who require one). Ties go to the
  latest DateUpdated.
- ``r_income``: the long table every income question aggregates: one row per client per stage that applies to him
  (``'start'`` for everyone, ``'annual'`` for stayers, ``'exit'`` for leavers), with the record's fields or NULLs when
  it is missing. Columns:

  ==========================  ==================================================================================
  ``PersonalID, stage``       the key (unique together)
  ``is_adult, household_type, is_hoh, is_stayer, is_leaver, DisablingCondition``   copied from ``client_detail``
  ``aa_status``               annual rows: ``'not_required'`` | ``'missing'`` (required, no record) | ``'present'``;
                              NULL on start/exit rows
  ``has_record``              the stage's record exists
  ``IncomeFromAnySource``     4.02.2 as recorded
  ``total_income``            [total income] per the spec's chart: TotalMonthlyIncome when > 0; else the sum of the
                              amounts of the sources answered "yes" when any has an amount; else $0 when 4.02.2 is
                              "no"; else $0 when TotalMonthlyIncome <= 0 with 4.02.2 yes/blank; else NULL
  ``income_status``           ``'known'`` (total_income not NULL) | ``'dkr'`` (NULL, 4.02.2 = 8/9) | ``'missing'``
  ``earned_income``           EarnedAmount when Earned = 1 (at most total_income), else 0; NULL when total_income is
                              NULL
  ``other_income``            total_income - earned_income (all of it "other" when no earned amount is given)
  ``Earned .. OtherIncomeSource``   the 15 cash income source flags (4.02.3-4.02.17)
  ``BenefitsFromAnySource, SNAP, WIC, TANFChildCare, TANFTransportation, OtherTANF, OtherBenefitsSource``  (4.03)
  ``InsuranceFromAnySource, Medicaid, Medicare, SCHIP, VHAServices, EmployerProvided, COBRA, PrivatePay,
  StateHealthIns, IndianHealthServices, OtherInsurance``  (4.04)
  ``benefit_sources``         number of specific non-cash benefits answered "yes"
  ``insurance_sources``       number of specific health insurance sources answered "yes"
  ``start_has_record, start_income_from_any_source, start_total_income``  the same client's start record (for
                              the "income information at start and annual assessment/exit" rows)
  ==========================  ==================================================================================

Example (another group's table): ``Table(..., source="r_income", key="c.PersonalID", setup=INCOME_SETUP,
universe="c.stage = 'start' AND c.is_adult")``.

``INCOME_CHANGE_SETUP`` (after ``INCOME_SETUP``) creates ``r_income_change``: one row per adult with usable income at
start and at the later point (``later`` = ``'annual'`` for stayers with a present annual assessment, ``'exit'`` for
leavers; both totals known), with ``start_*`` and ``later_*`` earned/other/total amounts (the Q19a1/Q19a2 universe).

Q20's household rules (members' latest record when the head has the annual assessment; exits with the head only)
are a further step in ``tables/q20.py`` (``BENEFITS_SQL`` -> ``r_benefits``).

FY2026 layout: the modules q15-q21 also build their FY2026 tables (``TABLES_2026``: FY2026 shells, rows and labels,
``INCOME_SETUP_2026``, Q16's rounding to whole dollars, Q19b's one row per source). They are not in ``TABLES`` yet
because the registry test expects one table per name; pass them with ``run_report(..., tables=TABLES_2026)``.
"""

from __future__ import annotations

INCOME_SOURCES = (
    "Earned", "Unemployment", "SSI", "SSDI", "VADisabilityService", "VADisabilityNonService", "PrivateDisability",
    "WorkersComp", "TANF", "GA", "SocSecRetirement", "Pension", "ChildSupport", "Alimony", "OtherIncomeSource",
)  # fmt: skip
INCOME_AMOUNTS = {
    "Earned": "EarnedAmount", "Unemployment": "UnemploymentAmount", "SSI": "SSIAmount", "SSDI": "SSDIAmount",
    "VADisabilityService": "VADisabilityServiceAmount", "VADisabilityNonService": "VADisabilityNonServiceAmount",
    "PrivateDisability": "PrivateDisabilityAmount", "WorkersComp": "WorkersCompAmount", "TANF": "TANFAmount",
    "GA": "GAAmount", "SocSecRetirement": "SocSecRetirementAmount", "Pension": "PensionAmount",
    "ChildSupport": "ChildSupportAmount", "Alimony": "AlimonyAmount", "OtherIncomeSource": "OtherIncomeAmount",
}  # fmt: skip
BENEFIT_SOURCES = ("SNAP", "WIC", "TANFChildCare", "TANFTransportation", "OtherTANF", "OtherBenefitsSource")
INSURANCE_SOURCES = (
    "Medicaid", "Medicare", "SCHIP", "VHAServices", "EmployerProvided", "COBRA", "PrivatePay", "StateHealthIns",
    "IndianHealthServices", "OtherInsurance",
)  # fmt: skip

_FIELDS = (
    ("IncomeFromAnySource", "TotalMonthlyIncome", "BenefitsFromAnySource", "InsuranceFromAnySource")
    + INCOME_SOURCES
    + tuple(INCOME_AMOUNTS.values())
    + BENEFIT_SOURCES
    + INSURANCE_SOURCES
)

# Spec chart rule 3: the sum of the amounts of the sources answered "yes", when any of them has an amount.
_ANY_AMOUNT = " OR ".join(f"(i.{f} = 1 AND i.{a} IS NOT NULL)" for f, a in INCOME_AMOUNTS.items())
_SUM_AMOUNTS = " + ".join(f"CASE WHEN i.{f} = 1 THEN coalesce(i.{a}, 0) ELSE 0 END" for f, a in INCOME_AMOUNTS.items())

# [total income] of an IncomeBenefits row aliased ``i`` (spec: Determining Total Income, rules 2-7).
TOTAL_INCOME_SQL = f"""CASE
    WHEN i.TotalMonthlyIncome > 0 THEN i.TotalMonthlyIncome
    WHEN {_ANY_AMOUNT} THEN {_SUM_AMOUNTS}
    WHEN i.IncomeFromAnySource = 0 THEN 0
    WHEN i.TotalMonthlyIncome <= 0 AND (i.IncomeFromAnySource = 1 OR i.IncomeFromAnySource IS NULL) THEN 0
    ELSE NULL END"""

_ANNUAL_SELECT = """CREATE OR REPLACE TABLE r_annual AS
    SELECT c.PersonalID, c.EnrollmentID, y.hoh_years,
           CASE WHEN y.hoh_years > 0 THEN CAST(y.hoh_start + to_years(CAST(y.hoh_years AS INTEGER)) AS DATE) END
               AS anniversary,
           coalesce(c.is_stayer AND y.hoh_years > 0
                    AND c.EntryDate <= CAST(y.hoh_start + to_years(CAST(y.hoh_years AS INTEGER)) AS DATE), false)
               AS aa_required
    FROM client_detail c"""

# FY2020 Glossary: the (latest) HoH's EntryDate; "use Length of Stay in Project" (step 1), which the kit applies to
# night-by-night shelters as 365 bed nights.
ANNUAL_SQL = f"""{_ANNUAL_SELECT}
    LEFT JOIN r_hoh hh ON hh.HouseholdID = c.HouseholdID
    LEFT JOIN client_detail h ON h.PersonalID = hh.hoh_id AND h.HouseholdID = c.HouseholdID,
    LATERAL (SELECT coalesce(c.hoh_entry_date, c.EntryDate) AS hoh_start,
                    CASE WHEN c.ProjectType = 1 AND coalesce(h.days_in_project, c.days_in_project) < 365 THEN 0
                         ELSE age_years(coalesce(c.hoh_entry_date, c.EntryDate), r_end()) END AS hoh_years) y"""

# FY2026 Glossary: the household's earliest project start (a later HoH is back-dated to the first one's), time-based
# for every project type (a night-by-night stay needs no bed-night count).
ANNUAL_SQL_2026 = f"""{_ANNUAL_SELECT}
    LEFT JOIN (SELECT HouseholdID, min(EntryDate) AS first_entry FROM r_enrollments GROUP BY HouseholdID) f
           ON f.HouseholdID = c.HouseholdID,
    LATERAL (SELECT coalesce(f.first_entry, c.EntryDate) AS hoh_start,
                    age_years(coalesce(f.first_entry, c.EntryDate), r_end()) AS hoh_years) y"""  # noqa: S608

_SELECT_FIELDS = ", ".join(f"i.{f}" for f in _FIELDS)

RECORDS_SQL = f"""CREATE OR REPLACE TABLE r_income_records AS
    SELECT * FROM (
        SELECT c.PersonalID,
               CASE WHEN i.DataCollectionStage = 1 AND i.InformationDate = c.EntryDate THEN 'start'
                    WHEN i.DataCollectionStage = 3 AND c.is_leaver AND i.InformationDate = c.ExitDate THEN 'exit'
                    WHEN i.DataCollectionStage = 5 AND a.aa_required
                         AND i.InformationDate BETWEEN a.anniversary - 30 AND least(a.anniversary + 30, r_end())
                         THEN 'annual' END AS stage,
               i.InformationDate, i.DateUpdated, {_SELECT_FIELDS}, {TOTAL_INCOME_SQL} AS total_income
        FROM client_detail c JOIN r_annual a USING (PersonalID)
             JOIN IncomeBenefits i ON i.EnrollmentID = c.EnrollmentID
        WHERE i.DataCollectionStage IN (1, 3, 5)
    )
    WHERE stage IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY PersonalID, stage
                               ORDER BY InformationDate DESC, DateUpdated DESC NULLS LAST) = 1"""  # noqa: S608

_COPIED = ("IncomeFromAnySource", "TotalMonthlyIncome", "BenefitsFromAnySource", "InsuranceFromAnySource")
_COPY = ", ".join(f"r.{f}" for f in _COPIED + INCOME_SOURCES + BENEFIT_SOURCES + INSURANCE_SOURCES)
_COUNT_BENEFITS = " + ".join(f"coalesce(r.{f} = 1, false)::INT" for f in BENEFIT_SOURCES)
_COUNT_INSURANCE = " + ".join(f"coalesce(r.{f} = 1, false)::INT" for f in INSURANCE_SOURCES)

INCOME_SQL = f"""CREATE OR REPLACE TABLE r_income AS
    SELECT c.PersonalID, s.stage, c.is_adult, c.household_type, c.is_hoh, c.is_stayer, c.is_leaver,
           c.DisablingCondition,
           CASE WHEN s.stage = 'annual' THEN
                CASE WHEN NOT a.aa_required THEN 'not_required' WHEN r.PersonalID IS NULL THEN 'missing'
                     ELSE 'present' END END AS aa_status,
           r.PersonalID IS NOT NULL AS has_record,
           r.total_income,
           CASE WHEN r.total_income IS NOT NULL THEN 'known'
                WHEN r.IncomeFromAnySource IN (8, 9) THEN 'dkr' ELSE 'missing' END AS income_status,
           CASE WHEN r.total_income IS NULL THEN NULL
                WHEN r.Earned = 1 THEN least(coalesce(r.EarnedAmount, 0), r.total_income) ELSE 0 END AS earned_income,
           CASE WHEN r.total_income IS NULL THEN NULL
                ELSE r.total_income - CASE WHEN r.Earned = 1 THEN least(coalesce(r.EarnedAmount, 0), r.total_income)
                                           ELSE 0 END END AS other_income,
           {_COPY},
           {_COUNT_BENEFITS} AS benefit_sources,
           {_COUNT_INSURANCE} AS insurance_sources,
           st.PersonalID IS NOT NULL AS start_has_record, st.IncomeFromAnySource AS start_income_from_any_source,
           st.total_income AS start_total_income
    FROM client_detail c
    JOIN r_annual a USING (PersonalID)
    JOIN (SELECT unnest(['start', 'annual', 'exit']) AS stage) s
      ON s.stage = 'start' OR (s.stage = 'annual' AND c.is_stayer) OR (s.stage = 'exit' AND c.is_leaver)
    LEFT JOIN r_income_records r ON r.PersonalID = c.PersonalID AND r.stage = s.stage
    LEFT JOIN r_income_records st ON st.PersonalID = c.PersonalID AND st.stage = 'start'"""  # noqa: S608

INCOME_SETUP = (ANNUAL_SQL, RECORDS_SQL, INCOME_SQL)
INCOME_SETUP_2026 = (ANNUAL_SQL_2026, RECORDS_SQL, INCOME_SQL)

INCOME_CHANGE_SQL = """CREATE OR REPLACE TABLE r_income_change AS
    SELECT s.PersonalID, l.stage AS later, s.household_type,
           s.earned_income AS start_earned, s.other_income AS start_other, s.total_income AS start_total,
           l.earned_income AS later_earned, l.other_income AS later_other, l.total_income AS later_total
    FROM r_income s JOIN r_income l ON l.PersonalID = s.PersonalID AND l.stage IN ('annual', 'exit')
    WHERE s.stage = 'start' AND s.is_adult AND s.income_status = 'known' AND l.income_status = 'known'
      AND (l.stage = 'exit' OR l.aa_status = 'present')"""

INCOME_CHANGE_SETUP = (*INCOME_SETUP, INCOME_CHANGE_SQL)
INCOME_CHANGE_SETUP_2026 = (*INCOME_SETUP_2026, INCOME_CHANGE_SQL)


def income_setup(spec: str) -> tuple[str, ...]:
    """``INCOME_SETUP`` of a HUD layout ("2022": FY2020 Glossary rules, as the kit; "2026": FY2026 Glossary)."""
    return INCOME_SETUP_2026 if spec == "2026" else INCOME_SETUP


def income_change_setup(spec: str) -> tuple[str, ...]:
    return INCOME_CHANGE_SETUP_2026 if spec == "2026" else INCOME_CHANGE_SETUP
