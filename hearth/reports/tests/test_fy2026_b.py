"""The FY2026 layout of APR/CAPER Q22-Q27 (FY2026 spec V1.0) on tiny hand-made datasets (report period
2025-10-01..2026-09-30). Expected numbers are worked out by hand from the spec's programming instructions."""

import zipfile
from datetime import date

import pytest
from django.core.management import call_command

from hearth.reports.apr.registry import tables_for
from hearth.reports.engine import ReportParams, load_dataset, run_report
from hearth.reports.tests.builders import client, enrollment, exit_row, project, write_export

START, END = date(2025, 10, 1), date(2026, 9, 30)
ONLY_BLACK = {"White": 0, "BlackAfAmerican": 1}
ONLY_HISPANIC = {"White": 0, "HispanicLatinao": 1}


def run(tmp_path, files, ptype=2, only=None, report="apr", funders=()):
    proj = project("P1", ptype)
    if funders:
        proj["Funder.csv"] = [{"FunderID": f"F{code}", "ProjectID": "P1", "Funder": code, "StartDate": "2020-01-01"}
                              for code in funders]  # fmt: skip
    ds = load_dataset(write_export(tmp_path / "x", {**proj, **files}))
    params = ReportParams(start=START, end=END, coc="XX-500", project_ids=("P1",), report=report, spec="2026")
    return run_report(ds, params, only=only).tables


def values(table, ref_range: str) -> list[str]:
    """The displayed values of cells ``"B2:B5"`` (one column) or ``"B2:F2"`` (one row)."""
    first, last = ref_range.split(":")
    col_a, row_a = first[0], int(first[1:])
    col_b, row_b = last[0], int(last[1:])
    if col_a == col_b:
        return [table.value(f"{col_a}{r}") for r in range(row_a, row_b + 1)]
    return [table.value(f"{chr(c)}{row_a}") for c in range(ord(col_a), ord(col_b) + 1)]


# ---- the shell ------------------------------------------------------------------------------------------------------

APR_2026_B = ["Q22a1", "Q22b", "Q22c", "Q22e", "Q22f", "Q22g", "Q23c", "Q23d", "Q23e", "Q24b", "Q24e", "Q25a",
              "Q25b", "Q25d", "Q25i", "Q25j", "Q26a", "Q26b", "Q26d", "Q26e", "Q27a", "Q27b", "Q27d", "Q27e", "Q27f1",
              "Q27f2", "Q27g", "Q27h", "Q27i", "Q27j", "Q27k", "Q27l", "Q27m"]  # fmt: skip
CAPER_2026_B = ["Q22a2", "Q22c", "Q22d", "Q22e", "Q22f", "Q22g", "Q23c", "Q23d", "Q23e", "Q24a", "Q24e", "Q25a",
                "Q26b"]  # fmt: skip


@pytest.mark.parametrize(("report", "expected"), [("apr", APR_2026_B), ("caper", CAPER_2026_B)])
def test_fy2026_shell_of_q22_to_q27(report, expected):
    names = [t.name for t in tables_for(report, "2026")]
    assert [n for n in names if n[1:3].isdigit() and 22 <= int(n[1:3]) <= 27] == expected
    # Removed by FY2026: Q24 (now Q24a), Q24c/Q24d, Q25c, Q25e-Q25h, Q26c, Q26f-Q26h, Q27c, Q27f (now Q27f1).
    gone = {"Q24", "Q24c", "Q24d", "Q25c", "Q25e", "Q25f", "Q25g", "Q25h", "Q26c", "Q26f", "Q26g", "Q26h", "Q27c",
            "Q27f"}  # fmt: skip
    assert not gone & set(names)


def test_the_whole_fy2026_shell_has_hud_s_number_of_files():
    # Spec, "Exporting Report Results to CSV": 67 APR files and 40 CAPER files.
    assert len(tables_for("apr", "2026")) == 67
    assert len(tables_for("caper", "2026")) == 40


def test_fy2026_tables_have_the_shells_rows_and_columns(tmp_path):
    tables = run(tmp_path, {"Client.csv": [client("A")], "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01")]})
    tables.update(
        run(
            tmp_path / "c",
            {"Client.csv": [client("A")], "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01")]},
            report="caper",
        )
    )
    # (rows including the header row, columns including column A) as in the FY2026 shells
    shapes = {"Q22a1": (12, 4), "Q22a2": (15, 4), "Q22b": (3, 3), "Q22c": (14, 6), "Q22d": (12, 6), "Q22e": (15, 6),
              "Q22f": (5, 11), "Q22g": (5, 11), "Q23c": (43, 6), "Q23d": (13, 6), "Q23e": (7, 12), "Q24a": (16, 6),
              "Q24b": (6, 6), "Q24e": (6, 6), "Q25a": (7, 5), "Q25b": (7, 5), "Q25d": (10, 5), "Q25i": (43, 6),
              "Q25j": (13, 5), "Q26a": (6, 6), "Q26b": (6, 6), "Q26d": (11, 6), "Q26e": (9, 4), "Q27a": (6, 6),
              "Q27b": (3, 5), "Q27d": (32, 6), "Q27e": (12, 4), "Q27f1": (43, 6), "Q27f2": (13, 6), "Q27g": (17, 4),
              "Q27h": (12, 4), "Q27i": (18, 17), "Q27j": (3, 3), "Q27k": (14, 6), "Q27l": (15, 6),
              "Q27m": (26, 3)}  # fmt: skip
    for name, (rows, cols) in shapes.items():
        assert len(tables[name].rows) == rows, name
        assert {len(r) for r in tables[name].rows} == {cols}, name


# ---- Q22 ------------------------------------------------------------------------------------------------------------

# PSH: household H1 = A (head) + B (child, same start) + G (child who joined after the move-in); C, D, E alone.
PSH_CLIENTS = [
    client("A"),
    client("B", "2015-01-01", **ONLY_BLACK),
    client("G", "2016-01-01"),
    client("C", **ONLY_HISPANIC),
    client("D", HispanicLatinao=1),  # White and Hispanic/Latina/o
    client("E", White=0, Asian=1, BlackAfAmerican=1),
]
PSH_ENROLLMENTS = [
    enrollment("E1", "A", "P1", "2025-11-01", "H1", 1, MoveInDate="2025-11-11", DateToStreetESSH="2025-10-01"),
    enrollment("E2", "B", "P1", "2025-11-01", "H1", 2),
    enrollment("E7", "G", "P1", "2026-01-01", "H1", 2),
    enrollment("E3", "C", "P1", "2025-12-01", DateToStreetESSH="2025-06-01"),
    enrollment("E4", "D", "P1", "2025-10-15", MoveInDate="2025-10-20"),
    enrollment("E5", "E", "P1", "2025-09-01", MoveInDate="2025-09-05", DateToStreetESSH="2024-09-05"),
]
PSH_EXITS = [
    exit_row("E1", "A", "2026-03-01", 435, DestinationSubsidyType=419),
    exit_row("E2", "B", "2026-03-01", None),  # children without a destination take the head's (435, VASH)
    exit_row("E7", "G", "2026-03-01", None),
    exit_row("E3", "C", "2026-02-01", 116),
]


@pytest.fixture(scope="module")
def psh(tmp_path_factory):
    files = {"Client.csv": PSH_CLIENTS, "Enrollment.csv": PSH_ENROLLMENTS, "Exit.csv": PSH_EXITS}
    return run(tmp_path_factory.mktemp("psh"), files, ptype=3, only=["Q22c", "Q22e", "Q22f", "Q22g", "Q23d"])


def test_q22c_counts_days_from_start_to_each_persons_move_in(psh):
    q22c = psh["Q22c"]
    # D (5 days) and G (joined after the move-in: own start is the move-in, 0 days); A and B 10 days.
    assert values(q22c, "B2:B3") == ["2", "2"] and q22c.members("B2") == ["D", "G"]
    assert values(q22c, "C2:F2") == ["1", "1", "0", "0"]
    assert q22c.value("B11") == "4"
    assert q22c.value("B12") == "6.25" and q22c.value("C12") == "5.00" and q22c.value("D12") == "6.67"
    assert q22c.value("B13") == "1" and q22c.members("B13") == ["C"]  # left without moving in
    assert q22c.value("B14") == "5"  # E moved in before the period and stays: not in the universe


def test_q22e_time_prior_to_housing_with_the_heads_date_for_children_who_entered_with_the_head(psh):
    q22e = psh["Q22e"]
    assert q22e.value("B6") == "2" and q22e.members("B6") == ["A", "B"]  # 41 days: 2025-10-01 .. 2025-11-11
    assert q22e.value("B9") == "1" and q22e.members("B9") == ["E"]  # 365 days, moved in before the period
    assert q22e.value("B12") == "3"
    assert q22e.members("B13") == ["C"]  # PSH without a move-in
    assert q22e.members("B14") == ["D", "G"]  # no 3.917.3 date; a child who joined after the head
    assert q22e.value("B15") == "6"


def test_q22f_move_in_by_race_and_ethnicity(psh):
    q22f = psh["Q22f"]
    # B AmInd, C Asian, D Black, E Hispanic, F MidEast, G NHPI, H White, I race + Hispanic, J multi-racial, K unknown
    assert values(q22f, "B2:K2") == ["0", "0", "1", "0", "0", "0", "2", "1", "0", "0"]
    assert values(q22f, "B3:K3") == ["0", "0", "0", "1", "0", "0", "0", "0", "0", "0"]
    assert q22f.value("H4") == "5.00" and q22f.value("H5") == "5.00"  # A 10 days, G 0 days
    assert q22f.value("D4") == "10.00" and q22f.value("I4") == "5.00" and q22f.value("B4") == "0.00"


def test_q22g_leaves_out_people_without_a_date_and_children_who_joined_later(psh):
    q22g = psh["Q22g"]
    assert values(q22g, "B2:K2") == ["0", "0", "1", "0", "0", "0", "1", "0", "1", "0"]  # B (Black), A, E (multi)
    assert values(q22g, "B3:K3") == ["0", "0", "0", "1", "0", "0", "0", "0", "0", "0"]  # C: not moved in, has a date
    assert q22g.value("H4") == "41.00" and q22g.value("J4") == "365.00" and q22g.value("J5") == "365.00"


def test_q23d_subsidy_types_of_leavers_to_rental_with_subsidy_children_take_the_heads(psh):
    q23d = psh["Q23d"]
    assert q23d.value("B3") == "3" and q23d.members("B3") == ["A", "B", "G"]  # VASH
    assert q23d.value("D3") == "3" and q23d.value("B13") == "3"
    assert values(q23d, "B2:B12").count("0") == 10


def test_q22a1_and_q22b_length_of_participation(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("C")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-10-01"), enrollment("E2", "B", "P1", "2024-01-01"),
                           enrollment("E3", "C", "P1", "2026-09-01")],
        "Exit.csv": [exit_row("E1", "A", "2025-10-21")],
    }, only=["Q22a1", "Q22b"])  # fmt: skip
    q22a1 = tables["Q22a1"]
    # A left after 20 days; B stays 1,004 days (from 2024-01-01 through ReportEnd); C stays 30 days.
    assert values(q22a1, "B2:D2") == ["2", "1", "1"]
    assert q22a1.value("B8") == "1" and q22a1.members("B8") == ["B"]
    assert q22a1.value("B12") == "3"  # row 12 is the total: FY2026 has no "data not collected" row
    q22b = tables["Q22b"]
    assert q22b.value("B2") == "20" and q22b.value("C2") == "517" and q22b.value("C3") == "517"


# ---- Q23 ------------------------------------------------------------------------------------------------------------


def test_q23c_and_q23e_by_fy2026_destination_code(tmp_path):
    leavers = {"A": 410, "B": 9, "C": 24, "D": 332, "E": 314, "F": 206, "G": 335}  # 335 is no 3.12 code
    clients = [client(p, **(ONLY_BLACK if p == "A" else {})) for p in [*leavers, "H"]]
    tables = run(tmp_path, {
        "Client.csv": clients,
        "Enrollment.csv": [enrollment(f"E{p}", p, "P1", "2025-11-01") for p in [*leavers, "H"]],
        "Exit.csv": [exit_row(f"E{p}", p, "2026-02-01", code) for p, code in leavers.items()],
    }, ptype=2, only=["Q23c", "Q23e"])  # fmt: skip
    q23c = tables["Q23c"]
    expected = {28: "A", 37: "B", 36: "C", 19: "D", 18: "E", 9: "F", 38: "G"}
    for row, who in expected.items():
        assert q23c.members(f"B{row}") == [who], row
    assert values(q23c, "B6:B6") == ["0"]
    assert [q23c.value(f"B{r}") for r in (14, 23, 32, 39, 40)] == ["1", "2", "1", "3", "7"]
    assert q23c.value("B2") == "" and q23c.value("B33") == ""  # section headings are grey
    # TH: permanent destinations and Host Home (non-crisis) are positive; hospital and deceased are excluded.
    assert q23c.members("B41") == ["A", "D"] and q23c.members("B42") == ["C", "F"]
    assert q23c.value("B43") == "0.4000"  # 2 / (7 - 2)
    q23e = tables["Q23e"]
    # B Total, C AmInd, D Asian, E Black, F Hispanic, G MidEast, H NHPI, I White, J race + Hispanic, K multi, L unknown
    assert values(q23e, "B5:L5") == ["1", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0"]
    assert values(q23e, "B6:L6") == ["3", "0", "0", "0", "0", "0", "0", "3", "0", "0", "0"]
    assert values(q23e, "B7:L7") == ["7", "0", "0", "1", "0", "0", "0", "6", "0", "0", "0"]
    assert [q23e.value(f"B{r}") for r in range(2, 6)] == ["0", "1", "2", "1"]


def test_q23c_street_outreach_positive_and_excluded_destinations(tmp_path):
    leavers = {"A": 314, "B": 329, "C": 215, "D": 116}
    tables = run(tmp_path, {
        "Client.csv": [client(p) for p in leavers],
        "Enrollment.csv": [enrollment(f"E{p}", p, "P1", "2025-11-01", DateOfEngagement="2025-11-01")
                           for p in leavers],
        "Exit.csv": [exit_row(f"E{p}", p, "2026-02-01", code) for p, code in leavers.items()],
    }, ptype=4, only=["Q23c"])  # fmt: skip
    q23c = tables["Q23c"]
    # SO (Appendix A): hotel without voucher and foster care are positive; residential project excluded.
    assert q23c.members("B41") == ["A", "C"] and q23c.members("B42") == ["B"]
    assert q23c.value("B43") == "0.6667"


# ---- Q24 ------------------------------------------------------------------------------------------------------------


def test_q24a_housing_assessment_and_q24e_sex_in_the_caper(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A", Sex=0), client("B"), client("C", Sex=8), client("D", Sex=None)],
        "Enrollment.csv": [enrollment(f"E{p}", p, "P1", "2025-11-01") for p in "ABCD"],
        "Exit.csv": [exit_row("EA", "A", "2026-01-01", 410, HousingAssessment=1, SubsidyInformation=2),
                     exit_row("EB", "B", "2026-01-01", 24, HousingAssessment=10),
                     exit_row("EC", "C", "2026-01-01", 99)],
    }, ptype=12, report="caper", only=["Q24a", "Q24e"])  # fmt: skip
    q24a = tables["Q24a"]
    assert q24a.members("B3") == ["A"] and q24a.members("B13") == ["B"] and q24a.members("B15") == ["C"]
    assert q24a.value("B16") == "3"  # D stays
    q24e = tables["Q24e"]
    assert values(q24e, "B2:B6") == ["1", "1", "1", "1", "4"]
    assert q24e.members("B5") == ["D"]


def test_q24b_moving_on_assistance_to_heads_of_household_in_psh(tmp_path):
    def service(sid, eid, pid, day, kind):
        return {"ServicesID": sid, "EnrollmentID": eid, "PersonalID": pid, "DateProvided": day, "RecordType": 300,
                "TypeProvided": kind}  # fmt: skip

    tables = run(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("K", "2015-01-01")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-01-01", "H1", MoveInDate="2025-02-01"),
                           enrollment("E3", "K", "P1", "2025-01-01", "H1", 2),
                           enrollment("E2", "B", "P1", "2025-11-01", MoveInDate="2025-11-01")],
        "Services.csv": [service("S1", "E1", "A", "2025-12-01", 1), service("S2", "E1", "A", "2026-01-01", 3),
                         service("S3", "E1", "A", "2025-09-01", 2),  # before the period
                         service("S4", "E1", "A", "2026-02-01", 1),
                         service("S5", "E2", "B", "2026-03-01", 1),
                         service("S6", "E3", "K", "2026-03-01", 4)],  # not a head of household
    }, ptype=3, only=["Q24b"])  # fmt: skip
    q24b = tables["Q24b"]
    assert values(q24b, "B2:B6") == ["2", "0", "1", "0", "0"]
    assert q24b.members("B2") == ["A", "B"]
    assert q24b.value("C2") == "1" and q24b.value("D2") == "1"  # B alone, A with K


# ---- Q25 ------------------------------------------------------------------------------------------------------------


def test_q25_veterans(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A", "1995-01-01", VeteranStatus=1), client("B", "1955-01-01", VeteranStatus=1),
                       client("C", VeteranStatus=0), client("D", VeteranStatus=8),
                       client("K", "2015-01-01", VeteranStatus=1)],
        "Enrollment.csv": [enrollment("EA", "A", "P1", "2025-11-01"), enrollment("EB", "B", "P1", "2025-11-01"),
                           enrollment("EC", "C", "P1", "2025-11-01", "HC"),
                           enrollment("EK", "K", "P1", "2025-11-01", "HC", 2),
                           enrollment("ED", "D", "P1", "2025-11-01")],
        "Exit.csv": [exit_row("EA", "A", "2026-02-01", 435, DestinationSubsidyType=419),
                     exit_row("EC", "C", "2026-02-01", 435, DestinationSubsidyType=419)],
    }, ptype=2, only=["Q25a", "Q25b", "Q25d", "Q25i", "Q25j"])  # fmt: skip
    q25a = tables["Q25a"]
    # Adults only: the child K (3.07 = yes) is no veteran. Columns: Total, without children, with children, unknown.
    assert values(q25a, "B2:B7") == ["0", "2", "1", "1", "0", "4"]
    assert values(q25a, "C2:C7") == ["0", "2", "0", "1", "0", "3"] and q25a.value("D4") == "1"
    q25b = tables["Q25b"]
    assert values(q25b, "B2:B7") == ["0", "2", "1", "1", "0", "4"] and q25b.members("B4") == ["C"]
    q25d = tables["Q25d"]
    assert q25d.members("B3") == ["A"] and q25d.members("B7") == ["B"] and q25d.value("B10") == "2"
    assert values(q25d, "B8:E8") == ["", "", "", ""]  # grey: a veteran's age is known
    assert tables["Q25i"].members("B29") == ["A"] and tables["Q25i"].value("B40") == "1"
    q25j = tables["Q25j"]
    assert q25j.members("B3") == ["A"] and q25j.value("C3") == "1" and q25j.value("B13") == "1"


# ---- Q26 ------------------------------------------------------------------------------------------------------------


def test_q26_chronically_homeless(tmp_path):
    ch = {"DisablingCondition": 1, "LivingSituation": 116, "DateToStreetESSH": "2024-01-01"}
    tables = run(tmp_path, {
        "Client.csv": [client("A", "1955-01-01"), client("B"), client("K", "2015-01-01")],
        "Enrollment.csv": [enrollment("EA", "A", "P1", "2025-11-01", "HA", **ch),
                           enrollment("EK", "K", "P1", "2025-11-01", "HA", 2),
                           enrollment("EB", "B", "P1", "2025-11-01")],
    }, ptype=0, only=["Q26a", "Q26b", "Q26d", "Q26e"])  # fmt: skip
    q26b = tables["Q26b"]
    # A is CH; K (a child) follows the household rule; B (no disabling condition) is not CH.
    assert q26b.members("B2") == ["A", "K"] and q26b.members("B3") == ["B"] and q26b.value("B6") == "3"
    q26a = tables["Q26a"]
    assert q26a.value("B2") == "1" and q26a.value("D2") == "1" and q26a.value("B3") == "1" and q26a.value("B6") == "2"
    q26d = tables["Q26d"]
    assert q26d.members("B2") == ["K"] and q26d.members("B8") == ["A"] and q26d.value("B11") == "2"
    q26e = tables["Q26e"]
    assert q26e.rows[0][1][0] == "Conditions At Start" and len(q26e.rows) == 9


# ---- Q27 ------------------------------------------------------------------------------------------------------------

YOUTH_CLIENTS = [
    client("Y1", "2005-06-01"),  # 20: heads H1 with her child K1
    client("K1", "2023-06-01"),
    client("Y2", "2009-06-01"),  # 16: heads H2 alone
    client("Y3", "2003-06-01"),  # 22: heads H3 with Z (30), so not youth
    client("Z", "1995-06-01"),
]
YOUTH_ENROLLMENTS = [
    enrollment("E1", "Y1", "P1", "2025-11-01", "H1", 1, LivingSituation=101),
    enrollment("E2", "K1", "P1", "2025-11-01", "H1", 2),
    enrollment("E3", "Y2", "P1", "2025-11-01", "H2", 1),
    enrollment("E4", "Y3", "P1", "2025-11-01", "H3", 1),
    enrollment("E5", "Z", "P1", "2025-11-01", "H3", 3),
]
YOUTH_EXITS = [exit_row("E1", "Y1", "2026-05-01", 410), exit_row("E2", "K1", "2026-05-01", None),
               exit_row("E4", "Y3", "2026-05-01", 410)]  # fmt: skip


def education(rid, eid, pid, day, stage, attend, recent=None, current=None):
    return {"YouthEducationStatusID": rid, "EnrollmentID": eid, "PersonalID": pid, "InformationDate": day,
            "CurrentSchoolAttend": attend, "MostRecentEdStatus": recent, "CurrentEdStatus": current,
            "DataCollectionStage": stage}  # fmt: skip


EDUCATION_ROWS = [
    education("Y1s", "E1", "Y1", "2025-11-01", 1, 0, recent=2),  # not enrolled; K12 dropped out
    education("Y1x", "E1", "Y1", "2026-05-01", 3, 2, current=0),  # enrolled and attending; pursuing HS/GED
    education("Y3s", "E4", "Y3", "2025-11-01", 1, 0, recent=0),
]


@pytest.fixture(scope="module")
def youth(tmp_path_factory):
    files = {"Client.csv": YOUTH_CLIENTS, "Enrollment.csv": YOUTH_ENROLLMENTS, "Exit.csv": YOUTH_EXITS,
             "YouthEducationStatus.csv": EDUCATION_ROWS}  # fmt: skip
    return run(
        tmp_path_factory.mktemp("youth"),
        files,
        ptype=2,
        funders=(43,),
        only=["Q27a", "Q27b", "Q27d", "Q27f1", "Q27f2", "Q27m"],
    )


def test_q27a_and_q27b_youth_and_parenting_youth(youth):
    q27a = youth["Q27a"]
    assert q27a.members("B2") == ["Y2"] and q27a.value("E2") == "1"  # 16, alone: with only children
    assert q27a.members("B3") == ["Y1"] and q27a.value("D3") == "1"
    assert q27a.value("B6") == "2" and values(q27a, "B4:F4") == ["", "", "", "", ""]
    q27b = youth["Q27b"]
    assert values(q27b, "B3:E3") == ["1", "1", "2", "1"] and values(q27b, "B2:E2") == ["0", "0", "0", "0"]


def test_q27d_youth_heads_of_household_by_living_situation_and_q27f1_f2(youth):
    q27d = youth["Q27d"]
    assert q27d.members("B4") == ["Y1"] and q27d.members("B3") == ["Y2"]  # 101 emergency shelter, 116 street
    assert q27d.value("B32") == "2"
    assert youth["Q27f1"].members("B28") == ["Y1"] and youth["Q27f1"].value("B40") == "1"
    assert youth["Q27f2"].value("B13") == "0"


def test_q27m_education_status_of_youth_heads_leaving_yhdp_projects(youth):
    q27m = youth["Q27m"]
    assert q27m.members("B2") == ["Y1"] and q27m.members("B10") == ["Y1"]  # at start: not enrolled, dropped out
    assert q27m.members("C4") == ["Y1"] and q27m.members("C19") == ["Y1"]  # at exit: attending, pursuing HS/GED
    assert values(q27m, "B26:C26") == ["1", "1"]
    assert q27m.value("B7") == "" and q27m.value("C18") == ""


def test_q27m_counts_nobody_without_yhdp_funding(tmp_path):
    files = {"Client.csv": YOUTH_CLIENTS, "Enrollment.csv": YOUTH_ENROLLMENTS, "Exit.csv": YOUTH_EXITS,
             "YouthEducationStatus.csv": EDUCATION_ROWS}  # fmt: skip
    tables = run(tmp_path, files, ptype=2, funders=(2,), only=["Q27m"])
    assert values(tables["Q27m"], "B26:C26") == ["0", "0"]


def test_q27k_and_q27l_are_q22c_and_q22e_for_youth(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("Y", "2004-01-01"), client("A")],
        "Enrollment.csv": [enrollment("E1", "Y", "P1", "2025-11-01", MoveInDate="2025-11-20",
                                      DateToStreetESSH="2025-10-01"),
                           enrollment("E2", "A", "P1", "2025-11-01", MoveInDate="2025-11-03",
                                      DateToStreetESSH="2025-10-01")],
    }, ptype=13, only=["Q27k", "Q27l", "Q22c"])  # fmt: skip
    assert tables["Q22c"].value("B11") == "2"
    assert tables["Q27k"].members("B4") == ["Y"] and tables["Q27k"].value("B11") == "1"  # 19 days
    assert tables["Q27l"].members("B6") == ["Y"] and tables["Q27l"].value("B15") == "1"  # 50 days


# ---- the command ----------------------------------------------------------------------------------------------------


def test_hearth_report_writes_every_fy2026_table_with_hud_s_file_names(tmp_path):
    export = write_export(tmp_path / "export", {**project("P1", 3), "Client.csv": PSH_CLIENTS,
                                                "Enrollment.csv": PSH_ENROLLMENTS, "Exit.csv": PSH_EXITS})  # fmt: skip
    for report, names in (("apr", APR_2026_B), ("caper", CAPER_2026_B)):
        out = tmp_path / f"{report}.zip"
        call_command("report", report, "--input", str(export), "--start", "2025-10-01", "--end", "2026-09-30",
                     "--coc", "XX-500", "--spec", "2026", "--output", str(out))  # fmt: skip
        with zipfile.ZipFile(out) as zf:
            files = set(zf.namelist())
            assert {f"{n}.csv" for n in names} <= files
            assert len(files) == (67 if report == "apr" else 40)
            assert zf.read("Q23d.csv").decode().splitlines()[2].startswith('"VASH housing subsidy",')


DESTINATIONS_2026 = [101, 116, 118, 204, 205, 206, 207, 215, 225, 302, 312, 313, 314, 327, 329, 332, 410, 411, 421,
                     422, 423, 426, 435, 17, 24, 30, 8, 9, 99]  # fmt: skip


@pytest.mark.parametrize("ptype", [0, 2, 3, 4, 8, 12])
def test_q23c_fy2026_appendix_a_agrees_with_the_fy2022_rules_for_every_destination(tmp_path, ptype):
    # Appendix A did not change from FY2020 to FY2026 apart from the codes: both layouts must flag the same leavers.
    people = [f"P{code}" for code in DESTINATIONS_2026]
    extra = {"DateOfEngagement": "2025-11-01"} if ptype == 4 else {}
    ds = load_dataset(write_export(tmp_path / "x", {
        **project("P1", ptype),
        "Client.csv": [client(p) for p in people],
        "Enrollment.csv": [enrollment(f"E{p}", p, "P1", "2025-11-01", **extra) for p in people],
        "Exit.csv": [exit_row(f"E{p}", p, "2026-02-01", code, DestinationSubsidyType=419 if code == 435 else None)
                     for p, code in zip(people, DESTINATIONS_2026, strict=True)],
    }))  # fmt: skip
    found = {}
    for spec in ("2022", "2026"):
        params = ReportParams(start=START, end=END, coc="XX-500", project_ids=("P1",), spec=spec)
        q23c = run_report(ds, params, only=["Q23c"]).tables["Q23c"]
        labels = [row[0][0] for row in q23c.rows]
        positive = labels.index(next(s for s in labels if "positive housing destinations" in s)) + 1
        found[spec] = (q23c.members(f"B{positive}"), q23c.members(f"B{positive + 1}"), q23c.value(f"B{positive + 2}"))
    assert found["2026"] == found["2022"]
    assert found["2026"][0]  # every project type has positive destinations


def test_q22a2_and_q22d_esg_length_of_participation(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("C"), client("K", "2015-01-01")],
        "Enrollment.csv": [enrollment("EA", "A", "P1", "2025-11-01"), enrollment("EB", "B", "P1", "2024-01-01"),
                           enrollment("EC", "C", "P1", "2025-11-01", "HC"),
                           enrollment("EK", "K", "P1", "2025-11-01", "HC", 2)],
        "Exit.csv": [exit_row("EA", "A", "2025-11-06"), exit_row("EC", "C", "2026-02-09"),
                     exit_row("EK", "K", "2026-02-09")],
    }, ptype=0, report="caper", only=["Q22a2", "Q22d"])  # fmt: skip
    q22a2 = tables["Q22a2"]
    # A 5 days; C and K 100 days (leavers); B 1,004 days through ReportEnd (stayer).
    assert values(q22a2, "B2:D2") == ["1", "1", "0"]
    assert values(q22a2, "B8:D8") == ["2", "2", "0"]
    assert values(q22a2, "B11:D11") == ["1", "0", "1"]
    assert values(q22a2, "B15:D15") == ["4", "3", "1"]
    q22d = tables["Q22d"]
    assert values(q22d, "B8:F8") == ["2", "0", "2", "0", "0"]
    assert q22d.members("B11") == ["B"] and q22d.value("B12") == "4"  # 731 days or more


def test_q27g_h_i_include_youth_heads_of_household_under_18(tmp_path):
    def income(iid, eid, pid, day, stage):
        return {"IncomeBenefitsID": iid, "EnrollmentID": eid, "PersonalID": pid, "InformationDate": day,
                "IncomeFromAnySource": 1, "TotalMonthlyIncome": 500, "Earned": 1, "EarnedAmount": 500,
                "DataCollectionStage": stage}  # fmt: skip

    tables = run(tmp_path, {
        "Client.csv": [client("Y", "2009-06-01"), client("A")],
        "Enrollment.csv": [enrollment("EY", "Y", "P1", "2025-11-01"), enrollment("EA", "A", "P1", "2025-11-01")],
        "Exit.csv": [exit_row("EY", "Y", "2026-02-01", 410), exit_row("EA", "A", "2026-02-01", 410)],
        "IncomeBenefits.csv": [income("I1", "EY", "Y", "2025-11-01", 1), income("I2", "EY", "Y", "2026-02-01", 3),
                               income("I3", "EA", "A", "2025-11-01", 1), income("I4", "EA", "A", "2026-02-01", 3)],
    }, ptype=2, only=["Q27g", "Q27h", "Q27i", "Q17"])  # fmt: skip
    assert tables["Q17"].value("B2") == "1"  # A only: the adults' question leaves out the 16-year-old head
    q27g = tables["Q27g"]
    assert q27g.members("B2") == ["Y"] and q27g.members("D2") == ["Y"] and q27g.value("C2") == "0"
    q27h = tables["Q27h"]
    assert q27h.members("B2") == ["Y"] and q27h.members("D2") == ["Y"] and q27h.value("B10") == "1"
    q27i = tables["Q27i"]
    # Y heads a household with only children (columns J-M): no disabling condition, earned income at exit.
    assert values(q27i, "J2:M2") == ["0", "1", "1", "0"]
    assert q27i.value("L18") == "1" and q27i.value("M18") == "" and q27i.value("B18") == "0"


@pytest.mark.parametrize(("funders", "expected"), [((35,), "1"), ((2,), "0")])
def test_pay_for_success_projects_of_type_other_report_move_in_like_ph(tmp_path, funders, expected):
    tables = run(tmp_path, {
        "Client.csv": [client("A")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01", MoveInDate="2025-11-03",
                                      DateToStreetESSH="2025-10-01")],
    }, ptype=7, funders=funders, only=["Q22c", "Q22e", "Q22f"])  # fmt: skip
    assert tables["Q22c"].value("B2") == expected  # 2 days to move in
    assert tables["Q22f"].value("H2") == expected
    assert tables["Q22e"].value("B6") == expected  # 33 days from 3.917.3 to the move-in
