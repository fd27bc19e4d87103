"""Rules where the FY2022 layout follows HUD's Data Lab test kit (and the FY2026 layout its own spec), on tiny
hand-made datasets (report period 2025-10-01..2026-09-30)."""

from datetime import date

import pytest

from hearth.reports.engine import ReportParams, load_dataset, run_report
from hearth.reports.tests.builders import client, project, write_export

START, END = date(2025, 10, 1), date(2026, 9, 30)


def run(tmp_path, files, only, spec="2022"):
    ds = load_dataset(write_export(tmp_path / "x", {**project("P1", 3), **files}))
    params = ReportParams(start=START, end=END, coc="XX-500", project_ids=("P1",), spec=spec, report="apr")
    return run_report(ds, params, only=only).tables


def enrollment(pid, **extra):
    return {"EnrollmentID": f"E{pid}", "PersonalID": pid, "ProjectID": "P1", "EntryDate": "2025-11-01",
            "HouseholdID": f"H{pid}", "RelationshipToHoH": 1, "EnrollmentCoC": "XX-500", "DisablingCondition": 1,
            **extra}  # fmt: skip


def disability(pid, n, dtype, response):
    return {"DisabilitiesID": f"D{pid}{n}", "EnrollmentID": f"E{pid}", "PersonalID": pid,
            "InformationDate": "2025-11-01", "DisabilityType": dtype, "DisabilityResponse": response,
            "IndefiniteAndImpairs": 1, "DataCollectionStage": 1}  # fmt: skip


CONDITIONS = {
    "Client.csv": [client("A"), client("B"), client("C")],
    "Enrollment.csv": [enrollment("A"), enrollment("B"), enrollment("C")],
    "Disabilities.csv": [
        # A: both alcohol and drug use disorders (4.10 = 3) and a mental health disorder
        disability("A", 1, 10, 3),
        disability("A", 2, 9, 1),
        # B: alcohol use disorder only (4.10 = 1) and a physical disability
        disability("B", 1, 10, 1),
        disability("B", 2, 5, 1),
        # C: both alcohol and drug use disorders only
        disability("C", 1, 10, 3),
    ],
}


def test_fy2022_counts_substance_use_as_one_condition(tmp_path):
    """FY2022 Q13a2 (as the kit counts): 4.10 is one element, so "both" is one condition."""
    q = run(tmp_path, CONDITIONS, ["Q13a2"])["Q13a2"]
    assert q.members("B3") == ["C"]  # 1 condition
    assert q.members("B4") == ["A", "B"]  # 2 conditions
    assert q.value("B5") == "0" and q.value("B9") == "3"


def test_fy2026_counts_both_alcohol_and_drug_use_as_two_conditions(tmp_path):
    """FY2026 spec Q13a2 instruction 4: 4.10 = 3 counts as two conditions."""
    q = run(tmp_path, CONDITIONS, ["Q13a2"], spec="2026")["Q13a2"]
    assert q.members("B4") == ["B", "C"]  # 2 conditions
    assert q.members("B5") == ["A"]  # 3+ conditions
    assert q.value("B3") == "0"


@pytest.mark.parametrize("spec", ["2022", "2026"])
def test_date_of_birth_quality(tmp_path, spec):
    """Q6a row 4 (DOB): a date present with quality 8, 9 or 99 is a data issue; without a date, 8/9 are doesn't
    know/refused and 99 is missing (the kit's FY2022 counts; the FY2026 Glossary's DQ Q2)."""
    people = {
        "A": client("A", "1980-06-02", DOBDataQuality=99),  # a date, quality 99: data issue
        "B": client("B", "1980-06-02", DOBDataQuality=9),  # a date, quality 9: data issue
        "C": client("C", None, DOBDataQuality=99),  # no date, 99: missing
        "D": client("D", None, DOBDataQuality=8),  # no date, 8: doesn't know
        "E": client("E", "1980-06-02", DOBDataQuality=1),  # fine
        "F": client("F", "1980-06-02", DOBDataQuality=2),  # partial: data issue
    }
    files = {"Client.csv": list(people.values()), "Enrollment.csv": [enrollment(p) for p in people]}
    q = run(tmp_path, files, ["Q6a"], spec=spec)["Q6a"]
    assert q.members("B4") == ["D"]
    assert q.members("C4") == ["C"]
    assert q.members("D4") == ["A", "B", "F"]
    assert q.value("E4") == "5"
