"""APR/CAPER Q6a-Q6f: data quality (FY2020 spec Q6 and the Reporting Glossary's "HMIS Data Quality Report" Q2-Q7).

Every cell counts the DQ universe: each client's latest stay, street outreach clients only once engaged (Glossary,
"Project Stays to Include"). Per-client flags come from ``r_data_quality`` (``apr/blocks_health.py``).
"""

from __future__ import annotations

from hearth.reports.apr.blocks_2026 import DATA_QUALITY_2026
from hearth.reports.apr.blocks_health import DATA_QUALITY, DATA_QUALITY_VIEW
from hearth.reports.apr.blocks_income import INCOME_SETUP, INCOME_SETUP_2026, INCOME_SOURCES
from hearth.reports.engine.tables import Aggregate, Blank, Column, Count, Ratio, Row, Sum, Table

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


# ---- FY2026 layout (FY2026 Glossary DQ Q2-Q7; flags in ``apr/blocks_2026.py``) -----------------------------------

SETUP_2026 = (*SETUP, *INCOME_SETUP_2026, *DATA_QUALITY_2026)
DQ_UNIVERSE_2026 = "c.dq_universe"
HEADER_2026 = ["Data Element", "Client Doesn't Know/Prefers Not to Answer", "Information Missing", "Data Issues",
               "Total", "% of Issue Rate"]  # fmt: skip
FIVE_COLUMNS = [Column(letter) for letter in "BCDEF"]


def _issue_rows(elements: list[tuple[str, str | None, str | None, str | None, str]]) -> dict:
    """Cells of a DQ Q2-Q4 style table: per row (label, dkr, missing, issue, denominator) the counts of columns B-D
    (None: no rule, written 0), E (any of them, each client once) and F (E / the denominator's clients)."""
    cells: dict = {}
    for i, (_label, dkr, missing, issue, denominator) in enumerate(elements, start=2):
        used = [w for w in (dkr, missing, issue) if w]
        any_ = "coalesce(" + " OR ".join(f"({w})" for w in used) + ", false)"
        for letter, where in zip("BCD", (dkr, missing, issue), strict=True):
            cells[f"{letter}{i}"] = _count(where) if where else Blank(value="0")
        cells[f"E{i}"] = _count(any_)
        cells[f"F{i}"] = _rate(any_, denominator)
    return cells


# Q6a: each element's columns are exclusive (first match), so one CASE column per element.
_PII_2026 = [("Name (3.01)", "name_2026"), ("Social Security Number (3.02)", "ssn_2026"),
             ("Date of Birth (3.03)", "dob_2026"), ("Race/Ethnicity (3.04)", "race_2026")]  # fmt: skip
_q6a_2026 = _issue_rows([
    (label, f"c.{col} = 'dkr'", f"c.{col} = 'missing'", None if col == "race_2026" else f"c.{col} = 'issue'", "true")
    for label, col in _PII_2026
])  # fmt: skip
_q6a_2026["D5"] = Blank()
_ANY_PII_2026 = " OR ".join(f"c.{col} IS NOT NULL" for _, col in _PII_2026)
_q6a_2026.update({"B6": Blank(), "C6": Blank(), "D6": Blank(), "E6": _count(_ANY_PII_2026),
                  "F6": _rate(_ANY_PII_2026)})  # fmt: skip

Q6A_2026 = Table(
    "Q6a",
    header=HEADER_2026,
    rows=[Row(label) for label, _ in _PII_2026] + [Row("Overall Score")],
    columns=FIVE_COLUMNS,
    universe=DQ_UNIVERSE_2026,
    cells=_q6a_2026,
    source="q6_dq_2026",
    setup=SETUP_2026,
    quote_values=False,
    specs=("2026",),
    title="Data Quality: Personally Identifiable Information",
)

_UDE_2026 = [
    ("Veteran Status (3.07)", "c.vet_dkr", "c.vet_missing", "c.vet_issue", "c.is_adult OR c.is_child"),
    ("Project Start Date (3.10)", None, None, "c.start_issue", "true"),
    ("Relationship to Head of Household (3.15)", None, "c.rel_missing", "c.rel_issue", "true"),
    ("Enrollment CoC (3.16)", None, "c.coc_missing", "c.coc_issue", "c.is_hoh"),
    ("Disabling Condition (3.08)", "c.dis_dkr", "c.dis_missing", "c.dis_issue", "true"),
]
Q6B_2026 = Table(
    "Q6b",
    header=HEADER_2026,
    rows=[Row(e[0]) for e in _UDE_2026],
    columns=FIVE_COLUMNS,
    universe=DQ_UNIVERSE_2026,
    cells=_issue_rows(_UDE_2026),
    source="q6_dq_2026",
    setup=SETUP_2026,
    quote_values=False,
    specs=("2026",),
    title="Data Quality: Universal Data Elements",
)


def _income_2026(stage: str, who: str, denominator: str | None = None) -> tuple[str, str, str, str]:
    return tuple(f"({who}) AND c.inc_{stage}_{kind}" for kind in ("dkr", "missing", "issue")) + (denominator or who,)


_INC_2026 = [
    ("Destination (3.12)", "c.dest_dkr", "c.dest_missing", None, "c.is_leaver"),
    ("Income and Sources (4.02) at Start", *_income_2026("start", "c.is_adult_or_hoh")),
    # F4 = E4 / Q5a B17 (heads of household and adult stayers in the project 365 days or more)
    ("Income and Sources (4.02) at Annual Assessment", *_income_2026("annual", "c.aa_expected", "c.is_hoh_stayer_365")),
    ("Income and Sources (4.02) at Exit", *_income_2026("exit", "c.is_adult_or_hoh AND c.is_leaver")),
]
Q6C_2026 = Table(
    "Q6c",
    header=HEADER_2026,
    rows=[Row(e[0]) for e in _INC_2026],
    columns=FIVE_COLUMNS,
    universe=DQ_UNIVERSE_2026,
    cells=_issue_rows(_INC_2026),
    source="q6_dq_2026",
    setup=SETUP_2026,
    quote_values=False,
    specs=("2026",),
    title="Data Quality: Income and Housing Data Quality",
)

# Q6d: rows 2-6 by project type group; row 7 totals column B and the rate.
_q6d_2026: dict = {}
_CH_GROUPS_2026 = ["es_sh_so", "th", "ph", "ce", "sso"]
for _i, _group in enumerate(_CH_GROUPS_2026, start=2):
    _in = f"c.ch_universe AND c.ch_group_2026 = '{_group}'"
    _q6d_2026[f"B{_i}"] = _count(_in)
    for _letter, _where in _CH_COLUMNS:
        if _group == "es_sh_so" and _letter in ("C", "D"):
            _q6d_2026[f"{_letter}{_i}"] = Blank()
        else:
            _q6d_2026[f"{_letter}{_i}"] = _count(f"{_in} AND ({_where})")
    _used = [w for letter, w in _CH_COLUMNS if _group != "es_sh_so" or letter not in ("C", "D")]
    _q6d_2026[f"H{_i}"] = _rate(" OR ".join(f"({w})" for w in _used), _in)
_CH_ANY_2026 = _CH_ANY.replace("c.ch_group <>", "c.ch_group_2026 <>")
_q6d_2026["B7"] = Sum(refs=tuple(f"B{i}" for i in range(2, 7)))
_q6d_2026.update({f"{_letter}7": Blank() for _letter, _ in _CH_COLUMNS})
_q6d_2026["H7"] = _rate(_CH_ANY_2026, "c.ch_universe AND c.ch_group_2026 IS NOT NULL")

Q6D_2026 = Table(
    "Q6d",
    header=["Entering into project type", "Count of total records", "Missing time in institution (3.917.2)",
            "Missing time in housing (3.917.2)", "Approximate date this episode started (3.917.3) Missing",
            "Number of times (3.917.4) DK/PNTA/missing", "Number of months (3.917.5) DK/PNTA/missing",
            "% of records unable to calculate"],
    rows=[Row("ES-EE, ES-NbN, SH, Street Outreach"), Row("TH"), Row("PH (all)"), Row("CE"),
          Row("SSO, Day Shelter, HP"), Row("Total")],
    columns=[Column(letter) for letter in "BCDEFGH"],
    universe=DQ_UNIVERSE_2026,
    cells=_q6d_2026,
    source="q6_dq_2026",
    setup=SETUP_2026,
    quote_values=False,
    specs=("2026",),
    title="Data Quality: Chronic Homelessness",
)  # fmt: skip

_BUCKETS_2026 = [("< 0 days", "< 0"), *_BUCKETS]
Q6E_2026 = Table(
    "Q6e",
    header=["Time for Record Entry", "Number of Project Start Records", "Number of Project Exit Records"],
    rows=[Row(label) for label, _ in _BUCKETS_2026],
    columns=[Column("Start"), Column("Exit")],
    universe=DQ_UNIVERSE_2026,
    cells={ref: cell for i, (_, test) in enumerate(_BUCKETS_2026, start=2)
           for ref, cell in ((f"B{i}", _count(f"c.start_entry_days {test}")),
                             (f"C{i}", _count(f"c.exit_entry_days {test}")))},
    source="q6_dq_2026",
    setup=SETUP_2026,
    quote_values=False,
    specs=("2026",),
    title="Data Quality: Timeliness",
)  # fmt: skip

Q6F_2026 = Table(
    "Q6f",
    header=["Data Element", "# of Records", "# of Inactive Records", "% of Inactive Records"],
    rows=[Row("Contact (Adults and Heads of Household in Street Outreach or PATH-funded SSO)"),
          Row("Bed Night (All clients in ES – NbN)")],
    columns=[Column("B"), Column("C"), Column("D")],
    universe="true",
    cells={
        "B2": _count("c.contact_record_2026"),
        "C2": _count("c.contact_inactive_2026"),
        "D2": Ratio(numerator="C2", denominator="B2"),
        "B3": _count("c.bed_night_record"),
        "C3": _count("c.bed_night_inactive"),
        "D3": Ratio(numerator="C3", denominator="B3"),
    },
    source="q6_dq_2026",
    setup=SETUP_2026,
    quote_values=False,
    specs=("2026",),
    title="Data Quality: Inactive Records: Street Outreach and Emergency Shelter",
)  # fmt: skip

TABLES_2026 = [Q6A_2026, Q6B_2026, Q6C_2026, Q6D_2026, Q6E_2026, Q6F_2026]
