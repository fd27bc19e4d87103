"""The FY2026 layout of APR/CAPER Q4-Q14 (FY2026 spec V1.0) on tiny hand-made datasets (report period
2025-10-01..2026-09-30). Expected numbers are worked out by hand from the spec's programming instructions."""

import zipfile
from datetime import date

import pytest
from django.core.management import call_command

from hearth.reports.apr.registry import tables_for
from hearth.reports.engine import ReportParams, load_dataset, run_report
from hearth.reports.tests.builders import client, enrollment, exit_row, project, write_export

START, END = date(2025, 10, 1), date(2026, 9, 30)

NO_RACE = {"White": 0}


def run(tmp_path, files, ptype=2, only=None, report="apr", extra_project=None, coc="XX-500"):
    proj = project("P1", ptype)
    if extra_project:
        proj["Project.csv"][0].update(extra_project)
    ds = load_dataset(write_export(tmp_path / "x", {**proj, **files}))
    params = ReportParams(start=START, end=END, coc=coc, project_ids=("P1",), report=report, spec="2026")
    return run_report(ds, params, only=only).tables


def column(table, letter):
    """The values of a column from row 2 down."""
    return [row[ord(letter) - 65][0] for row in table.rows[1:]]


# ---- the shell ------------------------------------------------------------------------------------------------------

APR_2026_A = ["Q4a", "Q5a", "Q6a", "Q6b", "Q6c", "Q6d", "Q6e", "Q6f", "Q7a", "Q7b", "Q8a", "Q8b", "Q9a", "Q9b",
              "Q11", "Q12", "Q13a1", "Q13a2", "Q13b1", "Q13b2", "Q13c1", "Q13c2", "Q14a", "Q14b"]  # fmt: skip
CAPER_2026_A = [n for n in APR_2026_A if n not in ("Q13a2", "Q13b2", "Q13c2")]


@pytest.mark.parametrize(("report", "expected"), [("apr", APR_2026_A), ("caper", CAPER_2026_A)])
def test_fy2026_shell_of_q4_to_q14(report, expected):
    names = [t.name for t in tables_for(report, "2026")]
    assert [n for n in names if int("".join(ch for ch in n[1:3] if ch.isdigit())) <= 14] == expected
    # FY2026 removed Q10 (gender) and split nothing else: no Q10 table, no Q12a/Q12b.
    assert not {"Q10a", "Q10b", "Q10c", "Q10d", "Q12a", "Q12b"} & set(names)


@pytest.mark.parametrize(("report", "expected"), [("apr", APR_2026_A), ("caper", CAPER_2026_A)])
def test_report_command_writes_the_fy2026_files(tmp_path, report, expected):
    export = write_export(tmp_path / "export", {
        **project("P1", 3),
        "Client.csv": [client("A")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01", MoveInDate="2025-12-01")],
    })  # fmt: skip
    out = tmp_path / f"{report}.zip"
    call_command("report", report, "--input", str(export), "--start", "2025-10-01", "--end", "2026-09-30",
                 "--coc", "XX-500", "--projects", "P1", "--spec", "2026", "--output", str(out))  # fmt: skip
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        assert {f"{n}.csv" for n in expected} <= names
        assert not {"Q10a.csv", "Q12a.csv", "Q12b.csv"} & names
        assert zf.read("Q5a.csv").decode().startswith('"Category","Count of Clients for DQ","Count of Clients"\r\n')
        assert zf.read("Q7a.csv").decode().splitlines()[6].endswith('"1","1","0","0","0"')  # a single adult, moved in


def test_fy2026_tables_have_the_shells_rows_and_columns(tmp_path):
    tables = run(tmp_path, {"Client.csv": [client("A")], "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01")]})
    # (rows including the header row, columns including column A) as in the FY2026 shells
    shapes = {"Q5a": (17, 3), "Q7a": (7, 6), "Q7b": (5, 6), "Q8a": (3, 6), "Q8b": (5, 6), "Q9a": (6, 5),
              "Q9b": (7, 5), "Q11": (13, 6), "Q12": (34, 6), "Q13a1": (9, 7), "Q13b2": (9, 7), "Q14a": (6, 6),
              "Q14b": (8, 6)}  # fmt: skip
    for name, (rows, cols) in shapes.items():
        assert len(tables[name].rows) == rows, name
        assert {len(r) for r in tables[name].rows} == {cols}, name


# ---- Q5a ------------------------------------------------------------------------------------------------------------


def test_q5a_counts_street_outreach_clients_for_dq_only_once_engaged(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("K", "2015-05-05")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01", DateOfEngagement="2025-11-02"),
                           enrollment("E2", "B", "P1", "2025-11-01"),
                           enrollment("E3", "K", "P1", "2025-11-01", "HE1", 2)],
        "Exit.csv": [exit_row("E2", "B", "2026-01-01")],
    }, ptype=4, only=["Q5a"])  # fmt: skip
    q5a = tables["Q5a"]
    assert q5a.rows[0][0][0] == "Category"
    assert q5a.value("B2") == "1" and q5a.value("C2") == "3"  # B: only A is engaged; C: everyone
    assert q5a.value("C3") == "2" and q5a.value("C4") == "1"  # adults, children
    assert q5a.value("B6") == "0" and q5a.value("C6") == "1"  # B (not engaged) left
    assert q5a.members("C6") == ["B"]


# ---- Q7a / Q8a ------------------------------------------------------------------------------------------------------


def test_q7a_grey_cells_and_moved_in_row(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A"), client("K", "2015-05-05"), client("S")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01", "H1", MoveInDate="2025-12-01"),
                           enrollment("E2", "K", "P1", "2025-11-01", "H1", 2),
                           enrollment("E3", "S", "P1", "2025-11-01")],  # single adult, not moved in
    }, ptype=3, only=["Q7a", "Q8a"])  # fmt: skip
    q7a = tables["Q7a"]
    assert q7a.value("E2") == "" and q7a.value("C3") == ""  # adults with only children, children without: grey
    assert q7a.value("B2") == "2" and q7a.value("C2") == "1" and q7a.value("D2") == "1"
    assert q7a.value("B3") == "1" and q7a.value("D3") == "1"
    assert q7a.value("B6") == "3"
    # Row 7: A and K inherit the HoH's move-in date; S has none.
    assert q7a.value("B7") == "2" and q7a.value("D7") == "2" and q7a.value("C7") == "0"
    assert q7a.members("B7") == ["A", "K"]
    q8a = tables["Q8a"]
    assert q8a.value("B2") == "2" and q8a.value("B3") == "1" and q8a.members("D3") == ["A"]


def test_q7a_moved_in_row_is_blank_outside_psh_and_rrh(tmp_path):
    tables = run(
        tmp_path,
        {"Client.csv": [client("A")], "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01")]},
        ptype=2,
        only=["Q7a"],
    )
    assert [tables["Q7a"].value(f"{c}7") for c in "BCDEF"] == [""] * 5


# ---- Q9 -------------------------------------------------------------------------------------------------------------


def contact(cid, eid, pid, day, situation):
    return {"CurrentLivingSitID": cid, "EnrollmentID": eid, "PersonalID": pid, "InformationDate": day,
            "CurrentLivingSituation": situation}  # fmt: skip


def test_q9_columns_follow_the_fy2026_code_ranges_of_the_first_contact(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client(p) for p in "ABCDEFG"],
        "Enrollment.csv": [enrollment(f"E{p}", p, "P1", "2025-11-01") for p in "ABCDEF"]
        + [enrollment("EG", "G", "P1", "2025-11-01", DateOfEngagement="2025-11-20")],
        "CurrentLivingSituation.csv": [
            contact("C1", "EA", "A", "2025-11-02", 17),   # Other: column C (NOT staying on the streets)
            contact("C2", "EB", "B", "2025-11-02", 215),  # foster care (200-499): column C
            contact("C3", "EC", "C", "2025-11-02", 116),  # place not meant for habitation: column D
            contact("C4", "EC", "C", "2025-11-09", 410),  # a later contact does not change the column
            contact("C5", "ED", "D", "2025-11-02", 37),   # worker unable to determine: column E
            contact("C6", "EE", "E", "2025-11-02", 8),    # 1-99 other than 17: column E
            contact("C7", "EF", "F", "2025-09-02", 101),  # before the period: not a contact in the period
        ],
    }, ptype=4, only=["Q9a", "Q9b"])  # fmt: skip
    q9a = tables["Q9a"]
    # G has no 4.12 record: the date of engagement is the only contact (column E, instruction 4).
    assert q9a.members("C6") == ["A", "B"]
    assert q9a.members("D6") == ["C"]
    assert q9a.members("E6") == ["D", "E", "G"]
    assert q9a.value("B6") == "6"
    assert q9a.members("D3") == ["C"] and q9a.value("B2") == "5"  # C: 2 contacts; the others once
    q9b = tables["Q9b"]
    assert q9b.members("B6") == ["G"] and q9b.members("E2") == ["G"]
    assert q9b.value("B7") == "0.1667"  # 1 engaged of 6 contacted
    assert q9b.value("C7") == "0" and q9b.value("E7") == "0.3333"


# ---- Q11 ------------------------------------------------------------------------------------------------------------


def test_q11_fy2026_age_brackets_and_grey_cells(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A", "1962-01-01"), client("B", "1961-06-01"), client("C", "1960-01-01"),
                       client("D", "1990-01-01")],
        # ages on 2025-11-01 (later than ReportStart): 63, 64, 65, 35
        "Enrollment.csv": [enrollment(f"E{p}", p, "P1", "2025-11-01") for p in "ABCD"],
    }, only=["Q11"])  # fmt: skip
    q11 = tables["Q11"]
    assert q11.members("B9") == ["A", "B"]  # 55-64
    assert q11.members("B10") == ["C"]  # 65+
    assert q11.members("B7") == ["D"]  # 35-44
    assert q11.value("B13") == "4"
    assert [q11.value(f"C{r}") for r in (2, 3, 4)] == ["", "", ""]
    assert [q11.value(f"E{r}") for r in range(5, 11)] == [""] * 6
    assert q11.value("E11") == "0" and q11.value("C5") == "0"


# ---- Q12 ------------------------------------------------------------------------------------------------------------


def test_q12_race_and_ethnicity_rows(tmp_path):
    r = {"White": 0}
    tables = run(tmp_path, {
        "Client.csv": [
            client("W"),                                                    # White only: row 8
            client("H", **r, HispanicLatinao=1),                            # Hispanic only: row 5
            client("AW", AmIndAKNative=1),                                  # White & AI/AN: row 14
            client("MH", **r, MidEastNAfrican=1, HispanicLatinao=1),        # MENA & Hispanic: row 24
            client("NB", **r, NativeHIPacific=1, BlackAfAmerican=1),        # NHPI & Black: row 22
            client("AB8", **r, Asian=1, NativeHIPacific=1, RaceNone=8),     # 8 ignored: NHPI & Asian, row 18
            client("M3H", Asian=1, HispanicLatinao=1),                      # three with Hispanic: row 30
            client("M3", Asian=1, BlackAfAmerican=1),                       # three without Hispanic: row 31
            client("DK", **r, RaceNone=9),                                  # row 32
            client("NC", **r, RaceNone=99),                                 # row 33
            client("NR", **r),                                              # nothing at all: row 33
        ],
        "Enrollment.csv": [enrollment(f"E{i}", p, "P1", "2025-11-01")
                           for i, p in enumerate(["W", "H", "AW", "MH", "NB", "AB8", "M3H", "M3", "DK", "NC", "NR"])],
    }, only=["Q12"])  # fmt: skip
    q12 = tables["Q12"]
    expected = {8: ["W"], 5: ["H"], 14: ["AW"], 24: ["MH"], 22: ["NB"], 18: ["AB8"], 30: ["M3H"], 31: ["M3"],
                32: ["DK"], 33: ["NC", "NR"]}  # fmt: skip
    for row in range(2, 34):
        assert q12.members(f"B{row}") == expected.get(row, []), (row, q12.rows[row - 1][0][0])
    assert q12.value("B34") == "11" and q12.value("C34") == "11"
    assert q12.rows[21][0][0] == "Native Hawaiian or Pacific Islander & Black, African American, or African"


# ---- Q13 / Q14 ------------------------------------------------------------------------------------------------------


def disability(did, eid, pid, dtype, response, stage=1, day="2025-11-01"):
    return {"DisabilitiesID": did, "EnrollmentID": eid, "PersonalID": pid, "InformationDate": day,
            "DisabilityType": dtype, "DisabilityResponse": response, "IndefiniteAndImpairs": 1,
            "DataCollectionStage": stage}  # fmt: skip


def test_q13_fy2026_rows_use_the_same_rules(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("C")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01"), enrollment("E2", "B", "P1", "2025-11-01"),
                           enrollment("E3", "C", "P1", "2025-11-01", DisablingCondition=99)],
        "Disabilities.csv": [disability("D1", "E1", "A", 10, 2), disability("D2", "E2", "B", 10, 3),
                             disability("D3", "E2", "B", 5, 1)],
    }, only=["Q13a1", "Q13a2"])  # fmt: skip
    a1, a2 = tables["Q13a1"], tables["Q13a2"]
    assert a1.rows[0][1][0] == "Total Persons" and a1.rows[3][0][0] == "Drug Use Disorder"
    assert a1.members("B4") == ["A"] and a1.members("B5") == ["B"] and a1.members("B9") == ["B"]
    assert a2.members("B3") == ["A"]  # drug use: one condition
    assert a2.members("B5") == ["B"]  # both (two) + physical: 3+
    assert a2.members("B8") == ["C"]  # no condition, 3.08 = 99: data not collected
    assert a2.value("B9") == "3"


def dv(hid, eid, pid, survivor, when=None, day="2025-11-01"):
    return {"HealthAndDVID": hid, "EnrollmentID": eid, "PersonalID": pid, "InformationDate": day,
            "DomesticViolenceSurvivor": survivor, "WhenOccurred": when, "DataCollectionStage": 1}  # fmt: skip


def test_q14_history_and_when_it_occurred(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client(p) for p in "ABCDEF"] + [client("K", "2015-01-01")],
        "Enrollment.csv": [enrollment(f"E{p}", p, "P1", "2025-11-01") for p in "ABCDEF"]
        + [enrollment("EK", "K", "P1", "2025-11-01", "HEA", 2)],
        "HealthAndDV.csv": [dv("V1", "EA", "A", 1, 1), dv("V2", "EB", "B", 1, 4), dv("V3", "EC", "C", 1, 9),
                            dv("V4", "ED", "D", 1), dv("V5", "EE", "E", 0), dv("V6", "EF", "F", 8),
                            dv("V7", "EK", "K", 1, 2)],  # a child who is not the HoH is outside the universe
    }, only=["Q14a", "Q14b"])  # fmt: skip
    q14a, q14b = tables["Q14a"], tables["Q14b"]
    assert q14a.members("B2") == ["A", "B", "C", "D"] and q14a.members("B3") == ["E"]
    assert q14a.members("B4") == ["F"] and q14a.value("B6") == "6"
    assert q14b.members("B2") == ["A"] and q14b.value("B3") == "0" and q14b.members("B5") == ["B"]
    assert q14b.members("B6") == ["C"] and q14b.members("B7") == ["D"] and q14b.value("B8") == "4"
    assert q14b.rows[0][2][0] == "Without Children"


# ---- Q4a ------------------------------------------------------------------------------------------------------------


def test_q4a_fy2026_columns(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A"), client("K", "2015-01-01"), client("B")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01", "H1"),
                           enrollment("E2", "K", "P1", "2025-11-01", "H1", 2),
                           enrollment("E3", "B", "P1", "2025-11-01")],
        "CEParticipation.csv": [
            {"CEParticipationID": "CE1", "ProjectID": "P1", "AccessPoint": 0,
             "CEParticipationStatusStartDate": "2020-01-01", "CEParticipationStatusEndDate": "2025-12-31"},
            {"CEParticipationID": "CE2", "ProjectID": "P1", "AccessPoint": 1,
             "CEParticipationStatusStartDate": "2026-01-01"},
        ],
        "Affiliation.csv": [{"AffiliationID": "AF1", "ProjectID": "P1", "ResProjectID": "P9"}],
    }, ptype=13, only=["Q4a", "Q5a"], extra_project={"RRHSubType": 1, "ResidentialAffiliation": 1})  # fmt: skip
    q4a = tables["Q4a"]
    assert len(q4a.rows) == 2 and len(q4a.rows[0]) == 17
    assert q4a.value("D2") == "P1" and q4a.value("E2") == "13" and q4a.value("F2") == "1"
    assert q4a.value("G2") == "1"  # the CE record in effect on ReportEnd
    assert q4a.value("H2") == "1" and q4a.value("I2") == "P9"  # RRH services only (subtype 1) affiliated with P9
    assert q4a.value("N2") == "2025-10-01" and q4a.value("O2") == "2026-09-30"
    assert q4a.value("P2") == "3" == tables["Q5a"].value("C2")  # active clients
    assert q4a.value("Q2") == "2"  # households: C15 + C16 of Q5a


def test_q4a_access_point_as_of_the_operating_end_date(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01")],
        "CEParticipation.csv": [
            {"CEParticipationID": "CE1", "ProjectID": "P1", "AccessPoint": 1,
             "CEParticipationStatusStartDate": "2020-01-01", "CEParticipationStatusEndDate": "2026-03-31"},
        ],
    }, ptype=2, only=["Q4a"], extra_project={"OperatingEndDate": "2026-03-31"})  # fmt: skip
    q4a = tables["Q4a"]
    assert q4a.value("G2") == "1"  # closed in the period: as of its operating end date
    assert q4a.value("F2") == "" and q4a.value("H2") == "" and q4a.value("I2") == ""


# ---- Q6 -------------------------------------------------------------------------------------------------------------


def named(pid, dob="1980-01-01", **extra):
    """A client with a full name and a valid SSN (so that only what a test sets is a data quality finding)."""
    return client(pid, dob, **{"FirstName": "F", "LastName": "L", "SSN": "231451234", "SSNDataQuality": 1, **extra})


def test_q6a_fy2026_personally_identifiable_information(tmp_path):
    clients = [
        named("N9", NameDataQuality=9),  # name: B
        named("N0", FirstName=None),  # name: C
        named("N2", NameDataQuality=2),  # name: D
        named("S8", SSNDataQuality=8),  # SSN: B
        named("S0", SSN=None, SSNDataQuality=99),  # SSN: C
        named("Sz", SSN="123450000"),  # SSN: D (last four 0000)
        named("S6", SSN="666121234"),  # SSN: D (666)
        named("Sq", SSN="987654321"),  # SSN: D (sequential)
        named("Sp", SSN="xxxxx1234", SSNDataQuality=2),  # partial SSN with placeholders: no finding
        named("D8", None, DOBDataQuality=8),  # DOB: B
        named("D1", "1910-05-05"),  # DOB: D (before 1915)
        named("R8", RaceNone=8),  # race and ethnicity: B even with White = 1
        named("R0", White=0, RaceNone=99),  # race and ethnicity: C
    ]
    tables = run(tmp_path, {
        "Client.csv": clients,
        "Enrollment.csv": [enrollment(f"E{c['PersonalID']}", c["PersonalID"], "P1", "2025-11-01") for c in clients],
    }, only=["Q6a"])  # fmt: skip
    q6a = tables["Q6a"]
    expected = {"B2": ["N9"], "C2": ["N0"], "D2": ["N2"], "E2": ["N0", "N2", "N9"],
                "B3": ["S8"], "C3": ["S0"], "D3": ["S6", "Sq", "Sz"],
                "B4": ["D8"], "C4": [], "D4": ["D1"], "B5": ["R8"], "C5": ["R0"]}  # fmt: skip
    for ref, members in expected.items():
        assert q6a.members(ref) == members, ref
    assert q6a.value("D5") == "" and q6a.value("B6") == ""  # grey
    assert q6a.value("E6") == "12"
    assert q6a.value("F3") == f"{5 / 13:.4f}" and q6a.value("F6") == f"{12 / 13:.4f}"
    assert q6a.value("F4") == f"{2 / 13:.4f}"


def test_q6b_fy2026_universal_data_elements(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [named("V8", VeteranStatus=8), named("V0", VeteranStatus=99),
                       named("K", "2015-01-01", VeteranStatus=1), named("O"), named("H1"), named("H2"),
                       named("C0"), named("CX"), named("DK"), named("DN"), named("DD")],
        "Enrollment.csv": [
            enrollment("EV8", "V8", "P1", "2025-11-01", "HV"), enrollment("EK", "K", "P1", "2025-11-01", "HV", 2),
            enrollment("EV0", "V0", "P1", "2025-11-01"),
            # O: an earlier stay in the same project that had not ended when the latest one started
            enrollment("EO1", "O", "P1", "2025-10-05"), enrollment("EO2", "O", "P1", "2025-11-01"),
            # two heads of household in one household
            enrollment("EH1", "H1", "P1", "2025-11-01", "HH"), enrollment("EH2", "H2", "P1", "2025-11-01", "HH"),
            enrollment("EC0", "C0", "P1", "2025-11-01", EnrollmentCoC=None),
            enrollment("ECX", "CX", "P1", "2025-11-01", EnrollmentCoC="XX-501"),
            enrollment("EDK", "DK", "P1", "2025-11-01", DisablingCondition=9),
            enrollment("EDN", "DN", "P1", "2025-11-01", DisablingCondition=None),
            enrollment("EDD", "DD", "P1", "2025-11-01", DisablingCondition=0),
        ],
        "Exit.csv": [exit_row("EO1", "O", "2025-12-01")],
        "Disabilities.csv": [disability("X1", "EDD", "DD", 6, 1)],  # developmental: 3.08 should be yes
    }, only=["Q6b"], coc=None)  # without a CoC, stays of other CoCs are in scope  # fmt: skip
    q6b = tables["Q6b"]
    expected = {"B2": ["V8"], "C2": ["V0"], "D2": ["K"], "D3": ["O"], "C4": [], "D4": ["H1", "H2"],
                "C5": ["C0"], "D5": ["CX"], "B6": ["DK"], "C6": ["DN"], "D6": ["DD"]}  # fmt: skip
    for ref, members in expected.items():
        assert q6b.members(ref) == members, ref
    assert q6b.value("B3") == "0" and q6b.value("B5") == "0"  # no rule: zero
    assert q6b.value("E2") == "3" and q6b.value("F2") == f"{3 / 11:.4f}"  # adults and children
    assert q6b.value("F5") == f"{2 / 10:.4f}"  # of the 10 heads of household


def income(iid, eid, pid, day, stage, any_source, **sources):
    return {"IncomeBenefitsID": iid, "EnrollmentID": eid, "PersonalID": pid, "InformationDate": day,
            "DataCollectionStage": stage, "IncomeFromAnySource": any_source, **sources}  # fmt: skip


def test_q6c_fy2026_income_and_destination(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [named(p) for p in ("A", "B", "C", "D", "L1", "L2", "L3", "S")],
        "Enrollment.csv": [enrollment(f"E{p}", p, "P1", "2025-11-01") for p in ("A", "B", "C", "D", "L1", "L2", "L3")]
        + [enrollment("ES", "S", "P1", "2024-10-15")],
        "Exit.csv": [exit_row("EL1", "L1", "2026-03-01", 8), exit_row("EL2", "L2", "2026-03-01", 30),
                     exit_row("EL3", "L3", "2026-03-01", 410)],
        "IncomeBenefits.csv": [
            income("I1", "EA", "A", "2025-11-01", 1, 9),  # start: B
            # B: no start record (C); C: "no" with a source (D); D: "yes" without a source (D)
            income("I3", "EC", "C", "2025-11-01", 1, 0, Earned=1, EarnedAmount=100),
            income("I4", "ED", "D", "2025-11-01", 1, 1),
            income("I5", "EL1", "L1", "2025-11-01", 1, 0), income("I6", "EL2", "L2", "2025-11-01", 1, 0),
            income("I7", "EL3", "L3", "2025-11-01", 1, 0),
            income("I8", "EL1", "L1", "2026-03-01", 3, 8),  # exit: B
            income("I9", "EL3", "L3", "2026-03-01", 3, 0),  # exit: fine; L2 has none (C)
            income("I10", "ES", "S", "2024-10-15", 1, 0),  # S: stayer past the anniversary, no annual assessment
        ],
    }, only=["Q6c"])  # fmt: skip
    q6c = tables["Q6c"]
    expected = {"B2": ["L1"], "C2": ["L2"], "B3": ["A"], "C3": ["B"], "D3": ["C", "D"], "C4": ["S"],
                "B5": ["L1"], "C5": ["L2"], "D5": []}  # fmt: skip
    for ref, members in expected.items():
        assert q6c.members(ref) == members, ref
    assert q6c.value("F2") == f"{2 / 3:.4f}" and q6c.value("F3") == f"{4 / 8:.4f}"
    assert q6c.value("F4") == "1.0000" and q6c.value("D2") == "0"


def test_q6d_e_f_fy2026_rows(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [named("A"), named("B")],
        "Enrollment.csv": [
            enrollment("EA", "A", "P1", "2025-03-01", LivingSituation=116, DateToStreetESSH=None,
                       TimesHomelessPastThreeYears=99, MonthsHomelessPastThreeYears=101),
            enrollment("EB", "B", "P1", "2025-11-01", LivingSituation=116, DateToStreetESSH="2025-01-01",
                       TimesHomelessPastThreeYears=1, MonthsHomelessPastThreeYears=101,
                       DateCreated="2025-10-30 00:00:00"),  # entered 2 days before the start happened
        ],
    }, ptype=6, only=["Q6d", "Q6e", "Q6f"], extra_project={})  # fmt: skip
    q6d, q6e, q6f = tables["Q6d"], tables["Q6e"], tables["Q6f"]
    assert len(q6d.rows) == 7 and q6d.rows[5][0][0] == "SSO, Day Shelter, HP"
    assert q6d.members("B6") == ["A", "B"] and q6d.members("E6") == ["A"] and q6d.members("F6") == ["A"]
    assert q6d.value("B7") == "2" and q6d.value("E7") == "" and q6d.value("H7") == "0.5000"
    assert q6e.members("B2") == ["B"]  # < 0 days
    assert q6f.value("B2") == "0"  # services only without PATH funding: no contact records


def test_q6f_fy2026_path_funded_services_only(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [named("A"), named("B"), named("C")],
        "Enrollment.csv": [enrollment("EA", "A", "P1", "2025-01-01", DateOfEngagement="2025-01-05"),
                           enrollment("EB", "B", "P1", "2025-01-01", DateOfEngagement="2025-01-05"),
                           enrollment("EC", "C", "P1", "2025-01-01")],
        "CurrentLivingSituation.csv": [contact("C1", "EA", "A", "2026-08-01", 116),
                                       contact("C2", "EB", "B", "2026-01-01", 116)],
        "Funder.csv": [{"FunderID": "F1", "ProjectID": "P1", "Funder": 21, "StartDate": "2010-01-01"}],
    }, ptype=6, only=["Q6f", "Q5a"])  # fmt: skip
    q6f = tables["Q6f"]
    assert q6f.members("B2") == ["A", "B", "C"]
    assert q6f.members("C2") == ["B", "C"]  # last contact (or the start) more than 90 days before ReportEnd
    assert q6f.value("D2") == "0.6667"
    # DQ universe: PATH-funded services only count once engaged (Q5a column B).
    assert tables["Q5a"].value("B2") == "2" and tables["Q5a"].value("C2") == "3"


def test_q7a_q8a_move_in_rows_for_pay_for_success_other_projects(tmp_path):
    files = {
        "Client.csv": [client("A"), client("B")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01", MoveInDate="2025-12-01"),
                           enrollment("E2", "B", "P1", "2025-11-01", MoveInDate="2026-10-15")],  # after ReportEnd
        "Funder.csv": [{"FunderID": "F1", "ProjectID": "P1", "Funder": 35, "StartDate": "2010-01-01"}],
    }  # fmt: skip
    tables = run(tmp_path, files, ptype=7, only=["Q7a", "Q8a"])
    assert tables["Q7a"].members("B7") == ["A"] and tables["Q7a"].value("F7") == "0"
    assert tables["Q8a"].members("C3") == ["A"]
    del files["Funder.csv"]  # an "Other" project without Pay for Success funding: blank rows
    tables = run(tmp_path / "no_pfs", files, ptype=7, only=["Q7a", "Q8a"])
    assert tables["Q7a"].value("B7") == "" and tables["Q8a"].value("B3") == ""
