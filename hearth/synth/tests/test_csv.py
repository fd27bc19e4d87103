"""The synthetic CoC as HMIS CSV: HUD's headers, valid codes, resolvable references and a realistic population."""

from __future__ import annotations

import csv
import filecmp
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from hearth import standards
from hearth.synth import Options, write_csv

FILES = standards.files("2026")
PERIOD_END = "2026-09-30"


def read_folder(folder: Path) -> dict[str, list[dict[str, str]]]:
    data = {}
    for file in FILES:
        with open(folder / file, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == standards.header(file), f"{file} header differs from HUD's"
        data[file] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    return data


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seed1")
    call_command("seed", clients=1000, seed=1, csv=str(folder), verbosity=0)
    return folder


@pytest.fixture(scope="module")
def data(seeded: Path) -> dict[str, list[dict[str, str]]]:
    return read_folder(seeded)


def test_it_writes_the_24_files_with_huds_headers(seeded: Path) -> None:
    assert sorted(p.name for p in seeded.iterdir()) == sorted(FILES)
    for file in FILES:
        with open(seeded / file, newline="", encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == standards.header(file)


def test_the_same_seed_gives_byte_identical_files_and_another_seed_does_not(seeded: Path, tmp_path: Path) -> None:
    call_command("seed", clients=1000, seed=1, csv=str(tmp_path / "again"), verbosity=0)
    call_command("seed", clients=1000, seed=2, csv=str(tmp_path / "other"), verbosity=0)
    match, mismatch, errors = filecmp.cmpfiles(seeded, tmp_path / "again", FILES, shallow=False)
    assert mismatch == [] and errors == []
    assert not filecmp.cmp(seeded / "Client.csv", tmp_path / "other" / "Client.csv", shallow=False)
    assert not filecmp.cmp(seeded / "Enrollment.csv", tmp_path / "other" / "Enrollment.csv", shallow=False)


def test_parallel_writing_gives_the_same_files(tmp_path: Path) -> None:
    options = Options(clients=2500, years=2, seed=7)
    single = write_csv(options, tmp_path / "single")
    parallel = write_csv(options, tmp_path / "parallel", workers=2)
    assert single == parallel
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "single", tmp_path / "parallel", FILES, shallow=False)
    assert mismatch == [] and errors == []


def test_every_coded_value_is_valid_for_its_column_and_row(data: dict[str, list[dict[str, str]]]) -> None:
    problems: Counter[tuple[str, str, str]] = Counter()
    for file, rows in data.items():
        layout = standards.layout(file)
        integers = [col.name for col in layout if col.base_type == "integer"]
        coded = [col for col in layout if col.allowed_codes() is not None]
        for row in rows:
            typed = {name: int(row[name]) if row[name] != "" else None for name in integers}
            for col in coded:
                raw = row[col.name]
                value = typed[col.name] if col.base_type == "integer" else (raw or None)
                if not standards.is_valid_code(file, col.name, value, typed):
                    problems[(file, col.name, raw)] += 1
    assert not problems, problems.most_common(20)


def test_required_columns_are_filled_and_fit(data: dict[str, list[dict[str, str]]]) -> None:
    for file, rows in data.items():
        for col in standards.layout(file):
            for row in rows:
                value = row[col.name]
                assert value != "" or col.nullable, (file, col.name, row)
                assert col.max_length is None or len(value) <= col.max_length, (file, col.name, value)


def test_formats(data: dict[str, list[dict[str, str]]]) -> None:
    for file, rows in data.items():
        for col in standards.layout(file):
            for row in rows:
                value = row[col.name]
                if value == "":
                    continue
                if col.base_type == "date":
                    assert date.fromisoformat(value).isoformat() == value, (file, col.name, value)
                    assert value <= PERIOD_END, (file, col.name, value)
                elif col.base_type == "datetime":
                    assert len(value) == 19 and value[10] == " " and value[:10] <= PERIOD_END, (file, col.name, value)
                elif col.base_type == "money":
                    whole, cents = value.split(".")
                    assert whole.isdigit() and len(cents) == 2, (file, col.name, value)
                elif col.base_type == "integer":
                    int(value)
                if col.pattern:
                    assert re.match(col.pattern, value), (file, col.name, value)


def test_every_reference_resolves(data: dict[str, list[dict[str, str]]]) -> None:
    ids = {
        "ExportID": {r["ExportID"] for r in data["Export.csv"]},
        "OrganizationID": {r["OrganizationID"] for r in data["Organization.csv"]},
        "UserID": {r["UserID"] for r in data["User.csv"]},
        "ProjectID": {r["ProjectID"] for r in data["Project.csv"]},
        "PersonalID": {r["PersonalID"] for r in data["Client.csv"]},
        "EnrollmentID": {r["EnrollmentID"] for r in data["Enrollment.csv"]},
        "AssessmentID": {r["AssessmentID"] for r in data["Assessment.csv"]},
    }
    assert len(ids["ExportID"]) == 1
    for file, rows in data.items():
        own_id = standards.header(file)[0]
        assert len({r[own_id] for r in rows}) == len(rows), f"{file} IDs are not unique"
        for reference, known in ids.items():
            if reference != own_id and reference in standards.header(file):
                missing = {r[reference] for r in rows} - known
                assert not missing, (file, reference, sorted(missing)[:5])
        if file == "Affiliation.csv":
            assert {r["ResProjectID"] for r in rows} <= ids["ProjectID"]
    enrollments = {r["EnrollmentID"]: r for r in data["Enrollment.csv"]}
    for file, rows in data.items():
        if "EnrollmentID" in standards.header(file) and file != "Enrollment.csv":
            for row in rows:
                assert enrollments[row["EnrollmentID"]]["PersonalID"] == row["PersonalID"], (file, row)
    # 3.16 Enrollment CoC and 2.07.3 must match a ProjectCoC of the same project.
    project_cocs = {(r["ProjectID"], r["CoCCode"]) for r in data["ProjectCoC.csv"]}
    for row in data["Enrollment.csv"] + data["Inventory.csv"]:
        assert (row["ProjectID"], row.get("EnrollmentCoC") or row.get("CoCCode")) in project_cocs


def test_export_describes_the_export(data: dict[str, list[dict[str, str]]]) -> None:
    (export,) = data["Export.csv"]
    assert "2026" in export["CSVVersion"]
    assert (export["SourceType"], export["SourceID"]) == ("1", "XX-500")
    assert (export["ExportPeriodType"], export["ExportDirective"], export["HashStatus"]) == ("1", "1", "1")
    assert (export["ExportStartDate"], export["ExportEndDate"]) == ("2023-10-01", PERIOD_END)


def test_each_household_has_exactly_one_head(data: dict[str, list[dict[str, str]]]) -> None:
    heads: Counter[str] = Counter()
    stays: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in data["Enrollment.csv"]:
        heads[row["HouseholdID"]] += row["RelationshipToHoH"] == "1"
        stays[row["HouseholdID"]].add((row["ProjectID"], row["EntryDate"]))
    assert heads and all(count == 1 for count in heads.values())
    assert all(len(stay) == 1 for stay in stays.values())  # a household enrolls together


def test_dates_are_in_order(data: dict[str, list[dict[str, str]]]) -> None:
    enrollments = {r["EnrollmentID"]: r for r in data["Enrollment.csv"]}
    exits = defaultdict(list)
    for row in data["Exit.csv"]:
        exits[row["EnrollmentID"]].append(row)
        entry = enrollments[row["EnrollmentID"]]["EntryDate"]
        assert row["ExitDate"] >= entry
    assert all(len(v) == 1 for v in exits.values())
    for row in data["Enrollment.csv"]:
        exit_date = exits[row["EnrollmentID"]][0]["ExitDate"] if row["EnrollmentID"] in exits else PERIOD_END
        if row["MoveInDate"]:
            assert row["EntryDate"] <= row["MoveInDate"] <= exit_date
        if row["DateToStreetESSH"]:
            assert row["DateToStreetESSH"] <= row["EntryDate"]
        if row["DateOfEngagement"]:
            assert row["EntryDate"] <= row["DateOfEngagement"] <= exit_date
    for file, date_column in (
        ("Services.csv", "DateProvided"),
        ("CurrentLivingSituation.csv", "InformationDate"),
        ("IncomeBenefits.csv", "InformationDate"),
        ("Disabilities.csv", "InformationDate"),
        ("Event.csv", "EventDate"),
        ("Assessment.csv", "AssessmentDate"),
    ):
        for row in data[file]:
            enrollment = enrollments[row["EnrollmentID"]]
            exit_date = exits[row["EnrollmentID"]][0]["ExitDate"] if row["EnrollmentID"] in exits else PERIOD_END
            assert enrollment["EntryDate"] <= row[date_column] <= exit_date, (file, row)
    for row in data["Services.csv"]:
        if row["RecordType"] == "200" and row["EnrollmentID"] in exits:  # a bed night is a night before the exit
            assert row["DateProvided"] < exits[row["EnrollmentID"]][0]["ExitDate"]


def test_subsidy_types_only_with_rental_subsidy(data: dict[str, list[dict[str, str]]]) -> None:
    for file, situation, subsidy in (
        ("Enrollment.csv", "LivingSituation", "RentalSubsidyType"),
        ("Exit.csv", "Destination", "DestinationSubsidyType"),
        ("CurrentLivingSituation.csv", "CurrentLivingSituation", "CLSSubsidyType"),
    ):
        for row in data[file]:
            assert (row[subsidy] != "") == (row[situation] == "435"), (file, row)
    for row in data["Exit.csv"]:
        assert (row["OtherDestination"] != "") == (row["Destination"] == "17")


def test_the_population_is_realistic(data: dict[str, list[dict[str, str]]]) -> None:
    projects = {r["ProjectID"]: r for r in data["Project.csv"]}
    enrollments = data["Enrollment.csv"]
    types_enrolled = {projects[r["ProjectID"]]["ProjectType"] for r in enrollments}
    assert {"0", "1", "2", "3", "4", "6", "8", "12", "13", "14"} <= types_enrolled
    assert {"1", "2"} <= {p["RRHSubType"] for p in projects.values() if p["ProjectType"] == "13"}
    assert {"1"} == {o["VictimServiceProvider"] for o in data["Organization.csv"]} - {"0"}
    funders = {r["Funder"] for r in data["Funder.csv"]}
    assert {"2", "3", "8", "9", "17", "20", "33"} <= funders  # CoC, ESG, HOPWA, VA
    assert {r["ProjectID"] for r in data["CEParticipation.csv"]} >= {
        p["ProjectID"] for p in projects.values() if p["ProjectType"] == "14"
    }

    households = defaultdict(list)
    for row in enrollments:
        households[row["HouseholdID"]].append(row)
    assert sum(1 for members in households.values() if any(m["RelationshipToHoH"] == "2" for m in members)) > 50
    clients = {r["PersonalID"]: r for r in data["Client.csv"]}
    youth_heads = [
        r
        for r in enrollments
        if r["RelationshipToHoH"] == "1"
        and clients[r["PersonalID"]]["DOB"]
        and r["EntryDate"][:4].isdigit()
        and int(r["EntryDate"][:4]) - int(clients[r["PersonalID"]]["DOB"][:4]) <= 24
    ]
    assert len(youth_heads) > 50

    per_client = Counter(r["PersonalID"] for r in enrollments)
    assert sum(1 for n in per_client.values() if n > 1) > 100  # repeat episodes
    destinations = {r["Destination"] for r in data["Exit.csv"]}
    classes = {int(d) // 100 for d in destinations}
    assert {0, 1, 2, 3, 4} <= classes
    assert {"24", "30", "17", "99", "435"} <= destinations
    assert _returns_after_permanent_exit(data) > 5

    project_of = {r["EnrollmentID"]: projects[r["ProjectID"]] for r in enrollments}
    bed_nights = [r for r in data["Services.csv"] if r["RecordType"] == "200"]
    assert len(bed_nights) > 500
    assert {project_of[r["EnrollmentID"]]["ProjectType"] for r in bed_nights} == {"1"}
    contacts = Counter(project_of[r["EnrollmentID"]]["ProjectType"] for r in data["CurrentLivingSituation.csv"])
    assert contacts["4"] > 200
    stages = Counter(
        (f, r["DataCollectionStage"])
        for f in ("IncomeBenefits.csv", "HealthAndDV.csv", "Disabilities.csv")
        for r in data[f]
    )
    for file in ("IncomeBenefits.csv", "HealthAndDV.csv", "Disabilities.csv"):
        assert stages[(file, "1")] and stages[(file, "3")]
    assert stages[("IncomeBenefits.csv", "5")] > 20
    chronic = [
        r
        for r in enrollments
        if r["DisablingCondition"] == "1"
        and r["TimesHomelessPastThreeYears"] == "4"
        and r["MonthsHomelessPastThreeYears"] in ("112", "113")
    ]
    assert len(chronic) > 30
    stayers = {r["EnrollmentID"] for r in enrollments} - {r["EnrollmentID"] for r in data["Exit.csv"]}
    assert len(stayers) > 50


def test_data_quality_gaps_are_present_but_rare(data: dict[str, list[dict[str, str]]]) -> None:
    clients = data["Client.csv"]
    for column in ("NameDataQuality", "SSNDataQuality", "DOBDataQuality"):
        missing = sum(r[column] in ("8", "9", "99") for r in clients)
        assert 0 < missing < len(clients) * 0.15, column
    enrollments = data["Enrollment.csv"]
    missing = sum(r["DisablingCondition"] in ("8", "9", "99") for r in enrollments)
    assert 0 < missing < len(enrollments) * 0.06
    heads = [r for r in enrollments if r["RelationshipToHoH"] == "1"]
    assert 0 < sum(r["LivingSituation"] in ("8", "9", "99") for r in heads) < len(heads) * 0.08
    assert any(r["DateToStreetESSH"] == "" and r["TimesHomelessPastThreeYears"] != "" for r in heads)


def _returns_after_permanent_exit(data: dict[str, list[dict[str, str]]]) -> int:
    """Clients who exited to a permanent destination and later started another stay (SPM measure 2)."""
    enrollments = {r["EnrollmentID"]: r for r in data["Enrollment.csv"]}
    entries = defaultdict(list)
    for row in data["Enrollment.csv"]:
        entries[row["PersonalID"]].append(row["EntryDate"])
    returned = set()
    for row in data["Exit.csv"]:
        permanent = row["Destination"].startswith("4") and len(row["Destination"]) == 3
        later = entries[enrollments[row["EnrollmentID"]]["PersonalID"]]
        if permanent and any(entry > row["ExitDate"] for entry in later):
            returned.add(row["PersonalID"])
    return len(returned)
