"""APR/CAPER Q6 (data quality), Q9 (contacts), Q13 (health conditions), Q14 (domestic violence) on tiny hand-made
datasets (report period 2025-10-01..2026-09-30)."""

from datetime import date

from hearth.reports.engine import ReportParams, load_dataset, run_report
from hearth.reports.tests.builders import bed_night, client, enrollment, exit_row, project, write_export

START, END = date(2025, 10, 1), date(2026, 9, 30)


def run(tmp_path, files, ptype=2, only=None, report="apr"):
    ds = load_dataset(write_export(tmp_path / "x", {**project("P1", ptype), **files}))
    params = ReportParams(start=START, end=END, coc="XX-500", project_ids=("P1",), report=report)
    return run_report(ds, params, only=only).tables


def disability(did, eid, pid, dtype, response, stage=1, day="2025-11-01", impairs=1):
    return {"DisabilitiesID": did, "EnrollmentID": eid, "PersonalID": pid, "InformationDate": day,
            "DisabilityType": dtype, "DisabilityResponse": response, "IndefiniteAndImpairs": impairs,
            "DataCollectionStage": stage}  # fmt: skip


def dv(hid, eid, pid, day, survivor, fleeing=None, stage=1, updated="2025-11-01 00:00:00"):
    return {"HealthAndDVID": hid, "EnrollmentID": eid, "PersonalID": pid, "InformationDate": day,
            "DomesticViolenceSurvivor": survivor, "CurrentlyFleeing": fleeing, "DataCollectionStage": stage,
            "DateUpdated": updated}  # fmt: skip


def contact(cid, eid, pid, day, situation):
    return {"CurrentLivingSitID": cid, "EnrollmentID": eid, "PersonalID": pid, "InformationDate": day,
            "CurrentLivingSituation": situation}  # fmt: skip


# ---- Q13 ------------------------------------------------------------------------------------------------------------


def test_conditions_by_stage_and_number_of_conditions(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("C"), client("D")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01"), enrollment("E2", "B", "P1", "2025-11-01"),
                           enrollment("E3", "C", "P1", "2025-11-01", DisablingCondition=1),
                           enrollment("E4", "D", "P1", "2025-11-01", DisablingCondition=9)],
        "Exit.csv": [exit_row("E1", "A", "2026-03-01")],
        "Disabilities.csv": [
            # A: both alcohol and drug use + mental health at start; only mental health at exit
            disability("D1", "E1", "A", 10, 3), disability("D2", "E1", "A", 9, 1),
            disability("D3", "E1", "A", 9, 1, stage=3, day="2026-03-01"), disability("D4", "E1", "A", 10, 0, stage=3,
                                                                                      day="2026-03-01"),
            # B: a "no", a "don't know" and a 99 are not conditions; a later update (stage 2) adds HIV/AIDS
            disability("D5", "E2", "B", 5, 0), disability("D6", "E2", "B", 7, 8), disability("D7", "E2", "B", 6, 99),
            disability("D8", "E2", "B", 8, 1, stage=2, day="2026-02-01"),
            # an update after ReportEnd is not the latest record for stayers
            disability("D9", "E2", "B", 5, 1, stage=2, day="2026-10-15"),
        ],
    }, only=["Q13a1", "Q13b1", "Q13c1", "Q13a2", "Q13b2", "Q13c2"])  # fmt: skip
    a1, b1, c1 = tables["Q13a1"], tables["Q13b1"], tables["Q13c1"]
    assert a1.members("B2") == ["A"]  # mental health at start
    assert a1.value("B3") == "0" and a1.value("B4") == "0" and a1.members("B5") == ["A"]  # both
    assert a1.value("B6") == "0" and a1.value("B7") == "0" and a1.value("B9") == "0"
    assert b1.members("B2") == ["A"] and b1.value("B5") == "0"  # at exit: mental health only
    assert c1.members("B7") == ["B"] and c1.value("B9") == "0"  # latest for stayers: HIV/AIDS, not the later record
    a2 = tables["Q13a2"]
    assert a2.members("B4") == ["A"]  # FY2022 layout: "both" is one condition (4.10), + mental health = 2
    assert a2.members("B2") == ["B"]  # no condition at start, 3.08 = 0: none
    assert a2.members("B6") == ["C"]  # no condition, 3.08 = 1: condition unknown
    assert a2.members("B7") == ["D"]  # 3.08 = 9
    assert a2.value("B9") == "4"
    assert tables["Q13b2"].members("B3") == ["A"]  # one condition at exit
    assert tables["Q13c2"].members("B3") == ["B"]


def test_conditions_columns_split_households_with_children(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A"), client("K", "2015-01-01"), client("U", None)],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01", "H1", 1),
                           enrollment("E2", "K", "P1", "2025-11-01", "H1", 2),
                           enrollment("E3", "U", "P1", "2025-11-01", "H1", 3)],
        "Disabilities.csv": [disability("D1", "E1", "A", 5, 1), disability("D2", "E2", "K", 5, 1),
                             disability("D3", "E3", "U", 5, 1)],
    }, only=["Q13a1"])  # fmt: skip
    q = tables["Q13a1"]
    assert q.value("B9") == "3"
    assert q.members("D9") == ["A"] and q.members("E9") == ["K"] and q.members("G9") == ["U"]


# ---- Q14 ------------------------------------------------------------------------------------------------------------


def test_domestic_violence_takes_the_latest_answer_for_adults_and_heads(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("C"), client("K", "2015-01-01")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-11-01", "H1", 1),
                           enrollment("E4", "K", "P1", "2025-11-01", "H1", 2),
                           enrollment("E2", "B", "P1", "2025-11-01"), enrollment("E3", "C", "P1", "2025-11-01")],
        "HealthAndDV.csv": [
            dv("V1", "E1", "A", "2025-11-01", 0), dv("V2", "E1", "A", "2026-01-01", 1, fleeing=1, stage=2),
            dv("V3", "E2", "B", "2025-11-01", 1, fleeing=0),
            dv("V4", "E2", "B", "2026-10-05", 0, stage=2),  # after ReportEnd: ignored
            dv("V5", "E4", "K", "2025-11-01", 1, fleeing=1),  # a child: not in the universe
        ],
    }, only=["Q14a", "Q14b"])  # fmt: skip
    a, b = tables["Q14a"], tables["Q14b"]
    assert a.members("B2") == ["A", "B"] and a.value("B3") == "0" and a.members("B5") == ["C"]
    assert a.value("B6") == "3"
    assert b.members("B2") == ["A"] and b.members("B3") == ["B"] and b.value("B6") == "2"


# ---- Q9 -------------------------------------------------------------------------------------------------------------


def test_contacts_count_within_the_stay_up_to_engagement(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("C"), client("K", "2015-01-01")],
        "Enrollment.csv": [
            enrollment("E1", "A", "P1", "2025-09-01", DateOfEngagement="2025-12-01"),
            enrollment("E2", "B", "P1", "2025-11-01"),  # never engaged
            enrollment("E3", "C", "P1", "2026-02-01", DateOfEngagement="2026-02-01"),  # engaged, no 4.12 that day
            enrollment("E4", "K", "P1", "2025-11-01", "HE2", 2),  # a child (not HoH): not counted
        ],
        "CurrentLivingSituation.csv": [
            contact("C1", "E1", "A", "2025-08-01", 116),  # before the stay: ignored
            contact("C2", "E1", "A", "2025-09-15", 116),  # before the period but in the stay: counted, first
            contact("C3", "E1", "A", "2025-10-15", 215), contact("C4", "E1", "A", "2025-12-01", 215),
            contact("C5", "E1", "A", "2026-01-15", 215),  # after engagement: ignored
            contact("C6", "E2", "B", "2025-11-05", 410), contact("C7", "E4", "K", "2025-11-05", 116),
        ],
    }, ptype=4, only=["Q9a", "Q9b"])  # fmt: skip
    a, b = tables["Q9a"], tables["Q9b"]
    assert a.members("B6") == ["A", "B", "C"]
    assert a.members("B3") == ["A"] and a.members("D3") == ["A"]  # 3 contacts, first one on the street
    assert a.members("C2") == ["B"]  # once, not homeless
    assert a.members("E2") == ["C"]  # the engagement itself is one contact, worker unable to determine
    assert b.members("B6") == ["A", "C"] and b.value("C6") == "0"
    assert b.value("B7") == "0.6667" and b.value("D7") == "1.0000" and b.value("C7") == "0"


# ---- Q6 -------------------------------------------------------------------------------------------------------------


def test_pii_data_quality(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [
            client("A", SSN="123456789", SSNDataQuality=1, FirstName="Ann", LastName="Lee"),  # sequential SSN
            client("B", SSN="219099999", SSNDataQuality=1, FirstName="Bo", LastName="Ng"),  # valid
            client("C", SSN="901234567", SSNDataQuality=1, LastName="Diaz"),  # 9xx SSN; no first name
            client("D", SSN="219090000", SSNDataQuality=99, FirstName="Di", LastName="Li", NameDataQuality=2),
            client("F", None, SSN="555555555", SSNDataQuality=1, FirstName="Fa", LastName="Ro", DOBDataQuality=9),
            client("G", "1910-01-01", SSN=None, SSNDataQuality=9, FirstName="Gi", LastName="Ro"),
        ],
        "Enrollment.csv": [enrollment(f"E{p}", p, "P1", "2025-11-01") for p in "ABCDFG"],
    }, only=["Q6a"])  # fmt: skip
    q = tables["Q6a"]
    assert q.members("C2") == ["C"] and q.members("D2") == ["D"] and q.value("E2") == "2"
    assert q.members("B3") == ["G"] and q.members("C3") == ["D"] and q.members("D3") == ["A", "C", "F"]
    assert q.value("E3") == "5" and q.value("F3") == "0.8333"
    assert q.members("B4") == ["F"] and q.members("D4") == ["G"]
    assert q.value("E8") == "5" and q.value("F8") == "0.8333"  # every client but B


def test_universal_data_elements(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A", VeteranStatus=99), client("B"), client("K", "2015-01-01", VeteranStatus=1),
                       client("M"), client("N")],
        "Enrollment.csv": [
            enrollment("E0", "A", "P1", "2025-01-01"),  # an earlier stay in the project still open ...
            enrollment("E1", "A", "P1", "2025-11-01", "H1", 1, DisablingCondition=99),  # ... when this one starts
            enrollment("E2", "K", "P1", "2025-11-01", "H1", 2),
            enrollment("E3", "B", "P1", "2025-11-01", "H2", 1, EnrollmentCoC=None),
            enrollment("E4", "M", "P1", "2025-11-01", "H3", 2),  # household without a head
            enrollment("E5", "N", "P1", "2025-11-01", "H4", 1, DisablingCondition=0),
        ],
        "Disabilities.csv": [disability("D1", "E5", "N", 6, 1)],  # a developmental disability, yet 3.08 = no
    }, only=["Q6b"])  # fmt: skip
    q = tables["Q6b"]
    assert q.value("B2") == "2"  # A (99) and K (a child veteran)
    assert q.value("B3") == "1"  # A's overlapping stays
    assert q.value("B4") == "1"  # M, in a household without a head
    assert q.value("B6") == "2"  # A (99) and N (0 with a disability)
    assert q.value("C2") == "0.4000"  # of the four adults and the child who claims to be a veteran
    assert q.value("B5") == "1" and q.value("C5") == "0.3333"  # B, a head without a client location, of 3 heads


def test_timeliness_and_chronic_data_quality(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("C")],
        "Enrollment.csv": [
            enrollment("E1", "A", "P1", "2025-11-01", DateCreated="2025-11-01 09:00:00", LivingSituation=215,
                       LengthOfStay=99),
            enrollment("E2", "B", "P1", "2025-11-01", DateCreated="2025-11-04 09:00:00", LivingSituation=116,
                       TimesHomelessPastThreeYears=8, MonthsHomelessPastThreeYears=101, DateToStreetESSH="2025-01-01"),
            enrollment("E3", "C", "P1", "2025-09-01", DateCreated="2025-09-20 09:00:00"),  # before the period
        ],
        "Exit.csv": [exit_row("E1", "A", "2026-01-01", DateCreated="2026-01-20 10:00:00")],
    }, only=["Q6d", "Q6e"])  # fmt: skip
    e = tables["Q6e"]
    assert e.value("B2") == "1" and e.value("B3") == "1" and e.value("B6") == "0"
    assert e.value("C6") == "1" and e.value("C2") == "0"
    d = tables["Q6d"]
    assert d.value("B3") == "3" and d.members("C3") == ["A"]  # from an institution, length of stay missing
    assert d.members("F3") == ["B", "C"] and d.members("E3") == ["C"]  # C: from the street, no 3.917 answers
    assert d.value("G3") == "1" and d.value("H3") == "1.0000"


def test_inactive_records_in_night_by_night_shelters(tmp_path):
    tables = run(tmp_path, {
        "Client.csv": [client("A"), client("B"), client("C")],
        "Enrollment.csv": [enrollment("E1", "A", "P1", "2025-01-01"), enrollment("E2", "B", "P1", "2025-01-01"),
                           enrollment("E3", "C", "P1", "2026-09-01")],
        "Services.csv": [bed_night("S1", "E1", "A", "2025-10-02"), bed_night("S2", "E2", "B", "2026-09-01"),
                         bed_night("S3", "E3", "C", "2026-09-02")],
        "CurrentLivingSituation.csv": [contact("C1", "E2", "B", "2026-08-01", 116)],
    }, ptype=1, only=["Q6f"], report="caper")  # fmt: skip
    q = tables["Q6f"]
    assert q.value("B2") == "2" and q.members("C2") == ["A"] and q.value("D2") == "0.5000"
    assert q.value("B3") == "2" and q.members("C3") == ["A"]
