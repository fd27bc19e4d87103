"""Q22-Q27 rules on tiny hand-made datasets (report period 2025-10-01..2026-09-30): move-in and time prior to housing,
length of stay, destinations mapped back to FY2022, HP housing assessment, veteran households, parenting youth."""

from datetime import date

from hearth.reports.apr.registry import table
from hearth.reports.engine import ReportParams, load_dataset, run_report
from hearth.reports.tests.builders import client, enrollment, exit_row, project, write_export

START, END = date(2025, 10, 1), date(2026, 9, 30)


def run(tmp_path, files, names, ptype=13, report="apr"):
    ds = load_dataset(write_export(tmp_path / "x", {**project("P1", ptype), **files}))
    params = ReportParams(start=START, end=END, coc="XX-500", project_ids=("P1",), report=report)
    return run_report(ds, params, tables=[table(n, report) for n in names]).tables


def test_move_in_is_the_heads_for_members_present_and_own_entry_for_later_joiners(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("H"), client("K", "2015-05-01"), client("L", "2016-05-01"), client("S")],
        "Enrollment.csv": [
            # the head enters 2025-11-01 and moves in 10 days later; child K was there, child L joined afterwards
            enrollment("E1", "H", "P1", "2025-11-01", "HH1", 1, MoveInDate="2025-11-11"),
            enrollment("E2", "K", "P1", "2025-11-01", "HH1", 2),
            enrollment("E3", "L", "P1", "2026-01-05", "HH1", 2),
            # a single adult who left without moving in
            enrollment("E4", "S", "P1", "2025-12-01", "HH2", 1),
        ],
        "Exit.csv": [exit_row("E4", "S", "2026-02-01", 116)],
    }, ["Q22c"])  # fmt: skip
    q22c = tables["Q22c"]
    assert q22c.members("B2") == ["L"]  # 0 days: joined after the move-in, own project start is the move-in
    assert q22c.members("B3") == ["H", "K"]  # 10 days
    assert q22c.value("B10") == "3"
    assert q22c.value("B11") == "6.67"  # (10 + 10 + 0) / 3
    assert q22c.members("B12") == ["S"]  # exited without move-in
    assert q22c.value("B13") == "4"
    assert q22c.value("D13") == "3" and q22c.value("C13") == "1"


def test_time_prior_to_housing_children_inherit_the_heads_date_only_when_entering_with_the_head(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("H"), client("K", "2015-05-01"), client("L", "2016-05-01"), client("N"),
                       client("M")],
        "Enrollment.csv": [
            enrollment("E1", "H", "P1", "2025-11-01", "HH1", 1, MoveInDate="2025-11-11", DateToStreetESSH="2025-10-01"),
            enrollment("E2", "K", "P1", "2025-11-01", "HH1", 2),  # inherits 2025-10-01: 41 days
            enrollment("E3", "L", "P1", "2026-01-05", "HH1", 2),  # entered later: data not collected
            enrollment("E4", "N", "P1", "2025-12-01", "HH2", 1),  # no move-in yet (even without a date)
            # homelessness started after the move-in: data not collected
            enrollment("E5", "M", "P1", "2025-12-01", "HH3", 1, MoveInDate="2025-12-02", DateToStreetESSH="2026-01-01"),
        ],
    }, ["Q22e"])  # fmt: skip
    q22e = tables["Q22e"]
    assert q22e.members("B6") == ["H", "K"]  # 31 to 60 days
    assert q22e.value("B11") == "2"
    assert q22e.members("B12") == ["N"]
    assert q22e.members("B13") == ["L", "M"]
    assert q22e.value("B14") == "5"


def test_time_prior_to_housing_uses_project_start_outside_permanent_housing_and_skips_other_types(tmp_path):
    files = {
        "Client.csv": [client("A")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-12-01", DateToStreetESSH="2024-12-01")],
    }
    q22e = run(tmp_path / "th", files, ["Q22e"], ptype=2)["Q22e"]
    assert q22e.members("B8") == ["A"]  # 365 days from 3.917.3 to project start: 181 to 365 days
    assert q22e.value("B11") == "1"
    assert run(tmp_path / "so", files, ["Q22e"], ptype=4)["Q22e"].value("B14") == "0"


def test_length_of_participation_includes_time_before_the_period_and_median_rounds(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("C")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2024-10-01"), enrollment("E2", "B", "P1", "2026-09-01"),
                           enrollment("E3", "C", "P1", "2026-09-02")],
        "Exit.csv": [exit_row("E1", "A", "2025-10-31", 410), exit_row("E2", "B", "2026-09-11", 410)],
    }, ["Q22a1", "Q22b"], ptype=2)  # fmt: skip
    q22a1, q22b = tables["Q22a1"], tables["Q22b"]
    assert q22a1.members("C7") == ["A"]  # 395 days, of which 365 before ReportStart
    assert q22a1.members("C2") == ["B"] and q22a1.members("D2") == ["C"]  # 10 days; 29 days through ReportEnd
    assert q22b.value("B2") == "203"  # (395 + 10) / 2 = 202.5, half up
    assert q22b.value("B3") == "203" and q22b.value("C3") == "29"


def test_destinations_map_back_to_fy2022_children_inherit_and_percentage_excludes(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("H"), client("K", "2015-05-01"), client("D"), client("T")],
        "Enrollment.csv": [
            enrollment("E1", "H", "P1", "2025-11-01", "HH1", 1),
            enrollment("E2", "K", "P1", "2025-11-01", "HH1", 2),
            enrollment("E3", "D", "P1", "2025-11-01", "HH2", 1),
            enrollment("E4", "T", "P1", "2025-11-01", "HH3", 1),
        ],
        "Exit.csv": [
            exit_row("E1", "H", "2026-03-01", 435, DestinationSubsidyType=419),  # VASH
            exit_row("E2", "K", "2026-03-01", None),  # a child without a destination takes the head's
            exit_row("E3", "D", "2026-03-01", 24),  # deceased: excluded from the percentage
            exit_row("E4", "T", "2026-03-01", 101),  # emergency shelter
        ],
    }, ["Q23c"], ptype=2)  # fmt: skip
    q23c = tables["Q23c"]
    assert q23c.members("B7") == ["H", "K"]  # a05 rental with VASH
    assert q23c.value("B16") == "2" and q23c.members("B18") == ["T"]
    assert q23c.members("B38") == ["D"]
    assert q23c.value("B43") == "4"
    assert q23c.value("B44") == "2" and q23c.value("B45") == "1"
    assert q23c.value("B46") == "0.6667"  # 2 / (4 - 1)
    assert q23c.value("B2") == ""  # section heading


def test_street_outreach_counts_temporary_destinations_as_positive(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("T")],
        "Enrollment.csv": [enrollment("E1", "T", "P1", "2025-11-01", DateOfEngagement="2025-11-01")],
        "Exit.csv": [exit_row("E1", "T", "2026-03-01", 101)],
    }, ["Q23c"], ptype=4)  # fmt: skip
    assert tables["Q23c"].value("B44") == "1" and tables["Q23c"].value("B46") == "1.0000"


def test_homelessness_prevention_housing_assessment_at_exit(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("C")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01"), enrollment("E2", "B", "P1", "2025-11-01"),
                           enrollment("E3", "C", "P1", "2025-11-01")],
        "Exit.csv": [exit_row("E1", "A", "2026-03-01", 410, HousingAssessment=1, SubsidyInformation=3),
                     exit_row("E2", "B", "2026-03-01", 410, HousingAssessment=2, SubsidyInformation=2),
                     exit_row("E3", "C", "2026-03-01", 410)],
    }, ["Q24"], ptype=12, report="caper")  # fmt: skip
    q24 = tables["Q24"]
    assert q24.members("B4") == ["A"] and q24.members("B7") == ["B"] and q24.members("B15") == ["C"]
    assert q24.value("B16") == "3"


def test_veteran_households_use_every_adult_of_the_heads_stay(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("H"), client("V", VeteranStatus=1), client("N"), client("R", VeteranStatus=9)],
        "Enrollment.csv": [
            enrollment("E1", "H", "P1", "2025-11-01", "HH1", 1),
            enrollment("E2", "V", "P1", "2025-11-01", "HH1", 3),  # a veteran spouse makes HH1 a veteran household
            enrollment("E3", "N", "P1", "2025-11-01", "HH2", 1),
            enrollment("E4", "R", "P1", "2025-11-01", "HH3", 1),
        ],
    }, ["Q25a", "Q25b"], ptype=2)  # fmt: skip
    q25a, q25b = tables["Q25a"], tables["Q25b"]
    assert q25a.members("B3") == ["V"] and q25a.value("B4") == "2" and q25a.members("B5") == ["R"]
    assert q25b.members("B3") == ["H"]  # counted by its head
    assert q25b.members("B4") == ["N"] and q25b.members("B5") == ["R"]
    assert q25b.value("B7") == "3"


def test_parenting_youth_counts_the_heads_household(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("Y", "2004-01-01"), client("P", "2005-01-01"), client("K", "2024-01-01"),
                       client("O")],
        "Enrollment.csv": [
            enrollment("E1", "Y", "P1", "2025-11-01", "HH1", 1),  # 21-year-old head
            enrollment("E2", "P", "P1", "2025-11-01", "HH1", 3),  # 20-year-old partner
            enrollment("E3", "K", "P1", "2025-11-01", "HH1", 2),  # their child
            enrollment("E4", "O", "P1", "2025-11-01", "HH2", 1),  # not a youth household
        ],
    }, ["Q27b", "Q27a"], ptype=2)  # fmt: skip
    q27b = tables["Q27b"]
    assert q27b.value("B2") == "0" and q27b.value("E2") == "0"
    assert q27b.members("B3") == ["P", "Y"] and q27b.members("C3") == ["K"]
    assert q27b.value("D3") == "3" and q27b.value("E3") == "1"
    assert tables["Q27a"].value("B3") == "2"  # the 12-24 youth; the child under 12 is not a youth


def test_fy2026_destinations_map_back_to_fy2022_codes():
    import duckdb

    from hearth.reports.apr.blocks_stay import DEST_FY2022

    con = duckdb.connect()
    con.execute(DEST_FY2022)
    cases = {(435, 440): 3, (435, 419): 19, (435, 439): 20, (435, None): 20, (329, None): 29, (116, None): 16,
             (101, None): 1, (410, None): 10, (24, None): 24, (30, None): 30, (None, None): None}  # fmt: skip
    for (code, subsidy), expected in cases.items():
        assert con.execute("SELECT dest_fy2022(?::INT, ?::INT)", [code, subsidy]).fetchone()[0] == expected


def test_chronic_households_take_the_first_matching_row(tmp_path):
    disabled = {"DisablingCondition": 1, "LivingSituation": 116, "DateToStreetESSH": "2023-01-01"}
    tables = run(tmp_path, {
        "Client.csv": [client("H"), client("A"), client("N"), client("R"), client("K", "2015-01-01")],
        "Enrollment.csv": [
            enrollment("E1", "H", "P1", "2025-11-01", "HH1", 1),  # head not CH, but the other adult is
            enrollment("E2", "A", "P1", "2025-11-01", "HH1", 3, **disabled),
            enrollment("E3", "N", "P1", "2025-11-01", "HH2", 1),  # not CH
            enrollment("E4", "R", "P1", "2025-11-01", "HH3", 1, DisablingCondition=9),  # DK/R
            enrollment("E5", "K", "P1", "2025-11-01", "HH3", 2),
        ],
    }, ["Q26a", "Q26b"], ptype=0)  # fmt: skip
    q26a, q26b = tables["Q26a"], tables["Q26b"]
    assert q26a.members("B2") == ["H"] and q26a.members("B3") == ["N"] and q26a.members("B4") == ["R"]
    assert q26a.value("B6") == "3" and q26a.value("D4") == "1"  # HH3 has a child
    assert q26b.members("B2") == ["A", "H"]  # the head entered with a CH adult (Glossary household rule)


def test_gender_by_age_ranges_and_length_by_household_type_in_the_caper(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A", "1950-01-01", Sex=0), client("B", "2004-01-01"), client("K", "2015-01-01"),
                       client("U", None)],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2026-09-01", "HH1", 1),
                           enrollment("E2", "B", "P1", "2026-09-01", "HH2", 1),
                           enrollment("E3", "K", "P1", "2026-09-01", "HH2", 2),
                           enrollment("E4", "U", "P1", "2026-09-01", "HH4", 1)],
    }, ["Q10d", "Q22d"], ptype=2, report="caper")  # fmt: skip
    q10d, q22d = tables["Q10d"], tables["Q22d"]
    assert q10d.members("F3") == ["A"] and q10d.members("D2") == ["B"] and q10d.members("C2") == ["K"]
    assert q10d.members("H2") == ["U"] and q10d.value("B9") == "4"
    # 30 days from 2026-09-01 through ReportEnd: row "22 to 30 days"
    assert q22d.members("C5") == ["A"] and q22d.members("D5") == ["B", "K"] and q22d.members("F5") == ["U"]


def test_subpopulation_tables_keep_the_base_tables_rules(tmp_path):
    from hearth.reports.apr.registry import table as find

    q25h, q20a = find("Q25h"), find("Q20a")
    assert q25h.setup[: len(q20a.setup)] == q20a.setup and q20a.source in q25h.source
    assert "f_veteran" in q25h.universe and q20a.universe in q25h.universe


def test_a_table_counts_its_grid_with_members_and_special_cells(tmp_path):
    from hearth.reports.engine import Aggregate, Blank, Column, Count, Ratio, Row, Sum, Table

    base = Table(
        "T1",
        header=["x", "Total", "Leavers", "Share"],
        rows=[Row("Adults", "c.is_adult"), Row("Heads", "c.is_hoh"), Row("None", "false"), Row("All"), Row("Sum")],
        columns=[Column("Total"), Column("Leavers", "c.is_leaver"), Column("Share")],
        cells={"D2": Ratio(numerator="C2", denominator="B2"), "D3": Blank(), "D4": Blank(value="0"),
               "B6": Sum(refs=("B2", "B3")), "C6": Count(where="c.is_child", with_row_and_column=False),
               "D5": Aggregate(expr="avg(c.age)"), "D6": Count(only_if="false")},
    )  # fmt: skip
    files = {
        "Client.csv": [client("A"), client("B"), client("K", "2015-01-01")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01", "H1", 1),
                           enrollment("E2", "K", "P1", "2025-11-01", "H1", 2),
                           enrollment("E3", "B", "P1", "2025-11-01", "H2", 1)],
        "Exit.csv": [exit_row("E3", "B", "2026-01-01", 410)],
    }  # fmt: skip
    ds = load_dataset(write_export(tmp_path / "x", {**project("P1", 2), **files}))
    params = ReportParams(start=START, end=END, coc="XX-500", project_ids=("P1",))
    fast_result = run_report(ds, params, tables=[base]).tables["T1"]
    assert fast_result.value("B2") == "2" and fast_result.members("C3") == ["B"] and fast_result.value("B6") == "4"
    assert fast_result.value("D6") == "" and fast_result.value("B4") == "0"
