"""APR/CAPER Q6a-Q6f: data quality (FY2020 spec Q6 and the Reporting Glossary's "HMIS Data Quality Report" Q2-Q7).

Every cell counts the DQ universe: each client's latest stay, street outreach clients only once engaged (Glossary,
"Project Stays to Include"). Per-client flags come from ``r_data_quality`` (``apr/blocks_health.py``).
"""

from __future__ import annotations

from hearth.reports.apr.blocks_health import DATA_QUALITY, DATA_QUALITY_VIEW
from hearth.reports.apr.blocks_income import INCOME_SETUP, INCOME_SOURCES
from hearth.reports.engine.tables import Aggregate, Blank, Column, Count, Ratio, Row, Table

SETUP = (*DATA_QUALITY, DATA_QUALITY_VIEW)
DQ_UNIVERSE = "c.is_engaged"


def _count(where: str) -> Count:
    return Count(where=where, with_row_and_column=False)


def _rate(where: str, denominator: str = "true") -> Aggregate:
    """Share of the ``denominator`` clients for whom ``where`` holds (HUD's "% of error rate")."""
    return Aggregate(expr=f"avg(({where})::INT)", where=denominator, with_row_and_column=False, fmt="pct")


# ---- Q6a: personally identifiable information ----------------------------------------------------------------
_PII = [("Name", "dq_name"), ("Social Security Number", "dq_ssn"), ("Date of birth", "dq_dob"), ("Race", "dq_race"),
        ("Ethnicity", "dq_ethnicity"), ("Gender", "dq_gender")]  # fmt: skip
_ANY_PII = " OR ".join(f"c.{col} IS NOT NULL" for _, col in _PII)
_q6a_cells: dict = {}
for _i, (_label, _col) in enumerate(_PII, start=2):
    _q6a_cells[f"B{_i}"] = _count(f"c.{_col} = 'dkr'")
    _q6a_cells[f"C{_i}"] = _count(f"c.{_col} = 'missing'")
    _q6a_cells[f"D{_i}"] = _count(f"c.{_col} = 'issue'") if _col in ("dq_name", "dq_ssn", "dq_dob") else Blank()
    _q6a_cells[f"E{_i}"] = _count(f"c.{_col} IS NOT NULL")
    _q6a_cells[f"F{_i}"] = _rate(f"c.{_col} IS NOT NULL")
_q6a_cells.update({"B8": Blank(), "C8": Blank(), "D8": Blank(), "E8": _count(_ANY_PII), "F8": _rate(_ANY_PII)})

Q6A = Table(
    "Q6a",
    header=["Data Element", "Client Doesn't Know / Refused", "Information Missing", "Data Issues", "Total",
            "% of Error Rate"],
    rows=[Row(label) for label, _ in _PII] + [Row("Overall Score")],
    columns=[Column("B"), Column("C"), Column("D"), Column("E"), Column("F")],
    universe=DQ_UNIVERSE,
    cells=_q6a_cells,
    source="q6_dq",
    setup=SETUP,
    quote_values=False,
    title="Data Quality: Personally Identifiable Information",
)  # fmt: skip

# ---- Q6b: universal data elements ------------------------------------------------------------------------------
_UDE = [
    ("Veteran Status", "c.err_veteran", "c.is_adult OR coalesce(c.VeteranStatus = 1 AND c.age < 18, false)"),
    ("Project Start Date", "c.err_start_date", "true"),
    ("Relationship to Head of Household", "c.err_relationship", "true"),
    ("Client Location", "c.err_location", "c.is_hoh"),
    ("Disabling Condition", "c.err_disabling", "true"),
]
Q6B = Table(
    "Q6b",
    header=["Data Element", "Error Count", "% of Error Rate"],
    rows=[Row(label) for label, _, _ in _UDE],
    columns=[Column("Error Count"), Column("% of Error Rate")],
    universe=DQ_UNIVERSE,
    cells={ref: cell for i, (_, err, den) in enumerate(_UDE, start=2)
           for ref, cell in ((f"B{i}", _count(err)), (f"C{i}", _rate(err, den)))},
    source="q6_dq",
    setup=SETUP,
    quote_values=False,
    title="Data Quality: Universal Data Elements",
)  # fmt: skip

# ---- Q6c: income and housing -----------------------------------------------------------------------------------
_NO_SOURCE = "NOT (" + " OR ".join(f"coalesce(i.{s} = 1, false)" for s in INCOME_SOURCES) + ")"
_INCOME_ERROR = f"""(NOT i.has_record OR i.aa_status = 'missing' OR i.IncomeFromAnySource IS NULL
    OR i.IncomeFromAnySource NOT IN (0, 1) OR (i.IncomeFromAnySource = 0 AND NOT {_NO_SOURCE})
    OR (i.IncomeFromAnySource = 1 AND {_NO_SOURCE}))"""
INCOME_DQ = f"""CREATE OR REPLACE TABLE q6c_income AS
    SELECT i.PersonalID, i.stage, {_INCOME_ERROR} AS err FROM r_income i"""  # noqa: S608


def _income_error(stage: str) -> str:
    """The client's Income and Sources record of ``stage`` is absent or inconsistent (Glossary DQ Q4 rules 2-4)."""
    return f"EXISTS (SELECT 1 FROM q6c_income q WHERE q.PersonalID = c.PersonalID AND q.stage = '{stage}' AND q.err)"  # noqa: S608


_ANNUAL_EXPECTED = ("(c.is_adult OR c.is_hoh) AND c.is_stayer AND EXISTS (SELECT 1 FROM r_annual a "
                    "WHERE a.PersonalID = c.PersonalID AND a.aa_required)")  # fmt: skip
# (label, error, denominator): errors are counted within their denominator.
_INC = [
    ("Destination", "c.err_destination", "c.is_leaver"),
    ("Income and Sources at Start", _income_error("start"), "c.is_adult OR c.is_hoh"),
    ("Income and Sources at Annual Assessment", f"{_ANNUAL_EXPECTED} AND {_income_error('annual')}",
     _ANNUAL_EXPECTED),
    ("Income and Sources at Exit", _income_error("exit") + " AND c.is_leaver",
     "(c.is_adult OR c.is_hoh) AND c.is_leaver"),
]  # fmt: skip
_INC = [(label, f"({err}) AND ({den})", den) for label, err, den in _INC]
Q6C = Table(
    "Q6c",
    header=["Data Element", "Error Count", "% of Error Rate"],
    rows=[Row(label) for label, _, _ in _INC],
    columns=[Column("Error Count"), Column("% of Error Rate")],
    universe=DQ_UNIVERSE,
    cells={ref: cell for i, (_, err, den) in enumerate(_INC, start=2)
           for ref, cell in ((f"B{i}", _count(err)), (f"C{i}", _rate(err, den)))},
    source="q6_dq",
    setup=(*SETUP, *INCOME_SETUP, INCOME_DQ),
    quote_values=False,
    title="Data Quality: Income and Housing Data Quality",
)  # fmt: skip

# ---- Q6d: chronic homelessness ---------------------------------------------------------------------------------
_CH_COLUMNS = [
    ("C", "c.ch_institution_missing"),
    ("D", "c.ch_housing_missing"),
    ("E", "c.ch_expected AND c.ch_date_missing"),
    ("F", "c.ch_expected AND c.ch_times_missing"),
    ("G", "c.ch_expected AND c.ch_months_missing"),
]
# Street outreach, shelters and safe havens are not asked 3.917.2 (columns C and D are grey for them).
_CH_ANY = (
    " OR ".join(f"({w})" for letter, w in _CH_COLUMNS if letter in "EFG")
    + " OR (c.ch_group <> 'es_sh_so' AND ("
    + " OR ".join(f"({w})" for letter, w in _CH_COLUMNS if letter in "CD")
    + "))"
)
_q6d_cells: dict = {}
for _i, _group in ((2, "es_sh_so"), (3, "th"), (4, "ph")):
    _in = f"c.ch_universe AND c.ch_group = '{_group}'"
    _q6d_cells[f"B{_i}"] = _count(_in)
    for _letter, _where in _CH_COLUMNS:
        if _group == "es_sh_so" and _letter in ("C", "D"):
            _q6d_cells[f"{_letter}{_i}"] = Blank()
        else:
            _q6d_cells[f"{_letter}{_i}"] = _count(f"{_in} AND ({_where})")
    _used = [w for letter, w in _CH_COLUMNS if _group != "es_sh_so" or letter not in ("C", "D")]
    _q6d_cells[f"H{_i}"] = _rate(" OR ".join(f"({w})" for w in _used), _in)
_q6d_cells["B5"] = _count("c.ch_universe AND c.ch_group IS NOT NULL")
_q6d_cells.update({f"{_letter}5": Blank() for _letter, _ in _CH_COLUMNS})
_q6d_cells["H5"] = _rate(_CH_ANY, "c.ch_universe AND c.ch_group IS NOT NULL")

Q6D = Table(
    "Q6d",
    header=["Entering into project type", "Count of total records", "Missing time in institution",
            "Missing time in housing", "Approximate Date started DK/R/missing", "Number of times DK/R/missing",
            "Number of months DK/R/missing", "% of records unable to calculate"],
    rows=[Row("ES, SH, Street Outreach"), Row("TH"), Row("PH (all)"), Row("TOTAL")],
    columns=[Column(letter) for letter in "BCDEFGH"],
    universe=DQ_UNIVERSE,
    cells=_q6d_cells,
    source="q6_dq",
    setup=SETUP,
    quote_values=False,
    title="Data Quality: Chronic Homelessness",
)  # fmt: skip

# ---- Q6e: timeliness -------------------------------------------------------------------------------------------
_BUCKETS = [("0 days", "= 0"), ("1-3 days", "BETWEEN 1 AND 3"), ("4-6 days", "BETWEEN 4 AND 6"),
            ("7-10 days", "BETWEEN 7 AND 10"), ("11+ days", ">= 11")]  # fmt: skip
Q6E = Table(
    "Q6e",
    header=["Time for Record Entry", "Number of Project Entry Records", "Number of Project Exit Records"],
    rows=[Row(label) for label, _ in _BUCKETS],
    columns=[Column("Start"), Column("Exit")],
    universe=DQ_UNIVERSE,
    cells={ref: cell for i, (_, test) in enumerate(_BUCKETS, start=2)
           for ref, cell in ((f"B{i}", _count(f"c.start_entry_days {test}")),
                             (f"C{i}", _count(f"c.exit_entry_days {test}")))},
    source="q6_dq",
    setup=SETUP,
    quote_values=False,
    title="Data Quality: Timeliness",
)  # fmt: skip

# ---- Q6f: inactive records -------------------------------------------------------------------------------------
Q6F = Table(
    "Q6f",
    header=["Data Element", "# of Records", "# of Inactive Records", "% of Inactive Records"],
    rows=[Row("Contact (Adults and Heads of Household in Street Outreach or ES – NBN)"),
          Row("Bed Night (All clients in ES – NBN)")],
    columns=[Column("B"), Column("C"), Column("D")],
    # Records "regardless of project type" (Glossary DQ Q7): open outreach stays count whether engaged or not.
    universe="true",
    cells={
        "B2": _count("c.contact_record"),
        "C2": _count("c.contact_inactive"),
        "D2": Ratio(numerator="C2", denominator="B2"),
        "B3": _count("c.bed_night_record"),
        "C3": _count("c.bed_night_inactive"),
        "D3": Ratio(numerator="C3", denominator="B3"),
    },
    source="q6_dq",
    setup=SETUP,
    quote_values=False,
    title="Data Quality: Inactive Records: Street Outreach and Emergency Shelter",
)  # fmt: skip

TABLES = [Q6A, Q6B, Q6C, Q6D, Q6E, Q6F]
