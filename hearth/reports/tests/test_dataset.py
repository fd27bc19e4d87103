"""Loading HMIS CSV exports into DuckDB: types, FY2022 conversion, zips, and clear errors."""

import datetime as dt
import zipfile

import pytest

from hearth.reports.engine import DatasetError, load_dataset
from hearth.reports.tests.builders import client, enrollment, exit_row, project, write_export


def small(tmp_path, year="2026", **overrides):
    files = {**project("P1", 3 if year == "2026" else 3), "Client.csv": [client("C1"), client("C2")],
             "Enrollment.csv": [enrollment("E1", "C1", "P1", "2025-11-01"), enrollment("E2", "C2", "P1", "2025-12-01")],
             "Exit.csv": [exit_row("E1", "C1", "2026-02-01", 410)]}  # fmt: skip
    files.update(overrides)
    return write_export(tmp_path / "export", files, year)


def test_it_loads_fy2026_with_the_specs_types(tmp_path):
    ds = load_dataset(small(tmp_path))
    assert ds.spec_year == "2026"
    types = dict(ds.query("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'Enrollment'"))
    assert types["EntryDate"] == "DATE"
    assert types["DateCreated"] == "TIMESTAMP"
    assert types["RelationshipToHoH"] == "BIGINT"
    assert types["EnrollmentID"] == "VARCHAR"
    assert ds.query("SELECT ExitDate, Destination FROM Exit") == [(dt.date(2026, 2, 1), 410)]
    assert ds.row_counts["Enrollment.csv"] == 2
    # Files the export lacks are empty tables with the canonical columns.
    assert ds.scalar("SELECT count(*) FROM IncomeBenefits") == 0


def test_it_leaves_out_soft_deleted_rows(tmp_path):
    path = small(tmp_path, **{"Client.csv": [client("C1"), client("C2", DateDeleted="2026-01-01 00:00:00")]})
    ds = load_dataset(path)
    assert ds.query("SELECT PersonalID FROM Client") == [("C1",)]


def test_it_reads_a_zip(tmp_path):
    folder = small(tmp_path)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in folder.iterdir():
            zf.write(f, f"nested/{f.name}")
    ds = load_dataset(archive)
    assert ds.scalar("SELECT count(*) FROM Enrollment") == 2


def test_a_bad_date_names_file_line_and_column(tmp_path):
    path = small(tmp_path, **{"Enrollment.csv": [enrollment("E1", "C1", "P1", "2025-11-01"),
                                                 enrollment("E2", "C2", "P1", "12/01/2025")]})  # fmt: skip
    with pytest.raises(DatasetError) as err:
        load_dataset(path)
    assert "Enrollment.csv line 3, column EntryDate" in str(err.value)
    assert "12/01/2025" in str(err.value)


def test_missing_required_files_and_paths_are_clear_errors(tmp_path):
    path = small(tmp_path)
    (path / "Client.csv").unlink()
    with pytest.raises(DatasetError, match="Client.csv"):
        load_dataset(path)
    with pytest.raises(DatasetError, match="does not exist"):
        load_dataset(tmp_path / "nowhere")


def test_fy2022_is_converted_to_fy2026_keeping_gender_and_ethnicity(tmp_path):
    files = {
        "Organization.csv": [{"OrganizationID": "O1", "OrganizationName": "Org", "VictimServiceProvider": 0}],
        "Project.csv": [
            {"ProjectID": "ES1", "OrganizationID": "O1", "ProjectName": "NbN", "OperatingStartDate": "2010-01-01",
             "ContinuumProject": 1, "ProjectType": 1, "TrackingMethod": 3},
            {"ProjectID": "ES2", "OrganizationID": "O1", "ProjectName": "EE", "OperatingStartDate": "2010-01-01",
             "ContinuumProject": 1, "ProjectType": 1, "TrackingMethod": 0},
        ],
        "Client.csv": [{"PersonalID": "C1", "DOB": "1980-01-01", "DOBDataQuality": 1, "White": 1, "Ethnicity": 9,
                        "Female": 1, "Male": 0, "Transgender": 1, "RaceNone": None}],
        "Enrollment.csv": [{"EnrollmentID": "E1", "PersonalID": "C1", "ProjectID": "ES1", "EntryDate": "2020-11-01",
                            "HouseholdID": "H1", "RelationshipToHoH": 1, "LivingSituation": 16}],
        "EnrollmentCoC.csv": [{"EnrollmentCoCID": "EC1", "EnrollmentID": "E1", "HouseholdID": "H1",
                               "ProjectID": "ES1", "PersonalID": "C1", "InformationDate": "2020-11-01",
                               "CoCCode": "XX-501", "DataCollectionStage": 1}],
        "Exit.csv": [{"ExitID": "X1", "EnrollmentID": "E1", "PersonalID": "C1", "ExitDate": "2021-01-01",
                      "Destination": 3}],
    }  # fmt: skip
    ds = load_dataset(write_export(tmp_path / "fy22", files, "2022"))
    assert ds.spec_year == "2022"
    assert dict(ds.query("SELECT ProjectID, ProjectType FROM Project")) == {"ES1": 1, "ES2": 0}
    assert ds.query("SELECT LivingSituation, EnrollmentCoC FROM Enrollment") == [(116, "XX-501")]
    assert ds.query("SELECT Destination, DestinationSubsidyType FROM Exit") == [(435, 440)]
    assert ds.query("SELECT White, HispanicLatinao, Ethnicity, Female, Transgender FROM Client") == [(1, 0, 9, 1, 1)]
    assert ds.scalar("SELECT count(*) FROM HMISParticipation") == 2


def test_a_windows_1252_file_is_read_with_a_warning(tmp_path):
    path = small(tmp_path)
    text = (path / "Client.csv").read_text("utf-8").replace(",C1,", ",C1,").splitlines()
    header, rows = text[0], text[1:]
    first = rows[0].split(",")
    first[1] = "José"  # FirstName
    (path / "Client.csv").write_bytes("\n".join([header, ",".join(first), *rows[1:]]).encode("cp1252") + b"\n")
    ds = load_dataset(path)
    assert ds.query("SELECT FirstName FROM Client WHERE PersonalID = 'C1'") == [("José",)]
    assert any("Windows-1252" in w for w in ds.warnings)
