"""APR/CAPER Q20a: Type of Non-Cash Benefit Sources; APR Q20b: Number of Non-Cash Benefit Sources (FY2020 spec
Q20; records chosen in ``apr/blocks_income.py``)."""

from __future__ import annotations

from hearth.reports.apr.blocks_income import BENEFIT_SOURCES, income_setup
from hearth.reports.engine.tables import Column, Row, Table

_FIELDS = ("BenefitsFromAnySource", *BENEFIT_SOURCES)
_PICK = ",\n           ".join(f"CASE WHEN u.use_latest THEN l.{f} ELSE i.{f} END AS {f}" for f in _FIELDS)
_COUNT = " + ".join(
    f"coalesce(CASE WHEN u.use_latest THEN l.{f} ELSE i.{f} END = 1, false)::INT" for f in BENEFIT_SOURCES
)

# Q20 record selection on top of r_income (spec Q20a rules 3-4):
# - 3b: an adult stayer whose own annual assessment is not required or missing, in a household whose head has the
#   required annual assessment, is reported from his most recent Income and Sources record (any stage, dated on or
#   before ReportEnd); 3c (members with their own assessment) is r_income's rule already.
# - 4a: at exit, only heads of household who left and adults who left on the head's exit date (``exit_with_hoh``).
BENEFITS_SQL = f"""CREATE OR REPLACE TABLE r_benefits AS
    WITH latest AS (
        SELECT c.PersonalID, b.* EXCLUDE (PersonalID)
        FROM client_detail c JOIN IncomeBenefits b ON b.EnrollmentID = c.EnrollmentID
        WHERE b.InformationDate <= r_end()
        QUALIFY row_number() OVER (PARTITION BY c.PersonalID
                                   ORDER BY b.InformationDate DESC, b.DateUpdated DESC NULLS LAST) = 1)
    SELECT i.PersonalID, i.stage, i.is_adult,
           CASE WHEN u.use_latest THEN 'present' ELSE i.aa_status END AS aa_status,
           {_PICK},
           {_COUNT} AS benefit_sources,
           i.stage <> 'exit' OR c.is_hoh OR hh.hoh_id IS NULL OR c.ExitDate = hh.hoh_exit_date AS exit_with_hoh
    FROM r_income i
    JOIN client_detail c ON c.PersonalID = i.PersonalID
    LEFT JOIN r_hoh hh ON hh.HouseholdID = c.HouseholdID
    LEFT JOIN r_income h ON h.PersonalID = hh.hoh_id AND h.stage = 'annual'
    LEFT JOIN latest l ON l.PersonalID = i.PersonalID,
    LATERAL (SELECT coalesce(i.stage = 'annual' AND NOT c.is_hoh AND i.aa_status <> 'present'
                             AND h.aa_status = 'present' AND l.PersonalID IS NOT NULL, false) AS use_latest) u"""  # noqa: S608

USABLE = "(c.aa_status IS NULL OR c.aa_status = 'present')"
COLUMNS = [
    Column("Benefit at start", "c.stage = 'start'"),
    Column("Benefit at latest annual assessment for stayers", "c.stage = 'annual'"),
    Column("Benefit at exit for leavers", "c.stage = 'exit' AND c.exit_with_hoh"),
]
HEADER = ["Source"] + [c.label for c in COLUMNS]

Q20A_ROWS = [
    ("a. Supplemental Nutrition Assistance Program (SNAP) (Previously known as Food Stamps)", "SNAP"),
    ("b. Special Supplemental Nutrition Program for Women, Infants, and Children (WIC)", "WIC"),
    ("c. TANF Child Care services", "TANFChildCare"),
    ("d. TANF transportation services", "TANFTransportation"),
    ("e. Other TANF-funded services", "OtherTANF"),
    ("f. Other source", "OtherBenefitsSource"),
]


def _label(label: str, spec: str) -> str:
    """FY2026 shells have no letter prefixes."""
    return label.split(". ", 1)[1] if spec == "2026" else label


def q20a(spec: str) -> Table:
    return Table(
        "Q20a",
        header=HEADER,
        rows=[Row(_label(label, spec), f"{USABLE} AND c.{field} = 1") for label, field in Q20A_ROWS],
        columns=COLUMNS,
        universe="c.is_adult",
        source="r_benefits",
        setup=(*income_setup(spec), BENEFITS_SQL),
        specs=(spec,),
        quote_values=False,
        title="Type of Non-Cash Benefit Sources",
    )


Q20A = q20a("2022")

# Rows 2-3 by the specific benefits and 4.03.2 (rules 2-3); the rest by 4.03.2 (rule 4); stayers without a usable
# annual assessment (not yet required, or missing) are "data not collected" (rule 5).
SOME = f"{USABLE} AND (c.benefit_sources > 0 OR c.BenefitsFromAnySource = 1)"
NONE = f"{USABLE} AND c.benefit_sources = 0 AND c.BenefitsFromAnySource = 0"
DKR = f"{USABLE} AND c.benefit_sources = 0 AND c.BenefitsFromAnySource IN (8, 9)"

Q20B_ROWS = [
    ("a. No sources", NONE),
    ("b. 1+ source(s)", SOME),
    ("c. Client Doesn't Know/Client Refused", DKR),
    ("d. Data Not Collected/Not stayed long enough for Annual Assessment",
     f"NOT coalesce({SOME}, false) AND NOT coalesce({NONE}, false) AND NOT coalesce({DKR}, false)"),
    ("e. Total clients", "true"),
]  # fmt: skip


def q20b(spec: str) -> Table:
    labels = [label for label, _ in Q20B_ROWS]
    if spec == "2026":
        labels = ["No Sources", "1 + Source(s)", "Client Doesn't Know/Prefers Not to Answer",
                  "Data Not Collected/Not stayed long enough for Annual Assessment", "Total"]  # fmt: skip
    return Table(
        "Q20b",
        header=HEADER,
        rows=[Row(label, where) for label, (_, where) in zip(labels, Q20B_ROWS, strict=True)],
        columns=COLUMNS,
        universe="c.is_adult",
        source="r_benefits",
        setup=(*income_setup(spec), BENEFITS_SQL),
        reports=("apr",),
        specs=(spec,),
        quote_values=False,
        title="Number of Non-Cash Benefit Sources",
    )


Q20B = q20b("2022")

TABLES = [Q20A, Q20B]
# FY2026 layout: not in TABLES until the registry test allows one name per spec (see blocks_income docstring).
TABLES_2026 = [q20a("2026"), q20b("2026")]
